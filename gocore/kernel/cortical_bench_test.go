package kernel

import (
	"math"
	"testing"
	"time"

	"github.com/gonest/gonest/gocore/dict"
)

// buildCortical builds compare.py's cortical workload in k: the eight
// populations of the microcircuit model at 15,000 iaf_psc_exp neurons,
// fixed_total_number projections with the model's connection
// probabilities (11.3 M connections) whose weights and delays are drawn
// through redraw of normal distributions, and Poisson drive.
func buildCortical(tb testing.TB, k *Kernel) {
	tb.Helper()
	sizes := []float64{20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948}
	external := []float64{1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100}
	probs := [][]float64{
		{0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
		{0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
		{0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
		{0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
		{0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
		{0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
		{0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
		{0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443}}
	full := 0.0
	for _, s := range sizes {
		full += s
	}
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(k.SetStatus(dict.Dict{"resolution": 0.1}))
	neuron := dict.Dict{"C_m": 250.0, "tau_m": 10.0, "tau_syn_ex": 0.5, "tau_syn_in": 0.5, "t_ref": 2.0,
		"E_L": -65.0, "V_th": -50.0, "V_reset": -65.0, "V_m": -58.0}
	var pops [][]int
	for _, s := range sizes {
		n := int(math.Round(s * 15000 / full))
		f := mustCreate(tb, k, "iaf_psc_exp", n, neuron)
		pops = append(pops, ids(f, f+n-1))
	}
	const wMean = 87.8
	for ti, post := range pops {
		drive := mustCreate(tb, k, "poisson_generator", 1, dict.Dict{"rate": 8.0 * 0.6 * external[ti]})
		mustConnect(tb, k, []int{drive}, post, nil, dict.Dict{"weight": wMean, "delay": 1.5})
		for si, pre := range pops {
			p := probs[ti][si]
			if p <= 0 {
				continue
			}
			n := math.Round(math.Log(1-p) / math.Log(1-1/float64(len(pre)*len(post))))
			mean, lo, hi, dm := wMean, 0.0, math.Inf(1), 1.5
			switch {
			case si%2 == 1:
				mean, lo, hi, dm = -4*wMean, math.Inf(-1), 0, 0.75
			case si == 2 && ti == 0:
				mean = 2 * wMean
			}
			mustConnect(tb, k, pre, post, dict.Dict{"rule": "fixed_total_number", "N": n},
				dict.Dict{"weight": pRedraw(pNormal(mean, math.Abs(mean/10)), lo, hi), "delay": pRedraw(pNormal(dm, dm/2), 0.1, math.Inf(1))})
		}
	}
}

// BenchmarkCortical builds compare.py's cortical network on 2 threads and
// simulates 100 ms; it reports the build time and the wall time per
// simulated second.
func BenchmarkCortical(b *testing.B) {
	if testing.Short() {
		b.Skip("large network")
	}
	t0 := time.Now()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		b.Fatal(err)
	}
	buildCortical(b, k)
	build := time.Since(t0)
	b.ResetTimer()
	for range b.N {
		mustSimulate(b, k, 100)
	}
	b.ReportMetric(b.Elapsed().Seconds()/(0.1*float64(b.N)), "s/sim-s")
	b.ReportMetric(build.Seconds(), "build-s")
}
