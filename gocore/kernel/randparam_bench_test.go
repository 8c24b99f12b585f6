package kernel

import (
	"fmt"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkRandomParamConnect is one projection of compare.py's cortical
// workload: fixed_total_number between two populations of 4,000
// iaf_psc_exp neurons, 2 M connections whose weights and delays are
// drawn from normal distributions through redraw; it reports the build
// time per connection.
func BenchmarkRandomParamConnect(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			const n, total = 4000, 2_000_000
			for b.Loop() {
				k := newKernel()
				if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
					b.Fatal(err)
				}
				pre := mustCreate(b, k, "iaf_psc_exp", n)
				post := mustCreate(b, k, "iaf_psc_exp", n)
				mustConnect(b, k, ids(pre, pre+n-1), ids(post, post+n-1), dict.Dict{"rule": "fixed_total_number", "N": float64(total)},
					dict.Dict{"synapse_model": "static_synapse",
						"weight": pRedraw(pNormal(87.8, 8.78), 0, math.Inf(1)),
						"delay":  pRedraw(pNormal(1.5, 0.75), 0.1, math.Inf(1))})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/conn")
		})
	}
}
