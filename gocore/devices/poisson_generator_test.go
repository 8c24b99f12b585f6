package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestPoissonGeneratorActiveWindow(t *testing.T) {
	// NEST tests the window on the step that sends, with no shift:
	// active in step s when t_min < s <= t_max, t_min = (origin+start)/h,
	// t_max = (origin+stop)/h. Its spikes are stamped s+1. first/last are
	// worked out by hand from that rule; first > last means never active.
	const none = -1
	for _, tc := range []struct {
		name        string
		resolution  float64
		d           dict.Dict
		total       int
		first, last int64
	}{
		// (0, inf): step 0 is not active, so no spike is stamped 0.1 ms.
		{"default window", 0.1, dict.Dict{}, 100, 1, 99},
		{"start and stop", 0.1, dict.Dict{"start": 1.0, "stop": 2.0}, 100, 11, 20},
		{"origin shifts the window", 0.1, dict.Dict{"origin": 5.0, "start": 1.0, "stop": 2.0}, 300, 61, 70},
		{"stop equal to start", 0.1, dict.Dict{"start": 1.0, "stop": 1.0}, 100, 0, none},
		{"coarse grid", 0.5, dict.Dict{"start": 2.0, "stop": 3.0}, 50, 5, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, tc.resolution)
			for _, sliceLen := range []int{1, 7, 10, tc.total} {
				g := NewPoissonGenerator()
				if err := set(t, g, env, dict.Dict{"rate": 2500.0}); err != nil {
					t.Fatal(err)
				}
				if err := set(t, g, env, tc.d); err != nil {
					t.Fatal(err)
				}
				log := runSlices(g, env, 0, tc.total, sliceLen)
				var want []int64
				for s := tc.first; s <= tc.last && tc.last != none; s++ {
					want = append(want, s)
				}
				if !reflect.DeepEqual(log.steps, want) {
					t.Fatalf("slices of %d steps: active steps %s, want %s", sliceLen, span(log.steps), span(want))
				}
				// The mean per step and target: rate (1/s) * h (ms) / 1000.
				wantLambda := tc.resolution * 2500 * 1e-3
				for _, l := range log.lambdas {
					if math.Abs(l-wantLambda) > 1e-15 {
						t.Fatalf("lambda %.17g, want %g", l, wantLambda)
					}
				}
			}
		})
	}
}

func TestPoissonGeneratorRateZeroSendsNothing(t *testing.T) {
	env := envAt(t, 0.1)
	g := NewPoissonGenerator()
	if log := runSlices(g, env, 0, 100, 10); len(log.steps) != 0 {
		t.Errorf("rate 0 sent in steps %v", log.steps)
	}
}

func TestPoissonGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"negative rate", dict.Dict{"rate": -1.0, "label": "x"}, nesterr.ErrBadProperty},
		{"good rate, stop before start", dict.Dict{"rate": 5.0, "start": 3.0, "stop": 2.0}, nesterr.ErrBadProperty},
		{"good rate, start off the grid", dict.Dict{"rate": 5.0, "start": 0.05}, nesterr.ErrBadProperty},
		{"rate as a string", dict.Dict{"rate": "fast"}, nesterr.ErrTypeMismatch},
		{"good rate, bad label", dict.Dict{"rate": 5.0, "label": []any{}}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewPoissonGenerator()
			if err := set(t, g, env, dict.Dict{"rate": 100.0, "stop": 50.0, "label": "pg"}); err != nil {
				t.Fatal(err)
			}
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
	want := dict.Dict{"rate": 0.0, "origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": ""}
	if got := NewPoissonGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}
