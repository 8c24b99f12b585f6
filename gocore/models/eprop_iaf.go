package models

import "github.com/gonest/gonest/gocore/node"

func init() { register("eprop_iaf", func() node.Node { return NewEpropIaf() }) }

// EpropIaf is NEST's eprop_iaf: the leaky integrate-and-fire neuron of
// e-prop learning (Bellec et al. 2020, with the event-based additions of
// Korcsak-Gorzo et al. 2025). Each step the membrane potential (relative
// to E_L) decays with exp(-h/tau_m), integrates the previous step's
// current through tau_m/C_m (1 - exp(-h/tau_m)) and jumps by the spikes
// that arrive; it is bounded below by V_min. A spike (V_m >= V_th, not
// refractory) lowers V_m by V_th - E_L and starts t_ref. The surrogate
// gradient of the step is computed from V_m before the spike. With
// incoming eprop_synapse connections the neuron keeps the e-prop history
// its connections learn from (see eprop_recurrent.go for the parameters,
// defaults and units).
//
// Recordables: V_m, eprop_history_duration, learning_signal,
// surrogate_gradient.
type EpropIaf struct{ epropRecurrent }

// NewEpropIaf returns a neuron with NEST's defaults.
func NewEpropIaf() *EpropIaf {
	return &EpropIaf{newEpropRecurrent(epropVariant{model: "eprop_iaf"})}
}

// Clone implements node.Node.
func (n *EpropIaf) Clone() node.Node { return &EpropIaf{n.copyRecurrent()} }

// Prepare implements node.Node.
func (n *EpropIaf) Prepare(env *node.Env) { n.prepareRecurrent(env) }

// Update implements node.Node, in NEST's order within a step.
func (n *EpropIaf) Update(ctx *node.Context, origin int64, from, to int) {
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
		s.Z = 0
		s.SurrogateGrad = n.sg(s.R, s.VRel, p.VthRel, p.SGHeight, p.SGWidth)
		if n.spikeIsDue(s.VRel >= p.VthRel && s.R == 0) {
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
