package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func newNoise(t *testing.T, env *node.Env, d dict.Dict) *NoiseGenerator {
	t.Helper()
	g := NewNoiseGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestNoiseGeneratorDefaults(t *testing.T) {
	want := dict.Dict{
		"mean": 0.0, "std": 0.0, "std_mod": 0.0, "frequency": 0.0, "phase": 0.0, "dt": 1.0, "y_0": 0.0, "y_1": 0.0,
		"origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "", "recordables": []string{"I"},
	}
	if got := NewNoiseGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}

func TestNoiseGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"negative std", dict.Dict{"mean": 1.0, "std": -1.0}, nesterr.ErrBadProperty},
		{"negative std_mod", dict.Dict{"std_mod": -0.5}, nesterr.ErrBadProperty},
		{"std_mod above std", dict.Dict{"std": 1.0, "std_mod": 1.5}, nesterr.ErrBadProperty},
		{"std lowered below std_mod", dict.Dict{"std": 0.5}, nesterr.ErrBadProperty},
		{"dt off the grid", dict.Dict{"dt": 0.25}, nesterr.ErrStepMultipleRequired},
		{"dt 0", dict.Dict{"dt": 0.0}, nesterr.ErrBadProperty},
		{"negative dt", dict.Dict{"dt": -0.1}, nesterr.ErrBadProperty},
		{"good mean, stop before start", dict.Dict{"mean": 5.0, "start": 3.0, "stop": 2.0}, nesterr.ErrBadProperty},
		{"mean as a string", dict.Dict{"mean": "zero"}, nesterr.ErrTypeMismatch},
		{"good std, bad label", dict.Dict{"std": 5.0, "label": 1.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			g := newNoise(t, env, dict.Dict{"mean": 2.0, "std": 1.0, "std_mod": 0.8, "dt": 0.5, "frequency": 5.0, "stop": 40.0})
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestNoiseGeneratorDefaultDtFollowsResolution(t *testing.T) {
	// The default 1.0 ms stays where it is a multiple of the resolution
	// and becomes ten steps where it is not, as NEST recalibrates it.
	for _, tc := range []struct{ resolution, dt float64 }{{0.1, 1.0}, {0.01, 1.0}, {0.5, 1.0}, {0.3, 3.0}} {
		g := newNoise(t, envAt(t, tc.resolution), nil)
		if got := g.Status()["dt"]; got != tc.dt {
			t.Errorf("resolution %g: dt = %v, want %g", tc.resolution, got, tc.dt)
		}
	}
}

func TestNoiseGeneratorTimingAndDt(t *testing.T) {
	// Window 1.0 to 2.0 ms at h = 0.1: active when 10 < s+2 <= 20, steps 9
	// to 18. dt = 0.3 ms: new values in steps 9, 12, 15, 18.
	env := envAt(t, 0.1)
	for _, sliceLen := range []int{1, 4, 10} {
		g := newNoise(t, env, dict.Dict{"mean": 1.0, "std": 2.0, "dt": 0.3, "start": 1.0, "stop": 2.0})
		log := runCurrents(t, g, env, 0, 40, sliceLen)
		if len(log.steps) != 10 || log.steps[0] != 9 || log.steps[9] != 18 {
			t.Fatalf("slices of %d: active steps %s, want [9 .. 18]", sliceLen, span(log.steps))
		}
		for i := 1; i < len(log.steps); i++ {
			newDraw := (log.steps[i]-9)%3 == 0
			if same := log.currents[i] == log.currents[i-1]; same == newDraw {
				t.Errorf("slices of %d: step %d sends %g after %g; a new value expected: %t",
					sliceLen, log.steps[i], log.currents[i], log.currents[i-1], newDraw)
			}
		}
	}
}

func TestNoiseGeneratorRestartsDtGridAfterPause(t *testing.T) {
	// A generator stopped and started again draws in its first active
	// step: after 10 active steps (dt 0.3 ms: draws at 9, 12, 15, 18) and
	// a new window from 3.0 ms on (first active step 29), it draws at 29,
	// 32, ...
	env := envAt(t, 0.1)
	g := newNoise(t, env, dict.Dict{"std": 1.0, "dt": 0.3, "start": 1.0, "stop": 2.0})
	runCurrents(t, g, env, 0, 25, 5)
	if err := set(t, g, env, dict.Dict{"start": 3.0, "stop": 4.0}); err != nil {
		t.Fatal(err)
	}
	log := runCurrents(t, g, env, 25, 50, 5)
	if len(log.steps) == 0 || log.steps[0] != 29 {
		t.Fatalf("active steps %s, want from 29", span(log.steps))
	}
	for i := 1; i < len(log.steps); i++ {
		newDraw := (log.steps[i]-29)%3 == 0
		if same := log.currents[i] == log.currents[i-1]; same == newDraw {
			t.Errorf("step %d: new value %t, want %t", log.steps[i], !same, newDraw)
		}
	}
}

// sampleMoments returns the mean and the standard deviation (with n-1)
// of xs.
func sampleMoments(xs []float64) (mean, std float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(xs)-1))
}

