package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("amat2_psc_exp", func() node.Node { return NewAmat2PscExp() }) }

// Amat2PscExp is NEST's amat2_psc_exp: mat2_psc_exp with a third,
// voltage-driven threshold component (Yamauchi et al. 2011). Besides the
// two spike-triggered components the threshold holds V_th_v, the response
// of a second-order low-pass filter (time constant tau_v, gain beta) to
// the membrane potential. Everything is integrated exactly over each
// step; the membrane is never reset.
//
// Parameters (status keys, defaults, units):
//
//	E_L        -70.0   mV    resting potential
//	I_e          0.0   pA    constant input current
//	C_m        200.0   pF    membrane capacitance
//	tau_m       10.0   ms    membrane time constant
//	tau_syn_ex   1.0   ms    excitatory synaptic current time constant
//	tau_syn_in   3.0   ms    inhibitory synaptic current time constant
//	t_ref        2.0   ms    refractory period (no spikes; V_m goes on)
//	tau_1       10.0   ms    decay of the short threshold component
//	tau_2      200.0   ms    decay of the long threshold component
//	alpha_1     10.0   mV    jump of the short component per spike
//	alpha_2      0.0   mV    jump of the long component per spike
//	beta         0.0   1/ms  gain of the voltage-driven component
//	tau_v        5.0   ms    time constant of the voltage-driven component
//	omega      -65.0   mV    resting threshold
//
// tau_m, tau_syn_ex, tau_syn_in and tau_v must differ from one another
// (but the two synaptic ones may coincide).
// State: V_m (mV, starts at E_L), V_th_alpha_1, V_th_alpha_2, V_th_v (mV,
// start at 0), V_th (read-only: the whole threshold), spike archive
// (tau_minus, tau_minus_triplet, t_spike).
// Receptors: 0 for spikes (positive weights excitatory, negative
// inhibitory) and currents.
// Recordables: V_m, V_th, V_th_v, I_syn_ex, I_syn_in.
type Amat2PscExp struct {
	P   Amat2PscExpParams
	S   amat2State
	v   amat2Internals
	th  matThreshold
	syn expCurrents
	plainNeuron
	input [expChannels]float64
}

// Amat2PscExpParams are the user-settable parameters.
type Amat2PscExpParams struct {
	matParams
	Beta float64 // beta, 1/ms
	TauV float64 // tau_v, ms
}

type amat2State struct {
	VRel float64 // membrane potential minus E_L, mV
	I0   float64 // current input during this step, pA
	VThV float64 // V_th_v, mV
	DV   float64 // the derivative-like second variable of the V_th_v filter
}

type amat2Internals struct {
	stepToMs func(int64) float64
	decay    expDecay
	th       matThresholdSteps
	// Exact propagator elements: 0 constant current, 1 and 2 the synaptic
	// currents, 3 the membrane, 6 the filter's second variable, 7 V_th_v.
	p30, p31, p32, p33      float64
	p60, p61, p62, p63, p66 float64
	p70, p71, p72, p73      float64
	p76, p77                float64
}

var amat2Recordables = []string{"V_m", "V_th", "V_th_v", "I_syn_ex", "I_syn_in"}

// DefaultAmat2PscExpParams returns NEST 3.10's defaults.
func DefaultAmat2PscExpParams() Amat2PscExpParams {
	return Amat2PscExpParams{
		matParams: matParams{
			EL: -70, Ie: 0, Cm: 200, TauM: 10, TauSynEx: 1, TauSynIn: 3, TRef: 2,
			Tau1: 10, Tau2: 200, Alpha1: 10, Alpha2: 0, Omega: -65,
		},
		Beta: 0, TauV: 5,
	}
}

// Validate checks the rules NEST enforces, in NEST's order.
func (p *Amat2PscExpParams) Validate() error {
	if err := p.validate(p.TauV); err != nil {
		return err
	}
	if p.TauM == p.TauSynEx || p.TauM == p.TauSynIn || p.TauM == p.TauV {
		return nesterr.New(nesterr.ErrBadProperty, "tau_m must differ from tau_syn_ex, tau_syn_in and tau_v (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g, tau_v = %g ms).",
			p.TauM, p.TauSynEx, p.TauSynIn, p.TauV)
	}
	if p.TauV == p.TauSynEx || p.TauV == p.TauSynIn {
		return nesterr.New(nesterr.ErrBadProperty, "tau_v must differ from tau_syn_ex, tau_syn_in and tau_m (tau_v = %g, tau_syn_ex = %g, tau_syn_in = %g ms).",
			p.TauV, p.TauSynEx, p.TauSynIn)
	}
	return nil
}

// NewAmat2PscExp returns a neuron with default parameters at rest.
func NewAmat2PscExp() *Amat2PscExp {
	return &Amat2PscExp{P: DefaultAmat2PscExpParams(), plainNeuron: newPlainNeuron("amat2_psc_exp", expChEx, expChIn, expChI0)}
}

// Model implements node.Node.
func (n *Amat2PscExp) Model() string { return "amat2_psc_exp" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *Amat2PscExp) Clone() node.Node {
	return &Amat2PscExp{P: n.P, S: n.S, th: n.th, syn: n.syn, plainNeuron: n.copyPlain()}
}

// threshold is the whole threshold, E_L + omega + V_th_alpha_1 +
// V_th_alpha_2 + V_th_v, summed as NEST reports it.
func (n *Amat2PscExp) threshold() float64 {
	return n.P.EL + (n.P.Omega - n.P.EL) + n.th.V1 + n.th.V2 + n.S.VThV
}

