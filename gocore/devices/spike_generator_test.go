package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// emitLog is a node.Emitter that remembers spikes sent with a
// multiplicity and Poisson emissions. The embedded interface (nil) keeps
// the fake compiling when the Emitter interface grows; a call to a method
// not defined here panics.
type emitLog struct {
	node.Emitter
	steps   []int64
	offsets []float64
	mults   []int
	lambdas []float64
	factors []float64 // of weighted emissions, in order
}

func (e *emitLog) EmitWeightedSpikes(idx int, step int64, offset float64, multiplicity int, factor float64) {
	e.EmitSpikes(idx, step, offset, multiplicity)
	e.factors = append(e.factors, factor)
}

func (e *emitLog) EmitSpikes(_ int, step int64, offset float64, multiplicity int) {
	e.steps = append(e.steps, step)
	e.offsets = append(e.offsets, offset)
	e.mults = append(e.mults, multiplicity)
}

func (e *emitLog) EmitPoisson(_ int, step int64, lambda float64) {
	e.steps = append(e.steps, step)
	e.lambdas = append(e.lambdas, lambda)
}

// runSlices prepares g and updates it over steps [start, total) in slices
// of sliceLen steps aligned to multiples of sliceLen (the first and the
// last may be shorter).
func runSlices(g node.Node, env *node.Env, start, total, sliceLen int) *emitLog {
	g.Prepare(env)
	log := &emitLog{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: log}
	for origin := start / sliceLen * sliceLen; origin < total; origin += sliceLen {
		from := max(0, start-origin)
		g.Update(ctx, int64(origin), from, min(sliceLen, total-origin))
	}
	return log
}

func newSpikeGenerator(t *testing.T, env *node.Env, d dict.Dict) *SpikeGenerator {
	t.Helper()
	g := NewSpikeGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSpikeGeneratorEmissionSteps(t *testing.T) {
	// A spike at t (stamp s = t/h) is sent in step s-1; a connection of
	// delay d then delivers it to the update of step s-1+d, as for a
	// neuron's spike. The window is tested on the stamp:
	// origin+start < t <= origin+stop.
	for _, tc := range []struct {
		name       string
		resolution float64
		d          dict.Dict
		start      int // first step updated
		total      int
		steps      []int64
		mults      []int
	}{
		{"reference train with a repeated time", 0.1,
			dict.Dict{"spike_times": []any{5.0, 12.3, 12.3, 30.0, 30.1, 31.7}}, 0, 400,
			[]int64{49, 122, 122, 299, 300, 316}, []int{1, 1, 1, 1, 1, 1}},
		{"first step of the simulation", 0.1, dict.Dict{"spike_times": []any{0.1, 0.2}}, 0, 10,
			[]int64{0, 1}, []int{1, 1}},
		{"origin shifts the times", 0.1, dict.Dict{"origin": 10.0, "spike_times": []any{1.0, 2.5}}, 0, 200,
			[]int64{109, 124}, []int{1, 1}},
		// t_min = 50: the stamp 50 (5.0 ms) is outside, 5.1 inside;
		// t_max = 300 includes 30.0 ms.
		{"window on the stamp", 0.1,
			dict.Dict{"start": 5.0, "stop": 30.0, "spike_times": []any{5.0, 5.1, 30.0, 30.1}}, 0, 400,
			[]int64{50, 299}, []int{1, 1}},
		{"multiplicities, 0 sends nothing", 0.1,
			dict.Dict{"spike_times": []any{1.0, 2.0, 3.0}, "spike_multiplicities": []any{2.0, 0.0, 3.0}}, 0, 40,
			[]int64{9, 29}, []int{2, 3}},
		{"times before the first update are skipped", 0.1,
			dict.Dict{"spike_times": []any{1.0, 2.0, 2.1, 5.0}}, 20, 100,
			[]int64{20, 49}, []int{1, 1}},
		{"coarse grid", 0.5, dict.Dict{"spike_times": []any{1.0, 1.5, 4.0}}, 0, 20,
			[]int64{1, 2, 7}, []int{1, 1, 1}},
		{"no spikes", 0.1, dict.Dict{}, 0, 100, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, tc.resolution)
			for _, sliceLen := range []int{1, 7, 10, tc.total} {
				g := newSpikeGenerator(t, env, tc.d)
				log := runSlices(g, env, tc.start, tc.total, sliceLen)
				if !reflect.DeepEqual(log.steps, tc.steps) || !reflect.DeepEqual(log.mults, tc.mults) {
					t.Fatalf("slices of %d steps: sent in steps %v with multiplicities %v, want %v and %v",
						sliceLen, log.steps, log.mults, tc.steps, tc.mults)
				}
				for _, o := range log.offsets {
					if o != 0 {
						t.Fatalf("offset %g on a grid spike", o)
					}
				}
			}
		})
	}
}

