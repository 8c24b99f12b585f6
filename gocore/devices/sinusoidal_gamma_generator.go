package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() {
	register("sinusoidal_gamma_generator", func() node.Node { return NewSinusoidalGammaGenerator() })
}

// SinusoidalGammaGenerator is NEST's sinusoidal_gamma_generator: an
// inhomogeneous gamma process of order order whose rate is
//
//	rate(t) = rate + amplitude*sin(2*pi*frequency*t + phase),
//
// one independent train per target with individual_spike_trains, or one
// train for all targets.
//
// Parameters (status keys, defaults, units):
//
//	rate                     0.0   spikes/s  mean rate
//	amplitude                0.0   spikes/s  modulation amplitude, 0 <= amplitude <= rate
//	frequency                0.0   Hz        modulation frequency
//	phase                    0.0   degrees   modulation phase
//	order                    1.0   -         gamma order, >= 1 (need not be whole)
//	individual_spike_trains  true  -         one train per target (true) or one for all
//	origin, start, stop      0, 0, +inf ms   active window
//	label                    ""    -
//
// Recordables: rate (spikes/s), the rate at the end of each step.
//
// As in NEST, a train fires in step s (stamp s+1, time t = (s+1)*h) with
// the hazard h*order*rate(t)*Lambda^(order-1)*exp(-Lambda)/Gamma(order,
// Lambda), Lambda being order times the integral of the rate since the
// train's last spike and Gamma the upper incomplete gamma function. The
// integral is carried over parameter changes between runs (each piece
// with the parameters that held). Steps are active when origin+start <
// s*h <= origin+stop and rate(t) > 0. Parameters are kept in ms-based
// units, as NEST keeps them.
//
// individual_spike_trains is accepted only on the model (SetDefaults,
// CopyModel), as in NEST; the Python adapter (pybind) refuses it on nodes,
// since a node cannot tell whether it is a prototype. With
// individual_spike_trains all outgoing connections must use one static
// synapse model.
type SinusoidalGammaGenerator struct {
	W     Window
	Label string // label

	// NEST's internal units.
	om, phi     float64 // frequency (rad/ms), phase (rad)
	order       float64
	rate, amp   float64 // spikes/ms
	individual  bool
	prev        sgParams // parameters of the last run, for carrying Lambda
	prevSet     bool
	t0, lambda0 []float64 // per train: start of the open integral (ms), integral up to it
	now         float64   // current time at the last prepare, ms

	state      float64 // rate of the last step, spikes/ms (recordable rate)
	lgOrder    float64 // log Gamma(order)
	h          float64
	base       simtime.Base
	rng        *rand.Rand
	tMin, tMax int64
	perTarget
	deviceLoggers
}

// sgParams are the parameters that shape the integrated rate.
type sgParams struct{ om, phi, order, rate, amp float64 }

var sinusoidalGammaRecordables = []string{"rate"}

// NewSinusoidalGammaGenerator returns a sinusoidal_gamma_generator with
// NEST's defaults.
func NewSinusoidalGammaGenerator() *SinusoidalGammaGenerator {
	return &SinusoidalGammaGenerator{W: DefaultWindow(), order: 1, individual: true}
}

// Model implements node.Node.
func (g *SinusoidalGammaGenerator) Model() string { return "sinusoidal_gamma_generator" }

