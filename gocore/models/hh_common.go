package models

import (
	"fmt"
	"math"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

// This file holds what NEST's Hodgkin-Huxley models (hh_psc_alpha,
// hh_psc_alpha_clopath, hh_psc_alpha_gap, hh_cond_exp_traub,
// hh_cond_beta_gap_traub) share: the step they take in every simulation
// step (integrate, add the arriving spikes, detect a spike as a local
// maximum above a threshold, record, take the input current), the
// classic squid-axon gating of hh_psc_alpha and its Clopath variant, and
// Traub's gating of the two *_traub models. Their rate functions call
// libm.Exp, glibc's exponential as NEST calls it.

// Input ring-buffer channels of the HH models.
const (
	hhSpikeEx = iota // sum of the positive weights
	hhSpikeIn        // sum of the zero or negative weights
	hhCurrent        // input current, pA
	hhChannels
)

// hhBase is the part of an HH model that is not its parameters or its
// state vector: inputs, loggers and archive (plainNeuron), the RKF45
// integration carried from step to step, the refractory counter, the
// input current of the present step and the timing derived in Prepare.
type hhBase struct {
	plainNeuron
	integrator
	f        ode.Func
	timing   condTiming
	RefSteps int64   // refractory steps left (NEST's r_)
	IStim    float64 // input current read in the previous step, pA
	input    [hhChannels]float64
}

func newHHBase(model string) hhBase {
	return hhBase{plainNeuron: newPlainNeuron(model, hhSpikeEx, hhSpikeIn, hhCurrent)}
}

// copyBase returns the parts of a copy: the refractory counter, but
// neither inputs, loggers, spike history nor the integration (set up again
// when the copy is first prepared) nor the input current (NEST clears it
// with the buffers).
func (b *hhBase) copyBase() hhBase {
	return hhBase{plainNeuron: b.copyPlain(), RefSteps: b.RefSteps}
}

// prepare sets up the integration of dim equations under an absolute
// error bound epsAbs (NEST: gsl_odeiv_control_y_new(epsAbs, 0.0)) before
// the first run, binds the right-hand side, the timing for t_ref, the
// input lanes and the loggers.
func (b *hhBase) prepare(env *node.Env, dim int, epsAbs float64, f ode.Func, tRef float64) {
	if !b.ready() {
		b.init(dim, mustControl(epsAbs, 0, 1, 0), env.Base.Resolution)
	}
	b.f = f
	b.timing.prepare(env, tRef)
	b.bindBuffers(env, hhChannels)
}

// hhStep is what differs between the HH models inside NEST's step loop.
type hhStep struct {
	threshold float64 // a spike needs V_m at or above it (mV)
	// addSpikes adds the spikes of the step (in) to the state.
	addSpikes func(in *[hhChannels]float64)
}

// update runs NEST's step loop of the HH models over the steps from..to
// of the slice at origin, with y the state vector (V_m first) and rec the
// model for the loggers: integrate over the step, add the spikes
// arriving in it, then count down the refractory period or, outside it,
// fire when V_m is at or above the threshold and below its value at the
// start of the step (the maximum has just passed), record, and take the
// current for the next step.
func (b *hhBase) update(ctx *node.Context, origin int64, from, to int, y []float64, st *hhStep, rec node.Recordable) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		uOld := y[0]
		b.advance(b.model, b.f, y)

		b.ring.Take(ctx.Slot(step), b.input[:])
		st.addSpikes(&b.input)

		if b.RefSteps > 0 {
			b.RefSteps--
		} else if y[0] >= st.threshold && uOld > y[0] {
			b.RefSteps = b.timing.refractorySteps
			b.timing.fire(ctx, &b.arch, step, 0)
		}

		b.logs.Record(step, rec)
		b.IStim = b.input[hhCurrent]
	}
}

// hhValidateMembrane checks NEST's first rules of hh_psc_alpha and its
// relatives: C_m positive, then t_ref not negative.
func hhValidateMembrane(cM, tRef float64) error {
	switch {
	case cM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", cM)
	case tRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", tRef)
	}
	return nil
}

// hhValidateConductances is NEST's rule that the listed conductances (nS)
// are not negative; the message names them all.
func hhValidateConductances(gs ...namedValue) error {
	for _, g := range gs {
		if g.val < 0 {
			msg := "All conductances must be non-negative ("
			for i, h := range gs {
				if i > 0 {
					msg += ", "
				}
				msg += fmt.Sprintf("%s = %g nS", h.key, h.val)
			}
			return nesterr.New(nesterr.ErrBadProperty, "%s).", msg)
		}
	}
	return nil
}

// hhValidateGating is NEST's rule on the state of the HH models: no
// (in)activation variable may be negative.
func hhValidateGating(gates ...namedValue) error {
	for _, g := range gates {
		if g.val < 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All (in)activation variables must be non-negative (%s = %g).", g.key, g.val)
		}
	}
	return nil
}

// hhClassicRates are the opening (alpha) and closing (beta) rates (1/ms)
// of the squid-axon gates m, h and n at membrane potential v (mV), as
// hh_psc_alpha and hh_psc_alpha_clopath compute them, in NEST's order of
// operations.
type hhClassicRates struct {
	an, bn, am, bm, ah, bh float64
}

