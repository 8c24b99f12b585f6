package models

import (
	"fmt"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

// This file holds what the conductance-based integrate-and-fire models
// of the iaf_cond_beta family (iaf_cond_beta, iaf_cond_exp_sfa_rr,
// iaf_chxk_2008, iaf_cond_alpha_mc, iaf_bw_2001, iaf_bw_2001_exact)
// share: the timing they derive before a run, the refractory and
// threshold step NEST runs after the integration, the membrane potential
// their right-hand sides see, the second-order conductance kernel, the
// validation rules they share and, for iaf_bw_2001 and iaf_bw_2001_exact,
// parameters, receptors and synaptic currents.

// condODE is the integration a conductance model runs in every step
// (integrator), its timing and its right-hand side, bound once so that
// the update loop does not allocate a method value in every step.
type condODE struct {
	integrator
	condTiming
	f ode.Func
}

// prepareODE is the part of Prepare these models share: set up the
// integration of dim equations under NEST's gsl_odeiv_control_y_new(epsAbs,
// 0.0) before the first run only (see integrator), bind f and derive the
// timing for a refractory period of tRef ms, as in every run.
func (c *condODE) prepareODE(env *node.Env, dim int, epsAbs float64, f ode.Func, tRef float64) {
	if !c.ready() {
		c.init(dim, mustControl(epsAbs, 0, 1, 0), env.Base.Resolution)
	}
	c.f = f
	c.prepare(env, tRef)
}

// condTiming is what a conductance model derives from the time grid and
// t_ref before each run.
type condTiming struct {
	stepToMs        func(int64) float64 // step count -> ms, for the spike archive
	resolution      float64             // ms, for t_ref_remaining
	refractorySteps int64               // t_ref in steps
}

// prepare derives the timing for env and a refractory period of tRef ms.
func (c *condTiming) prepare(env *node.Env, tRef float64) {
	c.stepToMs = env.StepsToMs()
	c.resolution = env.Base.Resolution
	c.refractorySteps = env.Base.MsToSteps(tRef)
}

// refractoryRemaining is NEST's t_ref_remaining: the resolution times the
// refractory steps left.
func (c *condTiming) refractoryRemaining(refSteps int64) float64 {
	return c.resolution * float64(refSteps)
}

// refractoryOrThreshold is the step NEST's conductance iaf models take
// once the state has been integrated over a simulation step: while
// refractory, count down and hold the membrane at vReset; otherwise, when
// v has reached vTh, start the refractory period, reset v and report a
// spike (which the caller archives and sends, see fire).
func (c *condTiming) refractoryOrThreshold(refSteps *int64, v *float64, vTh, vReset float64) bool {
	if *refSteps > 0 {
		*refSteps--
		*v = vReset
		return false
	}
	if *v >= vTh {
		*refSteps = c.refractorySteps
		*v = vReset
		return true
	}
	return false
}

// fire archives a spike of the step step (its time is the end of the
// step) and sends it carrying offset.
func (c *condTiming) fire(ctx *node.Context, arch *node.Archive, step int64, offset float64) {
	arch.Spike(c.stepToMs(step + 1))
	ctx.Emit.EmitSpike(ctx.Index, step, offset)
}

// clampedV is the membrane potential the right-hand sides of these models
// see: V_reset while refractory, else V_m bounded above by V_th.
func clampedV(refractory bool, v, vTh, vReset float64) float64 {
	if refractory {
		return vReset
	}
	if vTh < v {
		return vTh
	}
	return v
}

// condKernel sets the derivatives of a second-order conductance: the
// companion dg decays with tauDg and feeds g, which decays with tauG,
//
//	d(dg)/dt = -dg/tauDg,  dg/dt = dg - g/tauG.
//
// Equal time constants give the alpha function, different ones the
// beta function (NEST's iaf_cond_beta names them tau_decay for dg and
// tau_rise for g).
func condKernel(y, f []float64, dg, g int, tauDg, tauG float64) {
	f[dg] = -y[dg] / tauDg
	f[g] = y[dg] - y[g]/tauG
}

// validateCondMembrane checks NEST's rules on the membrane of these
// models, in NEST's order: V_reset below V_th, C_m positive, t_ref not
// negative. They are iaf_cond_exp's first rules (validateCondIaf, given
// valid time constants here); each model checks its own time constants
// next, with validateTimeConstants.
func validateCondMembrane(vReset, vTh, cM, tRef float64) error {
	return validateCondIaf(vReset, vTh, cM, tRef, 1, 1)
}

// namedValue is a parameter value with its status key, for messages.
type namedValue struct {
	key string
	val float64
}

// validateTimeConstants is NEST's rule that all the listed time
// constants (ms) are strictly positive; the message names them all.
func validateTimeConstants(taus ...namedValue) error {
	for _, t := range taus {
		if t.val <= 0 {
			parts := make([]string, len(taus))
			for i, u := range taus {
				parts[i] = fmt.Sprintf("%s = %g ms", u.key, u.val)
			}
			return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (%s).", strings.Join(parts, ", "))
		}
	}
	return nil
}

// The two models after Brunel and Wang (2001), iaf_bw_2001 and
// iaf_bw_2001_exact, share their parameters, their AMPA and GABA
// synapses, the voltage-dependent NMDA block and the membrane equation.

// IafBw2001Params are the user-settable parameters of iaf_bw_2001 and
// iaf_bw_2001_exact.
type IafBw2001Params struct {
	EL           float64 // E_L, mV
	Eex          float64 // E_ex, mV
	Ein          float64 // E_in, mV
	Vth          float64 // V_th, mV
	Vreset       float64 // V_reset, mV
	Cm           float64 // C_m, pF
	GL           float64 // g_L, nS
	TRef         float64 // t_ref, ms
	TauAMPA      float64 // tau_AMPA, ms
	TauGABA      float64 // tau_GABA, ms
	TauDecayNMDA float64 // tau_decay_NMDA, ms
	TauRiseNMDA  float64 // tau_rise_NMDA, ms
	Alpha        float64 // alpha, 1/ms
	ConcMg2      float64 // conc_Mg2, mM
	GSLErrorTol  float64 // gsl_error_tol
}

// DefaultIafBw2001Params returns NEST 3.10's defaults.
func DefaultIafBw2001Params() IafBw2001Params {
	return IafBw2001Params{
		EL: -70, Eex: 0, Ein: -70, Vth: -55, Vreset: -60, Cm: 500, GL: 25, TRef: 2,
		TauAMPA: 2, TauGABA: 5, TauDecayNMDA: 100, TauRiseNMDA: 2, Alpha: 0.5, ConcMg2: 1, GSLErrorTol: 1e-3,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *IafBw2001Params) Validate() error {
	if err := validateCondMembrane(p.Vreset, p.Vth, p.Cm, p.TRef); err != nil {
		return err
	}
	if err := validateTimeConstants(namedValue{"tau_AMPA", p.TauAMPA}, namedValue{"tau_GABA", p.TauGABA},
		namedValue{"tau_rise_NMDA", p.TauRiseNMDA}, namedValue{"tau_decay_NMDA", p.TauDecayNMDA}); err != nil {
		return err
	}
	switch {
	case p.Alpha <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "alpha > 0 required (alpha = %g 1/ms).", p.Alpha)
	case p.ConcMg2 <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Mg2 concentration must be strictly positive (conc_Mg2 = %g mM).", p.ConcMg2)
	case p.GSLErrorTol <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "The gsl_error_tol must be strictly positive (gsl_error_tol = %g).", p.GSLErrorTol)
	}
	return nil
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafBw2001Params) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"E_ex", &p.Eex}, {"E_in", &p.Ein}, {"V_th", &p.Vth}, {"V_reset", &p.Vreset},
		{"C_m", &p.Cm}, {"g_L", &p.GL}, {"t_ref", &p.TRef}, {"tau_AMPA", &p.TauAMPA}, {"tau_GABA", &p.TauGABA},
		{"tau_decay_NMDA", &p.TauDecayNMDA}, {"tau_rise_NMDA", &p.TauRiseNMDA}, {"alpha", &p.Alpha},
		{"conc_Mg2", &p.ConcMg2}, {"gsl_error_tol", &p.GSLErrorTol},
	}
}

