package models

import "github.com/gonest/gonest/gocore/node"

func init() {
	register("eprop_iaf_psc_delta_adapt", func() node.Node { return NewEpropIafPscDeltaAdapt() })
}

// EpropIafPscDeltaAdapt is NEST's eprop_iaf_psc_delta_adapt:
// eprop_iaf_psc_delta with the adaptive threshold of eprop_iaf_adapt,
// which is updated only outside the refractory period. See
// eprop_recurrent.go for the parameters, defaults and units.
//
// Recordables: V_m, V_th_adapt, adaptation, eprop_history_duration,
// learning_signal, surrogate_gradient.
type EpropIafPscDeltaAdapt struct{ epropRecurrent }

// NewEpropIafPscDeltaAdapt returns a neuron with NEST's defaults.
func NewEpropIafPscDeltaAdapt() *EpropIafPscDeltaAdapt {
	return &EpropIafPscDeltaAdapt{newEpropRecurrent(epropVariant{model: "eprop_iaf_psc_delta_adapt", delta: true, adapt: true})}
}

// Clone implements node.Node.
func (n *EpropIafPscDeltaAdapt) Clone() node.Node { return &EpropIafPscDeltaAdapt{n.copyRecurrent()} }

// Prepare implements node.Node.
func (n *EpropIafPscDeltaAdapt) Prepare(env *node.Env) { n.prepareRecurrent(env) }

// Update implements node.Node, in NEST's order within a step.
func (n *EpropIafPscDeltaAdapt) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	in := &n.input
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		n.ring.Take(ctx.Slot(t), in[:])
		if n.deltaMembrane(in[epropSpikes]) {
			s.Adapt = n.pAdapt*s.Adapt + s.Z
			s.VThAdaptRel = p.VthRel + p.AdaptBeta*s.Adapt
		}
		s.Z = 0
		s.SurrogateGrad = n.sg(s.R, s.VRel, s.VThAdaptRel, p.SGHeight, p.SGWidth)
		if n.spikeIsDue(s.VRel >= s.VThAdaptRel) {
			s.R = n.refractoryCounts
			s.VRel = p.VresetRel
			ctx.Emit.EmitSpike(ctx.Index, t, 0)
			s.Z = 1
			s.lastEvent = t
		} else {
			n.sendFlushIfDue(ctx, t)
		}
		n.endStep(t, s.Z)
		s.IIn = in[epropCurrents]
		n.logs.Record(t, n)
	}
}
