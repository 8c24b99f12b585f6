package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("sinusoidal_poisson_generator", func() node.Node { return NewSinusoidalPoissonGenerator() })
}

// SinusoidalPoissonGenerator is NEST's sinusoidal_poisson_generator: a
// Poisson spike train whose rate is modulated by a sine,
//
//	rate(t) = max(0, rate + amplitude*sin(2*pi*frequency*t + phase)).
//
// Parameters (status keys, defaults, units):
//
//	rate                     0.0    spikes/s  mean rate
//	amplitude                0.0    spikes/s  amplitude of the modulation
//	frequency                0.0    Hz        frequency of the modulation
//	phase                    0.0    degrees   phase of the modulation
//	individual_spike_trains  true   -         one train per target (true) or one for all
//	origin, start, stop      0, 0, +inf ms    active window
//	label                    ""     -
//
// State (read only): y_0, y_1 (spikes/ms), the oscillator
// amplitude*(cos, sin)(omega*t + phase). Recordables: rate (spikes/s),
// the rate of the last step, also while inactive.
//
// Like NEST, the model keeps the parameters in ms-based units (rate and
// amplitude in spikes/ms, frequency in rad/ms, phase in rad) and converts
// back for the status, so a value read back may differ from the one set
// in the last digit, exactly as NEST's does. The oscillator is placed at
// the current time in Prepare and rotated by omega*h in every step,
// active or not. Step s uses the rate at the end of the step,
// rate + amplitude*sin(omega*(s+1)*h + phase), clipped at 0; in active
// steps (NEST files the model as a current generator, see
// currentGeneratorActive) with a rate above 0 it sends spikes stamped s+1:
// with individual_spike_trains each target draws its own Poisson number of
// mean rate*h (the kernel's EmitPoisson), otherwise the generator draws one
// number and sends it to all targets.
//
// individual_spike_trains is accepted only on the model (SetDefaults,
// CopyModel), as in NEST; the Python adapter (pybind) refuses it on nodes,
// since a node cannot tell here whether it is a model's prototype.
//
// Differences from NEST: non-finite
// values are refused (NEST accepts them), since an infinite rate would
// make the Poisson draw loop forever.
type SinusoidalPoissonGenerator struct {
	W     Window
	Label string // label

	// NEST's internal units.
	rateMs      float64 // rate, spikes/ms
	amplitudeMs float64 // amplitude, spikes/ms
	omega       float64 // frequency, rad/ms
	phi         float64 // phase, rad
	individual  bool    // individual_spike_trains

	y0, y1 float64 // oscillator, spikes/ms
	rate   float64 // rate of the last step, spikes/ms (recordable rate)

	h, sinH, cosH float64 // step (ms), sin and cos of omega*h
	rng           *rand.Rand
	tMin, tMax    int64
	deviceLoggers
}

// NewSinusoidalPoissonGenerator returns a sinusoidal_poisson_generator
// with NEST's defaults.
func NewSinusoidalPoissonGenerator() *SinusoidalPoissonGenerator {
	return &SinusoidalPoissonGenerator{W: DefaultWindow(), individual: true}
}

var sinusoidalPoissonRecordables = []string{"rate"}

// nestPi is pi as a float64 variable: the unit conversions then round
// after every operation, as NEST's double arithmetic does, where a
// constant expression of math.Pi would be folded exactly and could differ
// in the last bit.
var nestPi = math.Pi

// Model implements node.Node.
func (g *SinusoidalPoissonGenerator) Model() string { return "sinusoidal_poisson_generator" }

