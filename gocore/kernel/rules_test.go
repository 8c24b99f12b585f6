package kernel

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// ruleNet makes a kernel with n iaf_tum_2000 neurons (ids 1..n).
func ruleNet(t *testing.T, n int, threads int) *Kernel {
	t.Helper()
	k := New(memory.NewGoAllocator())
	if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Create("iaf_tum_2000", n, nil); err != nil {
		t.Fatal(err)
	}
	return k
}

func ids(from, to int) []int {
	out := make([]int, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func connectAndList(t *testing.T, k *Kernel, pre, post []int, conn, syn dict.Dict) *Connections {
	t.Helper()
	if err := k.Connect(pre, post, conn, syn); err != nil {
		t.Fatal(err)
	}
	c, err := k.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tum is the receptor iaf_tum_2000 -> iaf_tum_2000 connections need.
var tum = dict.Dict{"receptor_type": 1.0}

func TestFixedIndegreeGivesEachTargetExactlyIndegreeSources(t *testing.T) {
	for _, tc := range []struct {
		name      string
		autapses  bool
		multapses bool
	}{{"defaults", true, true}, {"no autapses", false, true}, {"no multapses", true, false}, {"neither", false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			k := ruleNet(t, 30, 2)
			c := connectAndList(t, k, ids(1, 20), ids(11, 30),
				dict.Dict{"rule": "fixed_indegree", "indegree": 7.0, "allow_autapses": tc.autapses, "allow_multapses": tc.multapses}, tum)
			perTarget := map[int][]int{}
			for i := range c.Len() {
				if c.Source[i] < 1 || c.Source[i] > 20 || c.Target[i] < 11 {
					t.Fatalf("connection %d -> %d outside the populations", c.Source[i], c.Target[i])
				}
				perTarget[c.Target[i]] = append(perTarget[c.Target[i]], c.Source[i])
			}
			for tgt := 11; tgt <= 30; tgt++ {
				srcs := perTarget[tgt]
				if len(srcs) != 7 {
					t.Fatalf("target %d has %d sources, want 7", tgt, len(srcs))
				}
				if !tc.autapses && slices.Contains(srcs, tgt) {
					t.Errorf("target %d connects to itself although autapses are off", tgt)
				}
				if !tc.multapses {
					s := slices.Clone(srcs)
					slices.Sort(s)
					if len(slices.Compact(s)) != len(srcs) {
						t.Errorf("target %d has repeated sources %v although multapses are off", tgt, srcs)
					}
				}
			}
		})
	}
}

func TestRandomRulesAreReproducibleForASeed(t *testing.T) {
	build := func(seed float64) *Connections {
		k := ruleNet(t, 40, 2)
		if err := k.SetStatus(dict.Dict{"rng_seed": seed}); err != nil {
			t.Fatal(err)
		}
		connectAndList(t, k, ids(1, 40), ids(1, 40), dict.Dict{"rule": "pairwise_bernoulli", "p": 0.2}, tum)
		return connectAndList(t, k, ids(1, 40), ids(1, 40), dict.Dict{"rule": "fixed_outdegree", "outdegree": 3.0},
			dict.Dict{"receptor_type": 1.0, "weight": map[string]any{"distribution": "uniform", "min": 1.0, "max": 2.0}})
	}
	a, b, other := build(7), build(7), build(8)
	if !slices.Equal(a.Source, b.Source) || !slices.Equal(a.Target, b.Target) || !slices.Equal(a.Weight, b.Weight) {
		t.Fatal("the same seed built different networks")
	}
	if slices.Equal(a.Source, other.Source) && slices.Equal(a.Target, other.Target) && slices.Equal(a.Weight, other.Weight) {
		t.Fatal("different seeds built the same random network")
	}
	for i, w := range a.Weight {
		if w != 1 && (w < 1 || w >= 2) {
			t.Fatalf("weight %d = %g outside uniform(1, 2)", i, w)
		}
	}
}

func TestPairwiseBernoulliExtremes(t *testing.T) {
	k := ruleNet(t, 10, 1)
	if c := connectAndList(t, k, ids(1, 10), ids(1, 10), dict.Dict{"rule": "pairwise_bernoulli", "p": 0.0}, tum); c.Len() != 0 {
		t.Fatalf("p = 0 made %d connections", c.Len())
	}
	if c := connectAndList(t, k, ids(1, 10), ids(1, 10), dict.Dict{"rule": "pairwise_bernoulli", "p": 1.0, "allow_autapses": false}, tum); c.Len() != 90 {
		t.Fatalf("p = 1 without autapses made %d connections, want 90", c.Len())
	}
}

func TestFixedTotalNumberAndDistributions(t *testing.T) {
	k := ruleNet(t, 10, 3)
	c := connectAndList(t, k, ids(1, 5), ids(6, 10), dict.Dict{"rule": "fixed_total_number", "N": 200.0},
		dict.Dict{"receptor_type": 1.0,
			"delay":  map[string]any{"distribution": "uniform", "min": 0.1, "max": 3.0},
			"weight": map[string]any{"distribution": "normal", "mean": 5.0, "std": 0.0}})
	if c.Len() != 200 {
		t.Fatalf("fixed_total_number made %d connections, want 200", c.Len())
	}
	for i := range c.Len() {
		if c.Weight[i] != 5 {
			t.Fatalf("weight %d = %g, want 5 from normal(5, 0)", i, c.Weight[i])
		}
		// Drawn delays are rounded to the 0.1 ms grid.
		if d := c.Delay[i]; d < 0.1 || d > 3.0 || math.Abs(d*10-math.Round(d*10)) > 1e-9 {
			t.Fatalf("delay %d = %g, want a grid value in [0.1, 3]", i, d)
		}
	}
	// uniform_int starts at 0, which is below the resolution.
	err := k.Connect(ids(1, 5), ids(6, 10), dict.Dict{"rule": "fixed_total_number", "N": 200.0},
		dict.Dict{"receptor_type": 1.0, "delay": map[string]any{"distribution": "uniform_int", "max": 3.0}})
	if !errors.Is(err, nesterr.ErrBadDelay) {
		t.Fatalf("delays drawn below the resolution: err = %v, want BadDelay", err)
	}
	if k.NumConnections() != 200 {
		t.Fatalf("the rejected Connect changed the connection count to %d", k.NumConnections())
	}
}

func TestFailedRandomConnectMakesNothing(t *testing.T) {
	k := ruleNet(t, 10, 2)
	before := k.NumConnections()
	err := k.Connect(ids(1, 10), ids(1, 10), dict.Dict{"rule": "fixed_indegree", "indegree": 3.0},
		dict.Dict{"receptor_type": 1.0, "delay": map[string]any{"distribution": "normal", "mean": 1.0, "std": 5.0}})
	if !errors.Is(err, nesterr.ErrBadDelay) {
		t.Fatalf("err = %v, want BadDelay for a drawn negative delay", err)
	}
	if k.NumConnections() != before {
		t.Fatalf("a rejected Connect made %d connections", k.NumConnections()-before)
	}
	for _, bad := range []dict.Dict{
		{"rule": "fixed_indegree"},
		{"rule": "fixed_indegree", "indegree": -1.0},
		{"rule": "fixed_indegree", "indegree": 11.0, "allow_multapses": false},
		{"rule": "pairwise_bernoulli", "p": 1.5},
		{"rule": "fixed_outdegree", "outdegree": 2.0, "bogus": 1.0},
	} {
		if err := k.Connect(ids(1, 10), ids(1, 10), bad, tum); err == nil {
			t.Errorf("Connect with %v succeeded", bad)
		}
	}
	if k.NumConnections() != before {
		t.Fatalf("rejected Connects made %d connections", k.NumConnections()-before)
	}
}

func TestCopyModelSynapseDefaults(t *testing.T) {
	k := ruleNet(t, 3, 1)
	if err := k.CopyModel("static_synapse", "excitatory", dict.Dict{"weight": 2.5, "delay": 1.5}); err != nil {
		t.Fatal(err)
	}
	if err := k.CopyModel("static_synapse", "excitatory", nil); err == nil {
		t.Fatal("copying onto an existing name succeeded")
	}
	if err := k.CopyModel("static_synapse", "broken", dict.Dict{"delay": 0.0}); !errors.Is(err, nesterr.ErrBadDelay) {
		t.Fatalf("CopyModel with a bad delay: err = %v, want BadDelay", err)
	}
	if _, err := k.Defaults("broken"); err == nil {
		t.Fatal("a rejected CopyModel left a model behind")
	}
	c := connectAndList(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": "excitatory", "receptor_type": 1.0})
	if c.Len() != 1 || c.Weight[0] != 2.5 || c.Delay[0] != 1.5 || c.SynapseModel[0] != "excitatory" {
		t.Fatalf("connection through the copy = %+v", c)
	}
	d, err := k.Defaults("excitatory")
	if err != nil || d["num_connections"] != 1 {
		t.Fatalf("Defaults(excitatory) = %v, %v", d, err)
	}
	if err := k.CopyModel("iaf_tum_2000", "slow_neuron", dict.Dict{"tau_m": 50.0}); err != nil {
		t.Fatal(err)
	}
	first, err := k.Create("slow_neuron", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := k.NodeStatus(first)
	if st["model"] != "slow_neuron" || st["tau_m"] != 50.0 {
		t.Fatalf("node of the copied model: model %v, tau_m %v", st["model"], st["tau_m"])
	}
}

func TestRandomRulesRejectImpossibleRequests(t *testing.T) {
	// Each of these once hung or panicked; all must fail with BadProperty
	// (or BadParameter for the distribution) and make nothing.
	k := ruleNet(t, 3, 1)
	for _, tc := range []struct {
		pre, post []int
		conn      dict.Dict
		syn       dict.Dict
	}{
		{[]int{1}, []int{1}, dict.Dict{"rule": "fixed_total_number", "N": 1.0, "allow_autapses": false}, tum},
		{[]int{1, 2}, []int{1, 2}, dict.Dict{"rule": "fixed_total_number", "N": 3.0, "allow_autapses": false, "allow_multapses": false}, tum},
		{[]int{}, []int{1}, dict.Dict{"rule": "fixed_total_number", "N": 1.0}, tum},
		{[]int{1}, []int{}, dict.Dict{"rule": "fixed_outdegree", "outdegree": 1.0}, tum},
		{[]int{}, []int{2}, dict.Dict{"rule": "fixed_indegree", "indegree": 1.0}, tum},
		{[]int{1}, []int{2}, nil, dict.Dict{"receptor_type": 1.0, "delay": map[string]any{"distribution": "uniform_int", "max": 1e19}}},
	} {
		if err := k.Connect(tc.pre, tc.post, tc.conn, tc.syn); err == nil {
			t.Errorf("Connect(%v -> %v, %v, %v) succeeded", tc.pre, tc.post, tc.conn, tc.syn)
		} else if !errors.Is(err, nesterr.ErrBadProperty) && !errors.Is(err, nesterr.ErrBadParameter) {
			t.Errorf("Connect(%v -> %v, %v): %v, want BadProperty or BadParameter", tc.pre, tc.post, tc.conn, err)
		}
	}
	if k.NumConnections() != 0 {
		t.Fatalf("rejected calls made %d connections", k.NumConnections())
	}
	// Exactly all eligible pairs is possible.
	if err := k.Connect([]int{1, 2}, []int{1, 2}, dict.Dict{"rule": "fixed_total_number", "N": 2.0, "allow_autapses": false, "allow_multapses": false}, tum); err != nil {
		t.Fatal(err)
	}
}