func newHHClassicRates(v float64) hhClassicRates {
	return hhClassicRates{
		an: 0.01 * (v + 55) / (1 - libm.Exp(-(v+55)/10)),
		bn: 0.125 * libm.Exp(-(v+65)/80),
		am: 0.1 * (v + 40) / (1 - libm.Exp(-(v+40)/10)),
		bm: 4 * libm.Exp(-(v+65)/18),
		ah: 0.07 * libm.Exp(-(v+65)/20),
		bh: 1 / (1 + libm.Exp(-(v+35)/10)),
	}
}

// hhGate is dx/dt = alpha (1 - x) - beta x, each product rounded.
func hhGate(alpha, beta, x float64) float64 {
	return float64(alpha*(1-x)) - float64(beta*x)
}

// hhClassicEquilibrium returns the steady values of m, h and n at v, a
// fresh neuron's gating.
func hhClassicEquilibrium(v float64) (m, h, n float64) {
	r := newHHClassicRates(v)
	return r.am / (r.am + r.bm), r.ah / (r.ah + r.bh), r.an / (r.an + r.bn)
}

// hhClassicRest is the membrane potential of a fresh hh_psc_alpha (and
// hh_psc_alpha_clopath), mV: NEST starts it at -65 mV, not at E_L.
const hhClassicRest = -65.0

// HHPscAlphaParams are the parameters hh_psc_alpha and
// hh_psc_alpha_clopath share.
type HHPscAlphaParams struct {
	TRef     float64 // t_ref, ms
	GNa      float64 // g_Na, nS
	GK       float64 // g_K, nS
	GL       float64 // g_L, nS
	Cm       float64 // C_m, pF
	ENa      float64 // E_Na, mV
	EK       float64 // E_K, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	Ie       float64 // I_e, pA
}

// DefaultHHPscAlphaParams returns NEST 3.10's defaults.
func DefaultHHPscAlphaParams() HHPscAlphaParams {
	return HHPscAlphaParams{
		TRef: 2, GNa: 12000, GK: 3600, GL: 30, Cm: 100, ENa: 50, EK: -77, EL: -54.402,
		TauSynEx: 0.2, TauSynIn: 2, Ie: 0,
	}
}

// fields are the status keys, in NEST's reading order.
func (p *HHPscAlphaParams) fields() []floatField {
	return []floatField{
		{"t_ref", &p.TRef}, {"C_m", &p.Cm}, {"g_Na", &p.GNa}, {"E_Na", &p.ENa}, {"g_K", &p.GK},
		{"E_K", &p.EK}, {"g_L", &p.GL}, {"E_L", &p.EL}, {"tau_syn_ex", &p.TauSynEx},
		{"tau_syn_in", &p.TauSynIn}, {"I_e", &p.Ie},
	}
}

// validate checks NEST's rules in NEST's order; extra are further time
// constants checked with the synaptic ones.
func (p *HHPscAlphaParams) validate(extra ...namedValue) error {
	if err := hhValidateMembrane(p.Cm, p.TRef); err != nil {
		return err
	}
	taus := append([]namedValue{{"tau_syn_ex", p.TauSynEx}, {"tau_syn_in", p.TauSynIn}}, extra...)
	if err := validateTimeConstants(taus...); err != nil {
		return err
	}
	return hhValidateConductances(namedValue{"g_K", p.GK}, namedValue{"g_Na", p.GNa}, namedValue{"g_L", p.GL})
}

// Classic HH state vector elements (hh_psc_alpha, and the first ones of
// hh_psc_alpha_clopath), in NEST's order.
const (
	hhpaV = iota
	hhpaM
	hhpaH
	hhpaN
	hhpaDIEx
	hhpaIEx
	hhpaDIIn
	hhpaIIn
	hhpaDim
)

// hhPscAlphaDerivs sets the derivatives of the classic HH membrane with
// alpha-shaped currents, y and f in the hhpa layout:
//
//	C_m dV/dt = -(I_Na + I_K + I_L) + I_stim + I_e + I_syn_ex + I_syn_in
//	I_Na = g_Na m^3 h (V - E_Na),  I_K = g_K n^4 (V - E_K),  I_L = g_L (V - E_L)
func hhPscAlphaDerivs(p *HHPscAlphaParams, iStim float64, y, f []float64) {
	v, m, h, n := y[hhpaV], y[hhpaM], y[hhpaH], y[hhpaN]
	r := newHHClassicRates(v)
	iNa := float64(p.GNa * m * m * m * h * (v - p.ENa))
	iK := float64(p.GK * n * n * n * n * (v - p.EK))
	iL := float64(p.GL * (v - p.EL))
	f[hhpaV] = (-(iNa + iK + iL) + iStim + p.Ie + y[hhpaIEx] + y[hhpaIIn]) / p.Cm
	f[hhpaM] = hhGate(r.am, r.bm, m)
	f[hhpaH] = hhGate(r.ah, r.bh, h)
	f[hhpaN] = hhGate(r.an, r.bn, n)
	condKernel(y, f, hhpaDIEx, hhpaIEx, p.TauSynEx, p.TauSynEx)
	condKernel(y, f, hhpaDIIn, hhpaIIn, p.TauSynIn, p.TauSynIn)
}

