package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("dc_generator", func() node.Node { return NewDCGenerator() }) }

// DCGenerator is NEST's dc_generator: a constant current injected into its
// targets while it is active.
//
// Parameters: amplitude (pA, default 0), origin, start, stop (ms; stop
// default +Inf). Every step in which it is active it sends the current to
// all targets; a target applies it one step after arrival.
type DCGenerator struct {
	Amplitude float64 // amplitude, pA
	W         Window
	Label     string // label

	tMin, tMax int64
}

// NewDCGenerator returns a dc_generator with NEST's defaults.
func NewDCGenerator() *DCGenerator { return &DCGenerator{W: DefaultWindow()} }

// Model implements node.Node.
func (g *DCGenerator) Model() string { return "dc_generator" }

// ElementType implements node.Node.
func (g *DCGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node.
func (g *DCGenerator) Clone() node.Node { c := *g; return &c }

// Status implements node.Node.
func (g *DCGenerator) Status() dict.Dict {
	d := dict.Dict{"amplitude": g.Amplitude, "label": g.Label}
	g.W.status(d)
	return d
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
func (g *DCGenerator) Prepare(env *node.Env) { g.tMin, g.tMax = g.W.bounds(env.Base) }

// SendsCurrents implements node.CurrentSender.
func (g *DCGenerator) SendsCurrents() bool { return true }

// Update implements node.Node.
func (g *DCGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		// NEST shifts current generators by two steps: one for delivery, one
		// because a current affects the membrane in the step after arrival.
		if s := step + 2; g.tMin < s && s <= g.tMax {
			ctx.Emit.SendCurrent(ctx.Index, step, g.Amplitude)
		}
	}
}