func TestNoiseGeneratorMeanAndStd(t *testing.T) {
	// dt = h, so every step is an independent draw. For n Gaussian values
	// the sample mean has standard error std/sqrt(n) and the sample
	// standard deviation about std/sqrt(2n); five of them leave a chance
	// of about 6e-7 of a false alarm each.
	const (
		n    = 200000
		mean = 5.0 // pA
		std  = 2.0 // pA
	)
	env := envAt(t, 0.1)
	g := newNoise(t, env, dict.Dict{"mean": mean, "std": std, "dt": 0.1})
	log := runCurrents(t, g, env, 0, n, 100)
	if len(log.currents) != n {
		t.Fatalf("%d values, want %d", len(log.currents), n)
	}
	m, s := sampleMoments(log.currents)
	if d := math.Abs(m - mean); d > 5*std/math.Sqrt(n) {
		t.Errorf("sample mean %g, want %g +- %g", m, mean, 5*std/math.Sqrt(n))
	}
	if d := math.Abs(s - std); d > 5*std/math.Sqrt(2*n) {
		t.Errorf("sample std %g, want %g +- %g", s, std, 5*std/math.Sqrt(2*n))
	}
}

func TestNoiseGeneratorModulatedVariance(t *testing.T) {
	// With std = std_mod = s the variance is s^2*(1 + sin(omega*t + phase)):
	// averaged over the half periods where the sine is positive it is
	// s^2*(1 + 2/pi), where it is negative s^2*(1 - 2/pi). 10 Hz over 20 s
	// with dt = h: 100000 draws in each half. The sample variance of n
	// values with these variances has a standard error of about
	// var*sqrt(2/n) (a little more, since the variance varies); five of
	// them with a margin of 1.5 bound the test.
	const (
		s    = 3.0  // pA
		freq = 10.0 // Hz
		n    = 200000
	)
	env := envAt(t, 0.1)
	g := newNoise(t, env, dict.Dict{"std": s, "std_mod": s, "frequency": freq, "dt": 0.1})
	log := runCurrents(t, g, env, 0, n, 100)
	var pos, neg []float64
	for i, st := range log.steps {
		if math.IsNaN(log.currents[i]) || math.IsInf(log.currents[i], 0) {
			t.Fatalf("step %d: current %g", st, log.currents[i])
		}
		// The value drawn in step st uses the oscillator turned to (st+1)*h.
		if math.Sin(2*math.Pi*freq/1000*float64(st+1)*0.1) > 0 {
			pos = append(pos, log.currents[i])
		} else {
			neg = append(neg, log.currents[i])
		}
	}
	for _, c := range []struct {
		name string
		xs   []float64
		want float64
	}{{"positive half", pos, s * s * (1 + 2/math.Pi)}, {"negative half", neg, s * s * (1 - 2/math.Pi)}} {
		_, sd := sampleMoments(c.xs)
		tol := 1.5 * 5 * c.want * math.Sqrt(2/float64(len(c.xs)))
		if d := math.Abs(sd*sd - c.want); d > tol {
			t.Errorf("%s: variance %g, want %g +- %g", c.name, sd*sd, c.want, tol)
		}
	}
}