// ElementType implements node.Node.
func (g *SinusoidalPoissonGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node; the copy has no loggers.
func (g *SinusoidalPoissonGenerator) Clone() node.Node {
	c := *g
	c.logs.Clear()
	return &c
}

// Status implements node.Node, with NEST's conversions back to the user's
// units.
func (g *SinusoidalPoissonGenerator) Status() dict.Dict {
	d := dict.Dict{
		"rate":                    g.rateMs * 1000.0,
		"amplitude":               g.amplitudeMs * 1000.0,
		"frequency":               g.omega / (2.0 * nestPi / 1000.0),
		"phase":                   180.0 / nestPi * g.phi,
		"individual_spike_trains": g.individual,
		"y_0":                     g.y0,
		"y_1":                     g.y1,
		"label":                   g.Label,
		"recordables":             append([]string(nil), sinusoidalPoissonRecordables...),
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node; nothing changes unless every entry is
// valid. The state y_0, y_1 is read only.
func (g *SinusoidalPoissonGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	if _, err := r.Bool("individual_spike_trains", &c.individual); err != nil {
		return err
	}
	for _, f := range []struct {
		key   string
		dst   *float64
		toInt func(float64) float64 // user unit -> NEST's internal unit
	}{
		{"rate", &c.rateMs, func(v float64) float64 { return v / 1000.0 }},
		{"frequency", &c.omega, func(v float64) float64 { return v * (2.0 * nestPi / 1000.0) }},
		{"phase", &c.phi, func(v float64) float64 { return v * (nestPi / 180.0) }},
		{"amplitude", &c.amplitudeMs, func(v float64) float64 { return v / 1000.0 }},
	} {
		var v float64
		ok, err := r.Float(f.key, &v)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nesterr.New(nesterr.ErrBadProperty, "sinusoidal_poisson_generator: %s must be a finite number (%s = %g).", f.key, f.key, v)
		}
		*f.dst = f.toInt(v)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node: the oscillator at the current time and the
// rotation by one step, with NEST's expressions.
func (g *SinusoidalPoissonGenerator) Prepare(env *node.Env) {
	g.h = env.Base.Resolution
	t := env.Base.StepsToMs(env.Now)
	g.y0 = g.amplitudeMs * math.Cos(g.omega*t+g.phi)
	g.y1 = g.amplitudeMs * math.Sin(g.omega*t+g.phi)
	g.sinH = math.Sin(g.h * g.omega)
	g.cosH = math.Cos(g.h * g.omega)
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.logs.Init(env.Now, env.SliceOrigin)
}

// SendsSpikes implements node.SpikeSender.
func (g *SinusoidalPoissonGenerator) SendsSpikes() bool { return true }

// Update implements node.Node.
func (g *SinusoidalPoissonGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		y0 := g.cosH*g.y0 - g.sinH*g.y1
		g.y1 = g.sinH*g.y0 + g.cosH*g.y1
		g.y0 = y0
		g.rate = g.rateMs + g.y1
		if g.rate < 0 {
			g.rate = 0
		}
		if g.rate > 0 && currentGeneratorActive(step, g.tMin, g.tMax) {
			lambda := g.rate * g.h
			if g.individual {
				ctx.Emit.EmitPoisson(ctx.Index, step, lambda)
			} else if n := drawPoisson(g.rng, lambda); n > 0 {
				ctx.Emit.EmitSpikes(ctx.Index, step, 0, n)
			}
		}
		g.logs.Record(step, g)
	}
}

// Recordables implements node.Recordable.
func (g *SinusoidalPoissonGenerator) Recordables() []string { return sinusoidalPoissonRecordables }

// RecordableValue implements node.Recordable: the rate in spikes/s.
func (g *SinusoidalPoissonGenerator) RecordableValue(i int) float64 {
	if i == 0 {
		return 1000.0 * g.rate
	}
	return math.NaN()
}

// drawPoisson returns a Poisson number of mean lambda (finite, >= 0).
// Small means use inversion by sequential search, whose cost grows with
// the mean; from poissonInversionMax on, Hörmann's transformed rejection
// with squeeze (PTRS, 1993) keeps the cost constant.
func drawPoisson(rng *rand.Rand, lambda float64) int {
	if !(lambda > 0) {
		return 0
	}
	if lambda < poissonInversionMax {
		u := rng.Float64()
		p := libm.Exp(-lambda) // P(N = 0)
		cdf := p
		n := 0
		// The p > 0 guard ends the search in the far tail, where the
		// terms underflow before the sum reaches u.
		for u > cdf && p > 0 {
			n++
			p *= lambda / float64(n)
			cdf += p
		}
		return n
	}
	return drawPoissonPTRS(rng, lambda)
}

// poissonInversionMax is where drawPoisson switches from inversion to
// PTRS; PTRS is valid for means of 10 and more.
const poissonInversionMax = 10.0

// drawPoissonPTRS is Hörmann's PTRS for lambda >= 10: a candidate from a
// transformed uniform, accepted at once in the central region and
// otherwise by comparing with the Poisson probability.
func drawPoissonPTRS(rng *rand.Rand, lambda float64) int {
	sqrtLambda := math.Sqrt(lambda)
	logLambda := math.Log(lambda)
	b := 0.931 + 2.53*sqrtLambda
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		logFactK, _ := math.Lgamma(k + 1)
		if math.Log(v*invAlpha/(a/(us*us)+b)) <= -lambda+k*logLambda-logFactK {
			return int(k)
		}
	}
}