func TestSpikeGeneratorRestartsWhenTimesChange(t *testing.T) {
	env := envAt(t, 0.1)
	g := newSpikeGenerator(t, env, dict.Dict{"spike_times": []any{1.0}})
	log := runSlices(g, env, 0, 20, 10)
	if !reflect.DeepEqual(log.steps, []int64{9}) {
		t.Fatalf("steps %v, want [9]", log.steps)
	}
	// At step 20 a new list is set; the part in the past is skipped.
	if err := set(t, g, env, dict.Dict{"spike_times": []any{1.5, 2.5, 3.0}}); err != nil {
		t.Fatal(err)
	}
	log = runSlices(g, env, 20, 40, 10)
	if !reflect.DeepEqual(log.steps, []int64{24, 29}) {
		t.Errorf("steps after the change %v, want [24 29]", log.steps)
	}
}

func TestSpikeGeneratorOffGridOptions(t *testing.T) {
	env := envAt(t, 0.1)
	// allow_offgrid_times: the stamp is the end of the step the time lies
	// in, and that is what spike_times reports.
	g := newSpikeGenerator(t, env, dict.Dict{"allow_offgrid_times": true, "spike_times": []any{1.23, 2.0, 2.05}})
	if got, want := g.Status()["spike_times"], []float64{1.3, 2.0, 2.1}; !reflect.DeepEqual(got, want) {
		t.Errorf("allow_offgrid_times: spike_times %v, want %v", got, want)
	}
	if log := runSlices(g, env, 0, 30, 10); !reflect.DeepEqual(log.steps, []int64{12, 19, 20}) {
		t.Errorf("allow_offgrid_times: steps %v, want [12 19 20]", log.steps)
	}

	// precise_times: same stamps, the distance to the end of the step
	// travels as the offset and spike_times reports the given times.
	g = newSpikeGenerator(t, env, dict.Dict{"precise_times": true, "spike_times": []any{1.23, 2.0, 2.05}})
	const offsetTol = 1e-14 // rounding of (stamp - t) for times near 2 ms
	st := g.Status()["spike_times"].([]float64)
	for i, want := range []float64{1.23, 2.0, 2.05} {
		if math.Abs(st[i]-want) > offsetTol {
			t.Errorf("precise_times: spike_times[%d] = %.17g, want %g", i, st[i], want)
		}
	}
	log := runSlices(g, env, 0, 30, 10)
	if !reflect.DeepEqual(log.steps, []int64{12, 19, 20}) {
		t.Fatalf("precise_times: steps %v, want [12 19 20]", log.steps)
	}
	for i, want := range []float64{0.07, 0, 0.05} {
		if math.Abs(log.offsets[i]-want) > offsetTol {
			t.Errorf("precise_times: offset %d = %.17g, want %g", i, log.offsets[i], want)
		}
	}
	if log.offsets[1] != 0 {
		t.Errorf("precise_times: a time on the grid has offset %g, want exactly 0", log.offsets[1])
	}
}

