package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"math"
)

func init() { register("poisson_generator", func() node.Node { return NewPoissonGenerator() }) }

// PoissonGenerator is NEST's poisson_generator: every target receives its
// own, independent Poisson spike train of the given rate.
//
// Parameters (status keys, defaults, units):
//
//	rate                 0.0    spikes/s  mean firing rate, >= 0
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// In every step s with origin+start < s*h <= origin+stop (no shift, unlike
// current generators: the window applies to the step that sends, whose
// spikes are stamped s+1) the generator emits a spike event whose
// multiplicity the kernel draws for each target separately from a Poisson
// distribution of mean rate*h (h in s); targets that draw 0 receive
// nothing.
type PoissonGenerator struct {
	Rate  float64 // rate, spikes/s
	W     Window
	Label string // label

	lambda     float64 // mean number of spikes per step and target
	tMin, tMax int64
}

// NewPoissonGenerator returns a poisson_generator with NEST's defaults.
func NewPoissonGenerator() *PoissonGenerator { return &PoissonGenerator{W: DefaultWindow()} }

// Model implements node.Node.
func (g *PoissonGenerator) Model() string { return "poisson_generator" }

// ElementType implements node.Node.
func (g *PoissonGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node.
func (g *PoissonGenerator) Clone() node.Node { c := *g; return &c }

// Status implements node.Node.
func (g *PoissonGenerator) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *PoissonGenerator) StatusTo(s node.StatusSink) {
	s.Float("rate", g.Rate)
	s.String("label", g.Label)
	g.W.statusTo(s)
}

// SetStatus implements node.Node: the rate first, then the window and the
// label, as in NEST; nothing changes unless all are valid.
func (g *PoissonGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	rate := g.Rate
	if _, err := r.Float("rate", &rate); err != nil {
		return err
	}
	if rate < 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return nesterr.New(nesterr.ErrBadProperty, "The rate must be a finite number >= 0 (rate = %g spikes/s).", rate)
	}
	w, err := g.W.set(r, env.Base)
	if err != nil {
		return err
	}
	label := g.Label
	if _, err := r.String("label", &label); err != nil {
		return err
	}
	g.Rate, g.W, g.Label = rate, w, label
	return nil
}

// Prepare implements node.Node.
func (g *PoissonGenerator) Prepare(env *node.Env) {
	// NEST's order of the product: resolution (ms) * rate (1/s) * 1e-3.
	g.lambda = env.Base.Resolution * g.Rate * 1e-3
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SendsSpikes implements node.SpikeSender.
func (g *PoissonGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *PoissonGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	if !(g.Rate > 0) {
		return
	}
	for lag := from; lag < to; lag++ {
		if step := origin + int64(lag); g.tMin < step && step <= g.tMax {
			ctx.Emit.EmitPoisson(ctx.Index, step, g.lambda)
		}
	}
}
