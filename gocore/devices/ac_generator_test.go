package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func newAC(t *testing.T, env *node.Env, d dict.Dict) *ACGenerator {
	t.Helper()
	g := NewACGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestACGeneratorDefaults(t *testing.T) {
	want := dict.Dict{
		"amplitude": 0.0, "offset": 0.0, "frequency": 0.0, "phase": 0.0, "y_0": 0.0, "y_1": 0.0,
		"origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "", "recordables": []string{"I"},
	}
	if got := NewACGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}

func TestACGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"good amplitude, stop before start", dict.Dict{"amplitude": 5.0, "start": 3.0, "stop": 2.0}, nesterr.ErrBadProperty},
		{"good amplitude, start off the grid", dict.Dict{"amplitude": 5.0, "start": 0.05}, nesterr.ErrBadProperty},
		{"frequency as a string", dict.Dict{"amplitude": 5.0, "frequency": "high"}, nesterr.ErrTypeMismatch},
		{"good phase, bad label", dict.Dict{"phase": 5.0, "label": []any{}}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			g := newAC(t, env, dict.Dict{"amplitude": 1.0, "offset": 2.0, "frequency": 3.0, "phase": 4.0, "stop": 50.0})
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
	// y_0 and y_1 are state, reported but not settable.
	env := envAt(t, 0.1)
	r := dict.NewReader(dict.Dict{"y_0": 1.0})
	if err := NewACGenerator().SetStatus(r, env); err != nil || len(r.Unused()) != 1 {
		t.Errorf("y_0: error %v, unused %v; want it left unread", err, r.Unused())
	}
}

// acTol bounds the difference between the sent current and the closed
// form A*sin(omega*t + phase) + offset. The oscillator is rotated once
// per step by a matrix of rounded entries; each rotation adds an error of
// a few ulp of A, which accumulates at most linearly: 300 steps of 50 pA
// give at most about 300 * 4 * 1.1e-16 * 50 = 7e-12 in the worst case,
// and as a random walk about sqrt(300) * 4 * 1.1e-16 * 50 = 4e-13. The
// closed form itself, with an argument of up to 20 rad, is uncertain by
// about 50 * 20 * 1.1e-16 = 1e-13. 1e-12 holds with room (observed about
// 2e-13 on linux/amd64) and shows any misplaced step, which changes the
// current by up to A*omega*h = 3 pA here.
const acTol = 1e-12

func TestACGeneratorMatchesClosedForm(t *testing.T) {
	const (
		amplitude = 50.0  // pA
		offset    = 20.0  // pA
		frequency = 100.0 // Hz
		phase     = 30.0  // degrees
	)
	omega := 2 * math.Pi * frequency / 1000 // rad/ms
	phi := phase * math.Pi / 180
	// Window 5 to 35 ms at h = 0.1: active in steps 49 to 348 (t_min 50,
	// t_max 350). Run in two parts; the second Prepare (at step 200)
	// places the oscillator anew at 20 ms.
	env := envAt(t, 0.1)
	g := newAC(t, env, dict.Dict{"amplitude": amplitude, "offset": offset, "frequency": frequency, "phase": phase, "start": 5.0, "stop": 35.0})
	log := runCurrents(t, g, env, 0, 200, 10)
	second := runCurrents(t, g, env, 200, 400, 10)
	log.steps = append(log.steps, second.steps...)
	log.currents = append(log.currents, second.currents...)
	if len(log.steps) != 300 || log.steps[0] != 49 || log.steps[299] != 348 {
		t.Fatalf("active steps %s, want [49 .. 348]", span(log.steps))
	}
	worst := 0.0
	for i, s := range log.steps {
		if i > 0 && s != log.steps[i-1]+1 {
			t.Fatalf("gap in the active steps at %d", s)
		}
		// Step s sends the value at the end of the step, (s+1)*h.
		want := amplitude*math.Sin(omega*float64(s+1)*0.1+phi) + offset
		d := math.Abs(log.currents[i] - want)
		worst = max(worst, d)
		if d > acTol {
			t.Fatalf("step %d: sent %.17g pA, want %.17g (difference %g)", s, log.currents[i], want, d)
		}
	}
	t.Logf("largest difference from the closed form: %g pA", worst)
	// After 400 steps the state is the oscillator at 40 ms.
	if y1 := g.Status()["y_1"].(float64); math.Abs(y1-amplitude*math.Sin(omega*40+phi)) > acTol {
		t.Errorf("y_1 = %.17g, want %.17g", y1, amplitude*math.Sin(omega*40+phi))
	}
}

func TestACGeneratorTurnsWhileInactive(t *testing.T) {
	// The same generator with and without a window sends the same value in
	// the steps both are active: the window only cuts the sine.
	env := envAt(t, 0.1)
	params := dict.Dict{"amplitude": 2.0, "frequency": 37.0, "phase": 10.0}
	full := runCurrents(t, newAC(t, env, params), env, 0, 100, 7)
	windowed := newAC(t, env, params)
	if err := set(t, windowed, env, dict.Dict{"start": 3.0, "stop": 4.0}); err != nil {
		t.Fatal(err)
	}
	part := runCurrents(t, windowed, env, 0, 100, 7)
	if len(part.steps) != 10 || part.steps[0] != 29 {
		t.Fatalf("active steps %s, want [29 .. 38]", span(part.steps))
	}
	for i, s := range part.steps {
		if part.currents[i] != full.currents[s] {
			t.Errorf("step %d: %g with the window, %g without", s, part.currents[i], full.currents[s])
		}
	}
}
