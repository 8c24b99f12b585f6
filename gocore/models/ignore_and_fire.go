package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("ignore_and_fire", func() node.Node { return NewIgnoreAndFire() }) }

// IgnoreAndFire is NEST's ignore_and_fire: a stand-in neuron for
// benchmarks that accepts spikes and currents but ignores them and fires
// regularly at the given rate, the first spike after phase/rate.
//
// Parameters (status keys, defaults, units):
//
//	rate   10.0  1/s  firing rate, > 0
//	phase   1.0  -    phase of the first spike, in (0, 1]: the first
//	                  spike comes phase/rate after the start (or after
//	                  the last status change)
//
// State: only the spike archive (tau_minus, tau_minus_triplet, t_spike).
// Receptors: 0 for spikes and currents (both ignored).
// Recordables: none.
//
// Both periods are rounded to whole steps as NEST's Time does; the
// countdown restarts whenever the status is set, as in NEST, where it is
// recomputed on every set_status (and when the node is created).
type IgnoreAndFire struct {
	P IgnoreAndFireParams
	plainNeuron
	// periodSteps is the firing period and phaseSteps the steps left to
	// the next spike; restart says they must be computed anew (the time
	// step is first known in Prepare).
	periodSteps, phaseSteps int64
	restart                 bool
	stepToMs                func(int64) float64
	input                   [expChannels]float64
}

// IgnoreAndFireParams are the user-settable parameters.
type IgnoreAndFireParams struct {
	Phase float64 // phase, in (0, 1]
	Rate  float64 // rate, 1/s
}

// NewIgnoreAndFire returns a neuron with default parameters.
func NewIgnoreAndFire() *IgnoreAndFire {
	return &IgnoreAndFire{
		P:           IgnoreAndFireParams{Phase: 1, Rate: 10},
		plainNeuron: newPlainNeuron("ignore_and_fire", expChEx, expChIn, expChI0),
		restart:     true,
	}
}

// Model implements node.Node.
func (n *IgnoreAndFire) Model() string { return "ignore_and_fire" }

// Clone implements node.Node; as in NEST a copy starts its countdown
// afresh.
func (n *IgnoreAndFire) Clone() node.Node {
	return &IgnoreAndFire{P: n.P, plainNeuron: n.copyPlain(), restart: true}
}

// Status implements node.Node.
func (n *IgnoreAndFire) Status() dict.Dict {
	d := dict.Dict{"phase": n.P.Phase, "rate": n.P.Rate, "recordables": []string{}}
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional.
func (n *IgnoreAndFire) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{{"phase", &p.Phase}, {"rate", &p.Rate}}); err != nil {
		return err
	}
	if p.Phase <= 0 || p.Phase > 1 {
		return nesterr.New(nesterr.ErrBadProperty, "The phase must be in (0, 1] (phase = %g).", p.Phase)
	}
	if p.Rate <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The firing rate must be positive (rate = %g/s).", p.Rate)
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.arch, n.restart = p, arch, true
	return nil
}

// Prepare implements node.Node.
func (n *IgnoreAndFire) Prepare(env *node.Env) {
	if n.restart {
		n.periodSteps = env.Base.MsToSteps(1. / n.P.Rate * 1000.)
		n.phaseSteps = env.Base.MsToSteps(n.P.Phase / n.P.Rate * 1000.)
		n.restart = false
	}
	n.stepToMs = env.StepsToMs()
	n.bindBuffers(env, expChannels)
}

// Update implements node.Node: count down and fire; the input is
// dropped.
func (n *IgnoreAndFire) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if n.phaseSteps == 0 {
			n.phaseSteps = n.periodSteps - 1
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(n.stepToMs(step + 1))
		} else {
			n.phaseSteps--
		}
		n.ring.Take(ctx.Slot(step), n.input[:])
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable: none.
func (n *IgnoreAndFire) Recordables() []string { return nil }

// RecordableValue implements node.Recordable.
func (n *IgnoreAndFire) RecordableValue(int) float64 { return math.NaN() }
