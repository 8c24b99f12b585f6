package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("hh_psc_alpha_gap", func() node.Node { return NewHHPscAlphaGap() }) }

// HHPscAlphaGap is NEST's hh_psc_alpha_gap: a Hodgkin-Huxley neuron
// after Mancilla et al. (2007), with a sodium channel (m^3 h), two
// potassium channels (Kv1: n^4, Kv3: p^2) and alpha-shaped synaptic
// currents, built for gap junctions.
//
// Gap junctions (gap_junction connections) add I_gap to the membrane
// current, see gap_common.go; with use_wfr they are solved by waveform
// relaxation.
//
//	C_m dV/dt = -g_Na m^3 h (V - E_Na) - (g_Kv1 n^4 + g_Kv3 p^2) (V - E_K)
//	            - g_L (V - E_L) + I_syn_ex + I_syn_in + I_e + I_stim + I_gap
//	dx/dt = alpha_x(V) (1 - x) - beta_x(V) x   for x = m, h, n, p
//
// A spike of weight w (pA) starts the current w*(t/tau_syn)*exp(1 - t/tau_syn)
// in the excitatory synapse if w > 0 and in the inhibitory one otherwise,
// as in hh_psc_alpha. Everything is integrated with the adaptive RKF45
// method (package ode) under an absolute error bound of 1e-6 (tighter
// than hh_psc_alpha's), as NEST does with GSL. There is no reset: the
// neuron emits a spike in a step that ends with V_m at or above 0 mV and
// below its value at the start of the step, unless it is refractory;
// t_ref only blocks further spike detection.
//
// Parameters (status keys, defaults, units):
//
//	t_ref          2.0   ms   spike-detection dead time after a spike
//	g_Na        4500.0   nS   sodium peak conductance
//	g_Kv1          9.0   nS   Kv1 potassium peak conductance
//	g_Kv3       9000.0   nS   Kv3 potassium peak conductance
//	g_L           10.0   nS   leak conductance
//	C_m           40.0   pF   membrane capacitance
//	E_Na          74.0   mV   sodium reversal potential
//	E_K          -90.0   mV   potassium reversal potential
//	E_L          -70.0   mV   leak reversal potential
//	tau_syn_ex     0.2   ms   rise time of the excitatory current
//	tau_syn_in     2.0   ms   rise time of the inhibitory current
//	I_e            0.0   pA   constant input current
//
// State: V_m (mV, starts at NEST's resting value -69.60401191631222 mV
// whatever E_L), Act_m, Inact_h, Act_n, Inact_p (start at their steady
// values there); the synaptic currents and their companions start at 0
// and are not status keys. Like every NEST neuron it keeps a spike
// archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: Act_m, Act_n, I_syn_ex, I_syn_in (pA), Inact_h, Inact_p, V_m.
type HHPscAlphaGap struct {
	P HHPscAlphaGapParams
	Y [hhgDim]float64 // V_m, m, h, n, p, dI_ex, I_ex, dI_in, I_in
	hhBase
	gapJunctions
	step     hhStep
	jEx, jIn float64 // jumps of dI_ex and dI_in per pA
}

// HHPscAlphaGapParams are the user-settable parameters.
type HHPscAlphaGapParams struct {
	TRef     float64 // t_ref, ms
	GNa      float64 // g_Na, nS
	GKv1     float64 // g_Kv1, nS
	GKv3     float64 // g_Kv3, nS
	GL       float64 // g_L, nS
	Cm       float64 // C_m, pF
	ENa      float64 // E_Na, mV
	EK       float64 // E_K, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	Ie       float64 // I_e, pA
}

// DefaultHHPscAlphaGapParams returns NEST 3.10's defaults.
func DefaultHHPscAlphaGapParams() HHPscAlphaGapParams {
	return HHPscAlphaGapParams{
		TRef: 2, GNa: 4500, GKv1: 9, GKv3: 9000, GL: 10, Cm: 40, ENa: 74, EK: -90, EL: -70,
		TauSynEx: 0.2, TauSynIn: 2, Ie: 0,
	}
}

// fields are the status keys, in NEST's reading order.
func (p *HHPscAlphaGapParams) fields() []floatField {
	return []floatField{
		{"t_ref", &p.TRef}, {"C_m", &p.Cm}, {"g_Na", &p.GNa}, {"E_Na", &p.ENa}, {"g_Kv1", &p.GKv1},
		{"g_Kv3", &p.GKv3}, {"E_K", &p.EK}, {"g_L", &p.GL}, {"E_L", &p.EL},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"I_e", &p.Ie},
	}
}

