package node

// EpropSettings are the kernel's e-prop properties a node is prepared for
// (NEST's eprop_update_interval, eprop_learning_window and
// eprop_reset_neurons_on_update), the two durations in steps.
type EpropSettings struct {
	UpdateInterval int64 // eprop_update_interval, steps
	LearningWindow int64 // eprop_learning_window, steps
	ResetOnUpdate  bool  // eprop_reset_neurons_on_update
}

// EpropBsshslmTarget is implemented by the neurons an
// eprop_synapse_bsshslm_2020 may end on (NEST's e-prop archiving nodes of
// the bsshslm_2020 models). The synapse collects the presynaptic
// inter-spike intervals of an update interval and, at the first spike of
// a later interval, asks its target for the gradient of that interval;
// the target keeps what the gradient needs step by step (surrogate
// gradient, learning signal, error signal) and the marks of the updates
// its synapses still have to compute.
type EpropBsshslmTarget interface {
	// EpropShift is the model's offset (steps) between the start of an
	// update interval and the step its input arrives: 2 for recurrent
	// neurons, 3 for readouts.
	EpropShift() int64
	// EpropRecurrent reports whether the node is a recurrent neuron (whose
	// synapses drop the spikes that arrive at an interval's first step).
	EpropRecurrent() bool
	// EpropSettings returns the kernel's e-prop settings the node was last
	// prepared (or set) with.
	EpropSettings() EpropSettings
	// EpropResolution is the step (ms) the node was prepared for.
	EpropResolution() float64
	// EpropRegister notes one more incoming e-prop synapse (NEST's
	// register_eprop_connection and initialize_update_history).
	EpropRegister()
	// EpropWriteUpdate moves a synapse's mark from the update at
	// tPrevious to the one at tCurrent (steps, unshifted).
	EpropWriteUpdate(tPrevious, tCurrent int64, isFlush, previousWasFlush bool)
	// EpropGradient returns the gradient of one synapse from the
	// presynaptic inter-spike intervals isis (steps) that began at
	// tTrigger, for the update interval that began at tPreviousUpdate;
	// kappa is the synapse's eligibility filter. It empties isis.
	EpropGradient(isis *[]int64, tPreviousUpdate, tTrigger int64, kappa float64, average bool) float64
}
