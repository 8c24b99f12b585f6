package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestWeightRecorderSendersTargets: a weight_recorder with senders or
// targets records only the spikes of those senders to those targets (NEST
// 3.10's weight_recorder; its e-prop examples subsample weights so). Two
// parrots each reach two parrots; with senders {first} and targets
// {last}, one connection of four is recorded, at every spike.
func TestWeightRecorderSendersTargets(t *testing.T) {
	k := newKernel()
	gen := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{2.0, 5.0, 9.0}})
	pre := mustCreate(t, k, "parrot_neuron", 2)
	post := mustCreate(t, k, "parrot_neuron", 2)
	wr := mustCreate(t, k, "weight_recorder", 1)
	if err := k.SetNodeStatus([]int{wr}, []dict.Dict{{"senders": []any{float64(pre)}, "targets": []any{float64(post + 1), float64(post + 1)}}}); err != nil {
		t.Fatal(err)
	}
	st := k.nodes[wr-1].Status()
	if s, tg := st["senders"].([]int), st["targets"].([]int); len(s) != 1 || s[0] != pre || len(tg) != 1 || tg[0] != post+1 {
		t.Fatalf("senders %v, targets %v", st["senders"], st["targets"])
	}
	wantCategory(t, k.SetNodeStatus([]int{wr}, []dict.Dict{{"senders": 3.0}}), nesterr.ErrTypeMismatch)
	if err := k.SetDefaults("stdp_synapse", dict.Dict{"weight_recorder": []any{float64(wr)}}); err != nil {
		t.Fatal(err)
	}
	mustConnect(t, k, []int{gen}, []int{pre, pre + 1}, nil, nil)
	mustConnect(t, k, []int{pre, pre + 1}, []int{post, post + 1}, nil, dict.Dict{"synapse_model": "stdp_synapse"})
	mustSimulate(t, k, 20)
	evs := readWREvents(t, k, wr)
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3 (one connection, three spikes): %v", len(evs), evs)
	}
	for _, e := range evs {
		if e.sender != int64(pre) || e.target != int64(post+1) {
			t.Errorf("event %+v outside the selection", e)
		}
	}
}
