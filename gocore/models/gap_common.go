package models

import (
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what NEST's gap-junction neurons (hh_psc_alpha_gap,
// hh_cond_beta_gap_traub) share: the gap-junction input (the summed
// conductances of the junctions and their partners' membrane potentials
// as interpolation coefficients per step of the slice), what they send,
// and their step loop, which also serves the waveform-relaxation
// iterations (see node/secondary.go).
//
// With interpolation order k (wfr_interpolation_order: 0, 1 or 3) a
// partner's V_m over step lag of the slice is c0 + c1 t + ... + ck t^k,
// t in [0, 1] the fraction of the step, and the junction current is
//
//	I_gap = -(sum_j g_ij) V_m + sum_j g_ij V_j(t)
//
// An iteration sends the interpolation of the V_m it computed (cubic
// Hermite with the derivative at both ends for order 3); the final update
// sends the last V_m as a constant guess for the next slice.

// gapJunctions is the gap-junction part of a neuron.
type gapJunctions struct {
	order    int       // interpolation order
	minDelay int       // steps per slice
	step     float64   // simulation step, ms
	tol      float64   // wfr_tol, mV
	coeffs   []float64 // received: order+1 per step of the slice, summed over junctions
	sumG     float64   // sum of the junction weights (nS)
	sent     []float64 // what the neuron sent last
	lastY    []float64 // V_m of the last iteration, per step
	lag      int       // step of the slice being integrated
	fTemp    []float64 // derivatives for the Hermite interpolation
	// dv, if set, is the model's dV_m/dt alone, as its right-hand side
	// computes it: the Hermite interpolation needs no more.
	dv func(t float64, y []float64) float64
}

// slope is h times dV_m/dt at time t of the step for state y.
func (g *gapJunctions) slope(f func(t float64, y, f []float64) error, t float64, y []float64) float64 {
	if g.dv != nil {
		return g.step * g.dv(t, y)
	}
	_ = f(t, y, g.fTemp)
	return g.step * g.fTemp[0]
}

// prepareGap sizes the buffers for the slice length and interpolation
// order of env; they keep their content while those stay the same.
func (g *gapJunctions) prepareGap(env *node.Env, dim int, in *integrator) {
	g.step, g.tol = env.Base.Resolution, env.WFR.Tol
	// The gap models' right-hand sides only read the state and inputs.
	in.evolve.SkipEndDerivative = true
	if g.coeffs == nil || g.minDelay != env.MinDelay || g.order != env.WFR.Order {
		g.order, g.minDelay = env.WFR.Order, env.MinDelay
		n := g.minDelay * (g.order + 1)
		g.coeffs, g.sent, g.lastY = make([]float64, n), make([]float64, n), make([]float64, g.minDelay)
		g.fTemp = make([]float64, dim)
	}
}

// gapCurrent is I_gap at time t (ms) inside the present step for membrane
// potential v, in NEST's order of operations.
func (g *gapJunctions) gapCurrent(t, v float64) float64 {
	if g.coeffs == nil {
		return 0
	}
	x := t / g.step
	switch g.order {
	case 0:
		return -g.sumG*v + g.coeffs[g.lag]
	case 1:
		c := g.coeffs[g.lag*2:]
		return -g.sumG*v + c[0] + c[1]*x
	default:
		c := g.coeffs[g.lag*4:]
		return -g.sumG*v + c[0] + c[1]*x + c[2]*x*x + c[3]*x*x*x
	}
}

// SendsSecondary implements node.SecondarySender.
func (g *gapJunctions) SendsSecondary(kind node.SecondaryKind) bool { return kind == node.GapJunction }

// SecondaryCoefficients implements node.SecondarySender.
func (g *gapJunctions) SecondaryCoefficients(node.SecondaryKind) []float64 { return g.sent }

// CheckSecondaryReceptor implements node.SecondaryReceiver: gap
// junctions on receptor 0.
func (g *gapJunctions) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.GapJunction {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\nThe target node takes gap junctions only.")
	}
	if rport != 0 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available for gap junctions.", rport)
	}
	return nil
}

// HandleSecondary implements node.SecondaryReceiver.
func (g *gapJunctions) HandleSecondary(e *node.SecondaryEvent) {
	g.sumG += e.Weight
	for i, c := range e.Coeffs {
		if i < len(g.coeffs) {
			g.coeffs[i] += e.Weight * c
		}
	}
}

// gapUpdate is the step loop of the gap-junction HH models over the steps
// from..to of the slice at origin (y the state vector, V_m first): as
// hhBase.update in the final update (wfr false); in an iteration it reads
// the spikes without consuming them, neither fires nor records, and
// builds the interpolation it sends. It returns whether every V_m stayed
// within wfr_tol of the previous iteration's.
func (b *hhBase) gapUpdate(g *gapJunctions, ctx *node.Context, origin int64, from, to int, y []float64,
	st *hhStep, rec node.Recordable, wfr bool) bool {
	order := g.order
	clear(g.sent)
	done := true
	for lag := from; lag < to; lag++ {
		g.lag = lag
		step := origin + int64(lag)
		var yi, hfi float64
		if wfr {
			yi = y[0]
			if order == 3 {
				hfi = g.slope(b.f, 0, y)
			}
		}
		uOld := y[0]
		b.advance(b.model, b.f, y)
		if !wfr {
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
			continue
		}
		b.ring.Peek(ctx.Slot(step), b.input[:])
		st.addSpikes(&b.input)
		done = math.Abs(y[0]-g.lastY[lag]) <= g.tol && done
		g.lastY[lag] = y[0]
		k := lag * (order + 1)
		g.sent[k] = yi
		switch order {
		case 1:
			g.sent[k+1] = y[0] - yi
		case 3:
			yip1 := y[0]
			hfip1 := g.slope(b.f, g.step, y)
			g.sent[k+1] = hfi
			g.sent[k+2] = -3*yi + 3*yip1 - 2*hfi - hfip1
			g.sent[k+3] = 2*yi - 2*yip1 + hfi + hfip1
		}
	}
	if !wfr {
		for lag := from; lag < to; lag++ {
			g.sent[lag*(order+1)] = y[0]
		}
		clear(g.lastY)
	}
	g.sumG = 0
	clear(g.coeffs)
	return done
}
