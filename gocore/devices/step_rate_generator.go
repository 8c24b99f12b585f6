package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("step_rate_generator", func() node.Node { return NewStepRateGenerator() })
}

// StepRateGenerator is NEST's step_rate_generator: a piecewise constant
// rate that changes to amplitude_values[i] at amplitude_times[i], sent to
// rate neurons through rate_connection_delayed as a secondary event (one
// rate per step of the slice, see node/secondary.go).
//
// Its parameters, their rules and the time at which a change takes effect
// are step_current_generator's (whose implementation it shares):
//
//	amplitude_times      []     ms  strictly increasing, > 0, on the grid unless allow_offgrid_times
//	amplitude_values     []         one rate per time
//	allow_offgrid_times  false
//	origin, start, stop  0, 0, +inf ms  active window
//
// Recordables: rate, the rate sent in the step (0 while inactive). A
// slice with no active step sends nothing, as in NEST. NEST hands a
// device's events to their targets during its update, so the kernel
// updates this device first in every slice (see kernel.updateDevices): a
// rate for step t reaches a target through a delay d in step
// t + d - min_delay.
type StepRateGenerator struct {
	StepCurrentGenerator
	sent, scratch []float64
}

// NewStepRateGenerator returns a step_rate_generator with NEST's defaults.
func NewStepRateGenerator() *StepRateGenerator {
	return &StepRateGenerator{StepCurrentGenerator: *NewStepCurrentGenerator()}
}

var stepRateRecordables = []string{"rate"}

// Model implements node.Node.
func (g *StepRateGenerator) Model() string { return "step_rate_generator" }

// Clone implements node.Node.
func (g *StepRateGenerator) Clone() node.Node {
	return &StepRateGenerator{StepCurrentGenerator: *g.StepCurrentGenerator.Clone().(*StepCurrentGenerator)}
}

// Status implements node.Node.
func (g *StepRateGenerator) Status() dict.Dict {
	d := g.StepCurrentGenerator.Status()
	d["recordables"] = append([]string(nil), stepRateRecordables...)
	return d
}

// SendsCurrents implements node.CurrentSender: it sends rates only.
func (g *StepRateGenerator) SendsCurrents() bool { return false }

// SendsSecondary implements node.SecondarySender.
func (g *StepRateGenerator) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.DelayedRate
}

// SecondaryCoefficients implements node.SecondarySender.
func (g *StepRateGenerator) SecondaryCoefficients(node.SecondaryKind) []float64 { return g.sent }

// Prepare implements node.Node.
func (g *StepRateGenerator) Prepare(env *node.Env) {
	g.StepCurrentGenerator.Prepare(env)
	if len(g.scratch) != env.MinDelay {
		g.sent, g.scratch = make([]float64, 0, env.MinDelay), make([]float64, env.MinDelay)
	}
}

// Update implements node.Node: NEST's order, as step_current_generator's.
func (g *StepRateGenerator) Update(_ *node.Context, origin int64, from, to int) {
	first := origin + int64(from)
	for g.next < len(g.stamps) && g.stamps[g.next] <= first {
		g.next++
	}
	active := false
	rates := g.scratch
	clear(rates)
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		g.current = 0
		if g.next < len(g.stamps) && step+1 == g.stamps[g.next] {
			g.amp = g.values[g.next]
			g.next++
		}
		if currentGeneratorActive(step, g.tMin, g.tMax) {
			active = true
			g.current = g.amp
			rates[lag] = g.amp
		}
		g.logs.Record(step, g)
	}
	g.sent = g.sent[:0]
	if active {
		g.sent = append(g.sent, rates...)
	}
}

// Recordables implements node.Recordable.
func (g *StepRateGenerator) Recordables() []string { return stepRateRecordables }
