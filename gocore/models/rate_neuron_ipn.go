package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// RateNeuronIPN is NEST's rate_neuron_ipn template: a rate unit with
// input noise, the base of lin_rate_ipn, tanh_rate_ipn,
// threshold_lin_rate_ipn, sigmoid_rate_ipn, sigmoid_rate_gg_1998_ipn and
// gauss_rate_ipn, which differ in their nonlinearity phi (and its
// coupling factors H_ex, H_in):
//
//	tau dX/dt = -lambda X + mu + phi(sum of weighted inputs) + sqrt(tau) sigma xi(t)
//
// integrated with the stochastic exponential Euler method (Euler-Maruyama
// when lambda is 0). With linear_summation phi applies to the summed
// input, otherwise to each input before the sum; mult_coupling scales
// excitatory and inhibitory input by H_ex(X), H_in(X); rectify_output
// keeps X at or above rectify_rate. The noise draws one standard normal
// number per step from the thread's random stream (so seeded runs
// reproduce, but they are not NEST's numbers).
//
// Parameters (status keys, defaults, units):
//
//	tau               10.0  ms  time constant
//	lambda             1.0      passive decay rate
//	sigma              1.0      noise strength (alias std)
//	mu                 0.0      mean input (alias mean)
//	rectify_rate       0.0      lowest rate with rectify_output
//	linear_summation   true
//	rectify_output     false
//	mult_coupling      false
//
// plus the nonlinearity's parameters. State: rate, noise (the last noise
// term). Recordables: noise, rate. It sends and accepts instantaneous and
// delayed rate connections on receptor 0 and takes part in waveform
// relaxation when use_wfr is on.
type RateNeuronIPN struct {
	P RateNeuronIPNParams
	S RateNeuronIPNState
	rateBase
	p1, p2, noiseFactor float64
	sent                []float64
}

// RateNeuronIPNParams are the template's parameters.
type RateNeuronIPNParams struct {
	Tau, Lambda, Sigma, Mu, RectifyRate          float64
	LinearSummation, RectifyOutput, MultCoupling bool
}

// RateNeuronIPNState is the state.
type RateNeuronIPNState struct {
	Rate, Noise float64
}

func newRateNeuronIPN(model string, nl rateNonlinearity) *RateNeuronIPN {
	return &RateNeuronIPN{
		P:        RateNeuronIPNParams{Tau: 10, Lambda: 1, Sigma: 1, LinearSummation: true},
		rateBase: newRateBase(model, nl),
	}
}

var rateIPNRecordables = []string{"noise", "rate"}

// Clone implements node.Node.
func (n *RateNeuronIPN) Clone() node.Node {
	return &RateNeuronIPN{P: n.P, S: n.S, rateBase: n.copyRate()}
}

func (p *RateNeuronIPNParams) fields() []floatField {
	return []floatField{{"tau", &p.Tau}, {"lambda", &p.Lambda}, {"mu", &p.Mu}, {"rectify_rate", &p.RectifyRate},
		{"sigma", &p.Sigma}, {"mean", &p.Mu}, {"std", &p.Sigma}}
}

func (p *RateNeuronIPNParams) bools() []boolField {
	return []boolField{{"linear_summation", &p.LinearSummation}, {"rectify_output", &p.RectifyOutput}, {"mult_coupling", &p.MultCoupling}}
}

// Validate checks NEST's rules in NEST's order.
func (p *RateNeuronIPNParams) Validate() error {
	switch {
	case p.Tau <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Time constant must be > 0 (tau = %g ms).", p.Tau)
	case p.Lambda < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Passive decay rate must be >= 0 (lambda = %g).", p.Lambda)
	case p.Sigma < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Noise parameter must not be negative (sigma = %g).", p.Sigma)
	case p.RectifyRate < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Rectifying rate must not be negative (rectify_rate = %g).", p.RectifyRate)
	}
	return nil
}

// Status implements node.Node.
func (n *RateNeuronIPN) Status() dict.Dict {
	d := dict.Dict{"rate": n.S.Rate, "noise": n.S.Noise, "recordables": append([]string(nil), rateIPNRecordables...)}
	writeFloats(d, n.P.fields())
	writeBools(d, n.P.bools())
	n.rateStatus(d)
	return d
}

// SetStatus implements node.Node (transactional).
func (n *RateNeuronIPN) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	return n.setRateStatus(r, p.fields(), p.bools(), p.Validate, &s.Rate,
		func() bool { n.P, n.S = p, s; return p.LinearSummation })
}

// Prepare implements node.Node: NEST's propagators of the exponential
// Euler method (Euler-Maruyama for lambda = 0).
func (n *RateNeuronIPN) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p := &n.P
	if p.Lambda > 0 {
		n.p1 = libm.Exp(-p.Lambda * h / p.Tau)
		n.p2 = -1.0 / p.Lambda * math.Expm1(-p.Lambda*h/p.Tau)
		n.noiseFactor = math.Sqrt(-0.5 / p.Lambda * math.Expm1(-2.*p.Lambda*h/p.Tau))
	} else {
		n.p1 = 1
		n.p2 = h / p.Tau
		n.noiseFactor = math.Sqrt(h / p.Tau)
	}
	n.linearSummation = p.LinearSummation
	n.prepareRate(env, true)
	n.sent = resizeState(n.sent, env.MinDelay) // cleared by every update
}

// update is NEST's update_: wfr marks a waveform-relaxation iteration,
// which records nothing, keeps the delayed input and reports whether it
// converged.
func (n *RateNeuronIPN) update(ctx *node.Context, origin int64, from, to int, wfr bool) bool {
	p, s := &n.P, &n.S
	done := true
	clear(n.sent)
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		prev := s.Rate
		n.sent[lag] = prev
		s.Noise = p.Sigma * n.random[lag]
		s.Rate = n.p1*prev + n.p2*p.Mu + n.noiseFactor*s.Noise
		dEx, dIn := n.readDelayed(ctx, step, wfr)
		s.Rate = n.addInput(s.Rate, n.p2, dEx, n.instantEx[lag], dIn, n.instantIn[lag], p.MultCoupling, prev)
		if p.RectifyOutput && s.Rate < p.RectifyRate {
			s.Rate = p.RectifyRate
		}
		if wfr {
			done = n.converged(lag, s.Rate) && done
		} else {
			n.logs.Record(step, n)
		}
	}
	n.finishUpdate(from, to, n.sent, s.Rate, wfr)
	if !wfr {
		n.drawNoise()
	}
	return done
}

// Update implements node.Node.
func (n *RateNeuronIPN) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, false)
}

// WFRUpdate implements node.WFRNode.
func (n *RateNeuronIPN) WFRUpdate(ctx *node.Context, origin int64, from, to int) bool {
	saved := n.S
	done := n.update(ctx, origin, from, to, true)
	n.S = saved
	return done
}

// Recordables implements node.Recordable.
func (n *RateNeuronIPN) Recordables() []string { return rateIPNRecordables }

// RecordableValue implements node.Recordable.
func (n *RateNeuronIPN) RecordableValue(i int) float64 {
	if i == 0 {
		return n.S.Noise
	}
	return n.S.Rate
}
