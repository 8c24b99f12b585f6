package node

// PerTargetSpikeSender is implemented by spike generators that send every
// target its own spike train, as NEST's devices that use DSSpikeEvent do
// (gamma_sup_generator, mip_generator, spike_dilutor, ...): the train of a
// target depends on state kept for that target, or on draws made for it
// alone. Before each run the kernel tells the node how many static
// connections it has on this process; EmitSpikesPerTarget then takes one
// multiplicity per connection, numbered as the kernel numbers the targets
// of a per-target current sender (thread by thread, then synapse model,
// then creation order). Connections made later get higher numbers when
// the network has one thread and the node one synapse model, so state kept
// by number stays with its target across Simulate calls.
type PerTargetSpikeSender interface {
	SetSpikeTargetCount(n int)
}

// PerTargetSpikeEmitter is the part of the kernel's Emitter that per-target
// spike senders use; a node gets it by asserting ctx.Emit.
type PerTargetSpikeEmitter interface {
	// EmitSpikesPerTarget sends, in step absStep (stamp absStep+1), mults[i]
	// spikes to target number i; targets whose entry is 0 receive
	// nothing. The kernel copies mults.
	EmitSpikesPerTarget(idx int, absStep int64, mults []int32)
}

// SingleSynapseSender is implemented by devices whose outgoing connections
// must all use one synapse model, as NEST's StimulationDevice enforces for
// devices that address their targets one by one.
type SingleSynapseSender interface {
	// SynapseModel returns the synapse model id of the node's connections
	// (-1 while it has none).
	SynapseModel() int
	// SetSynapseModel records the model of the first connection.
	SetSynapseModel(id int)
}

// SingleThreadDevice is implemented by devices NEST refuses to simulate
// with more than one thread (spike_dilutor). SingleThreadOnly returns the
// message of the KernelException that Simulate then raises.
type SingleThreadDevice interface {
	SingleThreadOnly() string
}
