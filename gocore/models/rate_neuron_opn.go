package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// RateNeuronOPN is NEST's rate_neuron_opn template: a rate unit with
// output noise, the base of lin_rate_opn, tanh_rate_opn and
// threshold_lin_rate_opn:
//
//	tau dX/dt = -X + mu + phi(sum of weighted noisy input rates)
//	X_noisy = X + sqrt(tau/h) sigma xi
//
// X is integrated exactly over each step; the unit sends X_noisy, drawn
// with one standard normal number per step from the thread's stream.
// linear_summation and mult_coupling act as in rate_neuron_ipn.
//
// Parameters (status keys, defaults, units):
//
//	tau               10.0  ms  time constant
//	sigma              1.0      noise strength (alias std)
//	mu                 0.0      mean input (alias mean)
//	linear_summation   true
//	mult_coupling      false
//
// plus the nonlinearity's parameters. State: rate, noise, noisy_rate.
// Recordables: noise, noisy_rate, rate.
type RateNeuronOPN struct {
	P RateNeuronOPNParams
	S RateNeuronOPNState
	rateBase
	p1, p2, noiseFactor float64
	sent                []float64
}

// RateNeuronOPNParams are the template's parameters.
type RateNeuronOPNParams struct {
	Tau, Sigma, Mu                float64
	LinearSummation, MultCoupling bool
}

// RateNeuronOPNState is the state.
type RateNeuronOPNState struct {
	Rate, Noise, NoisyRate float64
}

func newRateNeuronOPN(model string, nl rateNonlinearity) *RateNeuronOPN {
	return &RateNeuronOPN{
		P:        RateNeuronOPNParams{Tau: 10, Sigma: 1, LinearSummation: true},
		rateBase: newRateBase(model, nl),
	}
}

var rateOPNRecordables = []string{"noise", "noisy_rate", "rate"}

// Clone implements node.Node.
func (n *RateNeuronOPN) Clone() node.Node {
	return &RateNeuronOPN{P: n.P, S: n.S, rateBase: n.copyRate()}
}

func (p *RateNeuronOPNParams) fields() []floatField {
	return []floatField{{"tau", &p.Tau}, {"mu", &p.Mu}, {"sigma", &p.Sigma}, {"mean", &p.Mu}, {"std", &p.Sigma}}
}

func (p *RateNeuronOPNParams) bools() []boolField {
	return []boolField{{"linear_summation", &p.LinearSummation}, {"mult_coupling", &p.MultCoupling}}
}

// Validate checks NEST's rules in NEST's order.
func (p *RateNeuronOPNParams) Validate() error {
	switch {
	case p.Tau <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Time constant must be > 0 (tau = %g ms).", p.Tau)
	case p.Sigma < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Noise parameter must not be negative (sigma = %g).", p.Sigma)
	}
	return nil
}

// Status implements node.Node.
func (n *RateNeuronOPN) Status() dict.Dict {
	d := dict.Dict{"rate": n.S.Rate, "noise": n.S.Noise, "noisy_rate": n.S.NoisyRate,
		"recordables": append([]string(nil), rateOPNRecordables...)}
	writeFloats(d, n.P.fields())
	writeBools(d, n.P.bools())
	n.rateStatus(d)
	return d
}

// SetStatus implements node.Node (transactional).
func (n *RateNeuronOPN) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	return n.setRateStatus(r, p.fields(), p.bools(), p.Validate, &s.Rate,
		func() bool { n.P, n.S = p, s; return p.LinearSummation })
}

// Prepare implements node.Node.
func (n *RateNeuronOPN) Prepare(env *node.Env) {
	h := env.Base.Resolution
	n.p1 = libm.Exp(-h / n.P.Tau)
	n.p2 = -math.Expm1(-h / n.P.Tau)
	n.noiseFactor = math.Sqrt(n.P.Tau / h)
	n.linearSummation = n.P.LinearSummation
	n.prepareRate(env, true)
	n.sent = resizeState(n.sent, env.MinDelay) // cleared by every update
}

// update is NEST's update_ of rate_neuron_opn (see RateNeuronIPN.update).
func (n *RateNeuronOPN) update(ctx *node.Context, origin int64, from, to int, wfr bool) bool {
	p, s := &n.P, &n.S
	done := true
	clear(n.sent)
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.Noise = p.Sigma * n.random[lag]
		s.NoisyRate = s.Rate + n.noiseFactor*s.Noise
		n.sent[lag] = s.NoisyRate
		s.Rate = n.p1*s.Rate + n.p2*p.Mu
		dEx, dIn := n.readDelayed(ctx, step, wfr)
		s.Rate = n.addInput(s.Rate, n.p2, dEx, n.instantEx[lag], dIn, n.instantIn[lag], p.MultCoupling, s.NoisyRate)
		if wfr {
			done = n.converged(lag, s.Rate) && done
		} else {
			n.logs.Record(step, n)
		}
	}
	n.finishUpdate(from, to, n.sent, s.NoisyRate, wfr)
	if !wfr {
		n.drawNoise()
	}
	return done
}

// Update implements node.Node.
func (n *RateNeuronOPN) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, false)
}

// WFRUpdate implements node.WFRNode.
func (n *RateNeuronOPN) WFRUpdate(ctx *node.Context, origin int64, from, to int) bool {
	saved := n.S
	done := n.update(ctx, origin, from, to, true)
	n.S = saved
	return done
}

// Recordables implements node.Recordable.
func (n *RateNeuronOPN) Recordables() []string { return rateOPNRecordables }

// RecordableValue implements node.Recordable.
func (n *RateNeuronOPN) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Noise
	case 1:
		return n.S.NoisyRate
	}
	return n.S.Rate
}
