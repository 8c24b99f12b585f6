package models

import (
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("eprop_iaf_psc_delta", func() node.Node { return NewEpropIafPscDelta() }) }

// EpropIafPscDelta is NEST's eprop_iaf_psc_delta: the e-prop neuron built
// on iaf_psc_delta. Outside the refractory period the membrane potential
// decays with exp(-h/tau_m), integrates the previous step's current plus
// I_e and jumps by the arriving spikes (plus, with refractory_input, the
// discounted input that arrived while refractory), bounded below by
// V_min; a spike (V_m >= V_th) resets it to V_reset for t_ref. See
// eprop_recurrent.go for the parameters, defaults and units (V_reset
// -70.0 mV, refractory_input false).
//
// Recordables: V_m, eprop_history_duration, learning_signal,
// surrogate_gradient.
type EpropIafPscDelta struct{ epropRecurrent }

// NewEpropIafPscDelta returns a neuron with NEST's defaults.
func NewEpropIafPscDelta() *EpropIafPscDelta {
	return &EpropIafPscDelta{newEpropRecurrent(epropVariant{model: "eprop_iaf_psc_delta", delta: true})}
}

// Clone implements node.Node.
func (n *EpropIafPscDelta) Clone() node.Node { return &EpropIafPscDelta{n.copyRecurrent()} }

// Prepare implements node.Node.
func (n *EpropIafPscDelta) Prepare(env *node.Env) { n.prepareRecurrent(env) }

// Update implements node.Node, in NEST's order within a step.
func (n *EpropIafPscDelta) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	in := &n.input
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		n.ring.Take(ctx.Slot(t), in[:])
		zIn := in[epropSpikes]
		n.deltaMembrane(zIn)
		z := 0.0
		s.SurrogateGrad = n.sg(s.R, s.VRel, p.VthRel, p.SGHeight, p.SGWidth)
		if n.spikeIsDue(s.VRel >= p.VthRel) {
			s.R = n.refractoryCounts
			s.VRel = p.VresetRel
			ctx.Emit.EmitSpike(ctx.Index, t, 0)
			z = 1
			s.lastEvent = t
		} else {
			n.sendFlushIfDue(ctx, t)
		}
		n.endStep(t, z)
		s.IIn = in[epropCurrents]
		n.logs.Record(t, n)
	}
}

// deltaMembrane is the membrane step of the psc_delta models: integrate
// unless refractory, else keep (refractory_input) or drop the input. It
// reports whether the neuron was free to integrate.
func (n *epropRecurrent) deltaMembrane(zIn float64) bool {
	p, s := &n.P, &n.S
	if s.R == 0 {
		s.VRel = n.pIIn*(s.IIn+p.Ie) + n.pVm*s.VRel + zIn
		if p.RefractoryInput && s.RefrSpikes != 0 {
			s.VRel += s.RefrSpikes
			s.RefrSpikes = 0
		}
		s.VRel = max(s.VRel, p.VminRel)
		return true
	}
	if p.RefractoryInput {
		s.RefrSpikes += zIn * libm.Exp(-float64(s.R)*n.dt/p.TauM)
	}
	s.R--
	return false
}
