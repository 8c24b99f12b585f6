package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestPairUpdateUnchanged checks that updating neurons two at a time
// (node.PairUpdater) or four at a time (node.GroupUpdater: the aeif
// models with exponential synapses) changes nothing: the same network of
// the four aeif models with two synapses and of iaf_psc_alpha and
// iaf_psc_exp (9 neurons each, so that one is left without partner or
// in a group of one, and the blocks meet with pairs of different models; t_ref 2 ms
// on every third neuron; Poisson drive and recurrent connections, so that
// spikes arrive inside the slices) runs once as is and once with a
// multimeter on every neuron, which turns pairing off; spikes, final
// states and the multimeter-free run must agree to the bit.
func TestPairUpdateUnchanged(t *testing.T) {
	models := []string{"aeif_cond_exp", "aeif_cond_alpha", "aeif_psc_exp", "aeif_psc_alpha", "iaf_psc_alpha", "iaf_psc_exp"}
	const perModel = 9
	run := func(logged bool) ([]int64, []float64, []float64) {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"resolution": 0.1, "rng_seed": 12345.0}); err != nil {
			t.Fatal(err)
		}
		var all []int
		for m, model := range models {
			params := make([]dict.Dict, perModel)
			for i := range params {
				params[i] = dict.Dict{"I_e": 300.0 + 40*float64(i) + 10*float64(m)}
				if i%3 == 0 {
					params[i]["t_ref"] = 2.0
				}
			}
			first := mustCreate(t, k, model, perModel, params...)
			all = append(all, ids(first, first+perModel-1)...)
		}
		noise := mustCreate(t, k, "poisson_generator", 1, dict.Dict{"rate": 8000.0})
		rec := mustCreate(t, k, "spike_recorder", 1)
		mustConnect(t, k, []int{noise}, all, nil, dict.Dict{"weight": 20.0, "delay": 1.0})
		mustConnect(t, k, all, all, dict.Dict{"rule": "fixed_indegree", "indegree": 6.0}, dict.Dict{"weight": 30.0, "delay": 1.5})
		mustConnect(t, k, all, []int{rec}, nil, nil)
		if logged {
			mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []string{"V_m"}, "interval": 0.1})
			mustConnect(t, k, []int{mm}, all, nil, nil)
		}
		mustSimulate(t, k, 150)
		mustSimulate(t, k, 50)
		tab, err := k.Recording(rec)
		if err != nil {
			t.Fatal(err)
		}
		var events []int64
		for col := range tab.Names() {
			if col == 0 {
				events = append(events, tab.Int64s(col)...)
			} else {
				for _, v := range tab.Float64s(col) {
					events = append(events, int64(math.Float64bits(v)))
				}
			}
		}
		var vm, w []float64
		for _, id := range all {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			vm = append(vm, st["V_m"].(float64))
			adaptation, _ := st["w"].(float64) // the aeif models'
			w = append(w, adaptation)
		}
		return events, vm, w
	}
	ev0, vm0, w0 := run(true)
	ev1, vm1, w1 := run(false)
	if len(ev0) < 200 {
		t.Fatalf("only %d spike entries: the test needs spiking neurons", len(ev0))
	}
	if len(ev0) != len(ev1) {
		t.Fatalf("%d spike entries with pairs, %d without", len(ev1), len(ev0))
	}
	for i := range ev0 {
		if ev0[i] != ev1[i] {
			t.Fatalf("spike entry %d differs: %d with pairs, %d without", i, ev1[i], ev0[i])
		}
	}
	for i := range vm0 {
		if math.Float64bits(vm0[i]) != math.Float64bits(vm1[i]) || math.Float64bits(w0[i]) != math.Float64bits(w1[i]) {
			t.Errorf("neuron %d: V_m %v w %v with pairs, V_m %v w %v without", i+1, vm1[i], w1[i], vm0[i], w0[i])
		}
	}
}
