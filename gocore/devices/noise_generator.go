package devices

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("noise_generator", func() node.Node { return NewNoiseGenerator() }) }

// NoiseGenerator is NEST's noise_generator: a piecewise constant Gaussian
// current that takes a new value every dt,
//
//	I = mean + sqrt(std^2 + std_mod^2*sin(2*pi*frequency*t + phase)) * N(0, 1).
//
// Parameters (status keys, defaults, units):
//
//	mean                 0.0         pA       mean of the current
//	std                  0.0         pA       standard deviation, >= 0
//	std_mod              0.0         pA       modulation of the variance, 0 <= std_mod <= std
//	frequency            0.0         Hz       frequency of the modulation
//	phase                0.0         degrees  phase of the modulation
//	dt                   10*h = 1.0  ms       interval between new values, a positive multiple of the resolution h
//	origin, start, stop  0, 0, +inf  ms       active window
//	label                ""          -
//
// State (read only): y_0, y_1, the modulation oscillator
// (cos, sin)(omega*t + phase). Recordables: I (pA), the current sent in
// the step, 0 while inactive.
//
// In every active step (current-generator rule, see
// currentGeneratorActive) the generator sends its current value; the
// first active step and every step at least dt after the previous draw
// draw a new one (so the dt grid restarts after an inactive period, as in
// NEST). The modulation oscillator turns only in active steps and only
// when std_mod is not 0, as in NEST.
//
// As in NEST, every target gets its own independent value (the kernel
// tells the generator its number of targets before a run and delivers
// value i to target i, node.PerTargetCurrentSender), and the recordable I
// is the average over the targets.
//
// dt: NEST's default is ten steps of the resolution in force when the
// model was made (1.0 ms with the default 0.1 ms). A dt that is not a
// multiple of a new resolution is replaced by ten steps of it when the
// node is set or prepared, as NEST does when it recalibrates.
// An invalid dt is a BadProperty here (NEST: StepMultipleRequired).
type NoiseGenerator struct {
	Mean      float64 // mean, pA
	Std       float64 // std, pA
	StdMod    float64 // std_mod, pA
	Frequency float64 // frequency, Hz
	Phase     float64 // phase, degrees
	Dt        float64 // dt, ms
	W         Window
	Label     string // label

	y0, y1   float64   // modulation oscillator
	amps     []float64 // current value of each target, pA
	nextStep int64     // step from which the next values are drawn
	current  float64   // average current sent in the last step (recordable I), pA

	dtSteps            int64
	a00, a01, a10, a11 float64 // rotation by omega*h
	rng                *rand.Rand
	tMin, tMax         int64
	deviceLoggers
}

// defaultNoiseDtSteps is NEST's default dt in steps of the resolution.
const defaultNoiseDtSteps = 10

// NewNoiseGenerator returns a noise_generator with NEST's defaults for the
// default resolution.
func NewNoiseGenerator() *NoiseGenerator {
	return &NoiseGenerator{Dt: defaultNoiseDtSteps * simtime.DefaultBase().Resolution, W: DefaultWindow()}
}

var noiseRecordables = []string{"I"}

// Model implements node.Node.
func (g *NoiseGenerator) Model() string { return "noise_generator" }

// ElementType implements node.Node.
func (g *NoiseGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node; the copy has no loggers.
func (g *NoiseGenerator) Clone() node.Node {
	c := *g
	c.logs.Clear()
	return &c
}

// Status implements node.Node.
func (g *NoiseGenerator) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *NoiseGenerator) StatusTo(s node.StatusSink) {
	s.Float("mean", g.Mean)
	s.Float("std", g.Std)
	s.Float("std_mod", g.StdMod)
	s.Float("frequency", g.Frequency)
	s.Float("phase", g.Phase)
	s.Float("dt", g.Dt)
	s.Float("y_0", g.y0)
	s.Float("y_1", g.y1)
	s.String("label", g.Label)
	s.Strings("recordables", noiseRecordables)
	g.W.statusTo(s)
}

// isStep reports whether ms is a positive multiple of the resolution
// (NEST's Time::is_step after rounding to tics).
func isStep(base simtime.Base, ms float64) bool {
	return ms > 0 && base.IsGrid(ms) && base.MsToTics(ms) > 0
}

// noiseStepsText writes a step count as NEST's messages do ("1 step",
// "2 steps").
func noiseStepsText(n int64) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

// effectiveDt returns dt, or the default for base if dt is no longer a
// multiple of its resolution.
func effectiveDt(base simtime.Base, dt float64) float64 {
	if isStep(base, dt) {
		return dt
	}
	return base.StepsToMs(defaultNoiseDtSteps)
}

