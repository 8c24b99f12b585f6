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

// TestSetNodeFloats: the direct path gives what SetNodeStatus gives, and
// refuses (changing nothing) a collection with a model without a direct
// setter for the key, a key the kernel handles and unknown nodes.
func TestSetNodeFloats(t *testing.T) {
	k := newKernel()
	a := mustCreate(t, k, "iaf_psc_alpha", 3, dict.Dict{"E_L": -65.0})
	c := mustCreate(t, k, "iaf_cond_exp", 2)
	g := mustCreate(t, k, "poisson_generator", 1)
	ids := []int{a, a + 1, a + 2, c, c + 1}
	vals := []float64{-60.1, math.NaN(), math.Inf(-1), -61.3, -62.7}
	ok, err := k.SetNodeFloats(ids, "V_m", vals)
	if err != nil || !ok {
		t.Fatalf("SetNodeFloats(V_m) = %v, %v", ok, err)
	}
	ref := newKernel()
	mustCreate(t, ref, "iaf_psc_alpha", 3, dict.Dict{"E_L": -65.0})
	mustCreate(t, ref, "iaf_cond_exp", 2)
	for i, id := range ids {
		if err := ref.SetNodeStatus([]int{id}, []dict.Dict{{"V_m": vals[i]}}); err != nil {
			t.Fatal(err)
		}
		got, _ := k.NodeStatus(id)
		want, _ := ref.NodeStatus(id)
		if math.Float64bits(got["V_m"].(float64)) != math.Float64bits(want["V_m"].(float64)) {
			t.Errorf("node %d: V_m %v directly, %v through SetNodeStatus", id, got["V_m"], want["V_m"])
		}
	}
	before, _ := k.NodeStatus(a)
	for _, tc := range []struct {
		ids []int
		key string
	}{
		{[]int{a, g}, "V_m"},  // the generator has no V_m
		{[]int{a, c}, "C_m"},  // a parameter: SetStatus checks it
		{[]int{a}, "frozen"},  // handled by the kernel
		{[]int{a, 99}, "V_m"}, // unknown node
	} {
		ok, err := k.SetNodeFloats(tc.ids, tc.key, make([]float64, len(tc.ids)))
		if ok {
			t.Errorf("SetNodeFloats(%v, %s) took the direct path", tc.ids, tc.key)
		}
		if (err != nil) != (tc.ids[len(tc.ids)-1] == 99) {
			t.Errorf("SetNodeFloats(%v, %s) error = %v", tc.ids, tc.key, err)
		}
	}
	after, _ := k.NodeStatus(a)
	if math.Float64bits(after["V_m"].(float64)) != math.Float64bits(before["V_m"].(float64)) {
		t.Error("a refused direct set changed a node")
	}
}

// TestNodeFloatColumnFollowsPerNodeRecordables: the recordables of a
// multisynapse model follow each node's ports, so w sits at another index
// on each node; the column gives every node its own w, or refuses.
func TestNodeFloatColumnFollowsPerNodeRecordables(t *testing.T) {
	k := newKernel()
	first := mustCreate(t, k, "aeif_cond_alpha_multisynapse", 2)
	if err := k.SetNodeStatus([]int{first + 1}, []dict.Dict{{"E_rev": []any{0.0, -80.0}, "tau_syn": []any{1.0, 2.0}}}); err != nil {
		t.Fatal(err)
	}
	out := []float64{math.NaN(), math.NaN()}
	ok, err := k.NodeFloatColumn([]int{first, first + 1}, "w", out)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int{first, first + 1} {
		st, _ := k.NodeStatus(id)
		if ok && math.Float64bits(out[i]) != math.Float64bits(st["w"].(float64)) {
			t.Errorf("w of node %d read as a column = %v, status %v", id, out[i], st["w"])
		}
	}
}
