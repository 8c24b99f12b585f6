package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// buildGapNetwork makes n hh_psc_alpha_gap neurons with I_e 100 pA in a
// ring of gap junctions (make_symmetric), every other one depolarised.
func buildGapNetwork(tb testing.TB, k *Kernel, n int, useWfr bool) int {
	tb.Helper()
	if err := k.SetStatus(dict.Dict{"resolution": 0.05, "use_wfr": useWfr}); err != nil {
		tb.Fatal(err)
	}
	first := mustCreate(tb, k, "hh_psc_alpha_gap", n, dict.Dict{"I_e": 100.0})
	for i := 0; i < n; i += 2 {
		if err := k.SetNodeStatus([]int{first + i}, []dict.Dict{{"V_m": -10.0}}); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		mustConnect(tb, k, []int{first + i}, []int{first + (i+1)%n}, dict.Dict{"rule": "one_to_one", "make_symmetric": true},
			dict.Dict{"synapse_model": "gap_junction", "weight": 0.5})
	}
	return first
}

// TestGapJunctionPairIsSymmetric checks the junction current against its
// definition: two identical neurons started alike stay alike, with and
// without waveform relaxation, and a junction changes the trajectory.
func TestGapJunctionPairIsSymmetric(t *testing.T) {
	for _, wfr := range []bool{false, true} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"use_wfr": wfr}); err != nil {
			t.Fatal(err)
		}
		a := mustCreate(t, k, "hh_psc_alpha_gap", 3, dict.Dict{"I_e": 100.0})
		if err := k.SetNodeStatus([]int{a}, []dict.Dict{{"V_m": -10.0}}); err != nil {
			t.Fatal(err)
		}
		mustConnect(t, k, []int{a, a + 1}, []int{a, a + 1}, dict.Dict{"rule": "all_to_all", "allow_autapses": false},
			dict.Dict{"synapse_model": "gap_junction", "weight": 0.5})
		if err := k.Simulate(30); err != nil {
			t.Fatal(err)
		}
		v := func(id int) float64 { return nodeFloat(t, k, id, "V_m") }
		// Node a+2 has no junction; a+1 started at rest like it but was
		// pulled by a.
		if math.Abs(v(a+1)-v(a+2)) < 1e-3 {
			t.Errorf("use_wfr=%t: the junction changed nothing (V_m %g and %g)", wfr, v(a+1), v(a+2))
		}
		if k.sec.wfr != wfr {
			t.Errorf("use_wfr=%t: waveform relaxation ran: %t", wfr, k.sec.wfr)
		}
	}
}

func nodeFloat(tb testing.TB, k *Kernel, id int, key string) float64 {
	tb.Helper()
	d, err := k.NodeStatus(id)
	if err != nil {
		tb.Fatal(err)
	}
	return d[key].(float64)
}

// BenchmarkGapJunctionRing simulates 100 ms of a ring of 100 gap-coupled
// hh_psc_alpha_gap neurons with waveform relaxation.
func BenchmarkGapJunctionRing(b *testing.B) {
	for range b.N {
		k := newKernel()
		buildGapNetwork(b, k, 100, true)
		if err := k.Simulate(100); err != nil {
			b.Fatal(err)
		}
	}
}
