package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkPLHomDelivery measures 100 ms of a driven network of 1,000
// iaf_psc_alpha neurons with 500 stdp_pl_synapse_hom inputs each (the
// HPC benchmark's E->E synapse, its model parameters) and reports the
// time per transmitted plastic connection event.
func BenchmarkPLHomDelivery(b *testing.B) {
	const n, indegree = 1000, 500
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		b.Fatal(err)
	}
	first := mustCreate(b, k, "iaf_psc_alpha", n, dict.Dict{"I_e": 300.0, "tau_minus": 30.0})
	pg := mustCreate(b, k, "poisson_generator", 1, dict.Dict{"rate": 20000.0})
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(b, k, []int{pg}, ids, nil, dict.Dict{"weight": 10.0, "delay": 1.0})
	if err := k.SetDefaults("stdp_pl_synapse_hom", dict.Dict{"alpha": 0.0513, "lambda": 0.1, "mu": 0.4, "tau_plus": 15.0}); err != nil {
		b.Fatal(err)
	}
	mustConnect(b, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": indegree},
		dict.Dict{"synapse_model": "stdp_pl_synapse_hom", "weight": 1.0, "delay": 1.5})
	mustSimulate(b, k, 10)
	var spikes int64
	for b.Loop() {
		mustSimulate(b, k, 100)
		spikes += k.Status()["local_spike_counter"].(int64)
	}
	// every neuron spike reaches indegree connections on average
	events := float64(spikes) * indegree
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
}
