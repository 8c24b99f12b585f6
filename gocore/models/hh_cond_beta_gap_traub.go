package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("hh_cond_beta_gap_traub", func() node.Node { return NewHHCondBetaGapTraub() }) }

// HHCondBetaGapTraub is NEST's hh_cond_beta_gap_traub: the Traub-Miles
// Hodgkin-Huxley neuron of hh_cond_exp_traub with beta-shaped synaptic
// conductances (a difference of exponentials), built for gap junctions.
//
// Gap junctions are not supported yet: the neuron takes regular spikes
// and currents and, through gap_junction connections, the gap-junction
// current I_gap (gap_common.go), solved by waveform relaxation with
// use_wfr.
//
//	C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//	            - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//	dx/dt = alpha_x(V - V_T) - (alpha_x(V - V_T) + beta_x(V - V_T)) x   for x = m, h, n
//	dg'/dt = -g'/tau_decay,  dg/dt = g' - g/tau_rise   (each synapse)
//
// A spike of weight w (nS) raises g'_ex by w times the normalization of
// the beta function (so that g_ex peaks at w) if w > 0, and g'_in by |w|
// times its normalization otherwise. Everything is integrated with the
// adaptive RKF45 method (package ode) under an absolute error bound of
// 1e-3, as NEST does with GSL. There is no reset: the neuron emits a
// spike in a step that ends with V_m at or above V_T + 30 mV and below
// its value at the start of the step, unless it is refractory; t_ref only
// blocks further spike detection.
//
// Parameters (status keys, defaults, units):
//
//	g_Na          20000.0  nS   sodium peak conductance
//	g_K            6000.0  nS   potassium peak conductance
//	g_L              10.0  nS   leak conductance
//	C_m             200.0  pF   membrane capacitance
//	E_Na             50.0  mV   sodium reversal potential
//	E_K             -90.0  mV   potassium reversal potential
//	E_L             -60.0  mV   leak reversal potential
//	V_T             -50.0  mV   offset of the gating (moves the threshold)
//	E_ex              0.0  mV   excitatory reversal potential
//	E_in            -80.0  mV   inhibitory reversal potential
//	tau_rise_ex       0.5  ms   rise time of the excitatory conductance
//	tau_decay_ex      5.0  ms   decay time of the excitatory conductance
//	tau_rise_in       0.5  ms   rise time of the inhibitory conductance
//	tau_decay_in     10.0  ms   decay time of the inhibitory conductance
//	t_ref             2.0  ms   spike-detection dead time after a spike
//	I_e               0.0  pA   constant input current
//
// State: V_m (mV, starts at E_L), Act_m, Inact_h, Act_n (start at their
// steady values for V_m itself, without the V_T offset, as in NEST); the
// conductances and their companions start at 0 and are not status keys.
// Like every NEST neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: Act_m, Act_n, Inact_h, V_m, g_ex, g_in (nS).
type HHCondBetaGapTraub struct {
	P HHCondBetaGapTraubParams
	Y [hhcbDim]float64 // V_m, m, h, n, dg_ex, g_ex, dg_in, g_in
	hhBase
	gapJunctions
	step     hhStep
	jEx, jIn float64 // jumps of dg_ex and dg_in per nS of weight
}

// HHCondBetaGapTraubParams are the user-settable parameters.
type HHCondBetaGapTraubParams struct {
	HHTraubParams
	TauRiseEx  float64 // tau_rise_ex, ms
	TauDecayEx float64 // tau_decay_ex, ms
	TauRiseIn  float64 // tau_rise_in, ms
	TauDecayIn float64 // tau_decay_in, ms
}

// DefaultHHCondBetaGapTraubParams returns NEST 3.10's defaults.
func DefaultHHCondBetaGapTraubParams() HHCondBetaGapTraubParams {
	return HHCondBetaGapTraubParams{
		HHTraubParams: HHTraubParams{
			GNa: 20000, GK: 6000, GL: 10, Cm: 200, ENa: 50, EK: -90, EL: -60, VT: -50,
			Eex: 0, Ein: -80, TRef: 2, Ie: 0,
		},
		TauRiseEx: 0.5, TauDecayEx: 5, TauRiseIn: 0.5, TauDecayIn: 10,
	}
}

// fields are the status keys, in NEST's reading order.
func (p *HHCondBetaGapTraubParams) fields() []floatField {
	f := append(p.HHTraubParams.fields(),
		floatField{"tau_rise_ex", &p.TauRiseEx}, floatField{"tau_decay_ex", &p.TauDecayEx},
		floatField{"tau_rise_in", &p.TauRiseIn}, floatField{"tau_decay_in", &p.TauDecayIn})
	return append(f, p.tail()...)
}

