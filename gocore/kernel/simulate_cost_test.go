package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// SimulateCost counts, per step, the nodes, a sixteenth of the
// connections and 16 for the step; nothing for an empty or invalid time.
func TestSimulateCost(t *testing.T) {
	k := newKernel()
	first := mustCreate(t, k, "iaf_psc_alpha", 100)
	ids := make([]int, 100)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": 16}, nil)
	// 10 steps of 100 nodes, 1600 connections: 10*(100 + 100 + 16).
	if got, want := k.SimulateCost(1.0), 2160.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("SimulateCost(1) = %g, want %g", got, want)
	}
	for _, ms := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if got := k.SimulateCost(ms); got != 0 {
			t.Errorf("SimulateCost(%g) = %g, want 0", ms, got)
		}
	}
}
