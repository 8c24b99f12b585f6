package models

import (
	"math"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

// This file holds what NEST's adaptive exponential integrate-and-fire
// models (aeif_cond_exp, aeif_cond_alpha, aeif_psc_exp, aeif_psc_alpha,
// aeif_psc_delta, aeif_cond_alpha_multisynapse,
// aeif_cond_beta_multisynapse) share: the membrane and adaptation
// parameters, the exponential spike current, the adaptation equation and
// the integration loop of a simulation step, which detects spikes after
// every adaptive integration step rather than once per simulation step.
// aeif_psc_delta_clopath shares the parameters and the set-up of the
// integration; its loop (clamp, adaptive threshold) is its own. The
// two-synapse models share aeif_synapses.go, the multisynapse models
// aeif_multisynapse.go.

// aeifParams are the parameters every aeif model has (aeif_psc_delta_clopath
// has no V_th: its threshold is a state variable).
type aeifParams struct {
	Cm          float64 // C_m, pF
	Vth         float64 // V_th, mV
	TRef        float64 // t_ref, ms
	GL          float64 // g_L, nS
	EL          float64 // E_L, mV
	Vreset      float64 // V_reset, mV
	A           float64 // a, nS
	B           float64 // b, pA
	DeltaT      float64 // Delta_T, mV
	TauW        float64 // tau_w, ms
	Ie          float64 // I_e, pA
	Vpeak       float64 // V_peak, mV
	GslErrorTol float64 // gsl_error_tol
}

// defaultAeifParams returns NEST 3.10's defaults, the same in every aeif
// model but aeif_psc_delta_clopath.
func defaultAeifParams() aeifParams {
	return aeifParams{
		Cm: 281, Vth: -50.4, TRef: 0, GL: 30, EL: -70.6, Vreset: -60, A: 4, B: 80.5, DeltaT: 2,
		TauW: 144, Ie: 0, Vpeak: 0, GslErrorTol: 1e-6,
	}
}

// fields lists the status keys of the parameters.
func (p *aeifParams) fields() []floatField {
	return []floatField{
		{"V_th", &p.Vth}, {"V_peak", &p.Vpeak}, {"t_ref", &p.TRef}, {"E_L", &p.EL},
		{"V_reset", &p.Vreset}, {"C_m", &p.Cm}, {"g_L", &p.GL}, {"a", &p.A}, {"b", &p.B},
		{"Delta_T", &p.DeltaT}, {"tau_w", &p.TauW}, {"I_e", &p.Ie}, {"gsl_error_tol", &p.GslErrorTol},
	}
}

// statusTo writes the parameters to w.
func (p *aeifParams) statusTo(w node.StatusSink) { writeFields(w, p.fields()) }

// maxExpArg bounds (V_peak - V_th)/Delta_T: the exponential at V_peak
// must stay 1e20 below the largest double, leaving room for the
// arithmetic around it.
var maxExpArg = math.Log(math.MaxFloat64 / 1e20)

// aeifRuleOrder is the order in which a model checks its membrane
// rules; NEST's aeif models differ in it.
type aeifRuleOrder int

const (
	// V_reset < V_peak, Delta_T (sign and overflow), V_peak >= V_th:
	// aeif_cond_alpha and the psc models.
	aeifResetFirst aeifRuleOrder = iota
	// V_peak >= V_th, Delta_T, V_reset < V_peak: aeif_cond_exp.
	aeifPeakFirst
	// V_peak >= V_th, V_reset < V_peak, Delta_T: the multisynapse models.
	aeifPeakThenReset
)

// validate checks the membrane rules NEST enforces, in the given order,
// then C_m and t_ref, naming the values at fault. The model's time
// constants and the tolerance (validateTolerance) follow in the model.
func (p *aeifParams) validate(order aeifRuleOrder) error {
	peak := func() error {
		if p.Vpeak < p.Vth {
			return nesterr.New(nesterr.ErrBadProperty, "V_peak >= V_th required (V_peak = %g mV, V_th = %g mV).", p.Vpeak, p.Vth)
		}
		return nil
	}
	reset := func() error {
		if p.Vreset >= p.Vpeak {
			return nesterr.New(nesterr.ErrBadProperty, "Ensure that V_reset < V_peak (V_reset = %g mV, V_peak = %g mV).", p.Vreset, p.Vpeak)
		}
		return nil
	}
	slope := func() error {
		switch {
		case p.DeltaT < 0:
			return nesterr.New(nesterr.ErrBadProperty, "Delta_T must be positive (Delta_T = %g mV).", p.DeltaT)
		case p.DeltaT > 0 && (p.Vpeak-p.Vth)/p.DeltaT >= maxExpArg:
			return nesterr.New(nesterr.ErrBadProperty,
				"The current combination of V_peak, V_th and Delta_T will lead to numerical overflow at spike time "+
					"((V_peak - V_th)/Delta_T = %g, at most %.6g); try for instance to increase Delta_T or to reduce V_peak.",
				(p.Vpeak-p.Vth)/p.DeltaT, maxExpArg)
		}
		return nil
	}
	rules := []func() error{reset, slope, peak}
	switch order {
	case aeifPeakFirst:
		rules = []func() error{peak, slope, reset}
	case aeifPeakThenReset:
		rules = []func() error{peak, reset, slope}
	}
	for _, rule := range rules {
		if err := rule(); err != nil {
			return err
		}
	}
	switch {
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that C_m > 0 (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	}
	return nil
}

// validateTolerance is the last rule of every aeif model.
func (p *aeifParams) validateTolerance() error {
	if p.GslErrorTol <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The gsl_error_tol must be strictly positive (gsl_error_tol = %g).", p.GslErrorTol)
	}
	return nil
}

// aeifExp is the exponential of the spike current: NEST calls the C
// library's exp, and libm.Exp gives glibc's results bit for bit. (A
// correctly rounded exp differs from glibc's for about one argument in a
// thousand; in a bursting neuron such an ulp grows into a visible
// deviation within seconds.)
func aeifExp(x float64) float64 { return libm.Exp(x) }

// membrane returns the potential the right-hand side uses: V_reset
// while refractory, else y clamped to V_peak (to V_peak itself, not to
// the detection threshold, which is V_th when Delta_T is 0).
func (p *aeifParams) membrane(y float64, refractory bool) float64 {
	if refractory {
		return p.Vreset
	}
	return nestMin(y, p.Vpeak)
}

// nestMin is C++'s std::min(a, b), which NEST calls: b if b < a, else
// a. (math.Min differs from it only for signed zeros and NaNs, but is
// not inlined on amd64.)
func nestMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

// spikeCurrent is the exponential term g_L*Delta_T*exp((V - V_th)/Delta_T),
// 0 when Delta_T is 0. Products are rounded one by one, as in NEST (no
// fused multiply-add).
func (p *aeifParams) spikeCurrent(v float64) float64 {
	if p.DeltaT == 0 {
		return 0
	}
	return float64(float64(p.GL*p.DeltaT) * aeifExp((v-p.Vth)/p.DeltaT))
}

// leak is NEST's -g_L*(V - E_L), rounded.
func (p *aeifParams) leak(v float64) float64 { return float64(-p.GL * (v - p.EL)) }

// adaptation is dw/dt = (a*(V - E_L) - w)/tau_w.
func (p *aeifParams) adaptation(v, w float64) float64 {
	return (float64(p.A*(v-p.EL)) - w) / p.TauW
}

// Bounds beyond which NEST declares the integration unstable. V_m may
// explode upwards (that is a spike); w may not.
const (
	aeifMinV    = -1e3 // mV
	aeifMaxAbsW = 1e6  // pA
)

// aeifCore is the integration machinery of an aeif neuron, derived in
// Prepare.
type aeifCore struct {
	integrator
	control           *ode.Control        // the step-size control, made once, as NEST's
	dim               int                 // the number of equations the evolution is made for
	f                 ode.Func            // the model's right-hand side, bound once
	stepToMs          func(int64) float64 // step count -> ms, for the spike archive
	vPeak             float64             // spike detection threshold: V_peak, or V_th if Delta_T is 0
	refractoryCounts  int64
	refractoryInitial int64 // what a spike sets the counter to (see step)
}

// prepare sets up the integration of dim equations before the first run
// only (see integrator), with NEST's control on y and h*y'
// (gsl_odeiv_control_yp_new(tol, tol)), and a new evolution when dim
// changes; the spike threshold and the refractory period follow the
// parameters in every run.
func (c *aeifCore) prepare(env *node.Env, p *aeifParams, dim int, f ode.Func) {
	switch {
	case !c.ready():
		c.control = mustControl(p.GslErrorTol, p.GslErrorTol, 0, 1)
		c.init(dim, c.control, env.Base.Resolution)
	case dim != c.dim:
		// A multisynapse model whose number of receptors changed: NEST
		// makes a new stepper and evolution of the new size in every
		// pre_run_hook, keeping control and step size. Both keep nothing
		// from one step to the next, so only the size matters.
		c.evolve = ode.NewEvolve(dim, c.control)
	}
	c.dim = dim
	c.f = f
	c.vPeak = p.Vth // with Delta_T = 0 the neuron fires at V_th, as an iaf neuron
	if p.DeltaT > 0 {
		c.vPeak = p.Vpeak
	}
	c.refractoryCounts = env.Base.MsToSteps(p.TRef)
	// The counter is decremented at the end of the step that set it, so
	// a spike sets it one higher; without a refractory period it stays 0
	// so that the rest of that step is not clamped.
	c.refractoryInitial = 0
	if c.refractoryCounts > 0 {
		c.refractoryInitial = c.refractoryCounts + 1
	}
	c.stepToMs = env.StepsToMs()
}

// step integrates y (V_m at index 0, w at index w) over one simulation
// step, one adaptive step at a time, as NEST's aeif update loops do.
// After each adaptive step it checks the bounds, then holds V_m at V_reset
// while the neuron is refractory or else detects a spike: V_m to V_reset,
// w up by b, the refractory counter set, the spike archived and sent. With
// t_ref = 0 the neuron may fire several times in one step. between, if
// not nil, runs after the bounds check with the refractory state of the
// neuron (before the spike test when it is not refractory), for models
// that add input inside the loop. Counting down the refractory period is
// left to the caller, after the step.
func (c *aeifCore) step(model string, ctx *node.Context, step int64, y []float64, w int, p *aeifParams,
	refSteps *int64, arch *node.Archive, between func(refractory bool)) {
	c.beginStep()
	for t := 0.0; t < c.integrator.step; {
		var err error
		t, c.h, err = c.evolve.Apply(c.f, t, c.integrator.step, c.h, y)
		if err != nil {
			panic(solverFailure(model, err))
		}
		c.afterStep(model, ctx, step, y, w, p, refSteps, arch, c.evolve, between)
	}
}

// beginStep starts a simulation step. The right-hand sides do not read
// t; the input and the refractory state change between simulation
// steps, y when afterStep writes it: the evolution may start each
// adaptive step from the end derivative of the previous one otherwise.
func (c *aeifCore) beginStep() {
	c.evolve.ReuseEndDerivative = true
	c.evolve.StateChanged()
}

// stateChanger is the integration (an ode.Evolve or an ode.Lane) that
// afterStep tells when it changes the state or the refractory state.
type stateChanger interface{ StateChanged() }

// afterStep is what step does after each adaptive step of the
// integration e.
func (c *aeifCore) afterStep(model string, ctx *node.Context, step int64, y []float64, w int, p *aeifParams,
	refSteps *int64, arch *node.Archive, e stateChanger, between func(refractory bool)) {
	if y[0] < aeifMinV || y[w] < -aeifMaxAbsW || y[w] > aeifMaxAbsW {
		panic(nesterr.New(nesterr.ErrNumericalInstability,
			"%s left its bounds (V_m = %g mV, w = %g pA) at step %d.", model, y[0], y[w], step))
	}
	if *refSteps > 0 {
		y[0] = p.Vreset
		e.StateChanged()
		if between != nil {
			between(true)
		}
		return
	}
	if between != nil {
		e.StateChanged()
		between(false)
	}
	if y[0] >= c.vPeak {
		e.StateChanged()
		y[0] = p.Vreset
		y[w] += p.B
		*refSteps = c.refractoryInitial
		arch.Spike(c.stepToMs(step + 1))
		ctx.Emit.EmitSpike(ctx.Index, step, 0)
	}
}

// divisor divides by d, by multiplying with 1/d where that gives the
// same bits: when d is a power of two whose reciprocal is a normal
// double, x/d and x*(1/d) are the same real number rounded once. A
// multiplication is several times faster than a division, and the
// defaults of the aeif models divide by Delta_T = 2 and tau_syn_in = 2 in
// every evaluation of the right-hand side.
type divisor struct {
	d, r  float64
	exact bool
}

// set makes v a divisor by d.
func (v *divisor) set(d float64) {
	frac, exp := math.Frexp(d)
	r := 1 / d
	v.d, v.r = d, r
	v.exact = (frac == 0.5 || frac == -0.5) && exp > -1020 && exp < 1020 && r*d == 1
}

// of returns x/d.
func (v *divisor) of(x float64) float64 {
	if v.exact {
		return x * v.r
	}
	return x / v.d
}
