package kernel

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gonest/gonest/gocore/dict"
)

func TestZZGapBench(t *testing.T) {
	simT, _ := strconv.ParseFloat(os.Getenv("GAP_T"), 64)
	if simT == 0 {
		simT = 5
	}
	wfr := os.Getenv("GAP_NOWFR") == ""
	k := newKernel()
	c0 := cpuNow()
	if err := k.SetStatus(dict.Dict{"resolution": 0.05, "use_wfr": wfr, "rng_seed": int64(1)}); err != nil {
		t.Fatal(err)
	}
	if wfr {
		if err := k.SetStatus(dict.Dict{"wfr_comm_interval": 1.0, "wfr_tol": 1e-4, "wfr_max_iterations": int64(15), "wfr_interpolation_order": int64(3)}); err != nil {
			t.Fatal(err)
		}
	}
	n := 1000
	first := mustCreate(t, k, "hh_psc_alpha_gap", n)
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": int64(50), "allow_autapses": false}, dict.Dict{"weight": -50.0, "delay": 1.0})
	pg := mustCreate(t, k, "poisson_generator", 1, dict.Dict{"rate": 500.0})
	mustConnect(t, k, []int{pg}, ids, dict.Dict{"rule": "all_to_all"}, dict.Dict{"weight": 700.0, "delay": 1.0})
	rng := rand.New(rand.NewPCG(42, 1))
	for i := range ids {
		if err := k.SetNodeStatus([]int{ids[i]}, []dict.Dict{{"V_m": -80 + 40*rng.Float64()}}); err != nil {
			t.Fatal(err)
		}
	}
	c1 := cpuNow()
	w0 := time.Now()
	for i := 0; i < n*10/2; i++ {
		a, b := ids[rng.IntN(n)], ids[rng.IntN(n)]
		mustConnect(t, k, []int{a}, []int{b}, dict.Dict{"rule": "one_to_one", "make_symmetric": true},
			dict.Dict{"synapse_model": "gap_junction", "weight": 0.54})
	}
	c2 := cpuNow()
	w1 := time.Now()
	if err := k.Simulate(simT); err != nil {
		t.Fatal(err)
	}
	c3 := cpuNow()
	h := fnv.New64a()
	for _, id := range ids {
		fmt.Fprintf(h, "%x ", math.Float64bits(nodeFloat(t, k, id, "V_m")))
	}
	t.Logf("vm-hash %x", h.Sum64())
	t.Logf("build %v gap-connect %v (wall %v) simulate %v (wall %v) warnings %d", c1-c0, c2-c1, w1.Sub(w0), c3-c2, time.Since(w1), k.sec.warnings)
}
