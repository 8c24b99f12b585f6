package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifPscAlphaDefaults(t *testing.T) {
	st := NewAeifPscAlpha().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"tau_syn_ex": 0.2, "tau_syn_in": 2.0, "a": 4.0, "b": 80.5,
		"Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"V_m": -70.6, "I_syn_ex": 0.0, "I_syn_in": 0.0, "dI_syn_ex": 0.0, "dI_syn_in": 0.0, "w": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_syn_ex", "I_syn_in", "V_m", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifPscAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifPscAlpha() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "w": 5.0, "dI_syn_in": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset above V_peak", dict.Dict{"V_reset": 1.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"Delta_T": -0.1}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		{"exponential overflow", dict.Dict{"Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"V_peak below V_th", dict.Dict{"V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex negative", dict.Dict{"tau_syn_ex": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_w zero", dict.Dict{"tau_w": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol zero", dict.Dict{"gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"negative I_syn_in", dict.Dict{"I_syn_in": -1.0}, nesterr.ErrBadProperty, "must not be negative"},
		// The companions may be negative.
		{"string for dI_syn_ex", dict.Dict{"dI_syn_ex": "x"}, nesterr.ErrTypeMismatch, ""},
	})
	n := NewAeifPscAlpha()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"dI_syn_ex": -2.0}), testEnv()); err != nil {
		t.Errorf("negative dI_syn_ex refused: %v", err)
	}
}

func TestAeifPscAlphaCurrentIsAnAlphaFunction(t *testing.T) {
	// A spike of weight w starts w*(t/tau)*exp(1 - t/tau) in I_syn_ex,
	// peaking at w after tau_syn_ex.
	s := newStepper(t, NewAeifPscAlpha(), dict.Dict{"tau_syn_ex": 1.0})
	s.spike(300.0, 0, 1)
	s.advance()
	for k := 1; k <= 50; k++ {
		s.advance()
		tt := float64(k) * 0.1
		want := 300 * tt * math.Exp(1-tt)
		if g := s.value(0); math.Abs(g-want) > 1e-4 {
			t.Fatalf("I_syn_ex at %g ms = %.10g, want %.10g", tt, g, want)
		}
	}
}
