package kernel

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestIafBw2001DomainErrorStopsSimulate: NEST's Simulate fails when
// iaf_bw_2001's NMDA jump is undefined (tau_rise_NMDA >= tau_decay_NMDA);
// the model's panic in Prepare reaches the caller as that error.
func TestIafBw2001DomainErrorStopsSimulate(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, k, "iaf_bw_2001", 3, dict.Dict{"tau_rise_NMDA": 100.0})
		if err := k.Simulate(1); !errors.Is(err, nesterr.ErrBadParameter) {
			t.Errorf("threads=%d: Simulate = %v, want BadParameter", threads, err)
		}
	}
}

// TestIafBw2001ExactNMDAAfterSimulate: NMDA connections onto
// iaf_bw_2001_exact must be made before the first Simulate, other
// receptors may follow.
func TestIafBw2001ExactNMDAAfterSimulate(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_bw_2001_exact", 2, nil)
	g := mustCreate(t, k, "spike_generator", 1, nil)
	mustConnect(t, k, []int{g}, []int{n}, nil, dict.Dict{"receptor_type": 3.0})
	mustSimulate(t, k, 1)
	if err := k.Connect([]int{g}, []int{n + 1}, nil, dict.Dict{"receptor_type": 3.0}); !errors.Is(err, nesterr.ErrIllegalConnection) {
		t.Errorf("NMDA after Simulate: %v, want IllegalConnection", err)
	}
	mustConnect(t, k, []int{g}, []int{n + 1}, nil, dict.Dict{"receptor_type": 1.0})
}

// TestCondModelReceptorsThroughConnect: the receptor rules of
// iaf_bw_2001 (NMDA only from iaf_bw_2001) and iaf_cond_alpha_mc (spike
// and current receptors apart) as Connect reports them.
func TestCondModelReceptorsThroughConnect(t *testing.T) {
	k := newKernel()
	bw := mustCreate(t, k, "iaf_bw_2001", 2, nil)
	gen := mustCreate(t, k, "spike_generator", 1, nil)
	if err := k.Connect([]int{gen}, []int{bw}, nil, dict.Dict{"receptor_type": 3.0}); !errors.Is(err, nesterr.ErrIllegalConnection) {
		t.Errorf("NMDA from a spike_generator: %v, want IllegalConnection", err)
	}
	mustConnect(t, k, []int{bw}, []int{bw + 1}, nil, dict.Dict{"receptor_type": 3.0})
	mustConnect(t, k, []int{gen}, []int{bw}, nil, dict.Dict{"receptor_type": 2.0})

	mc := mustCreate(t, k, "iaf_cond_alpha_mc", 1, nil)
	dc := mustCreate(t, k, "dc_generator", 1, nil)
	for _, c := range []struct {
		src, rport int
		cat        *nesterr.Category
	}{
		{gen, 0, nesterr.ErrIncompatibleReceptorType}, {gen, 8, nesterr.ErrIncompatibleReceptorType},
		{gen, 10, nesterr.ErrUnknownReceptorType}, {dc, 3, nesterr.ErrIncompatibleReceptorType},
		{dc, 0, nesterr.ErrIncompatibleReceptorType}, {dc, 12, nesterr.ErrUnknownReceptorType},
	} {
		if err := k.Connect([]int{c.src}, []int{mc}, nil, dict.Dict{"receptor_type": float64(c.rport)}); !errors.Is(err, c.cat) {
			t.Errorf("node %d onto receptor %d: %v, want %s", c.src, c.rport, err, c.cat.Name())
		}
	}
	mustConnect(t, k, []int{gen}, []int{mc}, nil, dict.Dict{"receptor_type": 6.0})
	mustConnect(t, k, []int{dc}, []int{mc}, nil, dict.Dict{"receptor_type": 9.0})
}