// SetStatus implements node.Node: the parameters in NEST's order, then
// the window and the label; nothing changes unless all are valid. The
// state y_0, y_1 is read only.
func (g *NoiseGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	for _, f := range []struct {
		key string
		dst *float64
	}{{"mean", &c.Mean}, {"std", &c.Std}, {"std_mod", &c.StdMod}, {"frequency", &c.Frequency}, {"phase", &c.Phase}} {
		if _, err := r.Float(f.key, f.dst); err != nil {
			return err
		}
	}
	dtGiven, err := r.Float("dt", &c.Dt)
	if err != nil {
		return err
	}
	switch {
	case c.Std < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The standard deviation cannot be negative (std = %g pA).", c.Std)
	case c.StdMod < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The standard deviation cannot be negative (std_mod = %g pA).", c.StdMod)
	case c.StdMod > c.Std:
		return nesterr.New(nesterr.ErrBadProperty,
			"The modulation amplitude must be smaller or equal to the baseline amplitude (std_mod = %g pA, std = %g pA).", c.StdMod, c.Std)
	}
	if !dtGiven {
		c.Dt = effectiveDt(env.Base, c.Dt)
	} else if !isStep(env.Base, c.Dt) {
		if !math.IsInf(c.Dt, 0) && !math.IsNaN(c.Dt) && math.Abs(c.Dt) < 1e12 {
			// NEST's check of a device's time property, with its message.
			b := env.Base
			tics := b.MsToTics(c.Dt)
			return nesterr.New(nesterr.ErrStepMultipleRequired,
				"The time property dt = %g ms (= %d tics = %s) of model noise_generator must be a multiple of the resolution %g ms (= %d tics = 1 step).",
				b.TicsToMs(tics), tics, noiseStepsText(b.DelayToSteps(c.Dt)), b.Resolution, b.TicsPerStep)
		}
		return nesterr.New(nesterr.ErrBadProperty,
			"noise_generator: dt must be a positive multiple of the simulation resolution (dt = %g ms, resolution %g ms).", c.Dt, env.Base.Resolution)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node: the draw interval in steps, the
// modulation oscillator at the current time and its rotation by one step,
// with NEST's expressions.
func (g *NoiseGenerator) Prepare(env *node.Env) {
	base := env.Base
	g.Dt = effectiveDt(base, g.Dt)
	g.dtSteps = base.MsToSteps(g.Dt)
	h := base.Resolution
	t := base.StepsToMs(env.Now)
	omega := 2.0 * math.Pi * g.Frequency / 1000.0 // rad/ms
	phi := g.Phase * 2.0 * math.Pi / 360.0
	g.y0 = math.Cos(omega*t + phi)
	g.y1 = math.Sin(omega*t + phi)
	g.a00 = math.Cos(omega * h)
	g.a01 = -math.Sin(omega * h)
	g.a10 = math.Sin(omega * h)
	g.a11 = math.Cos(omega * h)
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SendsCurrents implements node.CurrentSender.
func (g *NoiseGenerator) SendsCurrents() bool { return true }

// SetTargetCount implements node.PerTargetCurrentSender. A change of the
// number of targets starts all of them at 0 with a draw due, as NEST's
// resize of its amplitude buffer does.
func (g *NoiseGenerator) SetTargetCount(n int) {
	if len(g.amps) != n {
		g.amps = make([]float64, n)
		g.nextStep = 0
	}
}

// Update implements node.Node.
func (g *NoiseGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		g.current = 0
		if !currentGeneratorActive(step, g.tMin, g.tMax) {
			g.logs.Record(step, g)
			continue
		}
		if g.StdMod != 0 {
			y0 := g.y0
			g.y0 = g.a00*y0 + g.a01*g.y1
			g.y1 = g.a10*y0 + g.a11*g.y1
		}
		// >= rather than ==: after an inactive period the draw is overdue.
		if step >= g.nextStep {
			// With std_mod = std the variance touches 0 where the sine is
			// -1, and the rotated oscillator may overshoot -1 by an ulp:
			// NEST then sends NaN, this model 0 variance.
			sd := math.Sqrt(max(0, g.Std*g.Std+g.y1*g.StdMod*g.StdMod))
			for i := range g.amps {
				g.amps[i] = g.Mean + sd*g.rng.NormFloat64()
			}
			g.nextStep = step + g.dtSteps
		}
		sum := 0.0
		for _, a := range g.amps {
			sum += a
		}
		g.current = sum / float64(max(1, len(g.amps)))
		g.logs.Record(step, g)
		ctx.Emit.SendCurrents(ctx.Index, step, g.amps)
	}
}

// Recordables implements node.Recordable.
func (g *NoiseGenerator) Recordables() []string { return noiseRecordables }

// RecordableValue implements node.Recordable.
func (g *NoiseGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return g.current
	}
	return math.NaN()
}