// ElementType implements node.Node.
func (g *SinusoidalGammaGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node: the copy has no trains, targets or loggers.
func (g *SinusoidalGammaGenerator) Clone() node.Node {
	c := *g
	c.t0, c.lambda0, c.prevSet = nil, nil, false
	c.perTarget = perTarget{}
	c.logs.Clear()
	return &c
}

// Status implements node.Node, converting back to the user's units as
// NEST does.
func (g *SinusoidalGammaGenerator) Status() dict.Dict {
	d := dict.Dict{
		"rate":                    g.rate * 1000.0,
		"frequency":               g.om / (2.0 * nestPi / 1000.0),
		"phase":                   180.0 / nestPi * g.phi,
		"amplitude":               g.amp * 1000.0,
		"order":                   g.order,
		"individual_spike_trains": g.individual,
		"label":                   g.Label,
		"recordables":             append([]string(nil), sinusoidalGammaRecordables...),
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node, in NEST's order and with its checks;
// nothing changes unless every entry is valid.
func (g *SinusoidalGammaGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Bool("individual_spike_trains", &c.individual); err != nil {
		return err
	}
	var v float64
	if ok, err := r.Float("frequency", &v); err != nil {
		return err
	} else if ok {
		c.om = v * (2.0 * nestPi / 1000.0)
	}
	if ok, err := r.Float("phase", &v); err != nil {
		return err
	} else if ok {
		c.phi = v * (nestPi / 180.0)
	}
	if ok, err := r.Float("order", &c.order); err != nil {
		return err
	} else if ok && !(c.order >= 1.0) {
		return nesterr.New(nesterr.ErrBadProperty, "The gamma order must be at least 1 (order = %g).", c.order)
	}
	dc := 1e3 * c.rate
	if ok, err := r.Float("rate", &dc); err != nil {
		return err
	} else if ok {
		c.rate = 1e-3 * dc
	}
	ac := 1e3 * c.amp
	if ok, err := r.Float("amplitude", &ac); err != nil {
		return err
	} else if ok {
		c.amp = 1e-3 * ac
	}
	if !(0.0 <= ac && ac <= dc) || math.IsInf(dc, 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Rate parameters must fulfill 0 <= amplitude <= rate (amplitude = %g spikes/s, rate = %g spikes/s).", ac, dc)
	}
	for _, x := range []float64{c.om, c.phi, c.order} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nesterr.New(nesterr.ErrBadProperty, "sinusoidal_gamma_generator: frequency, phase and order must be finite (frequency = %g Hz, phase = %g degrees, order = %g).",
				c.om/(2.0*nestPi/1000.0), 180.0/nestPi*c.phi, c.order)
		}
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

func (g *SinusoidalGammaGenerator) params() sgParams {
	return sgParams{om: g.om, phi: g.phi, order: g.order, rate: g.rate, amp: g.amp}
}

// deltaLambda is order times the integral of the rate of p from ta to tb
// (ms), NEST's expression.
func (p sgParams) deltaLambda(ta, tb float64) float64 {
	if ta == tb {
		return 0
	}
	d := p.order * p.rate * (tb - ta)
	if math.Abs(p.amp) > 0 && math.Abs(p.om) > 0 {
		d += -p.order * p.amp / p.om * (math.Cos(p.om*tb+p.phi) - math.Cos(p.om*ta+p.phi))
	}
	return d
}

// Prepare implements node.Node.
func (g *SinusoidalGammaGenerator) Prepare(env *node.Env) {
	g.h = env.Base.Resolution
	g.lgOrder, _ = math.Lgamma(g.order)
	g.base = env.Base
	g.rng = env.RNG
	g.now = env.Base.StepsToMs(env.Now)
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SetSpikeTargetCount implements node.PerTargetSpikeSender. Every train
// closes its integral at the current time with the parameters of the
// last run; new trains start at the current time.
func (g *SinusoidalGammaGenerator) SetSpikeTargetCount(n int) {
	g.perTarget.SetSpikeTargetCount(n)
	trains := 1
	if g.individual {
		trains = n
	}
	prev := g.params()
	if g.prevSet {
		prev = g.prev
	}
	for len(g.t0) < trains {
		g.t0 = append(g.t0, g.now)
		g.lambda0 = append(g.lambda0, 0)
	}
	g.t0, g.lambda0 = g.t0[:trains], g.lambda0[:trains]
	for i := range g.t0 {
		g.lambda0[i] += prev.deltaLambda(g.t0[i], g.now)
		g.t0[i] = g.now
	}
	g.prev, g.prevSet = g.params(), true
}

// hazard is the firing probability of train i in the step ending at t.
func (g *SinusoidalGammaGenerator) hazard(p sgParams, i int, t float64) float64 {
	lambda := g.lambda0[i] + p.deltaLambda(g.t0[i], t)
	return g.h * p.order * g.state * gammaHazardFactor(p.order, g.lgOrder, lambda)
}

// SendsSpikes implements node.SpikeSender.
func (g *SinusoidalGammaGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *SinusoidalGammaGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	p := g.params()
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		t := g.base.StepsToMs(step + 1)
		g.state = g.rate + g.amp*math.Sin(g.om*t+g.phi)
		if len(g.t0) > 0 && g.state > 0 && g.tMin < step && step <= g.tMax {
			if g.individual {
				fired := false
				for i := range g.mults {
					g.mults[i] = 0
					if g.rng.Float64() < g.hazard(p, i, t) {
						g.mults[i] = 1
						g.t0[i], g.lambda0[i] = t, 0
						fired = true
					}
				}
				if fired {
					g.send(ctx, step)
				}
			} else if g.rng.Float64() < g.hazard(p, 0, t) {
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
				g.t0[0], g.lambda0[0] = t, 0
			}
		}
		g.logs.Record(step, g)
	}
}

// Recordables implements node.Recordable.
func (g *SinusoidalGammaGenerator) Recordables() []string { return sinusoidalGammaRecordables }

// RecordableValue implements node.Recordable: the rate in spikes/s.
func (g *SinusoidalGammaGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return 1000.0 * g.state
	}
	return math.NaN()
}

// gammaHazardFactor is x^(a-1)*exp(-x)/Gamma(a, x), Gamma(a, x) being the
// upper incomplete gamma function, for a >= 1 and x >= 0: the hazard of a
// gamma renewal process of shape a over its rate. Below x = a+1 it uses
// the series of the lower incomplete gamma function, above it the
// continued fraction of the upper one (Legendre's), evaluated by the
// modified Lentz method, both in logarithms so that neither the powers
// nor Gamma(a) overflow.
//
// lgA is log(Gamma(a)), which the caller computes once per order.
func gammaHazardFactor(a, lgA, x float64) float64 {
	switch {
	case x <= 0:
		if a == 1 {
			return 1
		}
		return 0
	case math.IsInf(x, 1):
		return 1
	}
	if x < a+1 {
		// gamma(a, x) = exp(-x) x^a sum_n x^n / (a (a+1) ... (a+n))
		term := 1 / a
		sum := term
		for n := 1; n < 10000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if term < sum*1e-17 {
				break
			}
		}
		lower := libm.Exp(-x+a*math.Log(x)-lgA) * sum // P(a, x)
		upper := 1 - lower                            // Q(a, x)
		if upper <= 0 {
			return 1
		}
		return libm.Exp((a-1)*math.Log(x)-x-lgA) / upper
	}
	// Gamma(a, x) = exp(-x) x^a * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	f := d
	for n := 1; n < 10000; n++ {
		an := -float64(n) * (float64(n) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		f *= delta
		if math.Abs(delta-1) < 1e-16 {
			break
		}
	}
	// x^(a-1) e^-x / (e^-x x^a f) = 1/(x f)
	return 1 / (x * f)
}
