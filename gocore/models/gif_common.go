package models

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// This file holds what NEST's generalized integrate-and-fire neurons
// (gif_psc_exp, gif_psc_exp_multisynapse, gif_cond_exp,
// gif_cond_exp_multisynapse) share: the membrane and escape-noise
// parameters, the spike-triggered currents (stc) and the spike-frequency
// adaptation of the threshold (sfa), their per-step decay and jumps, and
// the stochastic spike decision. gif_pop_psc_exp uses the adaptation
// vectors' validation only; its population dynamics are its own.

// gifParams are the parameters the single-neuron gif models share.
// lambda_0 is kept in 1/ms, as NEST keeps it; the status reports it in
// 1/s (value*1000, which need not give back exactly what was set, as in
// NEST).
type gifParams struct {
	GL      float64 // g_L, nS
	EL      float64 // E_L, mV
	Vreset  float64 // V_reset, mV
	DeltaV  float64 // Delta_V, mV
	VTStar  float64 // V_T_star, mV
	Lambda0 float64 // lambda_0 / 1000, 1/ms
	TRef    float64 // t_ref, ms
	Cm      float64 // C_m, pF
	Ie      float64 // I_e, pA

	// The adaptation kernels. The slices are never changed in place (a
	// status change replaces them), so copies of the parameters may
	// share them.
	TauStc, QStc []float64 // tau_stc (ms), q_stc (pA: added to I_stc per spike)
	TauSfa, QSfa []float64 // tau_sfa (ms), q_sfa (mV: added to E_sfa per spike)
}

// defaultGifParams returns NEST 3.10's defaults of the single-neuron gif
// models.
func defaultGifParams() gifParams {
	return gifParams{
		GL: 4, EL: -70, Vreset: -55, DeltaV: 0.5, VTStar: -35, Lambda0: 0.001,
		TRef: 4, Cm: 80, Ie: 0,
		TauStc: []float64{}, QStc: []float64{}, TauSfa: []float64{}, QSfa: []float64{},
	}
}

// readScalars reads the shared scalar parameters in NEST's order.
func (p *gifParams) readScalars(r *dict.Reader) error {
	if err := readFloats(r, []floatField{
		{"I_e", &p.Ie}, {"E_L", &p.EL}, {"g_L", &p.GL}, {"C_m", &p.Cm},
		{"V_reset", &p.Vreset}, {"Delta_V", &p.DeltaV}, {"V_T_star", &p.VTStar},
	}); err != nil {
		return err
	}
	lambda := 0.0
	ok, err := r.Float("lambda_0", &lambda)
	if err != nil {
		return err
	}
	if ok {
		p.Lambda0 = lambda / 1000 // 1/s -> 1/ms
	}
	_, err = r.Float("t_ref", &p.TRef)
	return err
}

// readAdaptation reads the four adaptation vectors.
func (p *gifParams) readAdaptation(r *dict.Reader) error {
	for _, f := range []struct {
		key string
		dst *[]float64
	}{{"tau_sfa", &p.TauSfa}, {"q_sfa", &p.QSfa}, {"tau_stc", &p.TauStc}, {"q_stc", &p.QStc}} {
		if _, err := r.Floats(f.key, f.dst); err != nil {
			return err
		}
	}
	return nil
}

// validate checks the shared rules in NEST's order.
func (p *gifParams) validate() error {
	if err := checkKernelSizes("tau_sfa", "q_sfa", p.TauSfa, p.QSfa, "dimensions"); err != nil {
		return err
	}
	if err := checkKernelSizes("tau_stc", "q_stc", p.TauStc, p.QStc, "dimensions"); err != nil {
		return err
	}
	switch {
	case p.GL <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane conductance must be strictly positive (g_L = %g nS).", p.GL)
	case p.DeltaV <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Delta_V must be strictly positive (Delta_V = %g mV).", p.DeltaV)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	case p.Lambda0 < 0:
		return nesterr.New(nesterr.ErrBadProperty, "lambda_0 must not be negative (lambda_0 = %g 1/s).", p.Lambda0*1000)
	}
	if err := checkPositiveTaus("tau_sfa", p.TauSfa); err != nil {
		return err
	}
	return checkPositiveTaus("tau_stc", p.TauStc)
}

// checkKernelSizes is NEST's rule that the time constants and jumps of an
// adaptation kernel come in pairs. noun is NEST's word for it
// ("dimensions"; gif_pop_psc_exp says "dimension").
func checkKernelSizes(tauKey, qKey string, tau, q []float64, noun string) error {
	if len(tau) != len(q) {
		return nesterr.New(nesterr.ErrBadProperty, "'%s' and '%s' need to have the same %s.\nSize of %s: %d\nSize of %s: %d",
			tauKey, qKey, noun, tauKey, len(tau), qKey, len(q))
	}
	return nil
}

