package models

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafCondBetaDefaults(t *testing.T) {
	st := NewIafCondBeta().Status()
	want := dict.Dict{
		"V_th": -55.0, "V_reset": -60.0, "t_ref": 2.0, "g_L": 16.6667, "C_m": 250.0,
		"E_ex": 0.0, "E_in": -85.0, "E_L": -70.0, "I_e": 0.0,
		"tau_rise_ex": 0.2, "tau_decay_ex": 0.2, "tau_rise_in": 2.0, "tau_decay_in": 2.0,
		"V_m": -70.0, "g_ex": 0.0, "dg_ex": 0.0, "g_in": 0.0, "dg_in": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_ex", "g_in", "t_ref_remaining"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafCondBetaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafCondBeta() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "dg_ex": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_rise_ex zero", dict.Dict{"tau_rise_ex": 0.0}, nesterr.ErrBadProperty, "tau_rise_ex = 0"},
		{"tau_decay_ex negative", dict.Dict{"tau_decay_ex": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_rise_in zero", dict.Dict{"tau_rise_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_decay_in zero", dict.Dict{"tau_decay_in": 0.0}, nesterr.ErrBadProperty, "tau_decay_in = 0"},
		{"first rule reported", dict.Dict{"V_th": -70.0, "tau_rise_in": 0.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "tau_rise_ex": "slow"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"C_m": 200.0, "dg_in": []any{1.0}}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 200.0, "g_ex": 1.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafCondBeta(), "tau_decay_in")
}

func TestIafCondBetaReceptors(t *testing.T) {
	n := NewIafCondBeta()
	if err := n.CheckSpikeReceptor("iaf_cond_beta", 0); err != nil {
		t.Errorf("spikes on receptor 0: %v", err)
	}
	if err := n.CheckCurrentReceptor(0); err != nil {
		t.Errorf("currents on receptor 0: %v", err)
	}
	if err := n.CheckSpikeReceptor("iaf_cond_beta", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spikes on receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on receptor 1: %v, want UnknownReceptorType", err)
	}
}

func TestIafCondBetaConductancePeaksAtWeight(t *testing.T) {
	// With tau_rise 1 ms and tau_decay 4 ms the conductance of a spike of
	// weight w is w*(exp(-t/4) - exp(-t/1))/peak, peaking at |w| at
	// t = 4*ln(4)/3 ms; the integration stays within the control's
	// absolute error bound of the closed form.
	const w, tr, td = 8.0, 1.0, 4.0
	tPeak := td * tr * math.Log(td/tr) / (td - tr)
	peakVal := math.Exp(-tPeak/td) - math.Exp(-tPeak/tr)
	for _, tc := range []struct {
		name string
		w    float64
		g    int
	}{{"excitatory", w, 1}, {"inhibitory", -w, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepper(t, NewIafCondBeta(), dict.Dict{"tau_rise_ex": tr, "tau_decay_ex": td, "tau_rise_in": tr, "tau_decay_in": td})
			s.spike(tc.w, 0, 1)
			s.advance()
			peak, gridPeak := 0.0, 0.0
			for k := 1; k <= 400; k++ {
				s.advance()
				tk := float64(k) * 0.1
				want := w * (math.Exp(-tk/td) - math.Exp(-tk/tr)) / peakVal
				g := s.value(tc.g)
				if math.Abs(g-want) > 1e-3 {
					t.Fatalf("%.1f ms after arrival: g = %.17g, closed form %.17g", tk, g, want)
				}
				peak, gridPeak = math.Max(peak, g), math.Max(gridPeak, want)
			}
			// The grid misses the true peak (at 1.848 ms) by less than
			// the curvature allows: 2.4e-3 nS below w.
			if math.Abs(peak-gridPeak) > 1e-3 || w-gridPeak > 3e-3 {
				t.Errorf("peak %g on the grid, closed form %g, weight %g", peak, gridPeak, w)
			}
		})
	}
}

func TestIafCondBetaRefractoryClampAndRecordable(t *testing.T) {
	// Driven hard, the neuron spikes, then V_m stays at V_reset for the
	// t_ref steps and t_ref_remaining counts them down.
	s := newStepper(t, NewIafCondBeta(), dict.Dict{"I_e": 1000.0, "t_ref": 1.0})
	for len(s.spikes.steps) == 0 && s.step < 1000 {
		s.advance()
	}
	if len(s.spikes.steps) == 0 {
		t.Fatal("no spike")
	}
	for k := 0; k < 10; k++ {
		if v, r := s.value(0), s.value(3); v != -60 || r != 0.1*float64(10-k) {
			t.Fatalf("%d steps after the spike: V_m %g, t_ref_remaining %g", k, v, r)
		}
		s.advance()
	}
	// The step that ends the count-down still integrates with the clamp.
	if v := s.value(0); v != -60 {
		t.Fatalf("V_m %g in the last refractory step, want -60", v)
	}
	s.advance()
	if v := s.value(0); !(v > -60) {
		t.Errorf("V_m %g after the refractory period, want rising", v)
	}
}
