package node

// OffGridNode is implemented by models that emit spikes off the time grid
// (NEST's is_off_grid): creating one switches the kernel's
// off_grid_spiking on. Their spikes carry in SpikeEvent.Offset how far,
// in ms, they lie before the end of the step they are stamped with.
type OffGridNode interface {
	OffGrid() bool
}

// OffGridTargetEmitter is the part of the kernel's Emitter that per-target
// spike senders with off-grid times use (poisson_generator_ps); a node
// gets it by asserting ctx.Emit.
type OffGridTargetEmitter interface {
	// EmitSpikeToTarget sends, in step absStep (stamp absStep+1),
	// multiplicity spikes lying offset ms before the end of the stamp's
	// step to target number target (numbered as for
	// PerTargetSpikeSender).
	EmitSpikeToTarget(idx int, absStep int64, offset float64, target, multiplicity int)
}
