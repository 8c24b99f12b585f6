package kernel

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
)

// buildBrunel builds NEST's brunel_delta_nest network of 5*order
// iaf_psc_delta neurons (80 % excitatory), indegree 10 % of each
// population, Poisson drive of eta = 2 times the threshold rate, delay
// 1.5 ms, J = 0.1 mV, g = 5, and a spike_recorder on all neurons. It
// returns the kernel and the recorder id.
func buildBrunel(tb testing.TB, order, threads int) (*Kernel, int) {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	k := New(memory.NewGoAllocator())
	must(k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}))
	return k, buildBrunelInto(tb, k, order)
}

// buildBrunelInto builds buildBrunel's network in k and returns the
// recorder id.
func buildBrunelInto(tb testing.TB, k *Kernel, order int) int {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(k.SetStatus(dict.Dict{"resolution": 0.1}))
	const (
		delay, J, g, eta = 1.5, 0.1, 5.0, 2.0
		tauM, vTh        = 20.0, 20.0
	)
	nE, nI := 4*order, order
	cE, cI := nE/10, nI/10
	nuTh := vTh / (J * float64(cE) * tauM)
	pRate := 1000.0 * eta * nuTh * float64(cE)
	neuron := dict.Dict{"C_m": 1.0, "tau_m": tauM, "t_ref": 2.0, "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0, "V_th": vTh}
	must(k.SetDefaults("iaf_psc_delta", neuron))
	first, err := k.Create("iaf_psc_delta", nE+nI, nil)
	must(err)
	exc, inh := ids(first, first+nE-1), ids(first+nE, first+nE+nI-1)
	all := ids(first, first+nE+nI-1)
	noise, err := k.Create("poisson_generator", 1, []dict.Dict{{"rate": pRate}})
	must(err)
	rec, err := k.Create("spike_recorder", 1, nil)
	must(err)
	must(k.CopyModel("static_synapse", "excitatory", dict.Dict{"weight": J, "delay": delay}))
	must(k.CopyModel("static_synapse", "inhibitory", dict.Dict{"weight": -g * J, "delay": delay}))
	must(k.Connect([]int{noise}, all, nil, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(all, []int{rec}, nil, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(exc, all, dict.Dict{"rule": "fixed_indegree", "indegree": float64(cE)}, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(inh, all, dict.Dict{"rule": "fixed_indegree", "indegree": float64(cI)}, dict.Dict{"synapse_model": "inhibitory"}))
	return rec
}

// BenchmarkBrunel simulates 100 ms of the Brunel network and reports the
// wall time per simulated second and the rate. Sized by order (neurons =
// 5*order) and threads.
func BenchmarkBrunel(b *testing.B) {
	for _, order := range []int{500, 2500} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("order=%d/threads=%d", order, threads), func(b *testing.B) {
				if testing.Short() && order > 500 {
					b.Skip("large network")
				}
				t0 := time.Now()
				k, rec := buildBrunel(b, order, threads)
				build := time.Since(t0)
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ResetTimer()
				const simMs = 100.0
				for range b.N {
					if err := k.Simulate(simMs); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				tab, _ := k.Recording(rec)
				rate := float64(tab.Len()) / (float64(5*order) * simMs * float64(b.N) / 1000)
				b.ReportMetric(b.Elapsed().Seconds()/(simMs*float64(b.N)/1000), "s/sim-s")
				b.ReportMetric(rate, "Hz")
				b.ReportMetric(build.Seconds(), "build-s")
				b.ReportMetric(math.Round(float64(ms.HeapInuse)/1e6), "heap-MB")
			})
		}
	}
}
