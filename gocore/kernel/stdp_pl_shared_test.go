package kernel

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestSTDPPLHomSharedSourceMatchesNEST runs the network described in
// testdata/README.md (stdp_pl_shared): one source with several
// stdp_pl_synapse_hom connections of different weights and delays to two
// targets, a connection added after a run (its K+ and last spike differ
// from its siblings') and one connection's Kplus set in between. Every
// weight and Kplus must equal NEST 3.10's to the bit: the power law is
// glibc's pow, which Go's math.Pow misses by an ulp in about half of all
// arguments.
func TestSTDPPLHomSharedSourceMatchesNEST(t *testing.T) {
	raw, err := os.ReadFile("testdata/stdp_pl_shared/nest310.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct{ Weights, Kplus [][]float64 }
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1, 2} {
		t.Run(fmt.Sprintf("threads=%d", threads), func(t *testing.T) {
			k := newKernel()
			if err := k.SetStatus(dict.Dict{"resolution": 0.1, "local_num_threads": float64(threads)}); err != nil {
				t.Fatal(err)
			}
			times := func(n int, first, step float64, jitter []float64) []any {
				var ts []any
				for i := range n {
					ts = append(ts, first+step*float64(i)+jitter[i%len(jitter)])
				}
				sortAny(ts)
				return ts
			}
			mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": times(45, 10, 17, []float64{0})})
			mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": times(45, 10, 17, []float64{3, -4, 6.5, -1.5})})
			mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": times(58, 12.3, 13, []float64{2.1, -3.2, 0.7})})
			mustCreate(t, k, "parrot_neuron", 3)
			for src := 1; src <= 3; src++ {
				mustConnect(t, k, []int{src}, []int{src + 3}, nil, nil)
			}
			const syn = "stdp_pl_synapse_hom"
			if err := k.SetDefaults(syn, dict.Dict{"tau_plus": 15.0, "lambda": 0.1, "alpha": 0.0513, "mu": 0.4}); err != nil {
				t.Fatal(err)
			}
			for _, tgt := range []int{5, 6} {
				for _, wd := range [][2]float64{{10, 1}, {13.7, 1.5}, {21.3, 2.3}, {5.55, 1}, {37.1, 1}} {
					mustConnect(t, k, []int{4}, []int{tgt}, nil, dict.Dict{"synapse_model": syn, "weight": wd[0], "delay": wd[1], "Kplus": 0.5})
				}
			}
			for run := range ref.Weights {
				if run == 3 {
					mustConnect(t, k, []int{4}, []int{5}, nil, dict.Dict{"synapse_model": syn, "weight": 12.34, "delay": 1.2})
					if err := k.SetConnections([]int{4}, []int{6}, syn, []int{1}, []dict.Dict{{"Kplus": 2.0}}); err != nil {
						t.Fatal(err)
					}
				}
				mustSimulate(t, k, 100)
				var weights, kplus []float64
				for _, tgt := range []int{5, 6} {
					c, err := k.GetConnections([]int{4}, []int{tgt}, syn)
					if err != nil {
						t.Fatal(err)
					}
					weights = append(weights, c.Weight...)
					for _, st := range c.State {
						kplus = append(kplus, st["Kplus"].(float64))
					}
				}
				for _, c := range []struct {
					what      string
					got, want []float64
				}{{"weight", weights, ref.Weights[run]}, {"Kplus", kplus, ref.Kplus[run]}} {
					what, got, want := c.what, c.got, c.want
					if len(got) != len(want) {
						t.Fatalf("run %d: %d connections, NEST %d", run, len(got), len(want))
					}
					for i := range want {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Errorf("run %d, connection %d: %s %.17g, NEST %.17g", run, i, what, got[i], want[i])
						}
					}
				}
			}
		})
	}
}
