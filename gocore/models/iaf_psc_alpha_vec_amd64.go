package models

import (
	"math/bits"

	"golang.org/x/sys/cpu"

	"github.com/gonest/gonest/gocore/node"
)

// iafAlphaVec is what iafAlphaRun4 (iaf_psc_alpha_vec_amd64.s) reads and
// writes: the state and the internals of four iaf_psc_alpha neurons,
// element i of each array the i-th neuron's, where their ring lanes are,
// and the spikes of the run. The assembly addresses the fields by the
// offsets go_asm.h gives.
type iafAlphaVec struct {
	vRel, i0, dIEx, iEx, dIIn, iIn [4]float64
	ref                            [4]int64
	ie, p30, p31ex, p32ex          [4]float64
	p31in, p32in, expm1, minRel    [4]float64
	p11ex, p21ex, epscInit         [4]float64
	p11in, p21in, ipscInit         [4]float64
	theta, reset                   [4]float64
	refSteps                       [4]int64
	rows                           [4]*float64 // each neuron's lanes of slot 0
	stride, slot, slots, steps     int64       // bytes per slot, the first slot, the ring's slots, steps to go
	spikes                         [4]uint64   // bit i: the neuron spiked in the run's step i
}

// iafAlphaRun4 is iaf_psc_alpha_vec_amd64.s.
//
//go:noescape
func iafAlphaRun4(v *iafAlphaVec)

// iafAlphaVecOK says whether the processor runs iafAlphaRun4.
var iafAlphaVecOK = cpu.X86.HasAVX2

// UpdateGroup implements node.GroupUpdater: n and the three neurons after
// it, when they are iaf_psc_alpha without loggers, advance together in
// vector registers (iafAlphaRun4) over at most 64 steps, with the
// arithmetic of Update, bit for bit; their spikes are sent after n's,
// each neuron's in turn, as four calls of Update send them. Otherwise n
// updates with the next one (UpdatePair) or alone.
func (n *IafPscAlpha) UpdateGroup(ctx *node.Context, next []node.Node, ids []int, origin int64, from, to int) int {
	var group [4]*IafPscAlpha
	group[0] = n
	fits := iafAlphaVecOK && to > from && to-from <= 64 && n.logs.Len() == 0 && len(next) >= 3
	for j := 1; fits && j < 4; j++ {
		m, ok := next[j-1].(*IafPscAlpha)
		fits = ok && m.logs.Len() == 0
		group[j] = m
	}
	if !fits {
		if len(next) > 0 && n.UpdatePair(ctx, next[0], ids[0], origin, from, to) {
			return 1
		}
		n.Update(ctx, origin, from, to)
		return 0
	}
	var v iafAlphaVec
	for j, m := range group {
		s, q := &m.S, &m.v
		v.vRel[j], v.i0[j], v.dIEx[j], v.iEx[j], v.dIIn[j], v.iIn[j], v.ref[j] = s.VRel, s.I0, s.DIEx, s.IEx, s.DIIn, s.IIn, s.RefSteps
		v.ie[j], v.p30[j], v.p31ex[j], v.p32ex[j] = m.P.Ie, q.p30, q.p31ex, q.p32ex
		v.p31in[j], v.p32in[j], v.expm1[j], v.minRel[j] = q.p31in, q.p32in, q.expm1TauM, q.minRel
		v.p11ex[j], v.p21ex[j], v.epscInit[j] = q.p11ex, q.p21ex, q.epscInit
		v.p11in[j], v.p21in[j], v.ipscInit[j] = q.p11in, q.p21in, q.ipscInit
		v.theta[j], v.reset[j], v.refSteps[j] = q.thetaRel, q.resetRel, q.refractorySteps
		first, stride, slots := m.ring.Column()
		v.rows[j], v.stride, v.slots = first, int64(stride), int64(slots)
	}
	v.slot, v.steps = int64(ctx.Slot(origin+int64(from))), int64(to-from)
	iafAlphaRun4(&v)
	start := origin + int64(from)
	for j, m := range group {
		m.S.set(v.vRel[j], v.i0[j], v.dIEx[j], v.iEx[j], v.dIIn[j], v.iIn[j], v.ref[j])
		index := ctx.Index
		if j > 0 {
			index = ids[j-1]
		}
		for lags := v.spikes[j]; lags != 0; lags &= lags - 1 {
			step := start + int64(bits.TrailingZeros64(lags))
			ctx.Emit.EmitSpike(index, step, 0)
			m.arch.Spike(m.v.stepToMs(step + 1))
		}
	}
	return 3
}
