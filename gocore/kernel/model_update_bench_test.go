package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// updateBenchModels are the models and constant input currents of
// BenchmarkModelUpdate; benchmarks/model_update.py builds the same
// network in NEST 3.10 to put the two side by side.
var updateBenchModels = []struct {
	model string
	ie    float64 // pA, enough for regular spiking
}{
	{"iaf_psc_alpha", 500},
	{"iaf_psc_exp_multisynapse", 500},
	{"mat2_psc_exp", 500},
	{"iaf_cond_beta", 500},
	{"gif_psc_exp", 500},
	{"aeif_cond_alpha", 1000},
	{"aeif_cond_exp", 1000},
	{"hh_psc_alpha", 1000},
}

// BenchmarkModelUpdate measures a model's update in the kernel: 1000
// unconnected neurons driven by I_e, one thread, 100 ms at 0.1 ms per
// iteration (recorders off). Reported as ns per neuron-step, kernel
// overhead included, so that it compares with the same run in NEST.
func BenchmarkModelUpdate(b *testing.B) {
	const n, ms = 1000, 100.0
	for _, m := range updateBenchModels {
		b.Run(m.model, func(b *testing.B) {
			k := newKernel()
			mustCreate(b, k, m.model, n, dict.Dict{"I_e": m.ie})
			mustSimulate(b, k, 1) // set up before timing
			b.ResetTimer()
			for b.Loop() {
				mustSimulate(b, k, ms)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*n*ms*10), "ns/neuron-step")
		})
	}
}
