package kernel

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestGifCondExpMultisynapseNegativeWeightIsBadPropertyInSimulate: as in
// NEST, the connection is accepted and the delivery of its first spike
// ends Simulate with BadProperty.
func TestGifCondExpMultisynapseNegativeWeightIsBadPropertyInSimulate(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		n := mustCreate(t, k, "gif_cond_exp_multisynapse", 2, dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}, "E_rev": []any{0.0, -80.0, 5.0}})
		sg := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{1.0}})
		mustConnect(t, k, []int{sg}, []int{n, n + 1}, nil, dict.Dict{"weight": -1.0, "receptor_type": 2.0})
		if err := k.Simulate(5); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("threads=%d: Simulate = %v, want BadProperty", threads, err)
		}
	}
}

// TestGifMultisynapseReceptorZeroRefusesSpikes: receptor 0 takes currents
// only (IncompatibleReceptorType for spikes, as NEST).
func TestGifMultisynapseReceptorZeroRefusesSpikes(t *testing.T) {
	for _, model := range []string{"gif_psc_exp_multisynapse", "gif_cond_exp_multisynapse"} {
		k := newKernel()
		n := mustCreate(t, k, model, 1)
		sg := mustCreate(t, k, "spike_generator", 1)
		err := k.Connect([]int{sg}, []int{n}, nil, nil)
		if !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("%s: Connect on receptor 0 = %v, want IncompatibleReceptorType", model, err)
		}
		dc := mustCreate(t, k, "dc_generator", 1)
		mustConnect(t, k, []int{dc}, []int{n}, nil, nil)
	}
}
