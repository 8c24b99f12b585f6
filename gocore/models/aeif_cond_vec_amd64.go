package models

import (
	"math"

	"golang.org/x/sys/cpu"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/ode"
)

// aeifCondVecParams is what aeifCondEval4 (aeif_cond_vec_amd64.s) reads:
// the parameters of four neurons, element i of each array the i-th
// neuron's, their input of the moment, and constants. The assembly
// addresses the fields by the offsets go_asm.h gives.
type aeifCondVecParams struct {
	vpeak, vreset, vth, deltaT, gLDeltaT [4]float64
	negGL, eL, eEx, eIn, cm              [4]float64
	tauEx, tauIn, a, tauW, ie            [4]float64
	spiking                              [4]uint64 // all ones where Delta_T != 0
	istim                                [4]float64
	refractory                           [4]uint64 // all ones while refractory
	expConsts                            *[8]float64
	expTab                               *[256]uint64
	absMask                              uint64
	tiny, large                          float64 // 2^-54, 512: Exp's main path
	signBit, index                       uint64  // 1<<63, 127
	minusOne                             float64
	idleY, idleOut                       [4]float64 // the state and result of elements without a neuron
	// 1/Delta_T and 1/tau_syn_in, and whether all four elements divide
	// by multiplying with them (divisor: powers of two, as the defaults)
	rDeltaT, rTauIn     [4]float64
	mulDeltaT, mulTauIn int64
	exact               [2][4]bool // per element: Delta_T, tau_syn_in
}

// aeifCondEval4 is aeif_cond_vec_amd64.s. A nil y[i] stands for an
// element without a neuron: it computes with p.idleY into p.idleOut.
//
//go:noescape
func aeifCondEval4(y, dydt *[4]*[4]float64, p *aeifCondVecParams) bool

// aeifCondVecOK says whether the processor runs aeifCondEval4.
var aeifCondVecOK = cpu.X86.HasAVX2 && cpu.X86.HasFMA && libm.HasFMA()

// aeifCondVec evaluates the right-hand sides of a group of
// aeif_cond_exp neurons four at a time (aeifCondEval4), lanes 0..3 with
// p[0], 4..7 with p[1].
type aeifCondVec struct {
	members *[aeifLanes]*aeifSyn
	p       [aeifLanes / 4]aeifCondVecParams
}

// vectorFits reports whether the neuron's right-hand side can be
// evaluated by aeifCondEval4: an aeif_cond_exp (conductances, no slow
// inward current) on a processor with AVX2 and FMA.
func (n *aeifSyn) vectorFits() bool {
	return aeifCondVecOK && n.kind.cond && !n.kind.sic && !n.kind.alpha
}

// vectorParams sets up the evaluation of the group's right-hand sides
// together (vectorEval); every member fits (vectorFits).
func (g *aeifGroup) vectorParams(size int) {
	v := &g.vec
	v.members = &g.members
	for i := range aeifLanes {
		v.setElement(i, &g.members[min(i, size-1)].P) // elements without a neuron compute with a member's parameters
		if i < size {
			v.setInput(i, &g.members[i].S)
		}
	}
	for h := range v.p {
		p := &v.p[h]
		p.expConsts, p.expTab = libm.ExpData()
		p.absMask, p.tiny, p.large = math.MaxInt64, 0x1p-54, 512
		p.signBit, p.index, p.minusOne = 1<<63, 127, -1
		p.idleY = [4]float64{p.eL[0]}
	}
}

// setElement sets the parameters of lane i.
func (v *aeifCondVec) setElement(i int, q *AeifSynParams) {
	p, e := &v.p[i/4], i%4
	p.vpeak[e], p.vreset[e], p.vth[e], p.deltaT[e], p.gLDeltaT[e] = q.Vpeak, q.Vreset, q.Vth, q.DeltaT, float64(q.GL*q.DeltaT)
	p.negGL[e], p.eL[e], p.eEx[e], p.eIn[e], p.cm[e] = -q.GL, q.EL, q.Eex, q.Ein, q.Cm
	p.tauEx[e], p.tauIn[e], p.a[e], p.tauW[e], p.ie[e] = q.TauSynEx, q.TauSynIn, q.A, q.TauW, q.Ie
	p.spiking[e] = 0
	if q.DeltaT != 0 {
		p.spiking[e] = math.MaxUint64
	}
	var d divisor
	d.set(q.DeltaT)
	p.rDeltaT[e], p.exact[0][e] = d.r, d.exact
	d.set(q.TauSynIn)
	p.rTauIn[e], p.exact[1][e] = d.r, d.exact
	p.mulDeltaT, p.mulTauIn = allTrue(&p.exact[0]), allTrue(&p.exact[1])
}

// allTrue is 1 if all four are true, else 0.
func allTrue(b *[4]bool) int64 {
	if b[0] && b[1] && b[2] && b[3] {
		return 1
	}
	return 0
}

// setInput gives lane i the refractory state and the current of its
// neuron's state s; the group calls it whenever they may have changed.
func (v *aeifCondVec) setInput(i int, s *aeifSynState) {
	p, e := &v.p[i/4], i%4
	p.refractory[e] = 0
	if s.RefSteps > 0 {
		p.refractory[e] = math.MaxUint64
	}
	p.istim[e] = s.IStim
}

// eval implements ode.LanesFunc: each four lanes with an input in one
// call of aeifCondEval4, the scalar derivsExp where it declines.
func (v *aeifCondVec) eval(y, dydt *[ode.MaxLanes]*[ode.LaneDim]float64) {
	for h := range v.p {
		in, out := (*[4]*[4]float64)(y[4*h:4*h+4]), (*[4]*[4]float64)(dydt[4*h:4*h+4])
		if in[0] == nil && in[1] == nil && in[2] == nil && in[3] == nil {
			continue
		}
		if !aeifCondEval4(in, out, &v.p[h]) {
			for e, yi := range in {
				if yi != nil {
					v.members[4*h+e].derivsExp(yi, out[e])
				}
			}
		}
	}
}
