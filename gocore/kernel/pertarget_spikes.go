package kernel

import (
	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// perTargetMult marks an emitted entry whose multiplicity differs from
// target to target (node.PerTargetSpikeEmitter). Its offset field holds,
// as a whole number, the index of the emission in the emitting thread's
// ptEmits; the spikes themselves carry no offset.
// (perTargetMult's value is in kernel.go, with the other markers.)

// perTargetSpikes is the part of a thread that carries per-target spike
// emissions from one slice to the next.
type perTargetSpikes struct {
	// ptLayouts maps each per-target spike sender to how its targets were
	// numbered at the last prepare (shared by all threads, read only).
	ptLayouts map[int32]*targetLayout
	// ptEmits are this slice's per-target emissions of this thread's
	// nodes; their multiplicities start at ptValues[first].
	ptEmits  []ptEmit
	ptValues []int32
	// ogEmits are this slice's one-target off-grid emissions
	// (offgrid_targets.go).
	ogEmits []ogEmit
}

// ptEmit is one per-target spike emission; it keeps the layout it was made
// with, so that targets connected before the next delivery get nothing
// from it (they were not connected when it was sent).
type ptEmit struct {
	first  int
	layout *targetLayout
}

// resetPerTarget forgets the emissions of the previous slice.
func (p *perTargetSpikes) resetPerTarget() {
	p.ptEmits = p.ptEmits[:0]
	p.ptValues = p.ptValues[:0]
	p.ogEmits = p.ogEmits[:0]
}

// EmitSpikesPerTarget implements node.PerTargetSpikeEmitter.
func (t *thread) EmitSpikesPerTarget(idx int, step int64, mults []int32) {
	layout := t.ptLayouts[int32(idx)]
	if layout == nil {
		return // not prepared as a per-target sender: it has no targets
	}
	t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: float64(len(t.ptEmits)), mult: perTargetMult})
	t.ptEmits = append(t.ptEmits, ptEmit{first: len(t.ptValues), layout: layout})
	t.ptValues = append(t.ptValues, mults...)
}

// countSpikeTargets tells every per-target spike sender how many static
// connections it has and records how they are numbered (see targetLayout).
func (k *Kernel) countSpikeTargets() {
	var last map[int32]*targetLayout
	if len(k.devSources) > 0 {
		last = k.devSources[0].ptLayouts
	}
	layouts := senderLayouts(k, last, k.roles().spikeSenders, node.PerTargetSpikeSender.SetSpikeTargetCount)
	for _, t := range k.devSources {
		t.ptLayouts = layouts
	}
}

// layoutOf numbers the static connections of node i: thread by thread,
// then synapse model, then creation order. It returns the layout and the
// number of connections.
func (k *Kernel) layoutOf(i int) (*targetLayout, int) {
	l := &targetLayout{offsets: make([][]int, len(k.threads)), counts: make([][]int, len(k.threads))}
	n := 0
	for ti, th := range k.threads {
		l.offsets[ti] = make([]int, len(th.tables))
		l.counts[ti] = make([]int, len(th.tables))
		for syn := range th.tables {
			l.offsets[ti][syn] = n
			l.counts[ti][syn] = th.tables[syn].lenOf(i)
			n += l.counts[ti][syn]
		}
	}
	return l, n
}

// ptRange returns, for an emission of from's, the multiplicities of the
// connections of synapse model syn on thread t, or nil when it numbered
// none there.
func (t *thread) ptRange(from *thread, sp *emitted, syn int) []int32 {
	e := &from.ptEmits[int(sp.offset)]
	if t.id >= len(e.layout.offsets) || syn >= len(e.layout.offsets[t.id]) {
		return nil
	}
	first := e.first + e.layout.offsets[t.id][syn]
	return from.ptValues[first : first+e.layout.counts[t.id][syn]]
}