func TestSpikeGeneratorShiftNowSpikes(t *testing.T) {
	env := envAt(t, 0.1)
	// At time 0 a spike at 0 (now) moves to the first step; so does one
	// at "now" later in the run, with the origin counted in.
	g := newSpikeGenerator(t, env, dict.Dict{"shift_now_spikes": true, "spike_times": []any{0.0, 0.5}})
	if got, want := g.Status()["spike_times"], []float64{0.1, 0.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("spike_times %v, want %v", got, want)
	}
	if log := runSlices(g, env, 0, 10, 10); !reflect.DeepEqual(log.steps, []int64{0, 4}) {
		t.Errorf("steps %v, want [0 4]", log.steps)
	}
	later := *env
	later.Now, later.SliceOrigin = 30, 30
	g = newSpikeGenerator(t, &later, dict.Dict{"shift_now_spikes": true, "origin": 1.0, "spike_times": []any{2.0, 2.5}})
	if got, want := g.Status()["spike_times"], []float64{2.1, 2.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("origin 1, now 3 ms: spike_times %v, want %v", got, want)
	}
	if log := runSlices(g, env, 30, 40, 10); !reflect.DeepEqual(log.steps, []int64{30, 34}) {
		t.Errorf("origin 1, now 3 ms: steps %v, want [30 34]", log.steps)
	}
}

func TestSpikeGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"unsorted times", dict.Dict{"spike_times": []any{1.0, 3.0, 2.0}}, nesterr.ErrBadProperty},
		{"time off the grid", dict.Dict{"spike_times": []any{1.0, 12.34}}, nesterr.ErrBadProperty},
		{"time 0", dict.Dict{"spike_times": []any{0.0, 1.0}}, nesterr.ErrBadProperty},
		{"infinite time", dict.Dict{"spike_times": []any{1.0, "inf"}}, nesterr.ErrBadProperty},
		{"NaN time", dict.Dict{"spike_times": []any{"nan"}}, nesterr.ErrBadProperty},
		{"precise_times with allow_offgrid_times", dict.Dict{"precise_times": true, "allow_offgrid_times": true, "spike_times": []any{1.0}}, nesterr.ErrBadProperty},
		{"precise_times with shift_now_spikes", dict.Dict{"precise_times": true, "shift_now_spikes": true, "spike_times": []any{1.0}}, nesterr.ErrBadProperty},
		{"option without times while times are set", dict.Dict{"allow_offgrid_times": false}, nesterr.ErrBadProperty},
		{"multiplicities of the wrong length", dict.Dict{"spike_multiplicities": []any{1.0, 2.0}}, nesterr.ErrBadProperty},
		{"negative multiplicity", dict.Dict{"spike_multiplicities": []any{1.0, -1.0, 1.0}}, nesterr.ErrBadProperty},
		{"fractional multiplicity", dict.Dict{"spike_multiplicities": []any{1.0, 1.5, 1.0}}, nesterr.ErrTypeMismatch},
		{"new times leave the multiplicities behind", dict.Dict{"spike_times": []any{1.0, 2.0}}, nesterr.ErrBadProperty},
		{"weights of the wrong length", dict.Dict{"spike_weights": []any{1.0}}, nesterr.ErrBadProperty},
		{"new times leave the weights behind", dict.Dict{"spike_multiplicities": []any{}, "spike_weights": []any{1.0, 2.0, 3.0}, "spike_times": []any{1.0}}, nesterr.ErrBadProperty},
		{"good times, bad window", dict.Dict{"spike_times": []any{7.0}, "spike_multiplicities": []any{1.0}, "start": 5.0, "stop": 4.0}, nesterr.ErrBadProperty},
		{"good times, origin off the grid", dict.Dict{"spike_times": []any{7.0}, "spike_multiplicities": []any{1.0}, "origin": 0.05}, nesterr.ErrBadProperty},
		{"good times, bad label", dict.Dict{"spike_times": []any{7.0}, "spike_multiplicities": []any{1.0}, "label": 3.0}, nesterr.ErrTypeMismatch},
		{"times not a list", dict.Dict{"spike_times": 5.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newSpikeGenerator(t, env, dict.Dict{
				"spike_times": []any{1.0, 2.0, 3.0}, "spike_multiplicities": []any{1.0, 2.0, 1.0}, "label": "sg", "stop": 100.0,
			})
			// Send the first spike so that the position is not at the start.
			log := runSlices(g, env, 0, 15, 15)
			before, pos := g.Status(), g.position
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) || g.position != pos {
				t.Fatalf("rejected SetStatus changed the generator:\nbefore %v (position %d)\nafter  %v (position %d)", before, pos, after, g.position)
			}
			log2 := runSlices(g, env, 15, 40, 5)
			if got := append(log.steps, log2.steps...); !reflect.DeepEqual(got, []int64{9, 19, 29}) {
				t.Errorf("steps %v, want [9 19 29]: the train continues as before", got)
			}
		})
	}
}

