package kernel

import (
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// After a removal in the middle of a source's list, the connections after
// it keep their own weights, delays, labels and plastic state, and a
// connection to a device that followed the removed one still delivers.
func TestDisconnectClosesUpColumns(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := newConnKernel(t, threads)
		// Node n fires regularly.
		n := mustCreate(t, k, "iaf_psc_alpha", 1, dict.Dict{"I_e": 1000.0})
		mustCreate(t, k, "iaf_psc_alpha", 3)
		sr := mustCreate(t, k, "spike_recorder", 1)
		ids := []int{n + 1, n + 2, n + 3}
		mustConnect(t, k, []int{n}, ids, nil, dict.Dict{"weight": []any{1.0, 2.0, 3.0}, "delay": []any{1.0, 2.0, 3.0}})
		mustConnect(t, k, []int{n}, []int{sr}, nil, nil)
		mustConnect(t, k, []int{n}, ids, nil, dict.Dict{"synapse_model": "stdp_synapse_lbl", "synapse_label": 7.0,
			"weight": []any{4.0, 5.0, 6.0}})
		mustConnect(t, k, []int{n}, ids[2:], nil, dict.Dict{"synapse_model": "stdp_synapse_lbl", "synapse_label": 9.0})
		mustSimulate(t, k, 50)
		before, err := k.GetConnections([]int{n}, ids[1:], "stdp_synapse_lbl")
		if err != nil {
			t.Fatal(err)
		}
		if err := k.Disconnect([]int{n}, ids[:1], dict.Dict{"rule": "one_to_one"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := k.Disconnect([]int{n}, ids[:1], dict.Dict{"rule": "one_to_one"}, dict.Dict{"synapse_model": "stdp_synapse_lbl"}); err != nil {
			t.Fatal(err)
		}
		c, err := k.GetConnections([]int{n}, ids, "static_synapse")
		if err != nil {
			t.Fatal(err)
		}
		// (Listed thread by thread: with 2 threads 3 comes before 2.)
		slices.Sort(c.Weight)
		slices.Sort(c.Delay)
		if c.Len() != 2 || c.Weight[0] != 2 || c.Weight[1] != 3 || c.Delay[0] != 2 || c.Delay[1] != 3 {
			t.Errorf("static connections left: weights %v delays %v, want [2 3] [2 3]", c.Weight, c.Delay)
		}
		after, err := k.GetConnections([]int{n}, ids[1:], "stdp_synapse_lbl")
		if err != nil {
			t.Fatal(err)
		}
		if after.Len() != before.Len() {
			t.Fatalf("stdp connections to the others: %d, were %d", after.Len(), before.Len())
		}
		for i := range after.State {
			if after.Weight[i] != before.Weight[i] || after.State[i]["synapse_label"] != before.State[i]["synapse_label"] ||
				after.State[i]["Kplus"] != before.State[i]["Kplus"] {
				t.Errorf("connection %d: weight %g label %v Kplus %v, was %g %v %v", i, after.Weight[i], after.State[i]["synapse_label"],
					after.State[i]["Kplus"], before.Weight[i], before.State[i]["synapse_label"], before.State[i]["Kplus"])
			}
		}
		rec, _ := k.Recording(sr)
		spikes := rec.Len()
		if spikes == 0 {
			t.Fatal("the source did not fire")
		}
		mustSimulate(t, k, 50)
		if rec, _ = k.Recording(sr); rec.Len() <= spikes {
			t.Errorf("the spike_recorder got nothing after the removal (%d spikes, had %d)", rec.Len(), spikes)
		}
		if k.NumConnections() != 6 {
			t.Errorf("num_connections %d, want 6", k.NumConnections())
		}
	}
}
