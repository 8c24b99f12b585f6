package node

// WeightedSpikeEmitter is the part of the kernel's Emitter that devices use
// to send a spike whose weight is scaled for this one emission, as NEST's
// spike_generator does with spike_weights (a DSSpikeEvent whose event hook
// multiplies the weight the connection put in). A node gets it by
// asserting ctx.Emit.
type WeightedSpikeEmitter interface {
	// EmitWeightedSpikes records multiplicity spikes of node idx in step
	// absStep carrying offset; every connection delivers them with its
	// weight (after its synapse rule) times factor.
	EmitWeightedSpikes(idx int, absStep int64, offset float64, multiplicity int, factor float64)
}