func TestSpikeGeneratorAcceptsClearingAndStatusRoundTrip(t *testing.T) {
	env := envAt(t, 0.1)
	g := newSpikeGenerator(t, env, dict.Dict{"spike_times": []any{1.0, 2.0}, "spike_multiplicities": []any{3.0, 1.0}, "spike_weights": []any{}})
	// An empty list clears the multiplicities; the times stay.
	if err := set(t, g, env, dict.Dict{"spike_multiplicities": []any{}}); err != nil {
		t.Fatal(err)
	}
	st := g.Status()
	want := dict.Dict{
		"spike_times": []float64{1.0, 2.0}, "spike_weights": []float64{}, "spike_multiplicities": []int{},
		"precise_times": false, "allow_offgrid_times": false, "shift_now_spikes": false,
		"origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "",
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("status\n got %v\nwant %v", st, want)
	}
	// Times may repeat; an empty list removes all spikes, after which the
	// options may change without new times.
	for _, d := range []dict.Dict{
		{"spike_times": []any{1.0, 1.0}},
		{"spike_times": []any{}},
		{"allow_offgrid_times": true},
	} {
		if err := set(t, g, env, d); err != nil {
			t.Errorf("SetStatus(%v) = %v", d, err)
		}
	}
}

func TestSpikeGeneratorSpikeWeights(t *testing.T) {
	env := envAt(t, 0.1)
	g := newSpikeGenerator(t, env, dict.Dict{
		"spike_times": []any{1.0, 2.0, 3.0}, "spike_weights": []any{0.5, -2.0, 0.0}, "spike_multiplicities": []any{1.0, 0.0, 2.0},
	})
	if got := g.Status()["spike_weights"]; !reflect.DeepEqual(got, []float64{0.5, -2.0, 0.0}) {
		t.Errorf("spike_weights %v, want [0.5 -2 0]", got)
	}
	log := runSlices(g, env, 0, 40, 10)
	// The spike of multiplicity 0 is not sent; the weight factor 0 is.
	if !reflect.DeepEqual(log.steps, []int64{9, 29}) || !reflect.DeepEqual(log.factors, []float64{0.5, 0.0}) ||
		!reflect.DeepEqual(log.mults, []int{1, 2}) {
		t.Errorf("steps %v factors %v mults %v, want [9 29] [0.5 0] [1 2]", log.steps, log.factors, log.mults)
	}
	// Clearing the weights sends plain spikes again, from the start.
	if err := set(t, g, env, dict.Dict{"spike_weights": []any{}}); err != nil {
		t.Fatal(err)
	}
	log = runSlices(g, env, 0, 40, 10)
	if len(log.factors) != 0 || !reflect.DeepEqual(log.steps, []int64{9, 29}) {
		t.Errorf("after clearing: steps %v factors %v, want [9 29] and no weighted spike", log.steps, log.factors)
	}
}
