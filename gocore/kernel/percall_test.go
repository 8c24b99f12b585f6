package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// shortNetwork builds the network of compare.py's short_simulate workload
// with n neurons on threads threads: iaf_psc_alpha neurons driven by a
// Poisson generator, 10 recurrent inputs each, and, with recorder, a spike
// recorder of all of them. It returns the neurons' ids.
func shortNetwork(tb testing.TB, n, threads int, recorder bool) (*Kernel, []int) {
	tb.Helper()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
		tb.Fatal(err)
	}
	first := mustCreate(tb, k, "iaf_psc_alpha", n, dict.Dict{"I_e": 300.0})
	pg := mustCreate(tb, k, "poisson_generator", 1, dict.Dict{"rate": 8000.0})
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(tb, k, []int{pg}, ids, nil, dict.Dict{"weight": 10.0, "delay": 1.0})
	mustConnect(tb, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": 10}, dict.Dict{"weight": 5.0, "delay": 1.5})
	if recorder {
		sr := mustCreate(tb, k, "spike_recorder", 1)
		mustConnect(tb, k, ids, []int{sr}, nil, nil)
	}
	return k, ids
}

// TestSimulateAllocsIndependentOfSize: a short Simulate of the
// short_simulate network allocates a few objects per call (closures of the
// update loop, the thread pool), the same number for 100 and 1,000
// neurons, with one thread or two (phases run sequentially or on worker
// goroutines).
func TestSimulateAllocsIndependentOfSize(t *testing.T) {
	for _, threads := range []int{1, 2} {
		for _, work := range []float64{0, math.Inf(1)} {
			var allocs [2]float64
			for j, n := range []int{100, 1000} {
				k, _ := shortNetwork(t, n, threads, true)
				k.parallelWork = work
				mustSimulate(t, k, 50) // the spike buffers reach their size
				allocs[j] = testing.AllocsPerRun(50, func() { mustSimulate(t, k, 1.0) })
			}
			if allocs[1] != allocs[0] {
				t.Errorf("%d thread(s), parallel above %g: Simulate(1.0) allocates %g objects with 100 neurons and %g with 1,000",
					threads, work, allocs[0], allocs[1])
			}
			if limit := 8.0 * float64(threads); allocs[0] > limit {
				t.Errorf("%d thread(s), parallel above %g: Simulate(1.0) allocates %g objects per call, more than %g",
					threads, work, allocs[0], limit)
			}
		}
	}
}

// prepareAllocsPerNode are the node models whose Prepare still allocates
// per node and call, and how many objects at most: the ODE models make
// their right-hand side (a method value bound to the node) and some an
// evolution of the integrator in every Prepare.
var prepareAllocsPerNode = map[string]float64{
	"aeif_cond_alpha": 1, "aeif_cond_alpha_astro": 1, "aeif_cond_alpha_multisynapse": 2,
	"aeif_cond_beta_multisynapse": 2, "aeif_cond_exp": 1, "aeif_psc_alpha": 1, "aeif_psc_delta": 2,
	"aeif_psc_delta_clopath": 1, "aeif_psc_exp": 1, "gif_cond_exp": 1, "gif_cond_exp_multisynapse": 1,
	"glif_cond": 5, "hh_cond_beta_gap_traub": 2, "hh_cond_exp_traub": 2, "hh_psc_alpha": 2,
	"hh_psc_alpha_clopath": 2, "hh_psc_alpha_gap": 3, "iaf_bw_2001": 1, "iaf_bw_2001_exact": 1,
	"iaf_chxk_2008": 1, "iaf_cond_alpha": 1, "iaf_cond_alpha_mc": 1, "iaf_cond_beta": 1,
	"iaf_cond_exp": 1, "iaf_cond_exp_sfa_rr": 1, "pp_cond_exp_mc_urbanczik": 1,
}

// TestPrepareAllocsIndependentOfSize: for every node model, Simulate(1.0)
// of 100 unconnected nodes allocates no more than that of 10 (beyond the
// allowance of prepareAllocsPerNode), so that a loop of short Simulate
// calls does not make garbage in proportion to the network.
func TestPrepareAllocsIndependentOfSize(t *testing.T) {
	models, _ := newKernel().Models()
	tested := 0
	for _, model := range models {
		var allocs [2]float64
		runs := true
		for j, n := range []int{10, 100} {
			k := newKernel()
			if _, err := k.Create(model, n, nil); err != nil {
				runs = false // a model that cannot be created alone (e.g. needs a layer)
				break
			}
			if err := k.Simulate(1.0); err != nil {
				runs = false
				break
			}
			allocs[j] = testing.AllocsPerRun(5, func() { _ = k.Simulate(1.0) })
		}
		if !runs {
			continue
		}
		tested++
		perNode := (allocs[1] - allocs[0]) / 90
		if perNode > prepareAllocsPerNode[model] {
			t.Errorf("%s: Simulate(1.0) allocates %g objects with 10 nodes and %g with 100 (%.2f per node, allowed %g)",
				model, allocs[0], allocs[1], perNode, prepareAllocsPerNode[model])
		}
	}
	if tested < 100 {
		t.Errorf("only %d node models could be simulated alone; expected most of them", tested)
	}
}

// TestSequentialPhasesEqualParallel: the short_simulate network on two
// threads records the same spikes, bit for bit, whether its slices run
// their threads one after another (as small slices do) or on one
// goroutine each, over 200 calls of Simulate(1.0).
func TestSequentialPhasesEqualParallel(t *testing.T) {
	kernels := make([]*Kernel, 2)
	for i, work := range []float64{0, math.Inf(1)} {
		k, _ := shortNetwork(t, 100, 2, true)
		k.parallelWork = work
		for range 200 {
			mustSimulate(t, k, 1.0)
		}
		kernels[i] = k
	}
	if p, s := kernels[0].sliceWork() > kernels[0].parallelWork, kernels[1].sliceWork() > kernels[1].parallelWork; !p || s {
		t.Fatalf("parallel %v and sequential %v: the runs do not take the two paths", p, !s)
	}
	equalRecordings(t, kernels[0], kernels[1], kernels[0].NumNodes())
}

// TestSmallSlicesRunSequentially: the default threshold sends the slices
// of the short_simulate network scaled down to 10 neurons (120
// connections, min_delay 1 ms) to the sequential path and those of its
// 100 neurons to the worker goroutines.
func TestSmallSlicesRunSequentially(t *testing.T) {
	for _, c := range []struct {
		n        int
		parallel bool
	}{{10, false}, {100, true}} {
		k, _ := shortNetwork(t, c.n, 2, true)
		mustSimulate(t, k, 1.0)
		if got := k.sliceWork() > k.parallelWork; got != c.parallel {
			t.Errorf("%d neurons: slice work %g, parallel %v, want %v", c.n, k.sliceWork(), got, c.parallel)
		}
	}
}
