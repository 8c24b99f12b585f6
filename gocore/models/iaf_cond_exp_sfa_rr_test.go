package models

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafCondExpSfaRrDefaults(t *testing.T) {
	st := NewIafCondExpSfaRr().Status()
	want := dict.Dict{
		"V_th": -57.0, "V_reset": -70.0, "t_ref": 0.5, "g_L": 28.95, "C_m": 289.5,
		"E_ex": 0.0, "E_in": -75.0, "E_L": -70.0, "tau_syn_ex": 1.5, "tau_syn_in": 10.0, "I_e": 0.0,
		"tau_sfa": 110.0, "tau_rr": 1.97, "E_sfa": -70.0, "E_rr": -70.0, "q_sfa": 14.48, "q_rr": 3214.0,
		"V_m": -70.0, "g_ex": 0.0, "g_in": 0.0, "g_sfa": 0.0, "g_rr": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_ex", "g_in", "g_rr", "g_sfa"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafCondExpSfaRrRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafCondExpSfaRr() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "g_sfa": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset above V_th", dict.Dict{"I_e": 10.0, "V_reset": -50.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"C_m negative", dict.Dict{"I_e": 10.0, "C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex zero", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in zero", dict.Dict{"tau_syn_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_sfa zero", dict.Dict{"tau_sfa": 0.0}, nesterr.ErrBadProperty, "tau_sfa = 0"},
		{"tau_rr negative", dict.Dict{"tau_rr": -1.0}, nesterr.ErrBadProperty, "tau_rr = -1"},
		{"first rule reported", dict.Dict{"C_m": 0.0, "tau_rr": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"string for a parameter", dict.Dict{"q_sfa": "big"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"C_m": 200.0, "g_rr": "none"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 200.0, "g_rr": 1.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafCondExpSfaRr(), "q_rr")
}

func TestIafCondExpSfaRrReceptors(t *testing.T) {
	n := NewIafCondExpSfaRr()
	if err := n.CheckSpikeReceptor("iaf_cond_exp_sfa_rr", 0); err != nil {
		t.Errorf("spikes on receptor 0: %v", err)
	}
	if err := n.CheckSpikeReceptor("iaf_cond_exp_sfa_rr", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spikes on receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(2); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on receptor 2: %v, want UnknownReceptorType", err)
	}
}

func TestIafCondExpSfaRrSpikeRaisesAdaptationAndIntervalsGrow(t *testing.T) {
	// Each spike adds q_sfa and q_rr in its step (after the reset); under
	// constant drive g_sfa accumulates, so the intervals lengthen.
	s := newStepper(t, NewIafCondExpSfaRr(), dict.Dict{"I_e": 1200.0})
	for len(s.spikes.steps) == 0 {
		s.advance()
	}
	if g := s.value(4); g != 14.48 {
		t.Errorf("g_sfa = %.17g in the spike step, want q_sfa", g)
	}
	if g := s.value(3); g != 3214 {
		t.Errorf("g_rr = %.17g in the spike step, want q_rr", g)
	}
	if v := s.value(0); v != -70 {
		t.Errorf("V_m = %g in the spike step, want V_reset", v)
	}
	for s.step < 3000 {
		s.advance()
	}
	isi := isiSteps(s.spikes.steps)
	if len(isi) < 5 {
		t.Fatalf("%d spikes in 300 ms", len(s.spikes.steps))
	}
	for i := 1; i < 4; i++ {
		if isi[i] < isi[i-1] {
			t.Errorf("intervals %v: want lengthening at first", isi[:5])
		}
	}
}
