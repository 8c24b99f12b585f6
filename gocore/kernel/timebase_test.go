package kernel

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestDelaysRoundToNearestStep(t *testing.T) {
	// NEST rounds a connection delay to the nearest step, halves up
	// (ld_round(ms * steps_per_ms)), unlike times, which round up.
	for _, tc := range []struct {
		resolution, delay float64
		steps             int64
	}{
		{0.1, 0.14, 1},
		{0.1, 0.15, 2},
		{0.1, 0.05, 1},
		{0.1, 1.24, 12},
		{0.1, 1.26, 13},
		{0.5, 0.25, 1},
		{0.5, 0.74, 1},
		{0.5, 0.75, 2},
	} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"resolution": tc.resolution}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, k, "dc_generator", 1)
		mustCreate(t, k, "iaf_tum_2000", 1)
		mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"delay": tc.delay})
		want := k.base.StepsToMs(tc.steps)
		if got := kernelFloat(t, k, "min_delay"); got != want {
			t.Errorf("h = %g, delay %g: min_delay = %g, want %d steps = %g ms", tc.resolution, tc.delay, got, tc.steps, want)
		}
		if got := kernelFloat(t, k, "max_delay"); got != want {
			t.Errorf("h = %g, delay %g: max_delay = %g, want %g ms", tc.resolution, tc.delay, got, want)
		}
	}
}

// delayedTrace simulates a spiking iaf_tum_2000 driving a second one
// through a receptor-1 connection with the given delay, and returns the
// target's V_m sampled every step.
func delayedTrace(t *testing.T, delay float64) []float64 {
	t.Helper()
	k := newKernel()
	mustCreate(t, k, "iaf_tum_2000", 1, dict.Dict{"I_e": 600.0, "x": 1.0})
	mustCreate(t, k, "iaf_tum_2000", 1)
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"weight": 500.0, "delay": delay, "receptor_type": 1})
	mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"V_m"}})
	mustConnect(t, k, []int{mm}, []int{2}, nil, nil)
	mustSimulate(t, k, 60)
	tab, err := k.Recording(mm)
	if err != nil {
		t.Fatal(err)
	}
	return tab.Float64s(tab.Index("V_m"))
}

func TestDelayRoundingIsWhatTheNetworkSees(t *testing.T) {
	// A delay given off the grid must act exactly as the step it rounds to.
	for _, pair := range [][2]float64{{0.14, 0.1}, {0.15, 0.2}, {0.05, 0.1}, {1.26, 1.3}, {1.24, 1.2}} {
		if a, b := delayedTrace(t, pair[0]), delayedTrace(t, pair[1]); !reflect.DeepEqual(a, b) {
			t.Errorf("delay %g and delay %g give different target traces", pair[0], pair[1])
		}
	}
	// The comparison above is worth something only if the delay matters.
	if a, b := delayedTrace(t, 0.1), delayedTrace(t, 0.2); reflect.DeepEqual(a, b) {
		t.Fatal("delays 0.1 and 0.2 give identical traces: the target receives no input")
	}
}

func TestDelayBelowResolutionIsBadDelay(t *testing.T) {
	for _, tc := range []struct{ resolution, delay float64 }{
		{0.1, 0.04},
		{0.1, 0.0},
		{0.1, -1.0},
		{0.1, math.NaN()},
		{0.5, 0.2},
		{0.5, 0.1},
	} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"resolution": tc.resolution}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, k, "dc_generator", 1)
		mustCreate(t, k, "iaf_tum_2000", 2)
		before := takeSnapshot(t, k)
		wantCategory(t, k.Connect([]int{1}, []int{2, 3}, nil, dict.Dict{"delay": tc.delay}), nesterr.ErrBadDelay)
		if d := before.diff(takeSnapshot(t, k)); d != "" || k.NumConnections() != 0 {
			t.Errorf("h = %g, delay %g rejected, but %s (%d connections)", tc.resolution, tc.delay, d, k.NumConnections())
		}
		wantCategory(t, k.SetDefaults("static_synapse", dict.Dict{"delay": tc.delay}), nesterr.ErrBadDelay)
	}
}

