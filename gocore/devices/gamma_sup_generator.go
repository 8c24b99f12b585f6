package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("gamma_sup_generator", func() node.Node { return NewGammaSupGenerator() }) }

// GammaSupGenerator is NEST's gamma_sup_generator: every target receives
// its own superposition of n_proc independent gamma processes of integer
// shape gamma_shape and rate rate (each component fires at rate rate).
//
// Parameters (status keys, defaults, units):
//
//	rate                 0.0    spikes/s  rate of each component process, >= 0
//	gamma_shape          1      -         shape (order) of the gamma processes, >= 1
//	n_proc               1      -         number of component processes, >= 1
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// As in NEST, a gamma process of shape k is a chain of k exponential
// stages: each target keeps how many of its components sit in each stage
// (the occupation numbers), and in every active step each stage passes a
// binomial number of its components, of probability rate*k*h, to the next
// stage; components leaving the last stage fire. A new target starts from
// the approximate equilibrium NEST uses: n_proc/k components per stage,
// the rest in the last. The window applies to the sending step s
// (origin+start < s*h <= origin+stop); spikes are stamped s+1.
//
// Deviation from NEST: NEST draws some transitions from a Poisson
// approximation of the binomial when the occupation is large and the
// probability small; this model always draws the binomial itself, which
// differs from NEST's draws by far less than their statistical spread.
// All outgoing connections must use one static synapse model.
type GammaSupGenerator struct {
	Rate       float64 // rate, spikes/s
	GammaShape int64   // gamma_shape
	NProc      int64   // n_proc
	W          Window
	Label      string // label

	occ        [][]int64 // occupation numbers by target, then stage
	trans      []int64   // scratch: transitions per stage
	prob       float64   // transition probability per step
	rng        *rand.Rand
	tMin, tMax int64
	perTarget
}

// NewGammaSupGenerator returns a gamma_sup_generator with NEST's defaults.
func NewGammaSupGenerator() *GammaSupGenerator {
	return &GammaSupGenerator{GammaShape: 1, NProc: 1, W: DefaultWindow()}
}

// Model implements node.Node.
func (g *GammaSupGenerator) Model() string { return "gamma_sup_generator" }

// ElementType implements node.Node.
func (g *GammaSupGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node: the copy has no targets and no state.
func (g *GammaSupGenerator) Clone() node.Node {
	c := *g
	c.occ, c.trans, c.perTarget = nil, nil, perTarget{}
	return &c
}

// Status implements node.Node.
func (g *GammaSupGenerator) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *GammaSupGenerator) StatusTo(s node.StatusSink) {
	s.Float("rate", g.Rate)
	s.Int("gamma_shape", int(g.GammaShape))
	s.Int("n_proc", int(g.NProc))
	s.String("label", g.Label)
	g.W.statusTo(s)
}

// SetStatus implements node.Node, checking gamma_shape, rate and n_proc
// in NEST's order; nothing changes unless every entry is valid.
func (g *GammaSupGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Int("gamma_shape", &c.GammaShape); err != nil {
		return err
	}
	if c.GammaShape < 1 {
		return nesterr.New(nesterr.ErrBadProperty, "The shape must be larger or equal 1 (gamma_shape = %d).", c.GammaShape)
	}
	if _, err := r.Float("rate", &c.Rate); err != nil {
		return err
	}
	if c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) {
		// NEST refuses only negative rates; a non-finite one would make
		// every probability meaningless.
		return nesterr.New(nesterr.ErrBadProperty, "The rate must be larger than 0 (rate = %g spikes/s).", c.Rate)
	}
	if _, err := r.Int("n_proc", &c.NProc); err != nil {
		return err
	}
	if c.NProc < 1 {
		return nesterr.New(nesterr.ErrBadProperty, "The number of component processes cannot be smaller than one (n_proc = %d).", c.NProc)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node.
func (g *GammaSupGenerator) Prepare(env *node.Env) {
	g.prob = g.Rate * float64(g.GammaShape) * env.Base.Resolution / 1000.0
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SetSpikeTargetCount implements node.PerTargetSpikeSender: targets that
// are new since the last run start from the equilibrium occupation; the
// others keep theirs, as in NEST.
func (g *GammaSupGenerator) SetSpikeTargetCount(n int) {
	g.perTarget.SetSpikeTargetCount(n)
	k := g.GammaShape
	ini := g.NProc / k
	for len(g.occ) < n {
		o := make([]int64, k)
		for i := range o {
			o[i] = ini
		}
		o[k-1] += g.NProc - ini*k
		g.occ = append(g.occ, o)
	}
	g.occ = g.occ[:n]
}

// SendsSpikes implements node.SpikeSender.
func (g *GammaSupGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *GammaSupGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	if !(g.Rate > 0) || g.targets == 0 {
		return
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if !(g.tMin < step && step <= g.tMax) {
			continue
		}
		for i, o := range g.occ {
			g.mults[i] = int32(g.advance(o))
		}
		g.send(ctx, step)
	}
}

// advance moves one target's components on by one step and returns how
// many left the last stage. All transitions are drawn from the occupation
// before the step.
func (g *GammaSupGenerator) advance(o []int64) int64 {
	if cap(g.trans) < len(o) {
		g.trans = make([]int64, len(o))
	}
	tr := g.trans[:len(o)]
	for i, n := range o {
		tr[i] = drawBinomial(g.rng, n, g.prob)
	}
	last := len(o) - 1
	for i, n := range tr {
		if n == 0 {
			continue
		}
		o[i] -= n
		if i == last {
			o[0] += n
		} else {
			o[i+1] += n
		}
	}
	return tr[last]
}
