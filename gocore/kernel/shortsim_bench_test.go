package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkShortSimulate measures the per-call cost of Simulate(1.0) on a
// small network (see shortNetwork: 100 iaf_psc_alpha neurons with 10
// recurrent inputs each, a Poisson drive and a spike recorder), the pattern
// of scripts that call Simulate in a loop with a SetStatus between calls,
// on one thread and on two; "step" is Simulate(0.1), one step, which is
// mostly the fixed cost of a call. Reported per call.
func BenchmarkShortSimulate(b *testing.B) {
	b.Run("set", func(b *testing.B) { benchmarkShortSimulate(b, 1, 1.0, true) })
	b.Run("noset", func(b *testing.B) { benchmarkShortSimulate(b, 1, 1.0, false) })
	b.Run("noset_t2", func(b *testing.B) { benchmarkShortSimulate(b, 2, 1.0, false) })
	b.Run("step", func(b *testing.B) { benchmarkShortSimulate(b, 1, 0.1, false) })
}

func benchmarkShortSimulate(b *testing.B, threads int, ms float64, set bool) {
	k, ids := shortNetwork(b, 100, threads, true)
	params := make([]dict.Dict, len(ids))
	step := 0
	for b.Loop() {
		if set {
			for i := range params {
				params[i] = dict.Dict{"I_e": 300.0 + 0.2*float64(step%200)}
			}
			if err := k.SetNodeStatus(ids, params); err != nil {
				b.Fatal(err)
			}
		}
		if err := k.Simulate(ms); err != nil {
			b.Fatal(err)
		}
		step++
	}
}

// BenchmarkSmallConnect measures one Connect call of one neuron onto ten
// (static synapse, weight and delay given), on a network of 2,000
// neurons that grows by ten connections per call.
func BenchmarkSmallConnect(b *testing.B) {
	k := newKernel()
	first := mustCreate(b, k, "iaf_psc_alpha", 2000)
	post := make([]int, 10)
	syn := dict.Dict{"weight": 20.0, "delay": 1.0}
	i := 0
	for b.Loop() {
		start := first + 1000 + (10*i)%990
		for j := range post {
			post[j] = start + j
		}
		mustConnect(b, k, []int{first + i%1000}, post, nil, syn)
		i++
	}
}

// BenchmarkSameSourceConnect measures one Connect call of one fixed
// source onto ten targets, as a loop connecting a generator to neurons
// one call at a time does; the source's connections grow by ten per call.
func BenchmarkSameSourceConnect(b *testing.B) {
	k := newKernel()
	first := mustCreate(b, k, "iaf_psc_alpha", 2000)
	post := make([]int, 10)
	syn := dict.Dict{"weight": 20.0, "delay": 1.0}
	i := 0
	for b.Loop() {
		start := first + 1000 + (10*i)%990
		for j := range post {
			post[j] = start + j
		}
		mustConnect(b, k, []int{first}, post, nil, syn)
		i++
	}
}

// BenchmarkPlasticConnect measures the construction of a fixed-indegree
// projection through stdp_pl_synapse_hom_hpc (the E->E projection of the
// HPC benchmark at a tenth of its scale: 900 neurons, indegree 900) and
// reports ns and heap bytes per connection.
func BenchmarkPlasticConnect(b *testing.B) {
	for _, model := range []string{"stdp_pl_synapse_hom_hpc", "static_synapse"} {
		b.Run(model, func(b *testing.B) {
			const n, indegree = 900, 900
			for b.Loop() {
				k := newKernel()
				first := mustCreate(b, k, "iaf_psc_alpha", n)
				ids := make([]int, n)
				for i := range ids {
					ids[i] = first + i
				}
				mustConnect(b, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": indegree},
					dict.Dict{"synapse_model": model, "weight": 1.0, "delay": 1.5})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*indegree), "ns/conn")
		})
	}
}

// BenchmarkPlasticDelivery measures 100 ms of a driven network of 1,000
// iaf_psc_alpha neurons with 100 stdp_synapse inputs each; its allocations
// per run show whether STDP delivery allocates per spike.
func BenchmarkPlasticDelivery(b *testing.B) {
	const n = 1000
	k := newKernel()
	first := mustCreate(b, k, "iaf_psc_alpha", n, dict.Dict{"I_e": 300.0})
	pg := mustCreate(b, k, "poisson_generator", 1, dict.Dict{"rate": 20000.0})
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(b, k, []int{pg}, ids, nil, dict.Dict{"weight": 10.0, "delay": 1.0})
	mustConnect(b, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": 100},
		dict.Dict{"synapse_model": "stdp_synapse", "weight": 1.0, "delay": 1.5})
	mustSimulate(b, k, 10)
	b.ResetTimer()
	for b.Loop() {
		mustSimulate(b, k, 100)
	}
}
