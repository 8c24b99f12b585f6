package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// hhTraubStateRejectCases are the state rules both Traub models share.
func hhTraubStateRejectCases() []rejectCase {
	return []rejectCase{
		{"Act_m negative", dict.Dict{"V_m": -60.0, "Act_m": -0.1}, nesterr.ErrBadProperty, "Act_m"},
		{"Inact_h negative", dict.Dict{"Inact_h": -0.1}, nesterr.ErrBadProperty, "Inact_h"},
		{"Act_n negative", dict.Dict{"Act_n": -0.1}, nesterr.ErrBadProperty, "Act_n"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "V_T": "low"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 150.0, "V_m": -60.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	}
}

func TestHHCondExpTraubDefaults(t *testing.T) {
	st := NewHHCondExpTraub().Status()
	// NEST 3.10's values (testdata/nest310/defaults/hh_cond_exp_traub.json).
	for key, want := range map[string]float64{
		"Act_m": 9.895563096746586e-09, "Act_n": 2.551577051602551e-07, "Inact_h": 0.999999999106396,
		"V_m": -60.0, "V_T": -63.0, "tau_syn_ex": 5.0, "tau_syn_in": 10.0,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
}

func TestHHCondExpTraubRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHHCondExpTraub() }
	cases := []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_syn_ex zero", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "tau_syn_ex = 0"},
		{"tau_syn_in negative", dict.Dict{"tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		// NEST checks the time constants before t_ref here.
		{"time constants before t_ref", dict.Dict{"t_ref": -1.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
	}
	checkRejections(t, mk, dict.Dict{"V_m": -62.0, "I_e": 1.0, "Act_n": 0.01}, append(cases, hhTraubStateRejectCases()...))
	checkUnknownKeyUnaccessed(t, NewHHCondExpTraub(), "V_T")
}

func TestHHCondExpTraubAcceptsNegativeConductances(t *testing.T) {
	// NEST sets no rule on this model's conductances.
	n := NewHHCondExpTraub()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"g_L": -1.0}), testEnv()); err != nil {
		t.Errorf("g_L = -1: %v", err)
	}
}

func TestHHCondExpTraubReceptors(t *testing.T) {
	checkPlainReceptors(t, NewHHCondExpTraub(), "hh_cond_exp_traub")
}

func TestHHCondExpTraubSpikesAtPeaks(t *testing.T) {
	checkHHSpikesOncePerPeak(t, NewHHCondExpTraub(), dict.Dict{"I_e": 500.0}, 3, -33)
}

func TestHHCondExpTraubInhibitionRaisesGIn(t *testing.T) {
	s := newStepper(t, NewHHCondExpTraub(), nil)
	s.spike(-7, 0, 1)
	s.advance()
	if g := s.value(5); g != 7 {
		t.Errorf("g_in after a spike of weight -7 nS = %v, want 7", g)
	}
}
