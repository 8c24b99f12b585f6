package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestNodeFloatColumnMatchesStatus: for every node model, each float
// status entry read as a column has the bits NodeStatus reports, at rest
// and after the state has moved (a current drives the neurons that take
// I_e); keys the column path cannot read are refused, not guessed.
func TestNodeFloatColumnMatchesStatus(t *testing.T) {
	k := newKernel()
	nodes, _ := k.Models()
	var ids []int
	for _, m := range nodes {
		if m == "cm_default" {
			continue // simulates only with compartments
		}
		first, err := k.Create(m, 2, nil)
		if err != nil {
			continue // models that need parameters to be created
		}
		ids = append(ids, first, first+1)
		if st, _ := k.NodeStatus(first); st["I_e"] != nil {
			_ = k.SetNodeStatus([]int{first}, []dict.Dict{{"I_e": 400.0}})
		}
	}
	check := func(when string) {
		read := 0
		for _, id := range ids {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			for key, v := range st {
				want, isFloat := v.(float64)
				out := []float64{math.NaN()}
				ok, err := k.NodeFloatColumn([]int{id}, key, out)
				if err != nil {
					t.Fatalf("%s: NodeFloatColumn(%d, %s): %v", when, id, key, err)
				}
				if !ok {
					continue
				}
				read++
				if !isFloat || math.Float64bits(out[0]) != math.Float64bits(want) {
					t.Errorf("%s: %s of node %d (%s) read as a column = %v, status %#v", when, key, id, st["model"], out[0], v)
				}
			}
		}
		if read < len(ids)/2 {
			t.Errorf("%s: only %d float entries read as columns over %d nodes", when, read, len(ids))
		}
	}
	check("at rest")
	mustSimulate(t, k, 5)
	check("after 5 ms")
	// A mixed collection: one call over all nodes agrees with the
	// node-by-node answers, or refuses.
	out := make([]float64, len(ids))
	if ok, err := k.NodeFloatColumn(ids, "V_m", out); err != nil || ok {
		t.Errorf("V_m over every model = %v, %v; want a refusal (not every model has V_m)", ok, err)
	}
	if _, err := k.NodeFloatColumn([]int{len(k.nodes) + 1}, "V_m", out[:1]); err == nil {
		t.Error("an unknown node id was read")
	}
}
