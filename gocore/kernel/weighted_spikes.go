package kernel

// weightedMult marks an emitted entry whose weight is scaled for this one
// emission (node.WeightedSpikeEmitter, spike_generator's spike_weights).
// Its offset field holds, as a whole number, the index of the emission in
// the emitting thread's weighted list, where its real offset,
// multiplicity and factor are. Keeping them aside leaves the entry every
// other spike uses as small as it was.
// (weightedMult's value is in kernel.go, with the other markers.)

// weightedEmit is what a weighted emission carries besides source and step.
type weightedEmit struct {
	offset float64
	factor float64
	mult   int32
}

// EmitWeightedSpikes implements node.WeightedSpikeEmitter.
func (t *thread) EmitWeightedSpikes(idx int, step int64, offset float64, multiplicity int, factor float64) {
	if multiplicity <= 0 {
		return
	}
	t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: float64(len(t.weighted)), mult: weightedMult})
	t.weighted = append(t.weighted, weightedEmit{offset: offset, factor: factor, mult: int32(multiplicity)})
}

// unweighted returns the plain form of an emission of from's and the
// factor its weights are multiplied by (1 for every other emission).
func unweighted(from *thread, sp emitted) (emitted, float64) {
	if sp.mult != weightedMult {
		return sp, 1
	}
	w := from.weighted[int(sp.offset)]
	sp.offset, sp.mult = w.offset, w.mult
	return sp, w.factor
}
