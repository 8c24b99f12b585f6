package kernel

import (
	"fmt"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkStructuralUpdate times one structural plasticity update of n
// neurons with 10 vacant axonal and 10 vacant dendritic elements each
// (growth stopped): every update draws and creates 10 n synapses, and,
// with the elements set back, deletes them again at the next one. It
// reports the time per created synapse.
func BenchmarkStructuralUpdate(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkStructuralUpdate(b, n) })
	}
}

func benchmarkStructuralUpdate(b *testing.B, n int) {
	k := newKernel()
	mustOK := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	mustOK(k.SetStatus(dict.Dict{"structural_plasticity_update_interval": 1.0}))
	mustOK(k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
		"s": dict.Dict{"synapse_model": "static_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D"},
	}}))
	elem := dict.Dict{"growth_rate": 0.0, "z": 10.0, "tau_vacant": 1.0}
	first := mustCreate(b, k, "iaf_psc_alpha", n, dict.Dict{"synaptic_elements": dict.Dict{"A": elem, "D": elem}})
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustOK(k.EnableStructuralPlasticity())
	created := 0
	for b.Loop() {
		// 1 ms: one update; the connected elements are then set to 0
		// (z_connected stays), so the next update deletes them all.
		mustOK(k.Simulate(1.0))
		created += k.NumConnections()
		b.StopTimer()
		mustOK(k.SetNodeStatus(ids, []dict.Dict{{"synaptic_elements_param": dict.Dict{"A": dict.Dict{"z": 0.0}, "D": dict.Dict{"z": 0.0}}}}))
		mustOK(k.Simulate(1.0))
		mustOK(k.SetNodeStatus(ids, []dict.Dict{{"synaptic_elements_param": dict.Dict{"A": elem, "D": elem}}}))
		b.StartTimer()
	}
	if created > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(created), "ns/synapse")
	}
}
