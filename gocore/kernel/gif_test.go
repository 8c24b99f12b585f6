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

// TestGifPopSpikeCountsReachRecorderAndTargets: a population's step with
// n spikes is one event of multiplicity n; the spike_recorder holds n
// entries for it (as NEST's), and a target counts n spikes.
func TestGifPopSpikeCountsReachRecorderAndTargets(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		pop := mustCreate(t, k, "gif_pop_psc_exp", 1, dict.Dict{"I_e": 600.0, "len_kernel": 300.0})
		target := mustCreate(t, k, "gif_pop_psc_exp", 1, dict.Dict{"lambda_0": 0.0})
		mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []any{"n_events", "I_syn_ex"}, "interval": 0.1})
		sr := mustCreate(t, k, "spike_recorder", 1)
		mustConnect(t, k, []int{pop}, []int{sr}, nil, nil)
		mustConnect(t, k, []int{pop}, []int{target}, nil, dict.Dict{"weight": 1.0, "delay": 1.0})
		mustConnect(t, k, []int{mm}, []int{pop, target}, nil, nil)
		mustSimulate(t, k, 300)
		rec, err := k.Recording(sr)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := k.Recording(mm)
		if err != nil {
			t.Fatal(err)
		}
		senders := tab.Int64s(tab.Index("senders"))
		times := tab.Float64s(tab.Index("times"))
		counts := tab.Float64s(tab.Index("n_events"))
		last, sum := 0.0, 0.0
		for i, s := range senders {
			if int(s) == pop {
				sum += counts[i]
				last = max(last, times[i])
			}
		}
		recTimes := rec.Float64s(rec.Index("times"))
		inWindow := 0
		for _, tm := range recTimes {
			if tm <= last {
				inWindow++
			}
		}
		if sum == 0 || float64(inWindow) != sum {
			t.Errorf("threads=%d: recorder holds %d spikes up to %g ms, n_events sum to %g", threads, inWindow, last, sum)
		}
		st, err := k.NodeStatus(target)
		if err != nil {
			t.Fatal(err)
		}
		if st["I_syn_ex"].(float64) <= 0 {
			t.Errorf("threads=%d: the target got no input", threads)
		}
	}
}