// deliverPerTarget hands a per-target emission of from's to this thread's
// connections of tab (synapse model syn), each with its own multiplicity.
// Targets that are devices got theirs when it was sent (deliverToDevices).
func (t *thread) deliverPerTarget(k *Kernel, tab *connTable, syn int, from *thread, sp *emitted, ring int64) {
	mults := t.ptRange(from, sp, syn)
	if len(mults) == 0 {
		return
	}
	src := int(sp.src)
	ev := &t.spike
	*ev = node.SpikeEvent{Sender: src + 1, Stamp: sp.step + 1}
	base := sp.step % ring
	targets := tab.targetsOf(src)
	for i, tgt := range targets[:min(len(targets), len(mults))] {
		m := mults[i]
		if m <= 0 {
			continue
		}
		meta := tab.metaOf(src, i)
		slot := base + metaDelay(meta)
		if slot >= ring {
			slot -= ring
		}
		ev.Multiplicity = int(m)
		t.sendSpike(k, ev, tgt, slot, meta, tab.weightOf(src, i), float64(m))
	}
}

// perTargetDeviceMult returns the multiplicity a per-target emission of
// from's carries to the device connection dc, 0 when it has none for it.
func (t *thread) perTargetDeviceMult(from *thread, sp *emitted, dc devConn) int {
	mults := t.ptRange(from, sp, int(dc.syn))
	if int(dc.pos) >= len(mults) {
		return 0
	}
	return int(mults[dc.pos])
}

// checkSenderSynapse enforces the rules of devices that address their
// targets one by one: NEST's StimulationDevice allows one synapse model
// for all their connections, and gonest numbers only static connections
// for per-target senders.
func (k *Kernel) checkSenderSynapse(s, synID int, plastic bool) error {
	src := k.nodes[s-1]
	if ss, ok := src.(node.SingleSynapseSender); ok {
		if first := ss.SynapseModel(); first >= 0 && first != synID {
			return nesterr.New(nesterr.ErrIllegalConnection, "All outgoing connections from a device must use the same synapse type (%s, node %d, uses %s; got %s).",
				src.Model(), s, k.synModels[first].name, k.synModels[synID].name)
		}
	} else if first, ok := k.deviceSynapse[int32(s-1)]; ok && int(first) != synID {
		// As in NEST, for every device without proxies.
		return nesterr.New(nesterr.ErrIllegalConnection, "All outgoing connections from a device must use the same synapse type (%s, node %d, uses %s; got %s).",
			src.Model(), s, k.synModels[first].name, k.synModels[synID].name)
	}
	if _, ok := src.(node.PerTargetSpikeSender); ok && plastic {
		return nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) sends each target its own spikes, which gonest supports through static synapse models only (got %s).",
			src.Model(), s, k.synModels[synID].name)
	}
	return nil
}

// bindSenderSynapse records the synapse model of a device's first
// connection (see checkSenderSynapse).
func (k *Kernel) bindSenderSynapse(s, synID int) {
	if ss, ok := k.nodes[s-1].(node.SingleSynapseSender); ok {
		if ss.SynapseModel() < 0 {
			ss.SetSynapseModel(synID)
		}
		return
	}
	if !k.replica[s-1] {
		return
	}
	ss, spikes := k.nodes[s-1].(node.SpikeSender)
	cs, currents := k.nodes[s-1].(node.CurrentSender)
	if !(spikes && ss.SendsSpikes()) && !(currents && cs.SendsCurrents()) {
		// Devices that send neither (rate and other secondary events)
		// are not bound, as NEST's step_rate_generator is not.
		return
	}
	if _, isMeter := k.nodes[s-1].(*devices.Multimeter); isMeter {
		return // its observations are not synapses
	}
	if _, ok := k.deviceSynapse[int32(s-1)]; !ok {
		if k.deviceSynapse == nil {
			k.deviceSynapse = map[int32]int32{}
		}
		k.deviceSynapse[int32(s-1)] = int32(synID)
	}
}

// checkThreadDevices refuses to run a network with a device that works
// with one thread only while the kernel has several, as NEST does when it
// prepares the nodes.
func (k *Kernel) checkThreadDevices() error {
	if len(k.threads) < 2 {
		return nil
	}
	for _, n := range k.nodes {
		if s, ok := n.(node.SingleThreadDevice); ok {
			return nesterr.New(nesterr.ErrKernelException, "%s", s.SingleThreadOnly())
		}
	}
	return nil
}
