package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("ppd_sup_generator", func() node.Node { return NewPPDSupGenerator() }) }

// PPDSupGenerator is NEST's ppd_sup_generator: every target receives its
// own superposition of n_proc independent Poisson processes with dead
// time, optionally with a sinusoidally modulated hazard.
//
// Parameters (status keys, defaults, units):
//
//	rate                 0.0    spikes/s  rate of each component process; 1000/rate > dead_time
//	dead_time            0.0    ms        dead time of the components, >= 0
//	n_proc               1      -         number of component processes, >= 1
//	frequency            0.0    Hz        frequency of the rate modulation
//	relative_amplitude   0.0    -         relative amplitude of the modulation, in [0, 1]
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// As in NEST, each target keeps its components' age distribution: how
// many are ready to fire and, for each of the dead_time/h steps of the
// dead time, how many fired that many steps ago. In every active step s
// the ready components fire with the hazard h/(1000/rate - dead_time),
// scaled by 1 + relative_amplitude*sin(2*pi*frequency*s*h/1000) when both
// are non-zero; the ones that fire are dead for the next dead_time/h
// steps. New targets start from NEST's equilibrium guess,
// floor(rate*n_proc*h/1000) components per dead step. Spikes are stamped
// s+1; the window applies to s.
//
// Deviation from NEST: NEST draws from a Poisson approximation of the
// binomial for large occupations and small hazards; this model always
// draws the binomial. All outgoing connections must use one static
// synapse model.
type PPDSupGenerator struct {
	Rate              float64 // rate, spikes/s
	DeadTime          float64 // dead_time, ms
	NProc             int64   // n_proc
	Frequency         float64 // frequency, Hz
	RelativeAmplitude float64 // relative_amplitude
	W                 Window
	Label             string // label

	ages       []ageDistribution // by target
	hazard     float64           // hazard per step without modulation
	omega      float64           // modulation, rad/ms
	h          float64           // resolution, ms
	base       simtime.Base
	rng        *rand.Rand
	tMin, tMax int64
	perTarget
}

// ageDistribution is one target's component processes: ready ones and,
// by age in steps, dead ones.
type ageDistribution struct {
	ready    int64
	dead     []int64 // a ring: dead[next] is about to become ready
	activate int
}

// NewPPDSupGenerator returns a ppd_sup_generator with NEST's defaults.
func NewPPDSupGenerator() *PPDSupGenerator { return &PPDSupGenerator{NProc: 1, W: DefaultWindow()} }

// Model implements node.Node.
func (g *PPDSupGenerator) Model() string { return "ppd_sup_generator" }

// ElementType implements node.Node.
func (g *PPDSupGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node: the copy has no targets and no state.
func (g *PPDSupGenerator) Clone() node.Node {
	c := *g
	c.ages, c.perTarget = nil, perTarget{}
	return &c
}

// Status implements node.Node.
func (g *PPDSupGenerator) Status() dict.Dict {
	d := dict.Dict{"rate": g.Rate, "dead_time": g.DeadTime, "n_proc": int(g.NProc), "frequency": g.Frequency,
		"relative_amplitude": g.RelativeAmplitude, "label": g.Label}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node, with NEST's checks in NEST's order;
// nothing changes unless every entry is valid.
func (g *PPDSupGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Float("dead_time", &c.DeadTime); err != nil {
		return err
	}
	if c.DeadTime < 0 || math.IsNaN(c.DeadTime) {
		return nesterr.New(nesterr.ErrBadProperty, "The dead time cannot be negative (dead_time = %g ms).", c.DeadTime)
	}
	if _, err := r.Float("rate", &c.Rate); err != nil {
		return err
	}
	if 1000.0/c.Rate <= c.DeadTime || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) {
		return nesterr.New(nesterr.ErrBadProperty, "The inverse rate has to be larger than the dead time (rate = %g spikes/s, dead_time = %g ms).", c.Rate, c.DeadTime)
	}
	if _, err := r.Int("n_proc", &c.NProc); err != nil {
		return err
	}
	if c.NProc < 1 {
		return nesterr.New(nesterr.ErrBadProperty, "The number of component processes cannot be smaller than one (n_proc = %d).", c.NProc)
	}
	if _, err := r.Float("frequency", &c.Frequency); err != nil {
		return err
	}
	if _, err := r.Float("relative_amplitude", &c.RelativeAmplitude); err != nil {
		return err
	}
	if !(c.RelativeAmplitude >= 0 && c.RelativeAmplitude <= 1) {
		return nesterr.New(nesterr.ErrBadProperty, "The relative amplitude of the rate modulation must be in [0,1] (relative_amplitude = %g).", c.RelativeAmplitude)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node, with NEST's expressions.
func (g *PPDSupGenerator) Prepare(env *node.Env) {
	g.h = env.Base.Resolution
	g.base = env.Base
	g.omega = 2.0 * nestPi * g.Frequency / 1000.0
	g.hazard = 1.0 / (1000.0/g.Rate - g.DeadTime) * g.h
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SetSpikeTargetCount implements node.PerTargetSpikeSender: new targets
// start from the equilibrium guess, the others keep their state.
func (g *PPDSupGenerator) SetSpikeTargetCount(n int) {
	g.perTarget.SetSpikeTargetCount(n)
	bins := int64(g.DeadTime / g.h)
	ini := int64(g.Rate / 1000.0 * float64(g.NProc) * g.h)
	for len(g.ages) < n {
		a := ageDistribution{ready: g.NProc - ini*bins, dead: make([]int64, bins)}
		for i := range a.dead {
			a.dead[i] = ini
		}
		g.ages = append(g.ages, a)
	}
	g.ages = g.ages[:n]
}

// SendsSpikes implements node.SpikeSender.
func (g *PPDSupGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *PPDSupGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	if !(g.Rate > 0) || g.targets == 0 {
		return
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if !(g.tMin < step && step <= g.tMax) {
			continue
		}
		hazard := g.hazard
		if g.RelativeAmplitude > 0 && g.Frequency != 0 {
			hazard = g.hazard * (1.0 + g.RelativeAmplitude*math.Sin(g.omega*g.base.StepsToMs(step)))
		}
		for i := range g.ages {
			g.mults[i] = int32(g.ages[i].advance(g.rng, hazard))
		}
		g.send(ctx, step)
	}
}

// advance lets the ready components fire with probability hazard and
// moves the dead ones on by one step; it returns the number that fired.
func (a *ageDistribution) advance(rng *rand.Rand, hazard float64) int64 {
	n := drawBinomial(rng, a.ready, hazard)
	if len(a.dead) > 0 {
		a.ready += a.dead[a.activate] - n
		a.dead[a.activate] = n
		a.activate = (a.activate + 1) % len(a.dead)
	}
	return n
}
