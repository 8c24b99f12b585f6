package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("mip_generator", func() node.Node { return NewMIPGenerator() }) }

// MIPGenerator is NEST's mip_generator: correlated spike trains by
// multiple interaction processes. One Poisson mother train of rate rate
// is drawn for all targets, and every target receives each mother spike
// independently with probability p_copy, so that any two targets share a
// fraction p_copy of their spikes.
//
// Parameters (status keys, defaults, units):
//
//	rate                 0.0    spikes/s  rate of the mother process, >= 0
//	p_copy               1.0    -         copy probability, in [0, 1]
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// In every step s the mother process draws a Poisson number of mean
// rate*h spikes (stamped s+1); a target receives a binomial number of
// them of probability p_copy. As in NEST 3.10, the window is tested at
// the start of each slice (the slice origin T: origin+start < T <=
// origin+stop) and then holds for the whole slice, so with start 0 the
// first slice, which starts at 0, sends nothing.
//
// Deviation from NEST: with several MPI processes NEST draws the mother
// train from a stream shared by all processes; here each process's copy
// of the device draws its own. All outgoing connections must use one
// static synapse model.
type MIPGenerator struct {
	Rate  float64 // rate, spikes/s
	PCopy float64 // p_copy
	W     Window
	Label string // label

	lambda     float64 // mean mother spikes per step
	rng        *rand.Rand
	tMin, tMax int64
	perTarget
}

// NewMIPGenerator returns a mip_generator with NEST's defaults.
func NewMIPGenerator() *MIPGenerator { return &MIPGenerator{PCopy: 1, W: DefaultWindow()} }

// Model implements node.Node.
func (g *MIPGenerator) Model() string { return "mip_generator" }

// ElementType implements node.Node.
func (g *MIPGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node: the copy has no targets.
func (g *MIPGenerator) Clone() node.Node {
	c := *g
	c.perTarget = perTarget{}
	return &c
}

// Status implements node.Node.
func (g *MIPGenerator) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *MIPGenerator) StatusTo(s node.StatusSink) {
	s.Float("rate", g.Rate)
	s.Float("p_copy", g.PCopy)
	s.String("label", g.Label)
	g.W.statusTo(s)
}

// SetStatus implements node.Node; nothing changes unless every entry is
// valid.
func (g *MIPGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Float("rate", &c.Rate); err != nil {
		return err
	}
	if _, err := r.Float("p_copy", &c.PCopy); err != nil {
		return err
	}
	if c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Rate must be non-negative (rate = %g spikes/s).", c.Rate)
	}
	if !(c.PCopy >= 0 && c.PCopy <= 1) {
		return nesterr.New(nesterr.ErrBadProperty, "Copy probability must be in [0, 1] (p_copy = %g).", c.PCopy)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node.
func (g *MIPGenerator) Prepare(env *node.Env) {
	g.lambda = env.Base.Resolution * g.Rate * 1e-3
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SendsSpikes implements node.SpikeSender.
func (g *MIPGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *MIPGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	if !(g.tMin < origin && origin <= g.tMax) || !(g.Rate > 0) {
		return
	}
	for lag := from; lag < to; lag++ {
		n := int64(drawPoisson(g.rng, g.lambda))
		if n == 0 || g.targets == 0 {
			continue
		}
		for i := range g.mults {
			g.mults[i] = int32(drawBinomial(g.rng, n, g.PCopy))
		}
		g.send(ctx, origin+int64(lag))
	}
}
