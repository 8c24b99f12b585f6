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

// buildBrunelInto builds NEST's brunel_delta_nest network of 5*order
// iaf_psc_delta neurons (80 % excitatory), indegree 10 % of each
// population, Poisson drive of eta = 2 times the threshold rate, delay
// 1.5 ms, J = 0.1 mV, g = 5, and a spike_recorder on all neurons, in k;
// it returns the recorder id.
func buildBrunelInto(tb testing.TB, k *Kernel, order int) int {
	tb.Helper()
	return buildBrunelModel(tb, k, order, false)
}

// alphaPSPPeak is the peak (mV) of the membrane response of a leaky
// integrator (tau_m, c_m) at rest to an alpha current of peak 1 pA with
// time constant tau_syn, found on a 1 us grid (the maximum of a smooth
// curve: ample for a benchmark weight).
func alphaPSPPeak(tauM, tauSyn, cM float64) float64 {
	a := 1/tauSyn - 1/tauM
	peak := 0.0
	for i := range 200001 {
		t := float64(i) * 10 * max(tauM, tauSyn) / 200000
		v := math.E / (tauSyn * cM) * math.Exp(-t/tauM) * (1 - math.Exp(-a*t)*(1+a*t)) / (a * a)
		peak = max(peak, v)
	}
	return peak
}

// buildBrunelModel builds the Brunel network of buildBrunelInto in k, of
// iaf_psc_delta neurons or, with alpha, of the iaf_psc_alpha network of
// benchmarks/compare.py's brunel_alpha workload (tau_syn 0.5 ms, C_m
// 250 pF, weights giving a 0.1 mV PSP peak), and returns the recorder id.
func buildBrunelModel(tb testing.TB, k *Kernel, order int, alpha bool) int {
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
	model, weight := "iaf_psc_delta", J
	neuron := dict.Dict{"C_m": 1.0, "tau_m": tauM, "t_ref": 2.0, "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0, "V_th": vTh}
	if alpha {
		const tauSyn, cM = 0.5, 250.0
		model, weight = "iaf_psc_alpha", J/alphaPSPPeak(tauM, tauSyn, cM)
		neuron["C_m"], neuron["tau_syn_ex"], neuron["tau_syn_in"] = cM, tauSyn, tauSyn
		nuTh = vTh * cM / (weight * float64(cE) * math.E * tauM * tauSyn)
		pRate = 1000.0 * eta * nuTh * float64(cE)
	}
	must(k.SetDefaults(model, neuron))
	first, err := k.Create(model, nE+nI, nil)
	must(err)
	exc, inh := ids(first, first+nE-1), ids(first+nE, first+nE+nI-1)
	all := ids(first, first+nE+nI-1)
	noise, err := k.Create("poisson_generator", 1, []dict.Dict{{"rate": pRate}})
	must(err)
	rec, err := k.Create("spike_recorder", 1, nil)
	must(err)
	must(k.CopyModel("static_synapse", "excitatory", dict.Dict{"weight": weight, "delay": delay}))
	must(k.CopyModel("static_synapse", "inhibitory", dict.Dict{"weight": -g * weight, "delay": delay}))
	must(k.Connect([]int{noise}, all, nil, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(all, []int{rec}, nil, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(exc, all, dict.Dict{"rule": "fixed_indegree", "indegree": float64(cE)}, dict.Dict{"synapse_model": "excitatory"}))
	must(k.Connect(inh, all, dict.Dict{"rule": "fixed_indegree", "indegree": float64(cI)}, dict.Dict{"synapse_model": "inhibitory"}))
	return rec
}

// BenchmarkBrunel simulates 100 ms of the Brunel network and reports the
// wall time per simulated second, the rate, the build time, and the Go
// heap and the resident set of the test process after the build. Sized
// by order (neurons = 5*order) and threads.
func BenchmarkBrunel(b *testing.B) { benchmarkBrunel(b, false) }

// BenchmarkBrunelAlpha is BenchmarkBrunel for the iaf_psc_alpha network
// (benchmarks/compare.py's brunel_alpha).
func BenchmarkBrunelAlpha(b *testing.B) { benchmarkBrunel(b, true) }

func benchmarkBrunel(b *testing.B, alpha bool) {
	for _, order := range []int{500, 2500} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("order=%d/threads=%d", order, threads), func(b *testing.B) {
				if testing.Short() && order > 500 {
					b.Skip("large network")
				}
				t0 := time.Now()
				k := New(memory.NewGoAllocator())
				if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
					b.Fatal(err)
				}
				rec := buildBrunelModel(b, k, order, alpha)
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
				// the Go heap leaves out the mapped connection columns (colmem.go)
				rss, _ := procStatusBytes("VmRSS")
				b.ReportMetric(math.Round(rss/1e6), "rss-MB")
			})
		}
	}
}