func TestDelayRangeFrozenAfterSimulate(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "dc_generator", 1)
	mustCreate(t, k, "iaf_tum_2000", 1)
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"delay": 1.0})
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"delay": 2.0})
	mustSimulate(t, k, 5)
	for _, d := range []float64{0.5, 2.5} {
		wantCategory(t, k.Connect([]int{1}, []int{2}, nil, dict.Dict{"delay": d}), nesterr.ErrBadDelay)
	}
	for _, d := range []float64{1.0, 1.5, 2.0} {
		if err := k.Connect([]int{1}, []int{2}, nil, dict.Dict{"delay": d}); err != nil {
			t.Errorf("delay %g inside the simulated range [1, 2] ms: %v", d, err)
		}
	}
}

func TestSimulateRejectsBadTimesAndChangesNothing(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_tum_2000", 1, dict.Dict{"I_e": 400.0})
	sr := mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{1}, []int{sr}, nil, nil)
	vm := mustCreate(t, k, "voltmeter", 1)
	mustConnect(t, k, []int{vm}, []int{1}, nil, nil)
	mustSimulate(t, k, 55.3) // stop inside a slice, so a bad call could disturb the resume point
	before := takeSnapshot(t, k)
	for _, ms := range []float64{-0.1, -100, 0.05, 100.05, 0.15, math.NaN(), math.Inf(1), math.Inf(-1)} {
		wantCategory(t, k.Simulate(ms), nesterr.ErrBadParameter)
		if d := before.diff(takeSnapshot(t, k)); d != "" {
			t.Errorf("Simulate(%g) was rejected, but %s", ms, d)
		}
	}
	// The run resumes where it stopped: two calls equal one.
	mustSimulate(t, k, 44.7)
	ref := newKernel()
	mustCreate(t, ref, "iaf_tum_2000", 1, dict.Dict{"I_e": 400.0})
	mustCreate(t, ref, "spike_recorder", 1)
	mustConnect(t, ref, []int{1}, []int{sr}, nil, nil)
	mustCreate(t, ref, "voltmeter", 1)
	mustConnect(t, ref, []int{vm}, []int{1}, nil, nil)
	mustSimulate(t, ref, 100)
	equalRecordings(t, k, ref, sr)
	equalRecordings(t, k, ref, vm)
}

func TestRejectedSimulateDoesNotLockTheTimeBase(t *testing.T) {
	// A rejected Simulate must not count as "Network has been simulated".
	k := newKernel()
	wantCategory(t, k.Simulate(-1), nesterr.ErrBadParameter)
	if err := k.SetStatus(dict.Dict{"resolution": 0.2}); err != nil {
		t.Errorf("resolution change after a rejected Simulate: %v", err)
	}
}

func TestResolutionLockedOnceNodesExist(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 0.2}); err != nil {
		t.Fatalf("resolution change on a fresh kernel: %v", err)
	}
	mustCreate(t, k, "iaf_tum_2000", 1)
	err := k.SetStatus(dict.Dict{"resolution": 0.1})
	wantCategory(t, err, nesterr.ErrKernelException)
	const want = "Nodes have already been created: time representation cannot be changed."
	if got := nesterr.Message(err); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if got := kernelFloat(t, k, "resolution"); got != 0.2 {
		t.Errorf("resolution = %g after a rejected change, want 0.2", got)
	}
	// Setting other kernel properties in the same call must not half-apply.
	wantCategory(t, k.SetStatus(dict.Dict{"resolution": 0.1, "rng_seed": 7}), nesterr.ErrKernelException)
	if got := k.Status()["rng_seed"]; got != uint64(DefaultRNGSeed) {
		t.Errorf("rng_seed = %v after a rejected call, want the default %d", got, DefaultRNGSeed)
	}
}