// Status implements node.Node.
func (n *Amat2PscExp) Status() dict.Dict {
	d := dict.Dict{
		"beta": n.P.Beta, "tau_v": n.P.TauV,
		"V_m":         n.S.VRel + n.P.EL,
		"V_th":        n.threshold(),
		"V_th_v":      n.S.VThV,
		"recordables": append([]string(nil), amat2Recordables...),
	}
	n.P.status(d)
	n.th.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional, V_m and omega keep their
// absolute values when only E_L changes.
func (n *Amat2PscExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.read(r, floatField{"beta", &p.Beta}, floatField{"tau_v", &p.TauV}); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s, th := n.S, n.th
	arch, err := n.readMatState(r, &s.VRel, n.P.EL, p.EL, &th, floatField{"V_th_v", &s.VThV})
	if err != nil {
		return err
	}
	n.P, n.S, n.th, n.arch = p, s, th, arch
	return nil
}

// Prepare implements node.Node: NEST's closed-form propagator of the
// linear system (currents, membrane, the two filter variables), term by
// term in NEST's order of operations.
//
// NEST also refuses to simulate when t_ref is shorter than one step;
// gonest's Prepare cannot fail, so such a neuron has no refractory period.
func (n *Amat2PscExp) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	c, beta, taum, tauE, tauI, tauV := p.Cm, p.Beta, p.TauM, p.TauSynEx, p.TauSynIn, p.TauV
	v.decay = newExpDecay(h, tauE, tauI)
	eE, eI := v.decay.ex, v.decay.in
	em := libm.Exp(-h / taum)
	eV := libm.Exp(-h / tauV)
	v.th = newMatThresholdSteps(env, &p.matParams)

	v.p33, v.p66, v.p77 = em, eV, eV
	v.p30 = (taum - em*taum) / c
	v.p31 = ((eE - em) * tauE * taum) / (c * (tauE - taum))
	v.p32 = ((eI - em) * tauI * taum) / (c * (tauI - taum))
	v.p60 = (beta * (em - eV) * taum * tauV) / (c * (taum - tauV))
	v.p61 = amat2P6x(beta, tauE, taum, tauV, c, eV, em, eE)
	v.p62 = amat2P6x(beta, tauI, taum, tauV, c, eV, em, eI)
	v.p63 = (beta * (-em + eV) * tauV) / (taum - tauV)
	v.p70 = (beta * taum * tauV * (em*taum*tauV - eV*(h*(taum-tauV)+taum*tauV))) / (c * sq(taum-tauV))
	v.p71 = amat2P7x(beta, tauE, taum, tauV, c, h, eV, em, eE)
	v.p72 = amat2P7x(beta, tauI, taum, tauV, c, h, eV, em, eI)
	v.p73 = (beta * tauV * (-(em * taum * tauV) + eV*(h*(taum-tauV)+taum*tauV))) / sq(taum-tauV)
	v.p76 = eV * h
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, expChannels)
}

// amat2P6x is the element from a synaptic current (time constant tauS,
// one-step decay eS) to the filter's second variable.
func amat2P6x(beta, tauS, taum, tauV, c, eV, em, eS float64) float64 {
	return (beta * tauS * taum * tauV * (eV*(-tauS+taum) + em*(tauS-tauV) + eS*(-taum+tauV))) /
		(c * (tauS - taum) * (tauS - tauV) * (taum - tauV))
}

// amat2P7x is the element from a synaptic current to V_th_v.
func amat2P7x(beta, tauS, taum, tauV, c, h, eV, em, eS float64) float64 {
	return (beta * tauS * taum * tauV *
		((em*taum*sq(tauS-tauV)-eS*tauS*sq(taum-tauV))*tauV -
			eV*(tauS-taum)*(h*(tauS-tauV)*(taum-tauV)+tauS*taum*tauV-cube(tauV)))) /
		(c * (tauS - taum) * sq(tauS-tauV) * sq(taum-tauV))
}

// sq is pow(x, 2), which the C library computes correctly rounded, as
// the product x*x is.
func sq(x float64) float64 { return x * x }

// cube is pow(x, 3) correctly rounded (as the C library's pow gives it):
// x^3 = r + f + e*x exactly, with x*x = p + e and p*x = r + f split by
// fused multiply-adds, rounded once.
func cube(x float64) float64 {
	p := x * x
	e := math.FMA(x, x, -p)
	r := p * x
	f := math.FMA(p, x, -r)
	return r + (f + e*x)
}

// Update implements node.Node. NEST's order inside a step: V_th_v, then
// the filter's second variable, then the membrane (all from the values
// at the start of the step), the decay of the spike-triggered
// components, the synaptic currents, the spike test, the current for the
// next step, logging.
func (n *Amat2PscExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		i := p.Ie + s.I0
		s.VThV = i*v.p70 + n.syn.Ex*v.p71 + n.syn.In*v.p72 + s.VRel*v.p73 + s.DV*v.p76 + s.VThV*v.p77
		s.DV = i*v.p60 + n.syn.Ex*v.p61 + n.syn.In*v.p62 + s.VRel*v.p63 + s.DV*v.p66
		s.VRel = i*v.p30 + n.syn.Ex*v.p31 + n.syn.In*v.p32 + s.VRel*v.p33
		n.th.decay(&v.th)
		n.ring.Take(ctx.Slot(step), in[:])
		n.syn.step(&v.decay, in[expChEx], in[expChIn])
		if n.th.fires(&v.th, &p.matParams, s.VRel, s.VThV) {
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}
		s.I0 = in[expChI0]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *Amat2PscExp) Recordables() []string { return amat2Recordables }

// RecordableValue implements node.Recordable.
func (n *Amat2PscExp) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.VRel + n.P.EL
	case 1:
		return n.threshold()
	case 2:
		return n.S.VThV
	case 3:
		return n.syn.Ex
	case 4:
		return n.syn.In
	}
	return math.NaN()
}