// Validate checks the rules NEST enforces, in NEST's order (C_m, t_ref,
// the time constants, the conductances), naming the values at fault.
func (p *HHCondBetaGapTraubParams) Validate() error {
	if err := hhValidateMembrane(p.Cm, p.TRef); err != nil {
		return err
	}
	if err := validateTimeConstants(namedValue{"tau_rise_ex", p.TauRiseEx}, namedValue{"tau_decay_ex", p.TauDecayEx},
		namedValue{"tau_rise_in", p.TauRiseIn}, namedValue{"tau_decay_in", p.TauDecayIn}); err != nil {
		return err
	}
	return hhValidateConductances(namedValue{"g_K", p.GK}, namedValue{"g_Na", p.GNa}, namedValue{"g_L", p.GL})
}

// State vector elements after the shared V_m, m, h, n.
const (
	hhcbDGEx = hhtN + 1 + iota
	hhcbGEx
	hhcbDGIn
	hhcbGIn
	hhcbDim
)

var hhCondBetaGapTraubRecordables = []string{"Act_m", "Act_n", "Inact_h", "V_m", "g_ex", "g_in"}

// NewHHCondBetaGapTraub returns a neuron with default parameters at rest.
func NewHHCondBetaGapTraub() *HHCondBetaGapTraub {
	n := &HHCondBetaGapTraub{P: DefaultHHCondBetaGapTraubParams(), hhBase: newHHBase("hh_cond_beta_gap_traub")}
	hhTraubRest(n.Y[:], n.P.EL)
	return n
}

// Model implements node.Node.
func (n *HHCondBetaGapTraub) Model() string { return "hh_cond_beta_gap_traub" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HHCondBetaGapTraub) Clone() node.Node {
	return &HHCondBetaGapTraub{P: n.P, Y: n.Y, hhBase: n.copyBase()}
}

// Status implements node.Node.
func (n *HHCondBetaGapTraub) Status() dict.Dict {
	d := dict.Dict{"recordables": append([]string(nil), hhCondBetaGapTraubRecordables...)}
	hhTraubStatus(d, n.P.fields(), n.Y[:])
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *HHCondBetaGapTraub) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, y := n.P, n.Y
	arch, err := n.setParamsThen(r, p.fields(), p.Validate, func() error { return hhTraubReadState(r, y[:]) })
	if err != nil {
		return err
	}
	n.P, n.Y, n.arch = p, y, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the spike jumps follow the parameters
// in every run.
func (n *HHCondBetaGapTraub) Prepare(env *node.Env) {
	p := &n.P
	n.prepare(env, hhcbDim, 1e-3, n.derivs, p.TRef)
	n.jEx = betaNormalization(p.TauRiseEx, p.TauDecayEx)
	n.jIn = betaNormalization(p.TauRiseIn, p.TauDecayIn)
	n.step = hhStep{threshold: hhTraubThreshold(&p.HHTraubParams), addSpikes: n.addSpikes}
	n.prepareGap(env, hhcbDim, &n.integrator)
}

// derivs is the right-hand side; it reads the input and gap-junction
// currents from the node, as NEST's does; t is the time in the step.
func (n *HHCondBetaGapTraub) derivs(t float64, y, f []float64) error {
	p := &n.P
	hhTraubDerivs(&p.HHTraubParams, n.IStim, n.gapCurrent(t, y[hhtV]), y[hhcbGEx], y[hhcbGIn], y, f)
	condKernel(y, f, hhcbDGEx, hhcbGEx, p.TauDecayEx, p.TauRiseEx)
	condKernel(y, f, hhcbDGIn, hhcbGIn, p.TauDecayIn, p.TauRiseIn)
	return nil
}

// addSpikes adds the step's spikes to the conductance companions (NEST
// keeps the inhibitory weights negated).
func (n *HHCondBetaGapTraub) addSpikes(in *[hhChannels]float64) {
	n.Y[hhcbDGEx] += float64(in[hhSpikeEx] * n.jEx)
	n.Y[hhcbDGIn] += float64(-in[hhSpikeIn] * n.jIn)
}

// Update implements node.Node (NEST's order, see hhBase.gapUpdate).
func (n *HHCondBetaGapTraub) Update(ctx *node.Context, origin int64, from, to int) {
	n.gapUpdate(&n.gapJunctions, ctx, origin, from, to, n.Y[:], &n.step, n, false)
}

// WFRUpdate implements node.WFRNode: the state (not the integration step
// size, as in NEST) is restored after the iteration.
func (n *HHCondBetaGapTraub) WFRUpdate(ctx *node.Context, origin int64, from, to int) bool {
	y, r := n.Y, n.RefSteps
	done := n.gapUpdate(&n.gapJunctions, ctx, origin, from, to, n.Y[:], &n.step, n, true)
	n.Y, n.RefSteps = y, r
	return done
}

// Recordables implements node.Recordable.
func (n *HHCondBetaGapTraub) Recordables() []string { return hhCondBetaGapTraubRecordables }

// RecordableValue implements node.Recordable.
func (n *HHCondBetaGapTraub) RecordableValue(i int) float64 {
	return hhTraubRecordable(n.Y[:], hhcbGEx, hhcbGIn, i)
}

// UsesWaveformRelaxation implements node.GapJunctionNode (node_uses_wfr).
func (n *HHCondBetaGapTraub) UsesWaveformRelaxation() {}
