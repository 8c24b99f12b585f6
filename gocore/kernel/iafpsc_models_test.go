package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Connection rules of the models of the iaf_psc family branch as the
// kernel applies them: receptor ports of the multisynapse models, the
// fixed port count once connected, and iaf_chs_2007's refusal of
// currents.
func TestMultisynapsePortsThroughTheKernel(t *testing.T) {
	for _, model := range []string{"iaf_psc_exp_multisynapse", "iaf_psc_alpha_multisynapse"} {
		t.Run(model, func(t *testing.T) {
			k := newKernel()
			n := mustCreate(t, k, model, 1, dict.Dict{"tau_syn": []any{1.0, 4.0}})
			sg := mustCreate(t, k, "spike_generator", 1)
			for _, rport := range []float64{0, 3} {
				err := k.Connect([]int{sg}, []int{n}, nil, dict.Dict{"receptor_type": rport})
				wantCategory(t, err, nesterr.ErrIncompatibleReceptorType)
			}
			st, err := k.NodeStatus(n)
			if err != nil {
				t.Fatal(err)
			}
			if st["has_connections"] != false {
				t.Error("a refused connection set has_connections")
			}
			mustConnect(t, k, []int{sg}, []int{n}, nil, dict.Dict{"receptor_type": 2.0})
			err = k.SetNodeStatus([]int{n}, []dict.Dict{{"tau_syn": []any{1.0, 4.0, 9.0}}})
			wantCategory(t, err, nesterr.ErrBadProperty)
			if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"tau_syn": []any{2.0, 3.0}}}); err != nil {
				t.Errorf("same number of ports: %v", err)
			}
			dc := mustCreate(t, k, "dc_generator", 1)
			err = k.Connect([]int{dc}, []int{n}, nil, dict.Dict{"receptor_type": 1.0})
			wantCategory(t, err, nesterr.ErrUnknownReceptorType)
			mustConnect(t, k, []int{dc}, []int{n}, nil, nil)
			mustSimulate(t, k, 5)
		})
	}
}

func TestIafChs2007RefusesCurrents(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_chs_2007", 1)
	dc := mustCreate(t, k, "dc_generator", 1)
	wantCategory(t, k.Connect([]int{dc}, []int{n}, nil, nil), nesterr.ErrIllegalConnection)
}

// TestPpPscDeltaIsReproducible: the same seed and thread count give the
// same spikes; the draws come from the kernel's per-thread streams.
func TestPpPscDeltaIsReproducible(t *testing.T) {
	run := func(threads int) *Kernel {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads), "rng_seed": 77.0}); err != nil {
			t.Fatal(err)
		}
		n := mustCreate(t, k, "pp_psc_delta", 20, dict.Dict{"I_e": 300.0, "dead_time": 0.0})
		sr := mustCreate(t, k, "spike_recorder", 1)
		ids := make([]int, 20)
		for i := range ids {
			ids[i] = n + i
		}
		mustConnect(t, k, ids, []int{sr}, nil, nil)
		mustSimulate(t, k, 200)
		return k
	}
	for _, threads := range []int{1, 2} {
		a, b := run(threads), run(threads)
		equalRecordings(t, a, b, 21)
		tab, err := a.Recording(21)
		if err != nil {
			t.Fatal(err)
		}
		if tab.Len() < 50 {
			t.Errorf("%d threads: only %d spikes", threads, tab.Len())
		}
	}
}
