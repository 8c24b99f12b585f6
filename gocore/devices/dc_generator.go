package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("dc_generator", func() node.Node { return NewDCGenerator() }) }

// DCGenerator is NEST's dc_generator: a constant current injected into its
// targets while it is active.
//
// Parameters: amplitude (pA, default 0), origin, start, stop (ms; stop
// default +Inf). Every step in which it is active it sends the current to
// all targets; a target applies it one step after arrival. Recordables: I
// (pA), the current sent in the step, 0 while inactive, as NEST records it.
type DCGenerator struct {
	Amplitude float64 // amplitude, pA
	W         Window
	Label     string // label

	tMin, tMax int64
	current    float64 // current of the last step (recordable I), pA
	deviceLoggers
}

var dcRecordables = []string{"I"}

// NewDCGenerator returns a dc_generator with NEST's defaults.
func NewDCGenerator() *DCGenerator { return &DCGenerator{W: DefaultWindow()} }

// Model implements node.Node.
func (g *DCGenerator) Model() string { return "dc_generator" }

// ElementType implements node.Node.
func (g *DCGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node.
func (g *DCGenerator) Clone() node.Node {
	c := *g
	c.logs.Clear()
	return &c
}

// Status implements node.Node.
func (g *DCGenerator) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *DCGenerator) StatusTo(s node.StatusSink) {
	s.Float("amplitude", g.Amplitude)
	s.String("label", g.Label)
	s.Strings("recordables", dcRecordables)
	g.W.statusTo(s)
}

// SetStatus implements node.Node.
func (g *DCGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	amp := g.Amplitude
	if _, err := r.Float("amplitude", &amp); err != nil {
		return err
	}
	w, err := g.W.set(r, env.Base)
	if err != nil {
		return err
	}
	label := g.Label
	if _, err := r.String("label", &label); err != nil {
		return err
	}
	g.Amplitude, g.W, g.Label = amp, w, label
	return nil
}

// Prepare implements node.Node.
func (g *DCGenerator) Prepare(env *node.Env) {
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SendsCurrents implements node.CurrentSender.
func (g *DCGenerator) SendsCurrents() bool { return true }

// Update implements node.Node.
func (g *DCGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		// NEST shifts current generators by two steps: one for delivery, one
		// because a current affects the membrane in the step after arrival.
		g.current = 0
		if s := step + 2; g.tMin < s && s <= g.tMax {
			g.current = g.Amplitude
			ctx.Emit.SendCurrent(ctx.Index, step, g.Amplitude)
		}
		g.logs.Record(step, g)
	}
}

// Recordables implements node.Recordable.
func (g *DCGenerator) Recordables() []string { return dcRecordables }

// RecordableValue implements node.Recordable.
func (g *DCGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return g.current
	}
	return math.NaN()
}
