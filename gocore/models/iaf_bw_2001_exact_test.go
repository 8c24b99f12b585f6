package models

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafBw2001ExactDefaults(t *testing.T) {
	st := NewIafBw2001Exact().Status()
	want := dict.Dict{
		"E_L": -70.0, "E_ex": 0.0, "E_in": -70.0, "V_th": -55.0, "V_reset": -60.0, "C_m": 500.0, "g_L": 25.0,
		"t_ref": 2.0, "tau_AMPA": 2.0, "tau_GABA": 5.0, "tau_decay_NMDA": 100.0, "tau_rise_NMDA": 2.0,
		"alpha": 0.5, "conc_Mg2": 1.0, "gsl_error_tol": 1e-3,
		"V_m": -70.0, "s_AMPA": 0.0, "s_GABA": 0.0,
		"receptor_types": dict.Dict{"AMPA": 1, "GABA": 2, "NMDA": 3},
		"tau_minus":      20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_AMPA", "I_GABA", "I_NMDA", "V_m", "s_AMPA", "s_GABA", "s_NMDA"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafBw2001ExactRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafBw2001Exact() }
	checkRejections(t, mk, dict.Dict{"V_m": -65.0, "s_GABA": 2.0, "alpha": 0.4}, bwRejectCases)
	checkUnknownKeyUnaccessed(t, NewIafBw2001Exact(), "tau_GABA")
	// s_NMDA is no state entry of this model.
	r := dict.NewReader(dict.Dict{"s_NMDA": 1.0})
	if err := NewIafBw2001Exact().SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 1 {
		t.Errorf("s_NMDA: %v, unused %v", err, r.Unused())
	}
}

func TestIafBw2001ExactReceptors(t *testing.T) {
	n := NewIafBw2001Exact()
	for _, r := range []int{1, 2, 3} {
		if err := n.CheckSpikeReceptor("spike_generator", r); err != nil {
			t.Errorf("receptor %d from a spike_generator: %v", r, err)
		}
	}
	for _, r := range []int{0, 4} {
		if err := n.CheckSpikeReceptor("iaf_bw_2001_exact", r); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
			t.Errorf("spikes on %d: %v, want UnknownReceptorType", r, err)
		}
	}
	if err := n.CheckCurrentReceptor(3); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on 3: %v, want UnknownReceptorType", err)
	}
	n.Prepare(testEnv())
	if err := n.CheckSpikeReceptor("iaf_bw_2001_exact", 3); !errors.Is(err, nesterr.ErrIllegalConnection) {
		t.Errorf("NMDA after the first run: %v, want IllegalConnection", err)
	}
	if err := n.CheckSpikeReceptor("iaf_bw_2001_exact", 1); err != nil {
		t.Errorf("AMPA after the first run: %v", err)
	}
}

// nmdaSpike delivers an NMDA spike from sender with the delay of one
// step (stamp = step, arrival in the slot of step) to the stepper's node.
func nmdaSpike(s *stepper, sender int, w float64, mult int) {
	s.n.(node.SpikeReceiver).HandleSpike(&node.SpikeEvent{Sender: sender, Stamp: s.step, Slot: s.ctx.Slot(s.step), Rport: bwNMDA, Weight: w, Multiplicity: mult})
}

func TestIafBw2001ExactNMDAPairFollowsItsEquations(t *testing.T) {
	// One NMDA spike of weight 2: x jumps to 1 and decays with
	// tau_rise; s saturates towards 1 - s and decays with tau_decay; the
	// recorded s_NMDA is w s. A fine Euler integration of the pair alone
	// (it does not depend on V) bounds the RKF45 result.
	s := newStepper(t, NewIafBw2001Exact(), nil)
	nmdaSpike(s, 7, 2, 1)
	s.advance()
	if got := s.n.(*IafBw2001Exact).S.Y[bwExactNMDABase]; got != 1 {
		t.Fatalf("x = %g after the arrival step, want 1", got)
	}
	x, sv := 1.0, 0.0
	const dt = 1e-5
	for k := 1; k <= 200; k++ {
		for range 10000 {
			dx := -x / 2
			ds := -sv/100 + 0.5*x*(1-sv)
			x, sv = x+dt*dx, sv+dt*ds
		}
		s.advance()
		if got := s.value(6); math.Abs(got-2*sv) > 2e-3 {
			t.Fatalf("%.1f ms after arrival: s_NMDA %.9g, Euler %.9g", float64(k)*0.1, got, 2*sv)
		}
	}
	if s.value(2) >= 0 {
		t.Errorf("I_NMDA %g, want inward", s.value(2))
	}
}

func TestIafBw2001ExactPortsPerSourceAndConstantWeights(t *testing.T) {
	// Two senders get two pairs; the same sender keeps its pair; a spike
	// with another weight on a pair is NEST's KernelException.
	s := newStepper(t, NewIafBw2001Exact(), nil)
	n := s.n.(*IafBw2001Exact)
	nmdaSpike(s, 7, 2, 1)
	nmdaSpike(s, 8, 1, 2)
	s.advance()
	if x8 := n.S.Y[bwExactNMDABase+2]; x8 != 2 {
		t.Errorf("x of sender 8 = %g, want its multiplicity 2", x8)
	}
	nmdaSpike(s, 7, 2, 1)
	s.advance()
	if got := len(n.S.Y); got != bwExactNMDABase+4 {
		t.Fatalf("state of %d elements, want two NMDA pairs", got)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, nesterr.ErrKernelException) {
			t.Errorf("changed weight: %v, want KernelException", err)
		}
	}()
	nmdaSpike(s, 7, 3, 1)
}

func TestIafBw2001ExactPortsOrderedBySender(t *testing.T) {
	// A later sender with a lower id gets the pair in front; the pairs
	// and weights move with their sources.
	s := newStepper(t, NewIafBw2001Exact(), nil)
	n := s.n.(*IafBw2001Exact)
	nmdaSpike(s, 9, 3, 1)
	s.advance()
	x9 := n.S.Y[bwExactNMDABase]
	nmdaSpike(s, 4, 5, 2)
	s.advance()
	if got := n.nmda.weight; !reflect.DeepEqual(got, []float64{5, 3}) {
		t.Errorf("weights %v, want [5 3]", got)
	}
	if x4, x9now := n.S.Y[bwExactNMDABase], n.S.Y[bwExactNMDABase+2]; x4 != 2 || !(x9now < x9 && x9now > 0) {
		t.Errorf("x of sender 4 = %g (want 2), of sender 9 = %g (was %g)", x4, x9now, x9)
	}
}
