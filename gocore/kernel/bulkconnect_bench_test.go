package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkBulkOneToOne measures one one_to_one Connect of n pairs of
// parrot neurons with a weight and a delay per connection (issue #12's
// 1e6 pairs at n = 1e6), the network created anew for each iteration
// outside the timer. Reported per connection.
func BenchmarkBulkOneToOne(b *testing.B) {
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	w, d := make([]float64, n), make([]float64, n)
	for i := range w {
		w[i] = 0.5 + rng.Float64()
		d[i] = math.Round(10+20*rng.Float64()) / 10
	}
	pre, post := make([]int, n), make([]int, n)
	for b.Loop() {
		b.StopTimer()
		k := newKernel()
		first := mustCreate(b, k, "parrot_neuron", 2*n)
		for i := range pre {
			pre[i], post[i] = first+i, first+n+i
		}
		b.StartTimer()
		mustConnect(b, k, pre, post, dict.Dict{"rule": "one_to_one"}, dict.Dict{"weight": w, "delay": d})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/conn")
}
