package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestThreadLocalIDsAsNEST: NEST 3.10 with 2 threads, after Simulate, for
// 3 iaf_psc_alpha, 3 multimeters, 2 poisson_generators, 2 iaf_psc_alpha
// (nodes 1-10) reports thread_local_id 0 0 1 1 2 3 4 5 7 6; before the
// first Simulate every node has -1, and nodes made after it too until
// the next Connect.
func TestThreadLocalIDsAsNEST(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, k, "iaf_psc_alpha", 3)
	mustCreate(t, k, "multimeter", 3)
	mustCreate(t, k, "poisson_generator", 2)
	mustCreate(t, k, "iaf_psc_alpha", 2)
	lids := func(n int) []int {
		var out []int
		for id := 1; id <= n; id++ {
			d, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d["thread_local_id"].(int))
		}
		return out
	}
	for id, lid := range lids(10) {
		if lid != -1 {
			t.Errorf("node %d before Simulate: thread_local_id %d, want -1", id+1, lid)
		}
	}
	mustSimulate(t, k, 5)
	mustCreate(t, k, "iaf_psc_alpha", 1)
	if got := lids(11)[10]; got != -1 {
		t.Errorf("node made after Simulate: thread_local_id %d, want -1", got)
	}
	// Connect numbers the nodes again, the new one included.
	mustConnect(t, k, []int{1}, []int{2}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"delay": 0.1})
	mustCreate(t, k, "iaf_psc_alpha", 1)
	want := []int{0, 0, 1, 1, 2, 3, 4, 5, 7, 6, 8, -1}
	got := lids(12)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("thread_local_id = %v, want %v", got, want)
			break
		}
	}
}

// TestLocalSpikeCounterSkipsDevices: a spike_generator's spike with
// multiplicity 2 reaches a parrot neuron, which repeats it; NEST 3.10
// counts the parrot's 2 spikes, not the generator's (it bypasses the
// spike exchange the counter counts).
func TestLocalSpikeCounterSkipsDevices(t *testing.T) {
	k := newKernel()
	parrot := mustCreate(t, k, "parrot_neuron", 1)
	sg := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{1.0}, "spike_multiplicities": []any{2.0}})
	mustConnect(t, k, []int{sg}, []int{parrot}, dict.Dict{"rule": "all_to_all"}, dict.Dict{})
	mustSimulate(t, k, 10)
	if got := k.Status()["local_spike_counter"].(int64); got != 2 {
		t.Errorf("local_spike_counter = %d, want 2", got)
	}
}
