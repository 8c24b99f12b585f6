// Package devices holds stimulation devices (dc_generator) and recording
// devices (voltmeter, multimeter, spike_recorder).
//
// Devices follow NEST 3.10's activity windows: a recorder accepts events
// stamped t with origin+start < t <= origin+stop; a current generator is
// active in the steps whose stamp + 2 lies in that window (its current
// reaches a neuron's membrane one step after arrival, and arrival is one
// step after emission).
package devices
