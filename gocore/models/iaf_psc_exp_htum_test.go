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

func TestIafPscExpHtumDefaults(t *testing.T) {
	st := NewIafPscExpHtum().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "C_m": 250.0, "tau_m": 10.0,
		"tau_syn_ex": 2.0, "tau_syn_in": 2.0, "t_ref_abs": 2.0, "t_ref_tot": 2.0, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscExpHtumRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscExpHtum() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "t_ref_tot": 5.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset at V_th", dict.Dict{"V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"t_ref_abs above t_ref_tot", dict.Dict{"t_ref_abs": 5.5}, nesterr.ErrBadProperty, "total refractory"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m zero", dict.Dict{"tau_m": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in negative", dict.Dict{"tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref_abs zero", dict.Dict{"t_ref_abs": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref_tot zero", dict.Dict{"t_ref_abs": -1.0, "t_ref_tot": 0.0}, nesterr.ErrBadProperty, "time constants"},
		// NEST's order: reset, refractory periods, C_m, time constants.
		{"reset rule first", dict.Dict{"V_th": -80.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"refractory order before C_m", dict.Dict{"t_ref_abs": 9.0, "C_m": 0.0}, nesterr.ErrBadProperty, "total refractory"},
		{"string for a parameter", dict.Dict{"t_ref_tot": "long"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_m": -60.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafPscExpHtum(), "t_ref_abs")
}

func TestIafPscExpHtumRefractoryPeriods(t *testing.T) {
	// With a strong constant current the neuron fires, its membrane stays
	// at V_reset for t_ref_abs, then rises, but the next spike comes no
	// earlier than t_ref_tot after the first.
	s := newStepper(t, NewIafPscExpHtum(), dict.Dict{"I_e": 5000.0, "t_ref_abs": 0.5, "t_ref_tot": 3.0, "V_reset": -60.0})
	for range 200 {
		s.advance()
	}
	steps := s.spikes.steps
	if len(steps) < 3 {
		t.Fatalf("spikes at %v", steps)
	}
	for i := 1; i < len(steps); i++ {
		if d := steps[i] - steps[i-1]; d != 31 {
			t.Errorf("interval %d steps, want 31 (t_ref_tot + 1 step)", d)
		}
	}
	// Clamped for 5 steps after a spike, moving from the sixth.
	s = newStepper(t, NewIafPscExpHtum(), dict.Dict{"I_e": 5000.0, "t_ref_abs": 0.5, "t_ref_tot": 3.0, "V_reset": -60.0})
	for len(s.spikes.steps) == 0 {
		s.advance()
	}
	for k := 1; k <= 6; k++ {
		s.advance()
		v := s.value(0) // relative to E_L, as NEST records it
		if k <= 5 && v != 10 {
			t.Errorf("%d steps after the spike V_m - E_L = %g, want 10 (clamped)", k, v)
		}
		if k == 6 && !(v > 10) {
			t.Errorf("6 steps after the spike V_m - E_L = %g, want it rising", v)
		}
	}
}

func TestIafPscExpHtumRecordsVmRelativeToEL(t *testing.T) {
	s := newStepper(t, NewIafPscExpHtum(), dict.Dict{"E_L": -60.0, "V_m": -58.0})
	if v := s.value(0); v != 2 {
		t.Errorf("recorded V_m %g, want 2 (relative to E_L, as NEST)", v)
	}
	if v := s.n.Status()["V_m"]; v != -58.0 {
		t.Errorf("status V_m %v, want -58", v)
	}
	if math.IsNaN(s.value(1)) || !math.IsNaN(s.value(3)) {
		t.Error("recordable indices")
	}
}

func TestIafPscExpHtumReceptors(t *testing.T) {
	n := NewIafPscExpHtum()
	if err := n.CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v", err)
	}
	if n.CheckSpikeReceptor("spike_generator", 0) != nil || n.CheckCurrentReceptor(0) != nil {
		t.Error("receptor 0 rejected")
	}
}
