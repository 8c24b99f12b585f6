package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() {
	register("step_current_generator", func() node.Node { return NewStepCurrentGenerator() })
}

// StepCurrentGenerator is NEST's step_current_generator: a piecewise
// constant current that changes to amplitude_values[i] at
// amplitude_times[i].
//
// Parameters (status keys, defaults, units):
//
//	amplitude_times      []     ms  strictly increasing, > 0, on the grid unless allow_offgrid_times
//	amplitude_values     []     pA  one per time
//	allow_offgrid_times  false  -   round off-grid times up to the end of their step
//	origin, start, stop  0, 0, +inf ms  active window
//	label                ""     -
//
// Recordables: I (pA), the current sent in the step, 0 while inactive.
//
// The amplitude times are absolute times; origin shifts only the window.
// The amplitude that takes effect at t (a stamp of k = t/h steps) is
// adopted in step k-1, whether or not the generator is active then, and
// stays in force until the next change (before the first change it is
// 0). In every active step (current-generator rule, see
// currentGeneratorActive) the amplitude in force is sent to all targets,
// so with a connection delay d it drives the membrane from t+d on.
//
// Times and values must be set together, and allow_offgrid_times only
// together with them or while no times are set. Setting new times starts
// over at the first of them (those in the past are skipped); the amplitude
// in force is kept until a new one takes effect, as in NEST.
type StepCurrentGenerator struct {
	W                 Window
	Label             string // label
	AllowOffgridTimes bool   // allow_offgrid_times

	// stamps are the amplitude times in steps; timesMs the same times in
	// ms as reported; values the amplitudes (pA).
	stamps  []int64
	timesMs []float64
	values  []float64

	next    int     // index of the next amplitude change
	amp     float64 // amplitude in force, pA
	current float64 // current sent in the last step (recordable I), pA

	tMin, tMax int64
	deviceLoggers
}

// NewStepCurrentGenerator returns a step_current_generator with NEST's
// defaults: no amplitude changes, so it sends 0 pA while active.
func NewStepCurrentGenerator() *StepCurrentGenerator {
	return &StepCurrentGenerator{W: DefaultWindow()}
}

var stepCurrentRecordables = []string{"I"}

// Model implements node.Node.
func (g *StepCurrentGenerator) Model() string { return "step_current_generator" }

