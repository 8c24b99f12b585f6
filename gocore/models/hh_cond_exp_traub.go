package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("hh_cond_exp_traub", func() node.Node { return NewHHCondExpTraub() }) }

// HHCondExpTraub is NEST's hh_cond_exp_traub: the Hodgkin-Huxley neuron
// of Traub and Miles (1991) as Brette et al. (2007) use it, with
// exponentially decaying synaptic conductances,
//
//	C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//	            - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//	dx/dt = alpha_x(V - V_T) - (alpha_x(V - V_T) + beta_x(V - V_T)) x   for x = m, h, n
//	dg_ex/dt = -g_ex/tau_syn_ex,  dg_in/dt = -g_in/tau_syn_in
//
// A spike of weight w (nS) raises g_ex by w if w > 0 and g_in by |w|
// otherwise. Everything is integrated with the adaptive RKF45 method
// (package ode) under an absolute error bound of 1e-3, as NEST does with
// GSL. There is no reset: the neuron emits a spike in a step that ends
// with V_m at or above V_T + 30 mV and below its value at the start of
// the step, unless it is refractory; t_ref only blocks further spike
// detection.
//
// Parameters (status keys, defaults, units):
//
//	g_Na       20000.0  nS   sodium peak conductance
//	g_K         6000.0  nS   potassium peak conductance
//	g_L           10.0  nS   leak conductance
//	C_m          200.0  pF   membrane capacitance
//	E_Na          50.0  mV   sodium reversal potential
//	E_K          -90.0  mV   potassium reversal potential
//	E_L          -60.0  mV   leak reversal potential
//	V_T          -63.0  mV   offset of the gating (moves the threshold)
//	E_ex           0.0  mV   excitatory reversal potential
//	E_in         -80.0  mV   inhibitory reversal potential
//	tau_syn_ex     5.0  ms   decay time of the excitatory conductance
//	tau_syn_in    10.0  ms   decay time of the inhibitory conductance
//	t_ref          2.0  ms   spike-detection dead time after a spike
//	I_e            0.0  pA   constant input current
//
// State: V_m (mV, starts at E_L), Act_m, Inact_h, Act_n (start at their
// steady values for V_m itself, without the V_T offset, as in NEST); the
// conductances start at 0 and are not status keys. Like every NEST
// neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: Act_m, Act_n, Inact_h, V_m, g_ex, g_in (nS).
type HHCondExpTraub struct {
	P HHCondExpTraubParams
	Y [hhceDim]float64 // V_m, m, h, n, g_ex, g_in
	hhBase
	step hhStep
}

// HHCondExpTraubParams are the user-settable parameters.
type HHCondExpTraubParams struct {
	HHTraubParams
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
}

// DefaultHHCondExpTraubParams returns NEST 3.10's defaults.
func DefaultHHCondExpTraubParams() HHCondExpTraubParams {
	return HHCondExpTraubParams{
		HHTraubParams: HHTraubParams{
			GNa: 20000, GK: 6000, GL: 10, Cm: 200, ENa: 50, EK: -90, EL: -60, VT: -63,
			Eex: 0, Ein: -80, TRef: 2, Ie: 0,
		},
		TauSynEx: 5, TauSynIn: 10,
	}
}

// fields are the status keys, in NEST's reading order.
func (p *HHCondExpTraubParams) fields() []floatField {
	f := append(p.HHTraubParams.fields(), floatField{"tau_syn_ex", &p.TauSynEx}, floatField{"tau_syn_in", &p.TauSynIn})
	return append(f, p.tail()...)
}

// Validate checks the rules NEST enforces, in NEST's order (C_m, the time
// constants, t_ref), naming the values at fault. NEST sets no rule on
// the conductances of this model.
func (p *HHCondExpTraubParams) Validate() error {
	if p.Cm <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	}
	if err := validateTimeConstants(namedValue{"tau_syn_ex", p.TauSynEx}, namedValue{"tau_syn_in", p.TauSynIn}); err != nil {
		return err
	}
	if p.TRef < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	}
	return nil
}

// State vector elements after the shared V_m, m, h, n.
const (
	hhceGEx = hhtN + 1 + iota
	hhceGIn
	hhceDim
)

var hhCondExpTraubRecordables = []string{"Act_m", "Act_n", "Inact_h", "V_m", "g_ex", "g_in"}

