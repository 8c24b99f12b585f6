package devices

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func newSinusoidalPoisson(t *testing.T, env *node.Env, d dict.Dict) *SinusoidalPoissonGenerator {
	t.Helper()
	g := NewSinusoidalPoissonGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSinusoidalPoissonGeneratorDefaults(t *testing.T) {
	want := dict.Dict{
		"rate": 0.0, "amplitude": 0.0, "frequency": 0.0, "phase": 0.0, "individual_spike_trains": true,
		"y_0": 0.0, "y_1": 0.0, "origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "", "recordables": []string{"rate"},
	}
	if got := NewSinusoidalPoissonGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}

func TestSinusoidalPoissonGeneratorStatusUnits(t *testing.T) {
	// The values read back are NEST's: converted to ms-based units and
	// back in double arithmetic (pi a variable, so nothing is folded
	// exactly), hence equal to the value set up to the last digit.
	env := envAt(t, 0.1)
	g := newSinusoidalPoisson(t, env, dict.Dict{"rate": 10000.0, "amplitude": 5000.0, "frequency": 10.0, "phase": 90.0})
	st := g.Status()
	pi := math.Pi
	for _, c := range []struct {
		key       string
		set, want float64
	}{
		{"rate", 10000, 10000.0 / 1000.0 * 1000.0},
		{"amplitude", 5000, 5000.0 / 1000.0 * 1000.0},
		{"frequency", 10, 10.0 * (2 * pi / 1000) / (2 * pi / 1000)},
		{"phase", 90, 180 / pi * (90 * (pi / 180))},
	} {
		got := st[c.key].(float64)
		if got != c.want || math.Abs(got-c.set) > 1e-12*c.set {
			t.Errorf("%s = %.17g, want %.17g (set %g)", c.key, got, c.want, c.set)
		}
	}
}

func TestSinusoidalPoissonGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"infinite rate", dict.Dict{"rate": math.Inf(1)}, nesterr.ErrBadProperty},
		{"amplitude not a number", dict.Dict{"rate": 5.0, "amplitude": math.NaN()}, nesterr.ErrBadProperty},
		{"good rate, stop before start", dict.Dict{"rate": 5.0, "start": 3.0, "stop": 2.0}, nesterr.ErrBadProperty},
		{"option not a boolean", dict.Dict{"individual_spike_trains": 0.0}, nesterr.ErrTypeMismatch},
		{"phase as a string", dict.Dict{"phase": "late"}, nesterr.ErrTypeMismatch},
		{"good rate, bad label", dict.Dict{"rate": 5.0, "label": 1.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			g := newSinusoidalPoisson(t, env, dict.Dict{"rate": 100.0, "amplitude": 50.0, "frequency": 3.0, "phase": 1.0, "stop": 40.0})
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestSinusoidalPoissonGeneratorWindowAndLambda(t *testing.T) {
	// Window 1.0 to 2.0 ms at h = 0.1: NEST's current-generator rule,
	// active when 10 < s+2 <= 20, steps 9 to 18. Step s uses the rate at
	// (s+1)*h: lambda = max(0, rate + amplitude*sin(omega*(s+1)*h + phase))
	// * h, in spikes/ms * ms. lambdaTol covers a few rotations' rounding of
	// values of order 1e-2.
	const lambdaTol = 1e-15
	const (
		rate      = 300.0 // spikes/s
		amplitude = 200.0 // spikes/s
		frequency = 250.0 // Hz
		phase     = 45.0  // degrees
	)
	for _, sliceLen := range []int{1, 6, 10} {
		env := envAt(t, 0.1)
		g := newSinusoidalPoisson(t, env, dict.Dict{
			"rate": rate, "amplitude": amplitude, "frequency": frequency, "phase": phase, "start": 1.0, "stop": 2.0,
		})
		log := runSlices(g, env, 0, 40, sliceLen)
		if len(log.steps) != 10 || log.steps[0] != 9 || log.steps[9] != 18 {
			t.Fatalf("slices of %d: active steps %s, want [9 .. 18]", sliceLen, span(log.steps))
		}
		for i, s := range log.steps {
			tm := float64(s+1) * 0.1
			want := max(0, rate+amplitude*math.Sin(2*math.Pi*frequency/1000*tm+phase*math.Pi/180)) / 1000 * 0.1
			if d := math.Abs(log.lambdas[i] - want); d > lambdaTol {
				t.Errorf("slices of %d, step %d: lambda %.17g, want %.17g", sliceLen, s, log.lambdas[i], want)
			}
		}
	}
}

func TestSinusoidalPoissonGeneratorClipsAtZero(t *testing.T) {
	// rate 0 with a modulation: nothing is sent while the sine is
	// negative, i.e. in the second half of every period (10 Hz: 50 to 100
	// ms, steps whose end (s+1)*h lies there).
	env := envAt(t, 0.1)
	g := newSinusoidalPoisson(t, env, dict.Dict{"amplitude": 1000.0, "frequency": 10.0})
	log := runSlices(g, env, 0, 1000, 10)
	for _, s := range log.steps {
		if end := float64(s+1) * 0.1; end > 50+1e-9 && end < 100-1e-9 {
			t.Fatalf("spikes sent in step %d (rate below 0 there)", s)
		}
	}
	if len(log.steps) < 490 {
		t.Errorf("%d active steps with spikes, want about 499", len(log.steps))
	}
}

func TestSinusoidalPoissonGeneratorSharedTrainRate(t *testing.T) {
	// One train for all targets: the generator draws the multiplicities
	// itself. Over whole periods the modulation averages out, so the count
	// is Poisson with mean rate*T: 1000 spikes/s for 20 s = 20000, sd 141;
	// five sd bound the test.
	const (
		rate = 1000.0 // spikes/s
		secs = 20.0
	)
	env := envAt(t, 0.1)
	g := newSinusoidalPoisson(t, env, dict.Dict{
		"rate": rate, "amplitude": 800.0, "frequency": 5.0, "individual_spike_trains": false,
	})
	log := runSlices(g, env, 0, int(secs*1e4), 100)
	if len(log.lambdas) != 0 {
		t.Fatalf("a shared train asked the kernel for %d Poisson draws", len(log.lambdas))
	}
	n := 0
	for _, m := range log.mults {
		if m < 1 {
			t.Fatalf("event with multiplicity %d", m)
		}
		n += m
	}
	want := rate * secs
	if d := math.Abs(float64(n) - want); d > 5*math.Sqrt(want) {
		t.Errorf("%d spikes, want %g +- %g", n, want, 5*math.Sqrt(want))
	}
}

func TestSinusoidalPoissonGeneratorRecordsRate(t *testing.T) {
	env := envAt(t, 0.1)
	g := newSinusoidalPoisson(t, env, dict.Dict{"rate": 100.0, "amplitude": 150.0, "frequency": 10.0, "stop": 0.5})
	l := node.NewDataLogger([]int{0}, 1, 0)
	g.Loggers().Add(l)
	runSlices(g, env, 0, 20, 5)
	i := 0
	l.Drain(func(stamp int64, v []float64) {
		// Recorded also outside the window (stop 0.5 ms: steps from 4 on).
		want := max(0, 100+150*math.Sin(2*math.Pi*10/1000*float64(stamp)*0.1))
		if math.Abs(v[0]-want) > 1e-12 {
			t.Errorf("rate at %d: %.17g, want %.17g", stamp, v[0], want)
		}
		i++
	})
	if i != 20 {
		t.Errorf("%d samples, want 20", i)
	}
}

func TestDrawPoissonMoments(t *testing.T) {
	// Mean and variance of n draws: the sample mean has standard error
	// sqrt(lambda/n), the sample variance about lambda*sqrt(2/n) (plus a
	// kurtosis term lambda/n, negligible here); five of them bound each
	// check. The means straddle the switch from inversion to PTRS.
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 200000
	for _, lambda := range []float64{0.01, 1.5, 9.99, 10, 37, 2500} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(drawPoisson(rng, lambda))
			if xs[i] < 0 || xs[i] != math.Trunc(xs[i]) {
				t.Fatalf("lambda %g: drew %g", lambda, xs[i])
			}
		}
		m, s := sampleMoments(xs)
		if d := math.Abs(m - lambda); d > 5*math.Sqrt(lambda/n) {
			t.Errorf("lambda %g: mean %g, want +- %g", lambda, m, 5*math.Sqrt(lambda/n))
		}
		if d := math.Abs(s*s - lambda); d > 5*(lambda*math.Sqrt(2.0/n)+math.Sqrt(lambda/n)) {
			t.Errorf("lambda %g: variance %g", lambda, s*s)
		}
	}
	if drawPoisson(rng, 0) != 0 {
		t.Error("lambda 0 drew a spike")
	}
}