// Validate checks the rules NEST enforces, in NEST's order (C_m, t_ref,
// the time constants, the conductances), naming the values at fault.
func (p *HHPscAlphaGapParams) Validate() error {
	if err := hhValidateMembrane(p.Cm, p.TRef); err != nil {
		return err
	}
	if err := validateTimeConstants(namedValue{"tau_syn_ex", p.TauSynEx}, namedValue{"tau_syn_in", p.TauSynIn}); err != nil {
		return err
	}
	return hhValidateConductances(namedValue{"g_Kv1", p.GKv1}, namedValue{"g_Kv3", p.GKv3},
		namedValue{"g_Na", p.GNa}, namedValue{"g_L", p.GL})
}

// State vector elements, in NEST's order.
const (
	hhgV = iota
	hhgM
	hhgH
	hhgN
	hhgP
	hhgDIEx
	hhgIEx
	hhgDIIn
	hhgIIn
	hhgDim
)

// hhGapRest is the membrane potential of a fresh neuron, mV.
const hhGapRest = -69.60401191631222

var hhPscAlphaGapRecordables = []string{"Act_m", "Act_n", "I_syn_ex", "I_syn_in", "Inact_h", "Inact_p", "V_m"}

// hhGapRates are the rates (1/ms) of the gates m, h, p and n at v (mV),
// in NEST's order of operations.
type hhGapRates struct {
	am, bm, ah, bh, ap, bp, an, bn float64
}

func newHHGapRates(v float64) hhGapRates {
	return hhGapRates{
		am: 40 * (v - 75.5) / (1 - libm.Exp(-(v-75.5)/13.5)),
		bm: 1.2262 / libm.Exp(v/42.248),
		ah: 0.0035 / libm.Exp(v/24.186),
		bh: 0.017 * (51.25 + v) / (1 - libm.Exp(-(51.25+v)/5.2)),
		ap: (v - 95) / (1 - libm.Exp(-(v-95)/11.8)),
		bp: 0.025 / libm.Exp(v/22.222),
		an: 0.014 * (v + 44) / (1 - libm.Exp(-(v+44)/2.3)),
		bn: 0.0043 / libm.Exp((v+44)/34),
	}
}

// NewHHPscAlphaGap returns a neuron with default parameters at rest.
func NewHHPscAlphaGap() *HHPscAlphaGap {
	n := &HHPscAlphaGap{P: DefaultHHPscAlphaGapParams(), hhBase: newHHBase("hh_psc_alpha_gap")}
	r := newHHGapRates(hhGapRest)
	n.Y[hhgV] = hhGapRest
	n.Y[hhgH] = r.ah / (r.ah + r.bh)
	n.Y[hhgN] = r.an / (r.an + r.bn)
	n.Y[hhgM] = r.am / (r.am + r.bm)
	n.Y[hhgP] = r.ap / (r.ap + r.bp)
	return n
}

// Model implements node.Node.
func (n *HHPscAlphaGap) Model() string { return "hh_psc_alpha_gap" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HHPscAlphaGap) Clone() node.Node {
	return &HHPscAlphaGap{P: n.P, Y: n.Y, hhBase: n.copyBase()}
}

// Status implements node.Node.
func (n *HHPscAlphaGap) Status() dict.Dict {
	y := &n.Y
	d := dict.Dict{
		"V_m": y[hhgV], "Act_m": y[hhgM], "Inact_h": y[hhgH], "Act_n": y[hhgN], "Inact_p": y[hhgP],
		"recordables": append([]string(nil), hhPscAlphaGapRecordables...),
	}
	writeFloats(d, n.P.fields())
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *HHPscAlphaGap) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, y := n.P, n.Y
	readState := func() error {
		if err := readFloats(r, []floatField{
			{"V_m", &y[hhgV]}, {"Act_m", &y[hhgM]}, {"Inact_h", &y[hhgH]}, {"Act_n", &y[hhgN]}, {"Inact_p", &y[hhgP]},
		}); err != nil {
			return err
		}
		return hhValidateGating(namedValue{"Act_m", y[hhgM]}, namedValue{"Inact_h", y[hhgH]},
			namedValue{"Act_n", y[hhgN]}, namedValue{"Inact_p", y[hhgP]})
	}
	arch, err := n.setParamsThen(r, p.fields(), p.Validate, readState)
	if err != nil {
		return err
	}
	n.P, n.Y, n.arch = p, y, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period and the spike
