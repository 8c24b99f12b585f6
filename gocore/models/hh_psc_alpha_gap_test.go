package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestHHPscAlphaGapDefaults(t *testing.T) {
	st := NewHHPscAlphaGap().Status()
	// NEST 3.10's values (testdata/nest310/defaults/hh_psc_alpha_gap.json).
	for key, want := range map[string]float64{
		"Act_m": 0.019198766985083732, "Act_n": 0.0005741576228359767, "Inact_h": 0.868462041294399,
		"Inact_p": 0.0002511318227150632, "V_m": -69.60401191631222, "g_Kv1": 9.0, "g_Kv3": 9000.0, "C_m": 40.0,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
}

func TestHHPscAlphaGapRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHHPscAlphaGap() }
	checkRejections(t, mk, dict.Dict{"V_m": -60.0, "I_e": 1.0, "Inact_p": 0.01}, []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex zero", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "tau_syn_ex = 0"},
		{"tau_syn_in negative", dict.Dict{"tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"g_Kv1 negative", dict.Dict{"g_Kv1": -1.0}, nesterr.ErrBadProperty, "g_Kv1 = -1"},
		{"g_Kv3 negative", dict.Dict{"g_Kv3": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"g_Na negative", dict.Dict{"g_Na": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"g_L negative", dict.Dict{"g_L": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"C_m reported before t_ref", dict.Dict{"C_m": -1.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"time constants before conductances", dict.Dict{"tau_syn_in": 0.0, "g_L": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"Act_m negative", dict.Dict{"Act_m": -0.1}, nesterr.ErrBadProperty, "Act_m"},
		{"Inact_h negative", dict.Dict{"Inact_h": -0.1}, nesterr.ErrBadProperty, "Inact_h"},
		{"Act_n negative", dict.Dict{"Act_n": -0.1}, nesterr.ErrBadProperty, "Act_n"},
		{"Inact_p negative", dict.Dict{"V_m": -50.0, "Inact_p": -0.1}, nesterr.ErrBadProperty, "Inact_p"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "g_Kv3": "large"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 30.0, "V_m": -60.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewHHPscAlphaGap(), "g_Kv1")
}

func TestHHPscAlphaGapReceptors(t *testing.T) {
	checkPlainReceptors(t, NewHHPscAlphaGap(), "hh_psc_alpha_gap")
}

func TestHHPscAlphaGapSpikesAtPeaks(t *testing.T) {
	checkHHSpikesOncePerPeak(t, NewHHPscAlphaGap(), dict.Dict{"I_e": 200.0}, 6, 0)
}