// NewHHCondExpTraub returns a neuron with default parameters at rest.
func NewHHCondExpTraub() *HHCondExpTraub {
	n := &HHCondExpTraub{P: DefaultHHCondExpTraubParams(), hhBase: newHHBase("hh_cond_exp_traub")}
	hhTraubRest(n.Y[:], n.P.EL)
	return n
}

// hhTraubRest sets V_m to vm and the gates to their steady values there.
func hhTraubRest(y []float64, vm float64) {
	y[hhtV] = vm
	y[hhtM], y[hhtH], y[hhtN] = hhTraubEquilibrium(vm)
}

// Model implements node.Node.
func (n *HHCondExpTraub) Model() string { return "hh_cond_exp_traub" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HHCondExpTraub) Clone() node.Node {
	return &HHCondExpTraub{P: n.P, Y: n.Y, hhBase: n.copyBase()}
}

// hhTraubStatus adds the fields and the shared state to d.
func hhTraubStatus(d dict.Dict, fields []floatField, y []float64) {
	writeFloats(d, fields)
	d["V_m"], d["Act_m"], d["Inact_h"], d["Act_n"] = y[hhtV], y[hhtM], y[hhtH], y[hhtN]
}

// hhTraubReadState reads V_m and the gates into y and checks them.
func hhTraubReadState(r *dict.Reader, y []float64) error {
	if err := readFloats(r, []floatField{
		{"V_m", &y[hhtV]}, {"Act_m", &y[hhtM]}, {"Inact_h", &y[hhtH]}, {"Act_n", &y[hhtN]},
	}); err != nil {
		return err
	}
	return hhValidateGating(namedValue{"Act_m", y[hhtM]}, namedValue{"Inact_h", y[hhtH]}, namedValue{"Act_n", y[hhtN]})
}

// Status implements node.Node.
func (n *HHCondExpTraub) Status() dict.Dict {
	d := dict.Dict{"recordables": append([]string(nil), hhCondExpTraubRecordables...)}
	hhTraubStatus(d, n.P.fields(), n.Y[:])
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *HHCondExpTraub) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, y := n.P, n.Y
	arch, err := n.setParamsThen(r, p.fields(), p.Validate, func() error { return hhTraubReadState(r, y[:]) })
	if err != nil {
		return err
	}
	n.P, n.Y, n.arch = p, y, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator).
func (n *HHCondExpTraub) Prepare(env *node.Env) {
	n.prepare(env, hhceDim, 1e-3, n.derivs, n.P.TRef)
	n.step = hhStep{threshold: hhTraubThreshold(&n.P.HHTraubParams), addSpikes: n.addSpikes}
}

// derivs is the right-hand side; it reads the input current from the
// node, as NEST's does.
func (n *HHCondExpTraub) derivs(_ float64, y, f []float64) error {
	p := &n.P
	hhTraubDerivs(&p.HHTraubParams, n.IStim, 0, y[hhceGEx], y[hhceGIn], y, f)
	f[hhceGEx] = -y[hhceGEx] / p.TauSynEx
	f[hhceGIn] = -y[hhceGIn] / p.TauSynIn
	return nil
}

// addSpikes adds the step's spikes to the conductances (NEST keeps the
// inhibitory weights negated).
func (n *HHCondExpTraub) addSpikes(in *[hhChannels]float64) {
	n.Y[hhceGEx] += in[hhSpikeEx]
	n.Y[hhceGIn] += -in[hhSpikeIn]
}

// Update implements node.Node (NEST's order, see hhBase.update).
func (n *HHCondExpTraub) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, n.Y[:], &n.step, n)
}

// Recordables implements node.Recordable.
func (n *HHCondExpTraub) Recordables() []string { return hhCondExpTraubRecordables }

// RecordableValue implements node.Recordable.
func (n *HHCondExpTraub) RecordableValue(i int) float64 {
	return hhTraubRecordable(n.Y[:], hhceGEx, hhceGIn, i)
}

// hhTraubRecordable is recordable i of Act_m, Act_n, Inact_h, V_m, g_ex,
// g_in from y, with the conductances at gEx and gIn.
func hhTraubRecordable(y []float64, gEx, gIn, i int) float64 {
	switch i {
	case 0:
		return y[hhtM]
	case 1:
		return y[hhtN]
	case 2:
		return y[hhtH]
	case 3:
		return y[hhtV]
	case 4:
		return y[gEx]
	case 5:
		return y[gIn]
	}
	return math.NaN()
}
