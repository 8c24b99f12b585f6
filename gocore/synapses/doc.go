// Package synapses holds the synapse models with per-connection state
// (tsodyks_synapse, tsodyks2_synapse, stdp_synapse, stdp_pl_synapse_hom).
// static_synapse needs no state and lives in the kernel's own compact
// tables.
//
// Each model is a rule over a per-connection state type S; the generic
// Table stores connections of one model as contiguous per-source slices of
// (target, delay/receptor, weight, S), with no pointer per synapse. The
// kernel sees every model through the Type and Table interfaces. A rule may
// also have model-level parameters shared by all connections of a model
// (NEST's common properties, e.g. stdp_pl_synapse_hom's tau_plus).
package synapses
