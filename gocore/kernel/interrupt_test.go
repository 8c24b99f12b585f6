package kernel

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/gonest/gonest/gocore/dict"
)

// buildEndless is the seed's depression pair driven by a dc_generator that
// never stops, all connections at 1.5 ms (so min_delay is 15 steps), with
// only a spike_recorder, so that even a long run records little: ids 1 dc,
// 2-3 neurons, 4 spike_recorder.
func buildEndless(t testing.TB, k *Kernel) {
	t.Helper()
	syn := dict.Dict{"delay": 1.5}
	mustCreate(t, k, "dc_generator", 1, dict.Dict{"amplitude": 160.0})
	mustCreate(t, k, "iaf_tum_2000", 2, dict.Dict{
		"C_m": 400.0, "tau_m": 40.0, "tau_syn_ex": 3.0, "tau_syn_in": 3.0,
		"V_th": 15.0, "V_reset": 0.0, "E_L": 0.0, "V_m": 0.0,
		"U": 0.5, "tau_psc": 3.0, "tau_rec": 800.0, "tau_fac": 0.0, "x": 1.0,
	})
	mustConnect(t, k, []int{1}, []int{2}, nil, syn)
	mustConnect(t, k, []int{2}, []int{3}, nil, dict.Dict{"weight": 250.0, "delay": 1.5, "receptor_type": 1})
	mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{2, 3}, []int{4}, nil, syn)
}

func TestInterruptStopsAtSliceBoundaryAndResumes(t *testing.T) {
	for _, threads := range []int{1, 2} {
		t.Run(fmt.Sprintf("threads=%d", threads), func(t *testing.T) {
			t.Parallel()
			testInterrupt(t, threads)
		})
	}
}

// newThreadedKernel returns a fresh kernel running on threads threads.
func newThreadedKernel(t testing.TB, threads int) *Kernel {
	t.Helper()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
		t.Fatal(err)
	}
	return k
}

func testInterrupt(t *testing.T, threads int) {
	// requested is long enough (1e7 steps, seconds of work) that the
	// interrupt always lands inside the run.
	const requested = 1e6 // ms
	k := newThreadedKernel(t, threads)
	buildEndless(t, k)
	minDelay := k.base.MsToSteps(kernelFloat(t, k, "min_delay"))
	if minDelay != 15 {
		t.Fatalf("min_delay = %d steps, want 15", minDelay)
	}
	// Start inside a slice: the interrupted call must first finish it.
	mustSimulate(t, k, 0.3)

	done := make(chan error, 1)
	go func() { done <- k.Simulate(requested) }()
	time.Sleep(20 * time.Millisecond)
	var simErr error
	// Keep asking until it returns (Simulate clears the flag when it
	// returns, so one early request could be the only one).
	for waiting := true; waiting; {
		k.Interrupt()
		select {
		case simErr = <-done:
			waiting = false
		case <-time.After(time.Millisecond):
		}
	}
	if simErr != nil {
		t.Fatalf("interrupted Simulate returned %v, want nil", simErr)
	}
	// The loop may have asked once more after Simulate had returned (on a
	// loaded machine it often does); such a late request would stop the
	// next run at once, so withdraw it as the Python layer does.
	k.ClearInterrupt()
	stopped := k.base.MsToSteps(kernelFloat(t, k, "biological_time"))
	requestedSteps := k.base.MsToSteps(0.3 + requested)
	if stopped >= requestedSteps {
		t.Fatalf("Simulate ran to %d steps, the full request; the interrupt had no effect", stopped)
	}
	if stopped%minDelay != 0 {
		t.Errorf("stopped at step %d, not a slice boundary (min_delay %d steps)", stopped, minDelay)
	}
	t.Logf("interrupted at %g ms of %g", k.base.StepsToMs(stopped), 0.3+requested)

	// A later Simulate continues from there, undisturbed: the result equals
	// one uninterrupted run of the same total length.
	mustSimulate(t, k, 100)
	end := k.base.MsToSteps(kernelFloat(t, k, "biological_time"))
	if end != stopped+1000 {
		t.Errorf("after Simulate(100): %d steps, want %d", end, stopped+1000)
	}
	ref := newThreadedKernel(t, threads)
	buildEndless(t, ref)
	mustSimulate(t, ref, k.base.StepsToMs(end))
	equalRecordings(t, k, ref, 4)
	for _, id := range []int{2, 3} {
		a, _ := k.NodeStatus(id)
		b, _ := ref.NodeStatus(id)
		// Ca decays to the end of each Simulate call (as in NEST): equal
		// up to rounding only.
		if ca, cb := a["Ca"].(float64), b["Ca"].(float64); math.Abs(ca-cb) > 1e-15*math.Abs(ca) {
			t.Errorf("node %d: Ca %.17g after interrupt and resume, %.17g after one run", id, ca, cb)
		}
		delete(a, "Ca")
		delete(b, "Ca")
		if !reflect.DeepEqual(a, b) {
			t.Errorf("node %d after interrupt and resume differs from one run:\n%v\n%v", id, a, b)
		}
	}
}
