package models

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestHtNeuronDefaults(t *testing.T) {
	st := NewHtNeuron().Status()
	for key, want := range map[string]any{
		"V_m": -70.0, "theta": -51.0, "theta_eq": -51.0, "tau_D_KNa": 1250.0, "N_NaP": 3.0, "N_T": 2.0,
		"instant_unblock_NMDA": false, "voltage_clamp": false, "g_peak_GABA_B": 0.0132,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
	rt, _ := st["receptor_types"].(dict.Dict)
	if rt["AMPA"] != 1 || rt["NMDA"] != 2 || rt["GABA_A"] != 3 || rt["GABA_B"] != 4 {
		t.Errorf("receptor_types = %v", st["receptor_types"])
	}
}

func TestHtNeuronRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHtNeuron() }
	bp := nesterr.ErrBadParameter
	cases := []rejectCase{
		{"g_peak_AMPA negative", dict.Dict{"g_peak_AMPA": -0.1}, bp, "g_peak_AMPA >= 0"},
		{"g_peak_GABA_A negative", dict.Dict{"g_peak_GABA_A": -0.1}, bp, "g_peak_GABA_A >= 0"},
		{"g_peak_GABA_B negative", dict.Dict{"g_peak_GABA_B": -0.1}, bp, "g_peak_GABA_B >= 0"},
		{"g_peak_KNa negative", dict.Dict{"g_peak_KNa": -0.1}, bp, "g_peak_KNa >= 0"},
		{"S_act_NMDA negative", dict.Dict{"S_act_NMDA": -0.1}, bp, "S_act_NMDA >= 0"},
		{"g_peak_NMDA negative", dict.Dict{"g_peak_NMDA": -0.1}, bp, "g_peak_NMDA >= 0"},
		{"g_peak_T negative", dict.Dict{"g_peak_T": -0.1}, bp, "g_peak_T >= 0"},
		{"g_peak_h negative", dict.Dict{"g_peak_h": -0.1}, bp, "g_peak_h >= 0"},
		{"g_peak_NaP negative", dict.Dict{"g_peak_NaP": -0.1}, bp, "g_peak_NaP >= 0"},
		{"g_KL negative", dict.Dict{"g_KL": -0.1}, bp, "g_KL >= 0"},
		{"g_NaL negative", dict.Dict{"g_NaL": -0.1}, bp, "g_NaL >= 0"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, bp, "t_ref >= 0"},
		{"tau_rise_AMPA zero", dict.Dict{"tau_rise_AMPA": 0.0}, bp, "tau_rise_AMPA > 0"},
		{"tau_decay_GABA_B zero", dict.Dict{"tau_decay_GABA_B": 0.0}, bp, "tau_decay_GABA_B > 0"},
		{"tau_Mg_slow_NMDA zero", dict.Dict{"tau_Mg_slow_NMDA": 0.0}, bp, "tau_Mg_slow_NMDA > 0"},
		{"tau_spike zero", dict.Dict{"tau_spike": 0.0}, bp, "tau_spike > 0"},
		{"tau_theta zero", dict.Dict{"tau_theta": 0.0}, bp, "tau_theta > 0"},
		{"tau_m zero", dict.Dict{"tau_m": 0.0}, bp, "tau_m > 0"},
		{"tau_D_KNa zero", dict.Dict{"tau_D_KNa": 0.0}, bp, "tau_D_KNa > 0"},
		{"AMPA rise not below decay", dict.Dict{"tau_rise_AMPA": 2.4}, bp, "tau_rise_AMPA < tau_decay_AMPA"},
		{"GABA_A rise not below decay", dict.Dict{"tau_decay_GABA_A": 0.5}, bp, "tau_rise_GABA_A < tau_decay_GABA_A"},
		{"GABA_B rise not below decay", dict.Dict{"tau_rise_GABA_B": 300.0}, bp, "tau_rise_GABA_B < tau_decay_GABA_B"},
		{"NMDA rise not below decay", dict.Dict{"tau_rise_NMDA": 40.0}, bp, "tau_rise_NMDA < tau_decay_NMDA"},
		{"Mg fast not below slow", dict.Dict{"tau_Mg_fast_NMDA": 30.0}, bp, "tau_Mg_fast_NMDA < tau_Mg_slow_NMDA"},
		{"conductances before t_ref", dict.Dict{"t_ref": -1.0, "g_NaL": -1.0}, bp, "g_NaL"},
		{"t_ref before time constants", dict.Dict{"t_ref": -1.0, "tau_m": 0.0}, bp, "t_ref"},
		{"positivity before ordering", dict.Dict{"tau_rise_AMPA": 5.0, "tau_m": 0.0}, bp, "tau_m > 0"},
		{"number for voltage_clamp", dict.Dict{"voltage_clamp": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"number for equilibrate", dict.Dict{"V_m": -60.0, "equilibrate": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"string for a parameter", dict.Dict{"E_K": "low"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"tau_m": 10.0, "theta": -50.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	}
	checkRejections(t, mk, dict.Dict{"V_m": -65.0, "theta": -52.0, "instant_unblock_NMDA": true}, cases)
	checkUnknownKeyUnaccessed(t, NewHtNeuron(), "g_peak_h")
}

func TestHtNeuronReceptors(t *testing.T) {
	n := NewHtNeuron()
	for rport := 1; rport <= 4; rport++ {
		if err := n.CheckSpikeReceptor("ht_neuron", rport); err != nil {
			t.Errorf("spikes on receptor %d: %v", rport, err)
		}
	}
	for _, rport := range []int{0, 5} {
		if err := n.CheckSpikeReceptor("ht_neuron", rport); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
			t.Errorf("spikes on receptor %d: %v, want UnknownReceptorType", rport, err)
		}
	}
	if err := n.CheckCurrentReceptor(0); err != nil {
		t.Errorf("currents on receptor 0: %v", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on receptor 1: %v, want UnknownReceptorType", err)
	}
}

func TestHtNeuronSpikeGoesToItsReceptor(t *testing.T) {
	// Recordables g_AMPA, g_GABA_A, g_GABA_B (5, 6, 7) and g_NMDA (8).
	for rport, rec := range map[int]int{htAMPA: 5, htNMDA: 8, htGABAA: 6, htGABAB: 7} {
		s := newStepper(t, NewHtNeuron(), nil)
		s.spike(10, rport, 1)
		s.advance()
		s.advance()
		for other := 5; other <= 8; other++ {
			if g := s.value(other); (other == rec) != (g > 0) {
				t.Errorf("spike on receptor %d: recordable %d = %v", rport, other, g)
			}
		}
	}
}

func TestHtNeuronEquilibrateUsesPresentParameters(t *testing.T) {
	// NEST equilibrates with the parameters the neuron has before the
	// call: tau_D_KNa given in the same call does not enter D's value.
	a, b := NewHtNeuron(), NewHtNeuron()
	if err := a.SetStatus(dict.NewReader(dict.Dict{"V_m": -50.0, "equilibrate": true, "tau_D_KNa": 100.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := b.SetStatus(dict.NewReader(dict.Dict{"V_m": -50.0, "equilibrate": true}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if a.S.Y[htDIKNa] != b.S.Y[htDIKNa] || a.S.Y[htDIKNa] == NewHtNeuron().S.Y[htDIKNa] {
		t.Errorf("D after equilibrate: %v and %v", a.S.Y[htDIKNa], b.S.Y[htDIKNa])
	}
	c := NewHtNeuron()
	if err := c.SetStatus(dict.NewReader(dict.Dict{"V_m": -50.0, "equilibrate": false}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if c.S.Y[htMIh] != NewHtNeuron().S.Y[htMIh] {
		t.Errorf("equilibrate false moved m_Ih")
	}
}

func TestHtNeuronVoltageClampHoldsVm(t *testing.T) {
	s := newStepper(t, NewHtNeuron(), dict.Dict{"voltage_clamp": true, "V_m": -60.0})
	s.spike(30, htAMPA, 1)
	for range 200 {
		s.advance()
		if v := s.value(4); v != -60 {
			t.Fatalf("step %d: V_m = %v under voltage clamp", s.step, v)
		}
	}
	if s.value(5) == 0 {
		t.Error("no AMPA conductance")
	}
}

func TestHtNeuronRepolarizesAfterSpike(t *testing.T) {
	// A spike sets V_m and theta to E_Na; the potassium current then
	// pulls V_m down for t_ref (+1 step) without a second spike.
	s := newStepper(t, NewHtNeuron(), dict.Dict{"V_m": -50.0, "theta": -51.0})
	s.advance()
	if len(s.spikes.steps) != 1 {
		t.Fatalf("%d spikes, want 1", len(s.spikes.steps))
	}
	if n := s.n.(*HtNeuron); n.S.RefSteps != 20 {
		t.Errorf("refractory steps left after the spike step = %d, want t_ref/h = 20", n.S.RefSteps)
	}
	for range 20 {
		s.advance()
	}
	if len(s.spikes.steps) != 1 || s.value(4) > -40 {
		t.Errorf("%d spikes, V_m = %v after t_ref", len(s.spikes.steps), s.value(4))
	}
}

func TestHhPowTerm(t *testing.T) {
	for _, tc := range []struct{ x, y, want float64 }{
		{2, 3, 8}, {0.5, 2, 0.25}, {4, 2.5, 32}, {9, 0.5, 3}, {2, 0, 1}, {0, 3, 0},
	} {
		if got := libm.Pow(tc.x, tc.y); got != tc.want {
			t.Errorf("libm.Pow(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}