// checkPositiveTaus requires every adaptation time constant to be > 0.
func checkPositiveTaus(key string, taus []float64) error {
	for i, tau := range taus {
		if tau <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (%s[%d] = %g ms).", key, i, tau)
		}
	}
	return nil
}

// status adds the shared parameters to d.
func (p *gifParams) status(d dict.Dict) {
	d["I_e"] = p.Ie
	d["E_L"] = p.EL
	d["g_L"] = p.GL
	d["C_m"] = p.Cm
	d["V_reset"] = p.Vreset
	d["Delta_V"] = p.DeltaV
	d["V_T_star"] = p.VTStar
	d["lambda_0"] = p.Lambda0 * 1000 // 1/ms -> 1/s
	d["t_ref"] = p.TRef
	d["tau_sfa"] = append([]float64{}, p.TauSfa...)
	d["q_sfa"] = append([]float64{}, p.QSfa...)
	d["tau_stc"] = append([]float64{}, p.TauStc...)
	d["q_stc"] = append([]float64{}, p.QStc...)
}

// gifAdaptation is the adaptation state: one element per kernel
// component, and their sums as of the current step (I_stc, and E_sfa
// which includes V_T_star).
type gifAdaptation struct {
	Stc      float64   // I_stc, pA
	Sfa      float64   // E_sfa, mV
	StcElems []float64 // components of I_stc
	SfaElems []float64 // components of E_sfa - V_T_star
}

// clone returns a deep copy (the elements change in place during updates).
func (a *gifAdaptation) clone() gifAdaptation {
	c := *a
	c.StcElems = append([]float64(nil), a.StcElems...)
	c.SfaElems = append([]float64(nil), a.SfaElems...)
	return c
}

// resize gives the elements the lengths of the kernels of p, keeping the
// values of those that remain and starting new ones at 0 (as NEST resizes
// them before each run).
func (a *gifAdaptation) resize(p *gifParams) {
	a.StcElems = resizeZero(a.StcElems, len(p.TauStc))
	a.SfaElems = resizeZero(a.SfaElems, len(p.TauSfa))
}

// resizeZero returns s cut or padded with zeros to length n.
func resizeZero(s []float64, n int) []float64 {
	if len(s) >= n {
		return s[:n:n]
	}
	return append(s, make([]float64, n-len(s))...)
}

// gifDecay holds the one-step decay factors of the adaptation elements.
type gifDecay struct {
	stc, sfa []float64
}

// prepare computes the decay factors for step h (ms).
func (g *gifDecay) prepare(p *gifParams, h float64) {
	g.stc = decayFactors(g.stc, p.TauStc, h)
	g.sfa = decayFactors(g.sfa, p.TauSfa, h)
}

// decayFactors returns exp(-h/tau) for every tau, reusing buf.
func decayFactors(buf, taus []float64, h float64) []float64 {
	buf = buf[:0]
	for _, tau := range taus {
		buf = append(buf, libm.Exp(-h/tau))
	}
	return buf
}

// step is the start of every gif update: I_stc and E_sfa take the sums of
// the elements as they are, then the elements decay by one step (NEST's
// order: a spike's jump shows in the sums from the step after it).
func (a *gifAdaptation) step(vTStar float64, g *gifDecay) {
	a.Stc = 0
	for i, e := range a.StcElems {
		a.Stc += e
		a.StcElems[i] = g.stc[i] * e
	}
	a.Sfa = vTStar
	for i, e := range a.SfaElems {
		a.Sfa += e
		a.SfaElems[i] = g.sfa[i] * e
	}
}

// jump adds the kernels' jumps after a spike.
func (a *gifAdaptation) jump(p *gifParams) {
	for i := range a.StcElems {
		a.StcElems[i] += p.QStc[i]
	}
	for i := range a.SfaElems {
		a.SfaElems[i] += p.QSfa[i]
	}
}

// gifFires is the escape-noise decision of a non-refractory gif neuron in
// one step of h ms: the hazard lambda = lambda_0*exp((V - E_sfa)/Delta_V)
// (1/ms) gives the spike probability 1 - exp(-lambda*h). As in NEST, a
// uniform number is drawn only when lambda > 0.
func gifFires(p *gifParams, v, sfa, h float64, rng *rand.Rand) bool {
	lambda := p.Lambda0 * libm.Exp((v-sfa)/p.DeltaV)
	if !(lambda > 0) {
		return false
	}
	return rng.Float64() < -nestExpm1(-lambda*h)
}
