package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifPscDeltaClopathDefaults(t *testing.T) {
	st := NewAeifPscDeltaClopath().Status()
	want := dict.Dict{
		"C_m": 281.0, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0, "a": 4.0, "b": 80.5,
		"I_sp": 400.0, "Delta_T": 2.0, "tau_w": 144.0, "tau_z": 40.0, "V_th_max": 30.4, "V_th_rest": -50.4,
		"tau_V_th": 50.0, "tau_u_bar_plus": 7.0, "tau_u_bar_minus": 10.0, "tau_u_bar_bar": 500.0, "I_e": 0.0,
		"V_peak": 33.0, "V_clamp": 33.0, "t_clamp": 2.0, "gsl_error_tol": 1e-6,
		"A_LTD": 14e-5, "A_LTP": 8e-5, "u_ref_squared": 60.0, "theta_plus": -45.3, "theta_minus": -70.6,
		"A_LTD_const": true, "delay_u_bars": 5.0,
		"V_m": -70.6, "w": 0.0, "u_bar_plus": -70.6, "u_bar_minus": -70.6, "u_bar_bar": -70.6,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "V_th", "u_bar_bar", "u_bar_minus", "u_bar_plus", "w", "z"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
	n := NewAeifPscDeltaClopath()
	if v := n.RecordableValue(1); v != -50.4 {
		t.Errorf("V_th starts at %g, want V_th_rest", v)
	}
}

func TestAeifPscDeltaClopathRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifPscDeltaClopath() }
	start := dict.Dict{"V_m": -65.0, "w": 5.0, "u_bar_bar": -60.0, "A_LTP": 1e-4}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset at V_peak", dict.Dict{"V_reset": 33.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"Delta_T": -1.0}, nesterr.ErrBadProperty, "Delta_T must be greater than or equal to zero"},
		{"exponential overflow", dict.Dict{"Delta_T": 0.01}, nesterr.ErrBadProperty, "overflow"},
		{"V_th_max below V_th_rest", dict.Dict{"V_th_max": -60.0}, nesterr.ErrBadProperty, "V_th_max >= V_th_rest"},
		{"V_peak below V_th_rest", dict.Dict{"V_peak": -55.0, "V_reset": -70.0, "V_th_max": -50.0}, nesterr.ErrBadProperty, "V_peak >= V_th_rest"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"t_ref": -1.0}, nesterr.ErrBadProperty, "Refractory"},
		{"t_clamp negative", dict.Dict{"t_clamp": -1.0}, nesterr.ErrBadProperty, "t_clamp >= 0"},
		{"tau_z zero", dict.Dict{"tau_z": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_V_th negative", dict.Dict{"tau_V_th": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_u_bar_bar zero", dict.Dict{"tau_u_bar_bar": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol zero", dict.Dict{"gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"u_ref_squared zero", dict.Dict{"u_ref_squared": 0.0}, nesterr.ErrBadProperty, "u_ref_squared > 0"},
		{"number for A_LTD_const", dict.Dict{"A_LTD_const": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"string for u_bar_plus", dict.Dict{"u_bar_plus": "x"}, nesterr.ErrTypeMismatch, ""},
		// NEST's order: the model's parameters, its state, the archive,
		// the rule's parameters.
		{"parameters before the rule", dict.Dict{"tau_w": 0.0, "u_ref_squared": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"archive before the rule", dict.Dict{"tau_minus": -1.0, "u_ref_squared": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewAeifPscDeltaClopath(), "theta_plus")
	// V_th and z are no status keys.
	r := dict.NewReader(dict.Dict{"V_th": 1.0, "z": 1.0})
	if err := NewAeifPscDeltaClopath().SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 2 {
		t.Errorf("V_th, z: %v, unused %v; want both left unused", err, r.Unused())
	}
}

func TestAeifPscDeltaClopathClampThenRefractory(t *testing.T) {
	// A big input spike crosses V_peak: V_m is clamped to V_clamp for
	// t_clamp (1 ms, the spike step included), z jumps to I_sp, V_th to
	// V_th_max and w by b; then V_m is held at V_reset from the step in
	// which the clamp ends for t_ref (2 ms) more and is free afterwards.
	s := newStepper(t, NewAeifPscDeltaClopath(), dict.Dict{"t_clamp": 1.0, "t_ref": 2.0})
	s.spike(200.0, 0, 1)
	s.advance()
	if len(s.spikes.steps) != 1 {
		t.Fatalf("spikes %v, want one in the first step", s.spikes.steps)
	}
	// Recordables: V_m, V_th, u_bar_bar, u_bar_minus, u_bar_plus, w, z.
	if v, vth, w, z := s.value(0), s.value(1), s.value(5), s.value(6); v != 33 || vth != 30.4 || z != 400 || w < 80 {
		t.Errorf("after the spike V_m %g, V_th %g, w %g, z %g", v, vth, w, z)
	}
	var trace []float64
	for range 40 {
		s.advance()
		trace = append(trace, s.value(0))
	}
	for k, v := range trace {
		switch {
		case k < 9 && v != 33:
			t.Fatalf("clamp step %d: V_m = %g, want V_clamp", k+1, v)
		case k >= 9 && k < 30 && v != -60:
			t.Fatalf("refractory step %d: V_m = %g, want V_reset", k+1, v)
		case k >= 30 && v == -60:
			t.Fatalf("step %d: V_m still at V_reset after t_ref", k+1)
		}
	}
	// Without a clamp NEST never starts the refractory period.
	s = newStepper(t, NewAeifPscDeltaClopath(), dict.Dict{"t_clamp": 0.0, "t_ref": 2.0})
	s.spike(200.0, 0, 1)
	s.advance()
	s.advance()
	if v := s.value(0); v == -60 || v == 33 {
		t.Errorf("t_clamp = 0: V_m = %g one step after the spike, want it free", v)
	}
}

func TestAeifPscDeltaClopathTracesFollowTheMembrane(t *testing.T) {
	// At rest the three traces sit at V_m; a depolarization pulls
	// u_bar_plus (7 ms) faster than u_bar_minus (10 ms), and u_bar_bar
	// (500 ms, driven by u_bar_minus) least.
	s := newStepper(t, NewAeifPscDeltaClopath(), dict.Dict{"Delta_T": 0.0, "a": 0.0, "I_e": 300.0})
	for range 50 {
		s.advance()
	}
	bar, minus, plus := s.value(2), s.value(3), s.value(4)
	if !(plus > minus && minus > bar && bar > -70.6) {
		t.Errorf("u_bar_plus %g, u_bar_minus %g, u_bar_bar %g: want ordered above E_L", plus, minus, bar)
	}
}