// jumps follow the parameters in every run.
func (n *HHPscAlphaGap) Prepare(env *node.Env) {
	p := &n.P
	// NEST: gsl_odeiv_control_y_new(1e-6, 0.0).
	n.prepare(env, hhgDim, 1e-6, n.derivs, p.TRef)
	n.jEx, n.jIn = 1.0*math.E/p.TauSynEx, 1.0*math.E/p.TauSynIn
	n.step = hhStep{threshold: 0, addSpikes: n.addSpikes}
	n.prepareGap(env, hhgDim, &n.integrator)
	n.dv = n.dVdt
}

// derivs is the right-hand side; it reads the input and gap-junction
// currents from the node, as NEST's does; t is the time in the step.
func (n *HHPscAlphaGap) derivs(t float64, y, f []float64) error {
	p := &n.P
	v, m, h, nn, pp := y[hhgV], y[hhgM], y[hhgH], y[hhgN], y[hhgP]
	r := newHHGapRates(v)
	f[hhgV] = n.dVdt(t, y)
	f[hhgM] = hhGate(r.am, r.bm, m)
	f[hhgH] = hhGate(r.ah, r.bh, h)
	f[hhgP] = hhGate(r.ap, r.bp, pp)
	f[hhgN] = hhGate(r.an, r.bn, nn)
	condKernel(y, f, hhgDIEx, hhgIEx, p.TauSynEx, p.TauSynEx)
	condKernel(y, f, hhgDIIn, hhgIIn, p.TauSynIn, p.TauSynIn)
	return nil
}

// dVdt is the membrane potential's derivative (needs no gate rates).
func (n *HHPscAlphaGap) dVdt(t float64, y []float64) float64 {
	p := &n.P
	v, m, h, nn, pp := y[hhgV], y[hhgM], y[hhgH], y[hhgN], y[hhgP]
	iNa := float64(p.GNa * m * m * m * h * (v - p.ENa))
	iK := float64((float64(p.GKv1*nn*nn*nn*nn) + float64(p.GKv3*pp*pp)) * (v - p.EK))
	iL := float64(p.GL * (v - p.EL))
	iGap := n.gapCurrent(t, v)
	return (-(iNa + iK + iL) + n.IStim + p.Ie + y[hhgIEx] + y[hhgIIn] + iGap) / p.Cm
}

// addSpikes adds the step's spikes to the current companions.
func (n *HHPscAlphaGap) addSpikes(in *[hhChannels]float64) {
	n.Y[hhgDIEx] += float64(in[hhSpikeEx] * n.jEx)
	n.Y[hhgDIIn] += float64(in[hhSpikeIn] * n.jIn)
}

// Update implements node.Node (NEST's order, see hhBase.gapUpdate).
func (n *HHPscAlphaGap) Update(ctx *node.Context, origin int64, from, to int) {
	n.gapUpdate(&n.gapJunctions, ctx, origin, from, to, n.Y[:], &n.step, n, false)
}

// WFRUpdate implements node.WFRNode: the state (not the integration step
// size, as in NEST) is restored after the iteration.
func (n *HHPscAlphaGap) WFRUpdate(ctx *node.Context, origin int64, from, to int) bool {
	y, r := n.Y, n.RefSteps
	done := n.gapUpdate(&n.gapJunctions, ctx, origin, from, to, n.Y[:], &n.step, n, true)
	n.Y, n.RefSteps = y, r
	return done
}

// Recordables implements node.Recordable.
func (n *HHPscAlphaGap) Recordables() []string { return hhPscAlphaGapRecordables }

// RecordableValue implements node.Recordable.
func (n *HHPscAlphaGap) RecordableValue(i int) float64 {
	y := &n.Y
	switch i {
	case 0:
		return y[hhgM]
	case 1:
		return y[hhgN]
	case 2:
		return y[hhgIEx]
	case 3:
		return y[hhgIIn]
	case 4:
		return y[hhgH]
	case 5:
		return y[hhgP]
	case 6:
		return y[hhgV]
	}
	return math.NaN()
}

// UsesWaveformRelaxation implements node.GapJunctionNode (node_uses_wfr).
func (n *HHPscAlphaGap) UsesWaveformRelaxation() {}
