package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() {
	register("inhomogeneous_poisson_generator", func() node.Node { return NewInhomogeneousPoissonGenerator() })
}

// InhomogeneousPoissonGenerator is NEST's inhomogeneous_poisson_generator:
// every target receives its own Poisson train whose rate is piecewise
// constant, changing to rate_values[i] at rate_times[i].
//
// Parameters (status keys, defaults, units):
//
//	rate_times           []     ms        strictly increasing, in the future when set, on the grid
//	rate_values          []     spikes/s  the rates, as many as rate_times
//	allow_offgrid_times  false  -         move off-grid times to the end of their step
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// The rate is 0 until the first rate time. A rate time t applies to the
// spikes stamped t and later: step s sends spikes stamped s+1, each
// target drawing its own Poisson number of mean rate*h, with the rate of
// the last rate time <= (s+1)*h, when that rate is above 0 and
// origin+start < s*h <= origin+stop. rate_times and rate_values must
// be set together; allow_offgrid_times can change only together with
// them or while no rate times are set.
type InhomogeneousPoissonGenerator struct {
	W                 Window
	Label             string // label
	AllowOffgridTimes bool   // allow_offgrid_times

	steps  []int64   // rate times in steps
	values []float64 // rate values, spikes/s

	idx        int          // next rate time to apply
	rate       float64      // current rate, spikes/ms
	h          float64      // resolution, ms
	base       simtime.Base // grid of the rate times
	tMin, tMax int64
	singleSynapse
}

// NewInhomogeneousPoissonGenerator returns an
// inhomogeneous_poisson_generator with NEST's defaults.
func NewInhomogeneousPoissonGenerator() *InhomogeneousPoissonGenerator {
	return &InhomogeneousPoissonGenerator{W: DefaultWindow()}
}

// Model implements node.Node.
func (g *InhomogeneousPoissonGenerator) Model() string { return "inhomogeneous_poisson_generator" }

// ElementType implements node.Node.
func (g *InhomogeneousPoissonGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node. The lists are shared: SetStatus always
// replaces them.
func (g *InhomogeneousPoissonGenerator) Clone() node.Node {
	c := *g
	c.singleSynapse = singleSynapse{}
	return &c
}

// Status implements node.Node; times are reported as NEST's grid times.
func (g *InhomogeneousPoissonGenerator) Status() dict.Dict {
	times := make([]float64, len(g.steps))
	for i, s := range g.steps {
		times[i] = g.base.StepsToMs(s)
	}
	d := dict.Dict{
		"rate_times":          times,
		"rate_values":         append([]float64{}, g.values...),
		"allow_offgrid_times": g.AllowOffgridTimes,
		"label":               g.Label,
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node, with NEST's rules and messages; nothing
// changes unless every entry is valid.
func (g *InhomogeneousPoissonGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	var times []float64
	timesGiven, err := r.Floats("rate_times", &times)
	if err != nil {
		return err
	}
	var values []float64
	valuesGiven, err := r.Floats("rate_values", &values)
	if err != nil {
		return err
	}
	var offgrid bool
	if ok, err := r.Bool("allow_offgrid_times", &offgrid); err != nil {
		return err
	} else if ok {
		if offgrid != c.AllowOffgridTimes && !(timesGiven || len(c.steps) == 0) {
			return nesterr.New(nesterr.ErrBadProperty, "Option can only be set together with rate times or if no rate times have been set (%d rate times are set).", len(c.steps))
		}
		c.AllowOffgridTimes = offgrid
	}
	if timesGiven != valuesGiven {
		return nesterr.New(nesterr.ErrBadProperty, "Rate times and values must be reset together (rate_times given: %t, rate_values given: %t).", timesGiven, valuesGiven)
	}
	if timesGiven {
		if len(times) != len(values) {
			return nesterr.New(nesterr.ErrBadProperty, "Rate times and values have to be the same size (%d rate times, %d rate values).", len(times), len(values))
		}
		steps, err := c.rateSteps(times, env.Base, env.Now)
		if err != nil {
			return err
		}
		c.steps, c.values, c.idx = steps, append([]float64(nil), values...), 0
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	c.base = env.Base
	*g = c
	return nil
}

// rateSteps checks the rate times (in the future, on the grid unless
// allowed otherwise, strictly increasing) and returns them in steps.
func (g *InhomogeneousPoissonGenerator) rateSteps(times []float64, base simtime.Base, now int64) ([]int64, error) {
	out := make([]int64, 0, len(times))
	nowMs := base.StepsToMs(now)
	for i, t := range times {
		if t <= nowMs || math.IsNaN(t) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Time points must lie strictly in the future (rate_times[%d] = %g ms, now %g ms).", i, t, nowMs)
		}
		if math.Abs(t*base.TicsPerMs) >= float64(simtime.MaxSteps) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "inhomogeneous_poisson_generator: Time point %g is not a finite time the simulation can represent.", t)
		}
		tics := base.MsToTics(t)
		if tics%base.TicsPerStep != 0 {
			if !g.AllowOffgridTimes {
				return nil, nesterr.New(nesterr.ErrBadProperty, "inhomogeneous_poisson_generator: Time point %g is not representable in current resolution.", t)
			}
			tics = msStampTics(base, t)
		}
		s := tics / base.TicsPerStep
		if i > 0 && out[i-1] >= s {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Rate times must be strictly increasing (rate_times[%d] = %g ms).", i, t)
		}
		out = append(out, s)
	}
	return out, nil
}

// Prepare implements node.Node.
func (g *InhomogeneousPoissonGenerator) Prepare(env *node.Env) {
	g.h = env.Base.Resolution
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SendsSpikes implements node.SpikeSender.
func (g *InhomogeneousPoissonGenerator) SendsSpikes() bool { return true }

// Update implements node.Node. As in NEST, rate times that lie at or
// before the first step of an update are passed over without taking
// effect.
func (g *InhomogeneousPoissonGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	first := origin + int64(from)
	for g.idx < len(g.steps) && g.steps[g.idx] <= first {
		g.idx++
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if g.idx < len(g.steps) && step+1 == g.steps[g.idx] {
			g.rate = g.values[g.idx] / 1000.0
			g.idx++
		}
		if g.rate > 0 && g.tMin < step && step <= g.tMax {
			ctx.Emit.EmitPoisson(ctx.Index, step, g.rate*g.h)
		}
	}
}
