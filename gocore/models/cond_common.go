package models

import (
	"fmt"
	"strings"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what the conductance-based integrate-and-fire models
// of the iaf_cond_beta family (iaf_cond_beta, iaf_cond_exp_sfa_rr,
// iaf_chxk_2008, iaf_cond_alpha_mc, iaf_bw_2001, iaf_bw_2001_exact)
// share: the timing they derive before a run, the refractory and
// threshold step NEST runs after the integration, the membrane potential
// their right-hand sides see, and the second-order conductance kernel.

// condTiming is what a conductance model derives from the time grid and
// t_ref before each run.
type condTiming struct {
	stepToMs        func(int64) float64 // step count -> ms, for the spike archive
	resolution      float64             // ms, for t_ref_remaining
	refractorySteps int64               // t_ref in steps
}

// prepare derives the timing for env and a refractory period of tRef ms.
func (c *condTiming) prepare(env *node.Env, tRef float64) {
	c.stepToMs = env.Base.StepsToMs
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