// status adds the parameters and the receptor types to d.
func (p *IafBw2001Params) status(d dict.Dict) {
	writeFloats(d, p.fields())
	d["receptor_types"] = dict.Dict{"AMPA": bwAMPA, "GABA": bwGABA, "NMDA": bwNMDA}
}

// Receptor types of the Brunel-Wang models.
const (
	bwAMPA = 1 + iota
	bwGABA
	bwNMDA
)

// bwRecordables are the recordables of both models, in NEST's (sorted)
// order.
var bwRecordables = []string{"I_AMPA", "I_GABA", "I_NMDA", "V_m", "s_AMPA", "s_GABA", "s_NMDA"}

// bwCurrents are the synaptic currents (pA) the right-hand side computes
// from the state it is given; NEST keeps those of its last evaluation for
// recording and status.
type bwCurrents struct {
	AMPA, GABA, NMDA float64
}

// dVdt sets the currents for membrane potential v, gating variables
// sAMPA and sGABA and the (weighted) NMDA gating sNMDA, and returns the
// derivative of v for input current iStim:
//
//	C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim,
//	I_NMDA = (V - E_ex) s_NMDA / (1 + [Mg2+] exp(-0.062 V) / 3.57).
//
// There is no clamping: NEST integrates the membrane also while the
// neuron is refractory (and resets it after each step).
func (c *bwCurrents) dVdt(p *IafBw2001Params, v, sAMPA, sGABA, sNMDA, iStim float64) float64 {
	// Products and quotients are rounded one at a time, in NEST's order.
	c.AMPA = float64((v - p.Eex) * sAMPA)
	c.GABA = float64((v - p.Ein) * sGABA)
	block := 1 + float64(p.ConcMg2*libm.Exp(-0.062*v))/3.57
	c.NMDA = float64((v-p.Eex)/block) * sNMDA
	iSyn := c.AMPA + c.GABA + c.NMDA
	return (float64(-p.GL*(v-p.EL)) - iSyn + iStim) / p.Cm
}