// ElementType implements node.Node.
func (g *StepCurrentGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node. As a NEST copy, the clone starts at the
// first amplitude change with amplitude 0 and has no loggers; the lists
// are shared, since SetStatus replaces them and never writes into them.
func (g *StepCurrentGenerator) Clone() node.Node {
	c := *g
	c.next, c.amp, c.current = 0, 0, 0
	c.logs.Clear()
	return &c
}

// Status implements node.Node.
func (g *StepCurrentGenerator) Status() dict.Dict {
	d := dict.Dict{
		"amplitude_times":     append([]float64{}, g.timesMs...),
		"amplitude_values":    append([]float64{}, g.values...),
		"allow_offgrid_times": g.AllowOffgridTimes,
		"label":               g.Label,
		"recordables":         append([]string(nil), stepCurrentRecordables...),
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node: the amplitude lists and the option
// first, then the window and the label, as in NEST; nothing changes
// unless all are valid.
func (g *StepCurrentGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	var times []float64
	timesGiven, err := r.Floats("amplitude_times", &times)
	if err != nil {
		return err
	}
	valuesGiven, err := r.Floats("amplitude_values", &c.values)
	if err != nil {
		return err
	}
	offgridGiven, err := r.Bool("allow_offgrid_times", &c.AllowOffgridTimes)
	if err != nil {
		return err
	}
	if timesGiven != valuesGiven {
		return nesterr.New(nesterr.ErrBadProperty,
			"Amplitude times and values must be reset together (amplitude_times given: %t, amplitude_values given: %t).",
			timesGiven, valuesGiven)
	}
	if offgridGiven && !timesGiven && len(g.stamps) > 0 {
		return nesterr.New(nesterr.ErrBadProperty,
			"allow_offgrid_times can only be changed before amplitude_times have been set, or together with amplitude_times and amplitude_values (%d amplitude times are set).",
			len(g.stamps))
	}
	nTimes := len(g.stamps)
	if timesGiven {
		nTimes = len(times)
	}
	if nTimes != len(c.values) {
		return nesterr.New(nesterr.ErrBadProperty,
			"Amplitude times and values have to be the same size (%d times, %d values).", nTimes, len(c.values))
	}
	if timesGiven {
		if err := c.setTimes(times, env.Base); err != nil {
			return err
		}
		c.next = 0
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// setTimes checks the amplitude times and stores their stamps: each must
// be > 0, on the grid (or rounded up to the end of its step when
// AllowOffgridTimes is set) and after the previous one on the grid.
func (g *StepCurrentGenerator) setTimes(times []float64, base simtime.Base) error {
	stamps := make([]int64, len(times))
	timesMs := make([]float64, len(times))
	var prevTics int64 // the first time must lie after 0
	for i, t := range times {
		if !(t > 0) {
			return nesterr.New(nesterr.ErrBadProperty,
				"Amplitude can only be changed at strictly positive times (t > 0) (amplitude_times[%d] = %g ms).", i, t)
		}
		if math.IsInf(t, 0) || t*base.TicsPerMs >= float64(simtime.MaxSteps) {
			return nesterr.New(nesterr.ErrBadProperty,
				"step_current_generator: Time point %g is not a finite time the simulation can represent (amplitude_times[%d]).", t, i)
		}
		tics := base.MsToTics(t)
		if tics%base.TicsPerStep != 0 {
			if !g.AllowOffgridTimes {
				return nesterr.New(nesterr.ErrBadProperty,
					"step_current_generator: Time point %g is not representable in current resolution (%g ms) (amplitude_times[%d]); set allow_offgrid_times to accept it.",
					t, base.Resolution, i)
			}
			tics = msStampTics(base, t)
		}
		if tics <= prevTics {
			return nesterr.New(nesterr.ErrBadProperty,
				"step_current_generator: amplitude times must be at strictly increasing time steps (amplitude_times[%d] = %g ms lies on step %g ms, not after %g ms).",
				i, t, base.TicsToMs(tics), base.TicsToMs(prevTics))
		}
		prevTics = tics
		stamps[i] = tics / base.TicsPerStep
		timesMs[i] = base.StepsToMs(stamps[i])
	}
	g.stamps, g.timesMs = stamps, timesMs
	return nil
}

// Prepare implements node.Node. The position in the list and the
// amplitude in force carry over from the previous run.
func (g *StepCurrentGenerator) Prepare(env *node.Env) {
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SendsCurrents implements node.CurrentSender.
func (g *StepCurrentGenerator) SendsCurrents() bool { return true }

// Update implements node.Node.
func (g *StepCurrentGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	// Changes whose step has passed are skipped; the change at stamp k is
	// adopted in step k-1, which must still lie ahead.
	first := origin + int64(from)
	for g.next < len(g.stamps) && g.stamps[g.next] <= first {
		g.next++
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		g.current = 0
		if g.next < len(g.stamps) && step+1 == g.stamps[g.next] {
			g.amp = g.values[g.next]
			g.next++
		}
		if currentGeneratorActive(step, g.tMin, g.tMax) {
			ctx.Emit.SendCurrent(ctx.Index, step, g.amp)
			g.current = g.amp
		}
		g.logs.Record(step, g)
	}
}

// Recordables implements node.Recordable.
func (g *StepCurrentGenerator) Recordables() []string { return stepCurrentRecordables }

// RecordableValue implements node.Recordable.
func (g *StepCurrentGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return g.current
	}
	return math.NaN()
}
