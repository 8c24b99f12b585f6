package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// runCurrents prepares g at step start and updates it over steps
// [start, total) in slices of sliceLen steps aligned to multiples of
// sliceLen; it returns the steps in which g sent a current and the
// currents.
func runCurrents(t *testing.T, g node.Node, env *node.Env, start, total, sliceLen int) *currentLog {
	t.Helper()
	env.Now = int64(start)
	env.SliceOrigin = int64(start / sliceLen * sliceLen)
	g.Prepare(env)
	if p, ok := g.(node.PerTargetCurrentSender); ok {
		p.SetTargetCount(1) // as the kernel does for a generator with one target
	}
	log := &currentLog{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: log}
	for origin := start / sliceLen * sliceLen; origin < total; origin += sliceLen {
		from := max(0, start-origin)
		g.Update(ctx, int64(origin), from, min(sliceLen, total-origin))
	}
	return log
}

func newStepCurrent(t *testing.T, env *node.Env, d dict.Dict) *StepCurrentGenerator {
	t.Helper()
	g := NewStepCurrentGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestStepCurrentGeneratorDefaults(t *testing.T) {
	want := dict.Dict{
		"amplitude_times": []float64{}, "amplitude_values": []float64{}, "allow_offgrid_times": false,
		"origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "", "recordables": []string{"I"},
	}
	if got := NewStepCurrentGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}

func TestStepCurrentGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before dict.Dict // applied to a fresh generator first; must succeed
		d      dict.Dict
		cat    *nesterr.Category
	}{
		{"times without values", nil, dict.Dict{"amplitude_times": []any{1.0}}, nesterr.ErrBadProperty},
		{"values without times", nil, dict.Dict{"amplitude_values": []any{1.0}}, nesterr.ErrBadProperty},
		{"sizes differ", nil, dict.Dict{"amplitude_times": []any{1.0, 2.0}, "amplitude_values": []any{1.0, 2.0, 3.0}}, nesterr.ErrBadProperty},
		{"time 0", nil, dict.Dict{"amplitude_times": []any{0.0}, "amplitude_values": []any{1.0}}, nesterr.ErrBadProperty},
		{"negative time", nil, dict.Dict{"amplitude_times": []any{-1.0}, "amplitude_values": []any{1.0}}, nesterr.ErrBadProperty},
		{"infinite time", nil, dict.Dict{"amplitude_times": []any{math.Inf(1)}, "amplitude_values": []any{1.0}}, nesterr.ErrBadProperty},
		{"repeated time", nil, dict.Dict{"amplitude_times": []any{1.0, 2.0, 2.0}, "amplitude_values": []any{1.0, 2.0, 3.0}}, nesterr.ErrBadProperty},
		{"decreasing times", nil, dict.Dict{"amplitude_times": []any{2.0, 1.0}, "amplitude_values": []any{1.0, 2.0}}, nesterr.ErrBadProperty},
		{"off the grid", nil, dict.Dict{"amplitude_times": []any{1.05}, "amplitude_values": []any{1.0}}, nesterr.ErrBadProperty},
		// 1.05 rounds up to 1.1, the step of the next time.
		{"off-grid time rounds onto the next", nil,
			dict.Dict{"allow_offgrid_times": true, "amplitude_times": []any{1.05, 1.1}, "amplitude_values": []any{1.0, 2.0}}, nesterr.ErrBadProperty},
		{"option changed after times", dict.Dict{"amplitude_times": []any{1.0}, "amplitude_values": []any{1.0}},
			dict.Dict{"allow_offgrid_times": true}, nesterr.ErrBadProperty},
		{"only values replaced", dict.Dict{"amplitude_times": []any{1.0}, "amplitude_values": []any{1.0}},
			dict.Dict{"amplitude_values": []any{5.0}}, nesterr.ErrBadProperty},
		{"good lists, stop before start", nil,
			dict.Dict{"amplitude_times": []any{1.0}, "amplitude_values": []any{1.0}, "start": 5.0, "stop": 4.0}, nesterr.ErrBadProperty},
		{"times not numbers", nil, dict.Dict{"amplitude_times": "soon", "amplitude_values": []any{1.0}}, nesterr.ErrTypeMismatch},
		{"option not a boolean", nil, dict.Dict{"allow_offgrid_times": 1.0}, nesterr.ErrTypeMismatch},
		{"good lists, bad label", nil, dict.Dict{"amplitude_times": []any{1.0}, "amplitude_values": []any{1.0}, "label": 2.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			g := newStepCurrent(t, env, tc.before)
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestStepCurrentGeneratorAcceptedTimes(t *testing.T) {
	env := envAt(t, 0.1)
	// With the option, off-grid times move to the end of their step;
	// times on the grid stay.
	g := newStepCurrent(t, env, dict.Dict{
		"allow_offgrid_times": true, "amplitude_times": []any{0.25, 1.0, 1.01}, "amplitude_values": []any{1.0, 2.0, 3.0},
	})
	st := g.Status()
	if got, want := st["amplitude_times"], []float64{0.3, 1.0, 1.1}; !reflect.DeepEqual(got, want) {
		t.Errorf("amplitude_times %v, want %v", got, want)
	}
	// Clearing both lists is allowed, and then the option may change.
	if err := set(t, g, env, dict.Dict{"amplitude_times": []any{}, "amplitude_values": []any{}}); err != nil {
		t.Fatal(err)
	}
	if err := set(t, g, env, dict.Dict{"allow_offgrid_times": false}); err != nil {
		t.Fatal(err)
	}
	// The status read back is accepted unchanged.
	g = newStepCurrent(t, env, dict.Dict{"amplitude_times": []any{1.0, 2.5}, "amplitude_values": []any{-3.0, 4.0}, "stop": 9.0})
	st = g.Status()
	delete(st, "recordables") // read-only, refused by the kernel
	if err := set(t, g, env, st); err != nil {
		t.Fatalf("SetStatus(Status()): %v", err)
	}
	if got := g.Status(); !reflect.DeepEqual(got["amplitude_times"], []float64{1.0, 2.5}) {
		t.Errorf("after the round trip amplitude_times = %v", got["amplitude_times"])
	}
}

func TestStepCurrentGeneratorTiming(t *testing.T) {
	// h = 0.1 ms. The change at 1.0 ms (stamp 10) is adopted in step 9,
	// the one at 2.0 ms in step 19. The window 1.5 to 3.0 ms gives t_min
	// 15, t_max 30; active when 15 < s+2 <= 30, i.e. steps 14 to 28. So
	// steps 14 to 18 send 5 pA and 19 to 28 send 7 pA; the change at
	// 4.0 ms comes after the window and is never sent.
	var wantSteps []int64
	var wantCurrents []float64
	for s := int64(14); s <= 28; s++ {
		wantSteps = append(wantSteps, s)
		if s < 19 {
			wantCurrents = append(wantCurrents, 5)
		} else {
			wantCurrents = append(wantCurrents, 7)
		}
	}
	for _, sliceLen := range []int{1, 3, 10, 60} {
		env := envAt(t, 0.1)
		g := newStepCurrent(t, env, dict.Dict{
			"amplitude_times": []any{1.0, 2.0, 4.0}, "amplitude_values": []any{5.0, 7.0, 9.0},
			"start": 1.5, "stop": 3.0,
		})
		log := runCurrents(t, g, env, 0, 60, sliceLen)
		if !reflect.DeepEqual(log.steps, wantSteps) || !reflect.DeepEqual(log.currents, wantCurrents) {
			t.Fatalf("slices of %d: sent %v in steps %s, want %v in %s", sliceLen, log.currents, span(log.steps), wantCurrents, span(wantSteps))
		}
	}
}

func TestStepCurrentGeneratorZeroBeforeFirstChangeAndOrigin(t *testing.T) {
	// The amplitude times are absolute: origin moves the window (now 2.0 to
	// 2.5 ms: steps 19 to 23), not the change at 2.2 ms (adopted in step
	// 21). Before it the generator sends 0 pA.
	env := envAt(t, 0.1)
	g := newStepCurrent(t, env, dict.Dict{
		"amplitude_times": []any{2.2}, "amplitude_values": []any{3.0}, "origin": 1.0, "start": 1.0, "stop": 1.5,
	})
	log := runCurrents(t, g, env, 0, 40, 10)
	want := []float64{0, 0, 3, 3, 3}
	if !reflect.DeepEqual(log.steps, []int64{19, 20, 21, 22, 23}) || !reflect.DeepEqual(log.currents, want) {
		t.Errorf("sent %v in steps %v, want %v in steps 19 to 23", log.currents, log.steps, want)
	}
}

func TestStepCurrentGeneratorNewTimesAfterARun(t *testing.T) {
	// After 5 ms with 1 pA from 1 ms on, new times 2 ms (passed) and 6 ms:
	// the 1 pA stays in force until step 59 adopts 2 pA.
	env := envAt(t, 0.1)
	g := newStepCurrent(t, env, dict.Dict{"amplitude_times": []any{1.0}, "amplitude_values": []any{1.0}})
	runCurrents(t, g, env, 0, 50, 10)
	if err := set(t, g, env, dict.Dict{"amplitude_times": []any{2.0, 6.0}, "amplitude_values": []any{-5.0, 2.0}}); err != nil {
		t.Fatal(err)
	}
	log := runCurrents(t, g, env, 50, 70, 10)
	for i, s := range log.steps {
		want := 1.0
		if s >= 59 {
			want = 2
		}
		if log.currents[i] != want {
			t.Fatalf("step %d sent %g pA, want %g", s, log.currents[i], want)
		}
	}
	if len(log.steps) != 20 {
		t.Errorf("%d active steps, want 20", len(log.steps))
	}
}

func TestStepCurrentGeneratorRecordsSentCurrent(t *testing.T) {
	env := envAt(t, 0.1)
	g := newStepCurrent(t, env, dict.Dict{"amplitude_times": []any{0.1}, "amplitude_values": []any{4.0}, "stop": 1.0})
	l := node.NewDataLogger([]int{0}, 1, 0)
	g.Loggers().Add(l)
	runCurrents(t, g, env, 0, 12, 4)
	var got []float64
	l.Drain(func(_ int64, v []float64) { got = append(got, v[0]) })
	// Active in steps 0 to 8 (s+2 <= 10); the change at 0.1 ms is adopted
	// in step 0.
	want := []float64{4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recorded I %v, want %v", got, want)
	}
	// A clone starts over and does not feed the original's loggers.
	c := g.Clone().(*StepCurrentGenerator)
	if c.amp != 0 || c.next != 0 {
		t.Errorf("clone kept the position: amp %g, next %d", c.amp, c.next)
	}
	runCurrents(t, c, env, 12, 20, 4)
	n := 0
	l.Drain(func(int64, []float64) { n++ })
	if n != 0 {
		t.Errorf("the clone's updates reached the original's logger (%d samples)", n)
	}
}
