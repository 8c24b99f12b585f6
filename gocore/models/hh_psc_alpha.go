package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("hh_psc_alpha", func() node.Node { return NewHHPscAlpha() }) }

// HHPscAlpha is NEST's hh_psc_alpha: the Hodgkin-Huxley squid-axon
// neuron with sodium (m^3 h) and potassium (n^4) channels and
// alpha-shaped synaptic currents,
//
//	C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//	            + I_syn_ex + I_syn_in + I_e + I_stim
//	dx/dt = alpha_x(V) (1 - x) - beta_x(V) x   for x = m, h, n
//
// A spike of weight w (pA) starts the current w*(t/tau_syn)*exp(1 - t/tau_syn)
// in the excitatory synapse if w > 0 and in the inhibitory one otherwise
// (where it stays negative); each is the second of a pair
// dI'/dt = -I'/tau_syn, dI/dt = I' - I/tau_syn, a spike raising I' by
// w*e/tau_syn. Everything is integrated with the adaptive RKF45 method
// (package ode) under an absolute error bound of 1e-3, as NEST does with
// GSL. There is no reset: the neuron emits a spike in a step that ends
// with V_m at or above 0 mV and below its value at the start of the step
// (the action potential has just peaked), unless it is refractory;
// t_ref only blocks further spike detection.
//
// Parameters (status keys, defaults, units):
//
//	t_ref          2.0     ms   spike-detection dead time after a spike
//	g_Na       12000.0     nS   sodium peak conductance
//	g_K         3600.0     nS   potassium peak conductance
//	g_L           30.0     nS   leak conductance
//	C_m          100.0     pF   membrane capacitance
//	E_Na          50.0     mV   sodium reversal potential
//	E_K          -77.0     mV   potassium reversal potential
//	E_L          -54.402   mV   leak reversal potential
//	tau_syn_ex     0.2     ms   rise time of the excitatory current
//	tau_syn_in     2.0     ms   rise time of the inhibitory current
//	I_e            0.0     pA   constant input current
//
// State: V_m (mV, starts at -65 mV whatever E_L), Act_m, Inact_h, Act_n
// (start at their steady values at -65 mV); the synaptic currents and
// their companions start at 0 and are not status keys. Like every NEST
// neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: Act_m, Act_n, I_syn_ex, I_syn_in (pA), Inact_h, V_m.
type HHPscAlpha struct {
	P HHPscAlphaParams
	Y [hhpaDim]float64 // V_m, m, h, n, dI_ex, I_ex, dI_in, I_in
	hhBase
	step     hhStep
	jEx, jIn float64 // jumps of dI_ex and dI_in per pA
}

var hhPscAlphaRecordables = []string{"Act_m", "Act_n", "I_syn_ex", "I_syn_in", "Inact_h", "V_m"}

// NewHHPscAlpha returns a neuron with default parameters at rest.
func NewHHPscAlpha() *HHPscAlpha {
	n := &HHPscAlpha{P: DefaultHHPscAlphaParams(), hhBase: newHHBase("hh_psc_alpha")}
	n.Y[hhpaV] = hhClassicRest
	n.Y[hhpaM], n.Y[hhpaH], n.Y[hhpaN] = hhClassicEquilibrium(hhClassicRest)
	return n
}

// Model implements node.Node.
func (n *HHPscAlpha) Model() string { return "hh_psc_alpha" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HHPscAlpha) Clone() node.Node {
	return &HHPscAlpha{P: n.P, Y: n.Y, hhBase: n.copyBase()}
}

// hhClassicStatus adds the parameters and the gating state to d.
func hhClassicStatus(d dict.Dict, p *HHPscAlphaParams, y []float64) {
	hhClassicStatusTo(node.DictSink{D: d}, p, y)
}

// hhClassicStatusTo writes the parameters and the gating state to w.
func hhClassicStatusTo(w node.StatusSink, p *HHPscAlphaParams, y []float64) {
	writeFields(w, p.fields())
	writeFields(w, []floatField{{"V_m", &y[hhpaV]}, {"Act_m", &y[hhpaM]}, {"Inact_h", &y[hhpaH]}, {"Act_n", &y[hhpaN]}})
}

// hhClassicReadState reads V_m and the gates into y and checks them.
func hhClassicReadState(r *dict.Reader, y []float64) error {
	if err := readFloats(r, []floatField{
		{"V_m", &y[hhpaV]}, {"Act_m", &y[hhpaM]}, {"Inact_h", &y[hhpaH]}, {"Act_n", &y[hhpaN]},
	}); err != nil {
		return err
	}
	return hhValidateGating(namedValue{"Act_m", y[hhpaM]}, namedValue{"Inact_h", y[hhpaH]}, namedValue{"Act_n", y[hhpaN]})
}

// Status implements node.Node.
func (n *HHPscAlpha) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *HHPscAlpha) StatusTo(w node.StatusSink) {
	w.Strings("recordables", hhPscAlphaRecordables)
	hhClassicStatusTo(w, &n.P, n.Y[:])
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *HHPscAlpha) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, y := n.P, n.Y
	validate := func() error { return p.validate() }
	arch, err := n.setParamsThen(r, p.fields(), validate, func() error { return hhClassicReadState(r, y[:]) })
	if err != nil {
		return err
	}
	n.P, n.Y, n.arch = p, y, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period and the spike
// jumps follow the parameters in every run.
func (n *HHPscAlpha) Prepare(env *node.Env) {
	n.prepare(env, hhpaDim, 1e-3, n.derivs, n.P.TRef)
	n.jEx, n.jIn = hhPscAlphaJumps(&n.P)
	n.step = hhStep{threshold: 0, addSpikes: n.addSpikes}
}

// derivs is the right-hand side; it reads the input current from the
// node, as NEST's does.
func (n *HHPscAlpha) derivs(_ float64, y, f []float64) error {
	hhPscAlphaDerivs(&n.P, n.IStim, y, f)
	return nil
}

// addSpikes adds the step's spikes to the current companions.
func (n *HHPscAlpha) addSpikes(in *[hhChannels]float64) {
	n.Y[hhpaDIEx] += float64(in[hhSpikeEx] * n.jEx)
	n.Y[hhpaDIIn] += float64(in[hhSpikeIn] * n.jIn)
}

// Update implements node.Node (NEST's order, see hhBase.update).
func (n *HHPscAlpha) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, n.Y[:], &n.step, n)
}

// Recordables implements node.Recordable.
func (n *HHPscAlpha) Recordables() []string { return hhPscAlphaRecordables }

// RecordableValue implements node.Recordable.
func (n *HHPscAlpha) RecordableValue(i int) float64 {
	return hhPscAlphaRecordable(n.Y[:], i)
}

// hhPscAlphaRecordable is recordable i of hhPscAlphaRecordables from the
// hhpa state y.
func hhPscAlphaRecordable(y []float64, i int) float64 {
	switch i {
	case 0:
		return y[hhpaM]
	case 1:
		return y[hhpaN]
	case 2:
		return y[hhpaIEx]
	case 3:
		return y[hhpaIIn]
	case 4:
		return y[hhpaH]
	case 5:
		return y[hhpaV]
	}
	return math.NaN()
}
