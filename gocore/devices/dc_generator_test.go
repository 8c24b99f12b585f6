package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// runDC updates g over steps [0, total) in slices of sliceLen steps (the
// last one shorter) and returns the steps in which it sent a current.
func runDC(t *testing.T, g *DCGenerator, env *node.Env, total, sliceLen int) *currentLog {
	t.Helper()
	g.Prepare(env)
	log := &currentLog{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: log}
	for origin := 0; origin < total; origin += sliceLen {
		g.Update(ctx, int64(origin), 0, min(sliceLen, total-origin))
	}
	return log
}

func TestDCGeneratorActivityWindowInSteps(t *testing.T) {
	// NEST shifts current generators by two steps: the generator is active
	// in step s when t_min < s+2 <= t_max, with t_min = (origin+start)/h and
	// t_max = (origin+stop)/h in steps. first/last are worked out by hand
	// from that rule; first > last means never active.
	const none = -1
	for _, tc := range []struct {
		name        string
		resolution  float64
		d           dict.Dict
		total       int
		first, last int64
	}{
		{"default window is always open", 0.1, dict.Dict{}, 100, 0, 99},
		// t_min 500, t_max 10500: s+2 in (500, 10500].
		{"seed window 50 to 1050 ms", 0.1, dict.Dict{"start": 50.0, "stop": 1050.0}, 11000, 499, 10498},
		// t_min 150, t_max 160.
		{"origin shifts the window", 0.1, dict.Dict{"origin": 10.0, "start": 5.0, "stop": 6.0}, 300, 149, 158},
		// (1, 1] is empty.
		{"stop equal to start", 0.1, dict.Dict{"start": 0.1, "stop": 0.1}, 100, 0, none},
		// s+2 in (0, 2]: s = -1 (never simulated) and 0.
		{"stop two steps after 0", 0.1, dict.Dict{"stop": 0.2}, 100, 0, 0},
		{"open end", 0.1, dict.Dict{"start": 1.0}, 100, 9, 99},
		// h = 0.5: t_min 4, t_max 6.
		{"coarse grid", 0.5, dict.Dict{"start": 2.0, "stop": 3.0}, 50, 3, 4},
		{"stop before the run ends at 0", 0.1, dict.Dict{"stop": 0.0}, 100, 0, none},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, tc.resolution)
			for _, sliceLen := range []int{1, 7, 10, tc.total} {
				g := NewDCGenerator()
				if err := set(t, g, env, dict.Dict{"amplitude": 42.5}); err != nil {
					t.Fatal(err)
				}
				if err := set(t, g, env, tc.d); err != nil {
					t.Fatal(err)
				}
				log := runDC(t, g, env, tc.total, sliceLen)
				var want []int64
				for s := tc.first; s <= tc.last && tc.last != none; s++ {
					want = append(want, s)
				}
				if !reflect.DeepEqual(log.steps, want) {
					t.Fatalf("slices of %d steps: active steps %s, want %s", sliceLen, span(log.steps), span(want))
				}
				for i, c := range log.currents {
					if c != 42.5 {
						t.Fatalf("step %d: current %g, want the amplitude 42.5", log.steps[i], c)
					}
				}
			}
		})
	}
}

// span summarises a sorted list of steps for failure messages.
func span(steps []int64) string {
	if len(steps) == 0 {
		return "none"
	}
	return "[" + itoa(steps[0]) + " .. " + itoa(steps[len(steps)-1]) + "] (" + itoa(int64(len(steps))) + " steps)"
}

func itoa(i int64) string { return string(appendInt(nil, i)) }

func appendInt(b []byte, i int64) []byte {
	if i < 0 {
		return appendInt(append(b, '-'), -i)
	}
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

func TestDCGeneratorRejectsBadWindows(t *testing.T) {
	for _, tc := range []struct {
		name       string
		resolution float64
		before     dict.Dict // applied first, must succeed
		d          dict.Dict
		cat        *nesterr.Category
	}{
		{"start off the grid", 0.1, nil, dict.Dict{"amplitude": 5.0, "start": 0.05}, nesterr.ErrBadProperty},
		{"stop off the grid", 0.1, nil, dict.Dict{"amplitude": 5.0, "stop": 100.05}, nesterr.ErrBadProperty},
		{"origin off the grid", 0.1, nil, dict.Dict{"amplitude": 5.0, "origin": 0.25}, nesterr.ErrBadProperty},
		{"start on the fine grid, off the coarse one", 0.5, nil, dict.Dict{"start": 0.1}, nesterr.ErrBadProperty},
		{"stop before start", 0.1, nil, dict.Dict{"amplitude": 5.0, "start": 10.0, "stop": 5.0}, nesterr.ErrBadProperty},
		{"stop moved before the existing start", 0.1, dict.Dict{"start": 10.0, "stop": 20.0}, dict.Dict{"amplitude": 5.0, "stop": 5.0}, nesterr.ErrBadProperty},
		{"start moved after the existing stop", 0.1, dict.Dict{"stop": 20.0}, dict.Dict{"start": 30.0}, nesterr.ErrBadProperty},
		{"amplitude not a number", 0.1, nil, dict.Dict{"amplitude": "high"}, nesterr.ErrTypeMismatch},
		{"label not a string", 0.1, nil, dict.Dict{"amplitude": 5.0, "label": 3.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, tc.resolution)
			g := NewDCGenerator()
			if err := set(t, g, env, tc.before); err != nil {
				t.Fatal(err)
			}
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestDCGeneratorStatusRoundTrip(t *testing.T) {
	// Non-finite numbers cross JSON as the strings "inf", "-inf", "nan"
	// (pybind, python/nest/_kernel.py), so dc.set(stop=float("inf")) arrives
	// as "inf"; a status read back must be accepted unchanged.
	env := envAt(t, 0.1)
	g := NewDCGenerator()
	if err := set(t, g, env, dict.Dict{"amplitude": 3.0, "start": 1.0, "stop": 2.0}); err != nil {
		t.Fatal(err)
	}
	if err := set(t, g, env, dict.Dict{"stop": "inf"}); err != nil {
		t.Fatalf(`stop = "inf": %v`, err)
	}
	if g.W.Stop != math.Inf(1) {
		t.Fatalf(`after stop = "inf": Stop = %g, want +Inf`, g.W.Stop)
	}
	wantCategory(t, set(t, g, env, dict.Dict{"stop": "infinity"}), nesterr.ErrTypeMismatch)
	for _, d := range []dict.Dict{{"stop": 2.0}, {"stop": math.Inf(1)}} {
		if err := set(t, g, env, d); err != nil {
			t.Fatal(err)
		}
		st := g.Status()
		// The kernel, not the model, takes the read-only recordables.
		in := dict.Dict{}
		for k, v := range st {
			if k != "recordables" {
				in[k] = v
			}
		}
		if err := set(t, g, env, in); err != nil {
			t.Fatalf("SetStatus(Status()) with %v: %v", st, err)
		}
		if got := g.Status(); !reflect.DeepEqual(got, st) {
			t.Errorf("SetStatus(Status()) changed the status:\nbefore %v\nafter  %v", st, got)
		}
	}
}
