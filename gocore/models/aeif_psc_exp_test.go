package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifPscExpDefaults(t *testing.T) {
	st := NewAeifPscExp().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"tau_syn_ex": 0.2, "tau_syn_in": 2.0, "a": 4.0, "b": 80.5,
		"Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"V_m": -70.6, "I_syn_ex": 0.0, "I_syn_in": 0.0, "w": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_syn_ex", "I_syn_in", "V_m", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifPscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifPscExp() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "w": 5.0, "I_syn_ex": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset at V_peak", dict.Dict{"I_e": 10.0, "V_reset": 0.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"I_e": 10.0, "Delta_T": -0.1}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		{"exponential overflow", dict.Dict{"I_e": 10.0, "Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"V_peak below V_th", dict.Dict{"V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"C_m negative", dict.Dict{"C_m": -1.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_in zero", dict.Dict{"tau_syn_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol negative", dict.Dict{"gsl_error_tol": -1e-3}, nesterr.ErrBadProperty, "gsl_error_tol"},
		// NEST calls the synaptic currents conductances in this message.
		{"negative I_syn_ex", dict.Dict{"I_syn_ex": -1.0}, nesterr.ErrBadProperty, "must not be negative"},
		{"negative I_syn_in", dict.Dict{"I_syn_in": -1.0}, nesterr.ErrBadProperty, "must not be negative"},
		{"V_reset before V_peak", dict.Dict{"V_peak": -60.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"parameters before state", dict.Dict{"tau_syn_ex": 0.0, "I_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"E_ex is no key here", dict.Dict{"E_ex": "x", "tau_w": -1.0}, nesterr.ErrBadProperty, "time constants"},
	})
	checkUnknownKeyUnaccessed(t, NewAeifPscExp(), "I_syn_in")
	r := dict.NewReader(dict.Dict{"E_ex": 1.0, "E_in": 1.0})
	if err := NewAeifPscExp().SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 2 {
		t.Errorf("E_ex, E_in: %v, unused %v; want both left unused", err, r.Unused())
	}
}

func TestAeifPscExpCurrentsDecayAndDriveTheMembrane(t *testing.T) {
	// I_syn_ex jumps by the weight and decays with tau_syn_ex; an
	// inhibitory spike fills I_syn_in with |w|. Their effect on V_m has
	// opposite signs.
	exc := newStepper(t, NewAeifPscExp(), dict.Dict{"tau_syn_ex": 2.0})
	inh := newStepper(t, NewAeifPscExp(), nil)
	rest := newStepper(t, NewAeifPscExp(), nil)
	exc.spike(100.0, 0, 1)
	inh.spike(-50.0, 0, 1)
	for _, s := range []*stepper{exc, inh, rest} {
		s.advance()
	}
	if g := exc.value(0); g != 100 {
		t.Fatalf("I_syn_ex after the spike step = %g, want 100", g)
	}
	if g := inh.value(1); g != 50 {
		t.Fatalf("I_syn_in after the spike step = %g, want 50", g)
	}
	for range 20 {
		for _, s := range []*stepper{exc, inh, rest} {
			s.advance()
		}
	}
	if g, want := exc.value(0), 100*math.Exp(-1); math.Abs(g-want) > 1e-6 {
		t.Errorf("I_syn_ex after 2 ms = %.10g, want %.10g", g, want)
	}
	if !(exc.value(2) > rest.value(2) && inh.value(2) < rest.value(2)) {
		t.Errorf("V_m exc %g, inh %g, rest %g", exc.value(2), inh.value(2), rest.value(2))
	}
}
