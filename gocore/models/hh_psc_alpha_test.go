package models

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// hhClassicRejectCases are NEST's rules shared by hh_psc_alpha and
// hh_psc_alpha_clopath, in NEST's order.
func hhClassicRejectCases() []rejectCase {
	return []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex zero", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "tau_syn_ex = 0"},
		{"tau_syn_in negative", dict.Dict{"tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"g_Na negative", dict.Dict{"g_Na": -1.0}, nesterr.ErrBadProperty, "g_Na = -1"},
		{"g_K negative", dict.Dict{"g_K": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"g_L negative", dict.Dict{"g_L": -1.0}, nesterr.ErrBadProperty, "conductances"},
		{"C_m reported before t_ref", dict.Dict{"C_m": -1.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref before time constants", dict.Dict{"t_ref": -1.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "Refractory"},
		{"time constants before conductances", dict.Dict{"tau_syn_in": 0.0, "g_L": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"Act_m negative", dict.Dict{"V_m": -60.0, "Act_m": -0.1}, nesterr.ErrBadProperty, "Act_m"},
		{"Inact_h negative", dict.Dict{"Inact_h": -0.1}, nesterr.ErrBadProperty, "Inact_h"},
		{"Act_n negative", dict.Dict{"Act_n": -0.1}, nesterr.ErrBadProperty, "Act_n"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "C_m": "large"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 200.0, "V_m": -60.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	}
}

func TestHHPscAlphaDefaults(t *testing.T) {
	st := NewHHPscAlpha().Status()
	// NEST 3.10's values (testdata/nest310/defaults/hh_psc_alpha.json).
	for key, want := range map[string]float64{
		"Act_m": 0.05293248525724958, "Act_n": 0.3176769140606974, "Inact_h": 0.5961207535084603,
		"V_m": -65.0, "E_L": -54.402, "g_Na": 12000.0, "t_ref": 2.0,
	} {
		if st[key] != want {
			t.Errorf("%s = %v, want %v", key, st[key], want)
		}
	}
}

func TestHHPscAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewHHPscAlpha() }
	checkRejections(t, mk, dict.Dict{"V_m": -60.0, "I_e": 1.0, "Act_n": 0.4}, hhClassicRejectCases())
	checkUnknownKeyUnaccessed(t, NewHHPscAlpha(), "g_L")
}

// checkPlainReceptors requires spikes and currents on receptor 0 only.
func checkPlainReceptors(t *testing.T, n interface {
	node.SpikeReceiver
	node.CurrentReceiver
}, model string) {
	t.Helper()
	if err := n.CheckSpikeReceptor(model, 0); err != nil {
		t.Errorf("spikes on receptor 0: %v", err)
	}
	if err := n.CheckCurrentReceptor(0); err != nil {
		t.Errorf("currents on receptor 0: %v", err)
	}
	if err := n.CheckSpikeReceptor(model, 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spikes on receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on receptor 1: %v, want UnknownReceptorType", err)
	}
}

func TestHHPscAlphaReceptors(t *testing.T) { checkPlainReceptors(t, NewHHPscAlpha(), "hh_psc_alpha") }

// checkHHSpikesOncePerPeak drives an HH model with a constant current and
// requires one spike per action potential, emitted in the step after the
// peak at or above threshold, and none while the dead time runs.
func checkHHSpikesOncePerPeak(t *testing.T, n node.Node, d dict.Dict, vIndex int, threshold float64) {
	t.Helper()
	s := newStepper(t, n, d)
	prev, peaks := s.value(vIndex), 0
	rising := false
	for range 2000 {
		s.advance()
		v := s.value(vIndex)
		if v < prev && rising && prev >= threshold {
			peaks++
		}
		rising = v > prev
		prev = v
	}
	if peaks == 0 || len(s.spikes.steps) != peaks {
		t.Errorf("%d spikes for %d peaks above %g mV", len(s.spikes.steps), peaks, threshold)
	}
}

func TestHHPscAlphaSpikesAtPeaks(t *testing.T) {
	checkHHSpikesOncePerPeak(t, NewHHPscAlpha(), dict.Dict{"I_e": 1000.0}, 5, 0)
}
