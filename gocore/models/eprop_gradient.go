package models

import (
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/synapses"
)

// epropGradient is the walk NEST's compute_gradient makes for the
// recurrent models and the readout alike: over the steps since the
// connection's previous event (at most the remaining cutoff) the
// presynaptic spikes are low-pass filtered with the membrane's decay pVm
// (z_bar); step turns each history entry, with the new z_bar, into the
// step's gradient increment (updating the model's own traces in c), which
// goes to the optimizer each step or is summed and handed over once. A
// flush event integrates without optimizing; the next event goes on from
// there. decay lets the model's own traces decay over k steps without
// history, after z_bar has.
func epropGradient[E epropEntry](h *epropHistory[E], pVm float64, tSpike int64, c *synapses.EpropTrace,
	weight *float64, o *synapses.EpropOptimizer, flush bool, step func(e *E) float64, decay func(k float64)) {
	eachStep := o.OptimizeEachStep
	isi := tSpike - c.TSpikePrevious
	zCurrent := 0.0
	if !c.PreviousWasFlush {
		c.RemainingSteps = h.cutoff
		c.Gradient = 0
		zCurrent = 1
	}
	tBegin := c.TSpikePrevious - 1
	pos := h.at(tBegin)
	tSteps := min(c.RemainingSteps, isi)
	tEnd := tBegin + tSteps
	for t := tBegin; t < tEnd; t, pos = t+1, pos+1 {
		entry, ok := h.entryAt(pos, t)
		if !ok {
			break
		}
		z := c.ZPreviousBuffer
		c.ZPreviousBuffer = zCurrent
		zCurrent = 0
		c.ZBar = pVm*c.ZBar + z
		inc := step(entry)
		if eachStep {
			c.Gradient = inc
			*weight = c.Opt.OptimizedWeight(o, t+1, c.Gradient, *weight)
		} else {
			c.Gradient += inc
		}
	}
	c.RemainingSteps -= tSteps
	untilEvent := isi - tSteps
	c.DecaySteps += untilEvent
	if !flush && c.DecaySteps > 0 {
		k := float64(c.DecaySteps)
		c.ZBar *= libm.Pow(pVm, k)
		if decay != nil {
			decay(k)
		}
		c.DecaySteps = 0
	}
	if !flush && !eachStep {
		*weight = c.Opt.OptimizedWeight(o, tEnd+untilEvent, c.Gradient, *weight)
	}
}
