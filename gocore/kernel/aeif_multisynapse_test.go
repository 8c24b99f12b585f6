package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// NEST's conductance-based aeif multisynapse models accept a connection
// with a negative weight but refuse the spike when it is delivered: the
// simulation stops with BadProperty.
func TestAeifMultisynapseNegativeWeightStopsSimulate(t *testing.T) {
	for _, model := range []string{"aeif_cond_alpha_multisynapse", "aeif_cond_beta_multisynapse"} {
		for _, threads := range []int{1, 2} {
			k := newKernel()
			if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
				t.Fatal(err)
			}
			n := mustCreate(t, k, model, 2)
			sg := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{2.0}})
			mustConnect(t, k, []int{sg}, []int{n, n + 1}, nil, dict.Dict{"weight": -1.0, "receptor_type": 1.0})
			err := k.Simulate(10)
			wantCategory(t, err, nesterr.ErrBadProperty)
		}
	}
}
