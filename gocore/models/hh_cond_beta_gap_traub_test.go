package models

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestHHCondBetaGapTraubDefaults(t *testing.T) {
	st := NewHHCondBetaGapTraub().Status()
	// NEST 3.10's values (testdata/nest310/defaults/hh_cond_beta_gap_traub.json).
	for key, want := range map[string]float64{
		"Act_m": 9.895563096746586e-09, "Act_n": 2.551577051602551e-07, "Inact_h": 0.999999999106396,
		"V_m": -60.0, "V_T": -50.0, "tau_rise_ex": 0.5, "tau_decay_ex": 5.0, "tau_rise_in": 0.5, "tau_decay_in": 10.0,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
}

func TestHHCondBetaGapTraubRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHHCondBetaGapTraub() }
	cases := []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_rise_ex zero", dict.Dict{"tau_rise_ex": 0.0}, nesterr.ErrBadProperty, "tau_rise_ex = 0"},
		{"tau_decay_ex zero", dict.Dict{"tau_decay_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_rise_in negative", dict.Dict{"tau_rise_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_decay_in zero", dict.Dict{"tau_decay_in": 0.0}, nesterr.ErrBadProperty, "tau_decay_in = 0"},
		{"g_K negative", dict.Dict{"g_K": -1.0}, nesterr.ErrBadProperty, "g_K = -1"},
		{"g_Na negative", dict.Dict{"g_Na": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"g_L negative", dict.Dict{"g_L": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"t_ref before time constants", dict.Dict{"t_ref": -1.0, "tau_rise_ex": 0.0}, nesterr.ErrBadProperty, "Refractory"},
		{"time constants before conductances", dict.Dict{"tau_decay_in": 0.0, "g_L": -1.0}, nesterr.ErrBadProperty, "time constants"},
	}
	checkRejections(t, mk, dict.Dict{"V_m": -62.0, "I_e": 1.0, "Act_n": 0.01}, append(cases, hhTraubStateRejectCases()...))
	checkUnknownKeyUnaccessed(t, NewHHCondBetaGapTraub(), "tau_rise_in")
}

func TestHHCondBetaGapTraubReceptors(t *testing.T) {
	checkPlainReceptors(t, NewHHCondBetaGapTraub(), "hh_cond_beta_gap_traub")
}

func TestHHCondBetaGapTraubSpikesAtPeaks(t *testing.T) {
	checkHHSpikesOncePerPeak(t, NewHHCondBetaGapTraub(), dict.Dict{"I_e": 500.0}, 3, -20)
}

func TestHHCondBetaGapTraubConductancePeaksAtWeight(t *testing.T) {
	// The beta normalization makes g peak at the weight, at
	// t = tau_d tau_r ln(tau_d/tau_r)/(tau_d - tau_r); clamp the
	// membrane out of the picture by looking at the conductance only.
	const w, tr, td = 6.0, 0.5, 5.0
	tPeak := td * tr * math.Log(td/tr) / (td - tr)
	s := newStepper(t, NewHHCondBetaGapTraub(), nil)
	s.spike(w, 0, 1)
	s.advance()
	peak := 0.0
	for range int(3 * tPeak / 0.1) {
		s.advance()
		peak = math.Max(peak, s.value(4))
	}
	if math.Abs(peak-w) > 0.01 {
		t.Errorf("peak g_ex = %v, want %v", peak, w)
	}
}
