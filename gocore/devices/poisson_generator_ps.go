package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("poisson_generator_ps", func() node.Node { return NewPoissonGeneratorPs() }) }

// PoissonGeneratorPs is NEST's poisson_generator_ps: every target gets its
// own Poisson spike train with dead time, in continuous time; each spike
// carries its offset inside the step, so precise models see it at its
// exact time and grid models at the end of its step.
//
// Parameters (status keys, defaults, units):
//
//	rate                 0.0        spikes/s  mean rate, >= 0
//	dead_time            0.0        ms        dead time after each spike, >= 0 and <= 1000/rate
//	origin, start, stop  0, 0, +inf ms        active window (origin+start, origin+stop]
//	label                ""         -
//
// The intervals between a target's spikes are dead_time plus an
// exponential deviate of mean 1000/rate - dead_time. A target's first
// spike after the start of activity is drawn from the backward recurrence
// time of the stationary process, as NEST does: with probability
// dead_time*rate/1000 uniformly in [0, dead_time), else dead_time plus
// the exponential deviate. A target keeps its train across Simulate calls;
// when the window is moved so that some target's next spike lies before
// origin+start, all targets start over (NEST's rule). In each slice the
// device draws the spikes of (max(now, origin+start), min(end of slice,
// origin+stop)] at once, target by target, from the random stream of its
// thread; so the trains have NEST's statistics, not its exact numbers.
// All outgoing connections must use one static synapse model. Creating
// one switches off_grid_spiking on.
type PoissonGeneratorPs struct {
	Rate     float64 // rate, spikes/s
	DeadTime float64 // dead_time, ms
	W        Window
	Label    string

	next       []psNextSpike // by target number
	invRate    float64       // mean of the exponential part of an interval, ms
	rng        *rand.Rand
	base       simtime.Base
	tMin, tMax int64
	perTarget
}

// psNextSpike is a target's next spike: its stamp in steps (math.MinInt64
// while not drawn yet) and its offset in ms.
type psNextSpike struct {
	stamp  int64
	offset float64
}

const psNotDrawn = math.MinInt64

// NewPoissonGeneratorPs returns a poisson_generator_ps with NEST's
// defaults.
func NewPoissonGeneratorPs() *PoissonGeneratorPs { return &PoissonGeneratorPs{W: DefaultWindow()} }

// Model implements node.Node.
func (g *PoissonGeneratorPs) Model() string { return "poisson_generator_ps" }

// ElementType implements node.Node.
func (g *PoissonGeneratorPs) ElementType() node.ElementType { return node.Stimulator }

// OffGrid implements node.OffGridNode.
func (g *PoissonGeneratorPs) OffGrid() bool { return true }

// Clone implements node.Node: the copy has no targets and no trains.
func (g *PoissonGeneratorPs) Clone() node.Node {
	c := *g
	c.next, c.perTarget = nil, perTarget{}
	return &c
}

// Status implements node.Node.
func (g *PoissonGeneratorPs) Status() dict.Dict { return node.StatusDict(g, deviceStatusSize) }

// StatusTo implements node.TypedStatus.
func (g *PoissonGeneratorPs) StatusTo(s node.StatusSink) {
	s.Float("rate", g.Rate)
	s.Float("dead_time", g.DeadTime)
	s.String("label", g.Label)
	g.W.statusTo(s)
}

// SetStatus implements node.Node: dead_time, then rate, then their
// relation, as NEST checks them; nothing changes unless all are valid.
func (g *PoissonGeneratorPs) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Float("dead_time", &c.DeadTime); err != nil {
		return err
	}
	if c.DeadTime < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The dead time cannot be negative (dead_time = %g ms).", c.DeadTime)
	}
	if _, err := r.Float("rate", &c.Rate); err != nil {
		return err
	}
	if c.Rate < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The rate cannot be negative (rate = %g spikes/s).", c.Rate)
	}
	if 1000/c.Rate < c.DeadTime {
		return nesterr.New(nesterr.ErrBadProperty, "The inverse rate cannot be smaller than the dead time (1000/rate = %g ms, dead_time = %g ms).",
			1000/c.Rate, c.DeadTime)
	}
	w, err := g.W.set(r, env.Base)
	if err != nil {
		return err
	}
	c.W = w
	if _, err := r.String("label", &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node.
func (g *PoissonGeneratorPs) Prepare(env *node.Env) {
	g.invRate = math.Inf(1)
	if g.Rate > 0 {
		g.invRate = 1000/g.Rate - g.DeadTime
	}
	g.rng = env.RNG
	g.base = env.Base
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SetSpikeTargetCount implements node.PerTargetSpikeSender: runs after
// Prepare. Trains restart when the window now begins after some target's
// next spike; new targets start undrawn.
func (g *PoissonGeneratorPs) SetSpikeTargetCount(n int) {
	g.perTarget.SetSpikeTargetCount(n)
	for i := range g.next {
		if s := g.next[i].stamp; s != psNotDrawn && s < g.tMin {
			g.next = g.next[:0]
			break
		}
	}
	for len(g.next) < n {
		g.next = append(g.next, psNextSpike{stamp: psNotDrawn})
	}
	g.next = g.next[:n]
}

// SendsSpikes implements node.SpikeSender.
func (g *PoissonGeneratorPs) SendsSpikes() bool { return true }

// Update implements node.Node: the spikes of the whole interval, target
// by target.
func (g *PoissonGeneratorPs) Update(ctx *node.Context, origin int64, from, to int) {
	if !(g.Rate > 0) || g.targets == 0 {
		return
	}
	lo := max(origin+int64(from), g.tMin)
	hi := min(origin+int64(to), g.tMax)
	if lo >= hi {
		return
	}
	em, ok := ctx.Emit.(node.OffGridTargetEmitter)
	if !ok {
		return
	}
	for i := range g.next {
		nx := &g.next[i]
		if nx.stamp == psNotDrawn {
			var first float64
			if g.DeadTime > 0 && g.rng.Float64() < g.DeadTime*g.Rate/1000 {
				first = g.rng.Float64() * g.DeadTime
			} else {
				first = g.invRate*g.rng.ExpFloat64() + g.DeadTime
			}
			steps := g.stampSteps(first)
			nx.stamp, nx.offset = steps+lo, g.base.StepsToMs(steps)-first
		}
		for nx.stamp <= hi {
			em.EmitSpikeToTarget(ctx.Index, nx.stamp-1, nx.offset, i, 1)
			// The next spike relative to the current stamp.
			d := -nx.offset + g.invRate*g.rng.ExpFloat64() + g.DeadTime
			if d < 0 {
				nx.offset = -d // still in the same step
				continue
			}
			steps := g.stampSteps(d)
			nx.stamp += steps
			nx.offset = g.base.StepsToMs(steps) - d
		}
	}
}

// stampSteps is NEST's Time::ms_stamp of t in steps: the end of the step
// in which t lies.
func (g *PoissonGeneratorPs) stampSteps(t float64) int64 {
	if !(t*g.base.TicsPerMs < float64(simtime.MaxSteps)) {
		return simtime.MaxSteps
	}
	return msStampTics(g.base, t) / g.base.TicsPerStep
}
