package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("mat2_psc_exp", func() node.Node { return NewMat2PscExp() }) }

// Mat2PscExp is NEST's mat2_psc_exp: the multi-timescale adaptive
// threshold neuron of Kobayashi, Tsubo and Shinomoto (2009). A leaky,
// never reset membrane with exponential synaptic currents fires whenever
// it reaches a threshold omega + V_th_alpha_1 + V_th_alpha_2 whose two
// components jump by alpha_1 and alpha_2 at every spike and decay with
// tau_1 and tau_2; after a spike no other may follow for t_ref.
// Everything is integrated exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L        -70.0   mV    resting potential
//	I_e          0.0   pA    constant input current
//	C_m        100.0   pF    membrane capacitance
//	tau_m        5.0   ms    membrane time constant
//	tau_syn_ex   1.0   ms    excitatory synaptic current time constant
//	tau_syn_in   3.0   ms    inhibitory synaptic current time constant
//	t_ref        2.0   ms    refractory period (no spikes; V_m goes on)
//	tau_1       10.0   ms    decay of the short threshold component
//	tau_2      200.0   ms    decay of the long threshold component
//	alpha_1     37.0   mV    jump of the short component per spike
//	alpha_2      2.0   mV    jump of the long component per spike
//	omega      -51.0   mV    resting threshold
//
// tau_m must differ from both synaptic time constants.
// State: V_m (mV, starts at E_L), V_th_alpha_1, V_th_alpha_2 (mV, start at
// 0), V_th (read-only: the whole threshold), spike archive (tau_minus,
// tau_minus_triplet, t_spike).
// Receptors: 0 for spikes (positive weights excitatory, negative
// inhibitory) and currents.
// Recordables: V_m, V_th.
type Mat2PscExp struct {
	P   matParams
	S   mat2State
	v   mat2Internals
	th  matThreshold
	syn expCurrents
	plainNeuron
	input [expChannels]float64
}

type mat2State struct {
	VRel float64 // membrane potential minus E_L, mV
	I0   float64 // current input during this step, pA
}

type mat2Internals struct {
	stepToMs     func(int64) float64
	decay        expDecay
	th           matThresholdSteps
	p22expm1     float64 // exp(-h/tau_m) - 1
	p21ex, p21in float64 // synaptic current -> membrane
	p20          float64 // constant current -> membrane
}

var mat2Recordables = []string{"V_m", "V_th"}

// DefaultMat2PscExpParams returns NEST 3.10's defaults.
func DefaultMat2PscExpParams() matParams {
	return matParams{
		EL: -70, Ie: 0, Cm: 100, TauM: 5, TauSynEx: 1, TauSynIn: 3, TRef: 2,
		Tau1: 10, Tau2: 200, Alpha1: 37, Alpha2: 2, Omega: -51,
	}
}

// NewMat2PscExp returns a neuron with default parameters at rest.
func NewMat2PscExp() *Mat2PscExp {
	return &Mat2PscExp{P: DefaultMat2PscExpParams(), plainNeuron: newPlainNeuron("mat2_psc_exp", expChEx, expChIn, expChI0)}
}

// Model implements node.Node.
func (n *Mat2PscExp) Model() string { return "mat2_psc_exp" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *Mat2PscExp) Clone() node.Node {
	return &Mat2PscExp{P: n.P, S: n.S, th: n.th, syn: n.syn, plainNeuron: n.copyPlain()}
}

// threshold is the whole threshold, E_L + omega + V_th_alpha_1 +
// V_th_alpha_2, summed as NEST reports it.
func (n *Mat2PscExp) threshold() float64 {
	return n.P.EL + (n.P.Omega - n.P.EL) + n.th.V1 + n.th.V2
}

// Status implements node.Node.
func (n *Mat2PscExp) Status() dict.Dict {
	d := dict.Dict{
		"V_m":         n.S.VRel + n.P.EL,
		"V_th":        n.threshold(),
		"recordables": append([]string(nil), mat2Recordables...),
	}
	n.P.status(d)
	n.th.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional, V_m and omega keep their
// absolute values when only E_L changes.
func (n *Mat2PscExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.read(r); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	if p.TauM == p.TauSynEx || p.TauM == p.TauSynIn {
		return nesterr.New(nesterr.ErrBadProperty, "Membrane and synapse time constants must differ (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g ms).",
			p.TauM, p.TauSynEx, p.TauSynIn)
	}
	s, th := n.S, n.th
	arch, err := n.readMatState(r, &s.VRel, n.P.EL, p.EL, &th)
	if err != nil {
		return err
	}
	n.P, n.S, n.th, n.arch = p, s, th, arch
	return nil
}

// Prepare implements node.Node. The synaptic propagator is NEST's own
// expression for this model, -tau_m/(C*(1 - tau_m/tau_syn)) *
// exp(-h/tau_syn) * expm1(h*(1/tau_syn - 1/tau_m)). Here NEST calls the C
// library's expm1 (not its own fallback, see nestExpm1), which math.Expm1
// matches.
//
// NEST also refuses to simulate when t_ref is shorter than one step;
// gonest's Prepare cannot fail, so such a neuron has no refractory period.
func (n *Mat2PscExp) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	v.decay = newExpDecay(h, p.TauSynEx, p.TauSynIn)
	v.p22expm1 = math.Expm1(-h / p.TauM)
	v.p21ex = -p.TauM / (p.Cm * (1.0 - p.TauM/p.TauSynEx)) * v.decay.ex * math.Expm1(h*(1.0/p.TauSynEx-1.0/p.TauM))
	v.p21in = -p.TauM / (p.Cm * (1.0 - p.TauM/p.TauSynIn)) * v.decay.in * math.Expm1(h*(1.0/p.TauSynIn-1.0/p.TauM))
	v.p20 = -p.TauM / p.Cm * v.p22expm1
	v.th = newMatThresholdSteps(env, p)
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, expChannels)
}

// Update implements node.Node. NEST's order inside a step: membrane, the
// decay of the threshold components, the synaptic currents, the spike
// test, the current for the next step, logging.
func (n *Mat2PscExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.VRel = s.VRel*v.p22expm1 + s.VRel + n.syn.Ex*v.p21ex + n.syn.In*v.p21in + (p.Ie+s.I0)*v.p20
		n.th.decay(&v.th)
		n.ring.Take(ctx.Slot(step), in[:])
		n.syn.step(&v.decay, in[expChEx], in[expChIn])
		if n.th.fires(&v.th, p, s.VRel, 0) {
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}
		s.I0 = in[expChI0]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *Mat2PscExp) Recordables() []string { return mat2Recordables }

// RecordableValue implements node.Recordable.
func (n *Mat2PscExp) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.VRel + n.P.EL
	case 1:
		return n.threshold()
	}
	return math.NaN()
}
