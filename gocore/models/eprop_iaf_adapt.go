package models

import "github.com/gonest/gonest/gocore/node"

func init() { register("eprop_iaf_adapt", func() node.Node { return NewEpropIafAdapt() }) }

// EpropIafAdapt is NEST's eprop_iaf_adapt: eprop_iaf with an adaptive
// threshold. The adaptation decays with exp(-h/adapt_tau) and grows by
// the previous step's spike; the threshold is V_th + adapt_beta
// adaptation, and the eligibility trace gains the adaptive part of NEST's
// e-prop (see eprop_recurrent.go for the parameters, defaults and units;
// adapt_beta 1.0, adapt_tau 10.0 ms, adaptation 0.0 at the start).
//
// Recordables: V_m, V_th_adapt, adaptation, eprop_history_duration,
// learning_signal, surrogate_gradient.
type EpropIafAdapt struct{ epropRecurrent }

// NewEpropIafAdapt returns a neuron with NEST's defaults.
func NewEpropIafAdapt() *EpropIafAdapt {
	return &EpropIafAdapt{newEpropRecurrent(epropVariant{model: "eprop_iaf_adapt", adapt: true})}
}

// Clone implements node.Node.
func (n *EpropIafAdapt) Clone() node.Node { return &EpropIafAdapt{n.copyRecurrent()} }

// Prepare implements node.Node.
func (n *EpropIafAdapt) Prepare(env *node.Env) { n.prepareRecurrent(env) }

// Update implements node.Node, in NEST's order within a step.
func (n *EpropIafAdapt) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	in := &n.input
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		if s.R > 0 {
			s.R--
		}
		n.ring.Take(ctx.Slot(t), in[:])
		s.ZIn = in[epropSpikes]
		s.VRel = n.pIIn*s.IIn + s.ZIn + n.pVm*s.VRel
		s.VRel = max(s.VRel, p.VminRel)
		s.Adapt = n.pAdapt*s.Adapt + s.Z
		s.VThAdaptRel = p.VthRel + p.AdaptBeta*s.Adapt
		s.Z = 0
		s.SurrogateGrad = n.sg(s.R, s.VRel, s.VThAdaptRel, p.SGHeight, p.SGWidth)
		if n.spikeIsDue(s.VRel >= s.VThAdaptRel && s.R == 0) {
			ctx.Emit.EmitSpike(ctx.Index, t, 0)
			s.Z = 1
			s.VRel -= p.VthRel * s.Z
			s.R = n.refractoryCounts
			s.lastEvent = t
		} else {
			n.sendFlushIfDue(ctx, t)
		}
		n.endStep(t, s.Z)
		s.IIn = in[epropCurrents] + p.Ie
		n.logs.Record(t, n)
	}
}
