package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafCondAlphaDefaults(t *testing.T) {
	st := NewIafCondAlpha().Status()
	want := dict.Dict{
		"V_th": -55.0, "V_reset": -60.0, "t_ref": 2.0, "g_L": 16.6667, "C_m": 250.0,
		"E_ex": 0.0, "E_in": -85.0, "E_L": -70.0, "tau_syn_ex": 0.2, "tau_syn_in": 2.0, "I_e": 0.0,
		"V_m": -70.0, "g_ex": 0.0, "dg_ex": 0.0, "g_in": 0.0, "dg_in": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_ex", "g_in", "t_ref_remaining"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafCondAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafCondAlpha() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "dg_ex": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"C_m negative", dict.Dict{"I_e": 10.0, "C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in zero", dict.Dict{"I_e": 10.0, "tau_syn_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"first rule reported", dict.Dict{"V_th": -70.0, "tau_syn_in": 0.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "E_ex": "zero"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"C_m": 200.0, "dg_in": []any{1.0}}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 200.0, "g_ex": 1.0, "tau_minus_triplet": -1.0}, nesterr.ErrBadProperty, "tau_minus_triplet"},
	})
	checkUnknownKeyUnaccessed(t, NewIafCondAlpha(), "E_in")
}

func TestIafCondAlphaConductanceShape(t *testing.T) {
	// A spike of weight w raises dg by w*e/tau after the threshold test
	// of its arrival step; g then follows w*(t/tau)*exp(1 - t/tau),
	// peaking at |w| at t = tau, within the control's absolute error
	// bound (1e-3 nS per step, which the decay keeps from accumulating).
	w, tau := 6.0, 2.0 // variables: the jump is w*(e/tau) in float64, not an exact constant
	for _, tc := range []struct {
		name string
		w    float64
		g    int // recordable of the conductance
	}{{"excitatory", w, 1}, {"inhibitory", -w, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepper(t, NewIafCondAlpha(), dict.Dict{"tau_syn_ex": tau, "tau_syn_in": tau})
			s.spike(tc.w, 0, 1)
			s.advance()
			dgKey := map[int]string{1: "dg_ex", 2: "dg_in"}[tc.g]
			if dg, want := s.n.Status()[dgKey].(float64), w*(math.E/tau); dg != want {
				t.Fatalf("%s = %.17g after the arrival step, want w*(e/tau) = %.17g", dgKey, dg, want)
			}
			if g := s.value(tc.g); g != 0 {
				t.Fatalf("conductance %g in the arrival step, want 0", g)
			}
			peak, peakAt := 0.0, 0
			for k := 1; k <= 300; k++ {
				s.advance()
				tk := float64(k) * 0.1
				want := w * tk / tau * math.Exp(1-tk/tau)
				g := s.value(tc.g)
				if math.Abs(g-want) > 1e-3 {
					t.Fatalf("%.1f ms after arrival: g = %.17g, closed form %.17g", tk, g, want)
				}
				if g > peak {
					peak, peakAt = g, k
				}
			}
			if peakAt != 20 || math.Abs(peak-w) > 1e-3 {
				t.Errorf("peak %g after %d steps, want %g after 20", peak, peakAt, w)
			}
		})
	}
}

func TestIafCondAlphaPSPReturnsToRestAndMatchesFineIntegration(t *testing.T) {
	// Excitatory then inhibitory input; the bound refTol is argued at its
	// definition (iaf_cond_exp_test.go).
	s := newStepper(t, NewIafCondAlpha(), nil)
	f := newStepper(t, NewIafCondAlpha(), nil)
	fineIntegration(t, f.n, 1e-12)
	peak, trough, worst := -70.0, -70.0, 0.0
	for k := range 4000 {
		for _, x := range []*stepper{s, f} {
			switch k {
			case 0:
				x.spike(10, 0, 1)
			case 500:
				x.spike(-10, 0, 1)
			}
			x.advance()
		}
		v := s.value(0)
		peak, trough = math.Max(peak, v), math.Min(trough, v)
		worst = math.Max(worst, math.Abs(v-f.value(0)))
	}
	if peak < -69.5 || trough > -70.5 {
		t.Errorf("peak %g, trough %g: want clear excitatory and inhibitory deflections", peak, trough)
	}
	if v := s.value(0); math.Abs(v+70) > 1e-6 {
		t.Errorf("V_m = %.17g 350 ms after the last input, want back at -70", v)
	}
	if !(worst <= refTol) {
		t.Errorf("max |V_m - fine integration| %.3g mV, tolerance %g", worst, refTol)
	}
	t.Logf("peak %.6f, trough %.6f mV, max |V_m - fine| %.3g mV", peak, trough, worst)
}

func TestIafCondAlphaRegularSpikingAndRefractoryRecordable(t *testing.T) {
	// The same membrane as iaf_cond_exp's test: period 6.3 ms at
	// I_e = 500 pA, all intervals equal. t_ref_remaining is the
	// resolution times the steps left: 20 steps after a spike, then one
	// fewer per step.
	s := newStepper(t, NewIafCondAlpha(), dict.Dict{"I_e": 500.0})
	var afterSpike []float64
	for range 2000 {
		before := len(s.spikes.steps)
		s.advance()
		if len(s.spikes.steps) == 1 && (before == 0 || len(afterSpike) > 0) && len(afterSpike) < 22 {
			afterSpike = append(afterSpike, s.value(3))
		}
	}
	isi := isiSteps(s.spikes.steps)
	period := 2 + 250/16.6667*math.Log(20/15.0)
	if len(isi) < 25 {
		t.Fatalf("%d spikes in 200 ms, want about 31", len(s.spikes.steps))
	}
	for _, d := range isi {
		if d != isi[0] || math.Abs(float64(d)*0.1-period) > 0.1 {
			t.Fatalf("intervals %v steps, want all equal and within one step of %.3f ms", isi, period)
		}
	}
	if len(afterSpike) != 22 {
		t.Fatalf("%d samples after the first spike, want 22", len(afterSpike))
	}
	for i, got := range afterSpike {
		if want := 0.1 * float64(max(20-i, 0)); got != want {
			t.Errorf("t_ref_remaining %d steps after the spike step = %.17g, want %.17g", i, got, want)
		}
	}
}

func TestIafCondAlphaSpikeArrivingInSpikeStepIsKept(t *testing.T) {
	// NEST adds arriving spikes after the threshold test and reset, so a
	// spike that arrives in the step the neuron fires still raises dg.
	s := newStepper(t, NewIafCondAlpha(), dict.Dict{"V_m": -50.0})
	s.spike(4, 0, 1)
	s.advance()
	if len(s.spikes.steps) != 1 || s.value(0) != -60 {
		t.Fatalf("spikes %v, V_m %g; want a spike and V_reset", s.spikes.steps, s.value(0))
	}
	tau := 0.2
	if dg, want := s.n.Status()["dg_ex"].(float64), 4*(math.E/tau); dg != want {
		t.Errorf("dg_ex = %.17g, want 4*(e/0.2) = %.17g", dg, want)
	}
}
