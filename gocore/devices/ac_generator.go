package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("ac_generator", func() node.Node { return NewACGenerator() }) }

// ACGenerator is NEST's ac_generator: a sinusoidal current
// offset + amplitude*sin(2*pi*frequency*t + phase).
//
// Parameters (status keys, defaults, units):
//
//	amplitude            0.0    pA       amplitude of the sine
//	offset               0.0    pA       constant added to the sine
//	frequency            0.0    Hz
//	phase                0.0    degrees
//	origin, start, stop  0, 0, +inf ms   active window
//	label                ""     -
//
// State (read only): y_0, y_1 (pA), the oscillator
// amplitude*(cos, sin)(omega*t + phase) at the end of the last step.
// Recordables: I (pA), the current sent in the step, 0 while inactive.
//
// As in NEST the sine is not evaluated step by step: Prepare sets the
// oscillator to its value at the start of the run, and every step, active
// or not, rotates it by the exact angle omega*h. The step s (from s*h to
// (s+1)*h) therefore sends offset + amplitude*sin(omega*(s+1)*h + phase),
// up to the rounding the rotations accumulate, and only while active
// (current-generator rule, see currentGeneratorActive).
//
// NEST checks none of the parameters, and neither does this model.
type ACGenerator struct {
	Amplitude float64 // amplitude, pA
	Offset    float64 // offset, pA
	Frequency float64 // frequency, Hz
	Phase     float64 // phase, degrees
	W         Window
	Label     string // label

	y0, y1  float64 // oscillator state, pA
	current float64 // current sent in the last step (recordable I), pA

	// rotation by omega*h: [a00 a01; a10 a11]
	a00, a01, a10, a11 float64
	tMin, tMax         int64
	deviceLoggers
}

// NewACGenerator returns an ac_generator with NEST's defaults.
func NewACGenerator() *ACGenerator { return &ACGenerator{W: DefaultWindow()} }

var acRecordables = []string{"I"}

// Model implements node.Node.
func (g *ACGenerator) Model() string { return "ac_generator" }

// ElementType implements node.Node.
func (g *ACGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node; the copy has no loggers.
func (g *ACGenerator) Clone() node.Node {
	c := *g
	c.logs.Clear()
	return &c
}

// Status implements node.Node.
func (g *ACGenerator) Status() dict.Dict {
	d := dict.Dict{
		"amplitude":   g.Amplitude,
		"offset":      g.Offset,
		"frequency":   g.Frequency,
		"phase":       g.Phase,
		"y_0":         g.y0,
		"y_1":         g.y1,
		"label":       g.Label,
		"recordables": append([]string(nil), acRecordables...),
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node; nothing changes unless every entry is
// valid. The state y_0, y_1 is read only.
func (g *ACGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	for _, f := range []struct {
		key string
		dst *float64
	}{{"amplitude", &c.Amplitude}, {"offset", &c.Offset}, {"frequency", &c.Frequency}, {"phase", &c.Phase}} {
		if _, err := r.Float(f.key, f.dst); err != nil {
			return err
		}
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node: it places the oscillator at the current
// time and computes the rotation by one step, with NEST's expressions.
func (g *ACGenerator) Prepare(env *node.Env) {
	h := env.Base.Resolution
	t := env.Base.StepsToMs(env.Now)
	omega := 2.0 * math.Pi * g.Frequency / 1000.0 // rad/ms
	phi := g.Phase * 2.0 * math.Pi / 360.0
	g.y0 = g.Amplitude * math.Cos(omega*t+phi)
	g.y1 = g.Amplitude * math.Sin(omega*t+phi)
	g.a00 = math.Cos(omega * h)
	g.a01 = -math.Sin(omega * h)
	g.a10 = math.Sin(omega * h)
	g.a11 = math.Cos(omega * h)
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SendsCurrents implements node.CurrentSender.
func (g *ACGenerator) SendsCurrents() bool { return true }

// Update implements node.Node. The oscillator turns in every step, so
// that a window only cuts pieces out of one continuous sine.
func (g *ACGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		y0 := g.y0
		g.y0 = g.a00*y0 + g.a01*g.y1
		g.y1 = g.a10*y0 + g.a11*g.y1
		g.current = 0
		if currentGeneratorActive(step, g.tMin, g.tMax) {
			g.current = g.y1 + g.Offset
			ctx.Emit.SendCurrent(ctx.Index, step, g.current)
		}
		g.logs.Record(step, g)
	}
}

// Recordables implements node.Recordable.
func (g *ACGenerator) Recordables() []string { return acRecordables }

// RecordableValue implements node.Recordable.
func (g *ACGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return g.current
	}
	return math.NaN()
}
