package kernel

import "github.com/gonest/gonest/gocore/node"

// offGridTargetMult marks an emitted entry that goes to one target only,
// with its own offset (node.OffGridTargetEmitter, poisson_generator_ps).
// Its offset field holds, as a whole number, the index of the emission in
// the emitting thread's ogEmits.
// (offGridTargetMult's value is in kernel.go, with the other markers.)

// ogEmit is one spike for one numbered target of a per-target sender,
// with its offset; it keeps the layout it was numbered with (see ptEmit).
type ogEmit struct {
	target int32
	mult   int32
	offset float64
	layout *targetLayout
}

// EmitSpikeToTarget implements node.OffGridTargetEmitter.
func (t *thread) EmitSpikeToTarget(idx int, step int64, offset float64, target, multiplicity int) {
	layout := t.ptLayouts[int32(idx)]
	if layout == nil || multiplicity <= 0 {
		return
	}
	t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: float64(len(t.ogEmits)), mult: offGridTargetMult})
	t.ogEmits = append(t.ogEmits, ogEmit{target: int32(target), mult: int32(multiplicity), offset: offset, layout: layout})
}

// ogPosition returns where target number e.target sits among this
// thread's connections of synapse model syn, or -1 when elsewhere.
func (t *thread) ogPosition(e *ogEmit, syn int) int {
	l := e.layout
	if t.id >= len(l.offsets) || syn >= len(l.offsets[t.id]) {
		return -1
	}
	pos := int(e.target) - l.offsets[t.id][syn]
	if pos < 0 || pos >= l.counts[t.id][syn] {
		return -1
	}
	return pos
}

// deliverOffGridTarget hands a one-target emission of from's to its
// target if it is one of this thread's connections of tab (model syn).
// Targets that take spikes through the arena (grid models) get the
// weight at the stamp's step; the others get the event with its offset.
func (t *thread) deliverOffGridTarget(k *Kernel, tab *connTable, syn int, from *thread, sp *emitted, ring int64) {
	e := &from.ogEmits[int(sp.offset)]
	pos := t.ogPosition(e, syn)
	src := int(sp.src)
	if pos < 0 || pos >= tab.lenOf(src) {
		return
	}
	tgt := tab.targetsOf(src)[pos]
	meta := tab.metaOf(src, pos)
	slot := (sp.step + metaDelay(meta)) % ring
	ev := &t.spike
	*ev = node.SpikeEvent{Sender: src + 1, Stamp: sp.step + 1, Offset: e.offset, Multiplicity: int(e.mult)}
	t.sendSpike(k, ev, tgt, slot, meta, tab.weightOf(src, pos), float64(e.mult))
}

// offGridDeviceSpike returns the multiplicity and offset a one-target
// emission of from's carries to the device connection dc (0 when it is
// for another target).
func (t *thread) offGridDeviceSpike(from *thread, sp *emitted, dc devConn) (int, float64) {
	e := &from.ogEmits[int(sp.offset)]
	if t.ogPosition(e, int(dc.syn)) != int(dc.pos) {
		return 0, 0
	}
	return int(e.mult), e.offset
}