// hhPscAlphaJumps returns the jumps of dI_ex and dI_in per pA of weight:
// e/tau_syn, so that a current of weight w peaks at w after tau_syn.
func hhPscAlphaJumps(p *HHPscAlphaParams) (ex, in float64) {
	return 1.0 * math.E / p.TauSynEx, 1.0 * math.E / p.TauSynIn
}

// hhTraubRates are the rates (1/ms) of the gates m, h and n of Traub and
// Miles' model at membrane potential vm (mV) with threshold offset vT,
// as hh_cond_exp_traub and hh_cond_beta_gap_traub compute them.
type hhTraubRates struct {
	an, bn, am, bm, ah, bh float64
}

func newHHTraubRates(vm, vT float64) hhTraubRates {
	v := vm - vT
	return hhTraubRates{
		an: 0.032 * (15 - v) / (libm.Exp((15-v)/5) - 1),
		bn: 0.5 * libm.Exp((10-v)/40),
		am: 0.32 * (13 - v) / (libm.Exp((13-v)/4) - 1),
		bm: 0.28 * (v - 40) / (libm.Exp((v-40)/5) - 1),
		ah: 0.128 * libm.Exp((17-v)/18),
		bh: 4 / (1 + libm.Exp((40-v)/5)),
	}
}

// hhTraubGate is dx/dt = alpha - (alpha + beta) x, the product rounded.
func hhTraubGate(alpha, beta, x float64) float64 {
	return alpha - float64((alpha+beta)*x)
}

// hhTraubEquilibrium returns the steady m, h and n at vm. NEST evaluates
// the rates of a fresh neuron at V_m itself, without the V_T offset.
func hhTraubEquilibrium(vm float64) (m, h, n float64) {
	r := newHHTraubRates(vm, 0)
	return r.am / (r.am + r.bm), r.ah / (r.ah + r.bh), r.an / (r.an + r.bn)
}

// HHTraubParams are the parameters hh_cond_exp_traub and
// hh_cond_beta_gap_traub share (their synapses differ).
type HHTraubParams struct {
	GNa  float64 // g_Na, nS
	GK   float64 // g_K, nS
	GL   float64 // g_L, nS
	Cm   float64 // C_m, pF
	ENa  float64 // E_Na, mV
	EK   float64 // E_K, mV
	EL   float64 // E_L, mV
	VT   float64 // V_T, mV
	Eex  float64 // E_ex, mV
	Ein  float64 // E_in, mV
	TRef float64 // t_ref, ms
	Ie   float64 // I_e, pA
}

// fields are the shared status keys, in NEST's reading order.
func (p *HHTraubParams) fields() []floatField {
	return []floatField{
		{"g_Na", &p.GNa}, {"g_K", &p.GK}, {"g_L", &p.GL}, {"C_m", &p.Cm}, {"E_Na", &p.ENa},
		{"E_K", &p.EK}, {"E_L", &p.EL}, {"V_T", &p.VT}, {"E_ex", &p.Eex}, {"E_in", &p.Ein},
	}
}

// tail are the shared keys NEST reads after the synaptic time constants.
func (p *HHTraubParams) tail() []floatField {
	return []floatField{{"t_ref", &p.TRef}, {"I_e", &p.Ie}}
}

// Traub state vector elements the two models share, in NEST's order;
// the synaptic elements follow.
const (
	hhtV = iota
	hhtM
	hhtH
	hhtN
)

// hhTraubDerivs sets the derivatives of V_m and the gates, given the
// synaptic conductances gEx and gIn (nS):
//
//	C_m dV/dt = -I_Na - I_K - I_L - g_ex (V - E_ex) - g_in (V - E_in) + I_stim + I_gap + I_e
//
// iGap is the gap-junction current (0 for hh_cond_exp_traub, which adds
// nothing then).
func hhTraubDerivs(p *HHTraubParams, iStim, iGap, gEx, gIn float64, y, f []float64) {
	v, m, h, n := y[hhtV], y[hhtM], y[hhtH], y[hhtN]
	iNa := float64(p.GNa * m * m * m * h * (v - p.ENa))
	iK := float64(p.GK * n * n * n * n * (v - p.EK))
	iL := float64(p.GL * (v - p.EL))
	iEx := float64(gEx * (v - p.Eex))
	iIn := float64(gIn * (v - p.Ein))
	f[hhtV] = (-iNa - iK - iL - iEx - iIn + iStim + iGap + p.Ie) / p.Cm
	r := newHHTraubRates(v, p.VT)
	f[hhtM] = hhTraubGate(r.am, r.bm, m)
	f[hhtH] = hhTraubGate(r.ah, r.bh, h)
	f[hhtN] = hhTraubGate(r.an, r.bn, n)
}

// hhTraubThreshold is the spike threshold of the Traub models: V_T + 30 mV.
func hhTraubThreshold(p *HHTraubParams) float64 { return p.VT + 30 }
