package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestHHPscAlphaClopathDefaults(t *testing.T) {
	st := NewHHPscAlphaClopath().Status()
	// NEST 3.10's values (testdata/nest310/defaults/hh_psc_alpha_clopath.json).
	for key, want := range map[string]any{
		"Act_m": 0.05293248525724958, "Act_n": 0.3176769140606974, "Inact_h": 0.5961207535084603,
		"V_m": -65.0, "A_LTD": 0.00014, "A_LTP": 8e-05, "A_LTD_const": true, "delay_u_bars": 5.0,
		"tau_u_bar_bar": 500.0, "tau_u_bar_minus": 10.0, "tau_u_bar_plus": 114.0, "theta_minus": -70.6,
		"theta_plus": -45.3, "u_bar_bar": 0.0, "u_bar_minus": 0.0, "u_bar_plus": 0.0, "u_ref_squared": 60.0,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
}

func TestHHPscAlphaClopathRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHHPscAlphaClopath() }
	cases := append(hhClassicRejectCases(),
		rejectCase{"tau_u_bar_plus zero", dict.Dict{"tau_u_bar_plus": 0.0}, nesterr.ErrBadProperty, "tau_u_bar_plus = 0"},
		rejectCase{"tau_u_bar_minus negative", dict.Dict{"tau_u_bar_minus": -1.0}, nesterr.ErrBadProperty, "time constants"},
		rejectCase{"tau_u_bar_bar zero", dict.Dict{"tau_u_bar_bar": 0.0}, nesterr.ErrBadProperty, "time constants"},
		rejectCase{"u_ref_squared zero", dict.Dict{"A_LTD": 1.0, "A_LTP": 2.0, "u_ref_squared": 0.0}, nesterr.ErrBadProperty, "u_ref_squared"},
		rejectCase{"number for A_LTD_const", dict.Dict{"A_LTD_const": 1.0}, nesterr.ErrTypeMismatch, ""},
		rejectCase{"Clopath rule after good state", dict.Dict{"u_bar_plus": -50.0, "u_ref_squared": -1.0}, nesterr.ErrBadProperty, "u_ref_squared"},
	)
	checkRejections(t, mk, dict.Dict{"V_m": -60.0, "I_e": 1.0, "u_bar_bar": -3.0, "A_LTD_const": false}, cases)
	checkUnknownKeyUnaccessed(t, NewHHPscAlphaClopath(), "theta_plus")
}

func TestHHPscAlphaClopathReceptors(t *testing.T) {
	checkPlainReceptors(t, NewHHPscAlphaClopath(), "hh_psc_alpha_clopath")
}

func TestHHPscAlphaClopathFollowsHHPscAlpha(t *testing.T) {
	// The filtered potentials do not feed back: V_m is hh_psc_alpha's.
	d := dict.Dict{"I_e": 900.0}
	a, c := newStepper(t, NewHHPscAlpha(), d), newStepper(t, NewHHPscAlphaClopath(), d)
	for range 500 {
		a.advance()
		c.advance()
		if a.value(5) != c.value(5) {
			t.Fatalf("step %d: V_m %v, hh_psc_alpha %v", a.step, c.value(5), a.value(5))
		}
	}
	if len(a.spikes.steps) == 0 || len(a.spikes.steps) != len(c.spikes.steps) {
		t.Errorf("%d spikes, hh_psc_alpha %d", len(c.spikes.steps), len(a.spikes.steps))
	}
	if c.value(8) == 0 || c.value(7) == 0 || c.value(6) == 0 {
		t.Errorf("u_bar_plus %v, u_bar_minus %v, u_bar_bar %v stayed at 0", c.value(8), c.value(7), c.value(6))
	}
}
