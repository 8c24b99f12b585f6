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

func TestIafPscExpDefaults(t *testing.T) {
	st := NewIafPscExp().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "C_m": 250.0, "tau_m": 10.0,
		"tau_syn_ex": 2.0, "tau_syn_in": 2.0, "t_ref": 2.0, "rho": 0.01, "delta": 0.0, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscExp() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "delta": 0.5}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"V_th below V_reset", dict.Dict{"I_e": 10.0, "V_th": -71.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m zero", dict.Dict{"I_e": 10.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_ex negative", dict.Dict{"I_e": 10.0, "tau_syn_ex": -2.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in zero", dict.Dict{"I_e": 10.0, "tau_syn_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"rho negative", dict.Dict{"I_e": 10.0, "rho": -0.01}, nesterr.ErrBadProperty, "Stochastic firing intensity"},
		{"delta negative", dict.Dict{"I_e": 10.0, "delta": -1.0}, nesterr.ErrBadProperty, "Width of threshold region"},
		// NEST checks the membrane rules before it reads rho and delta.
		{"core rules first", dict.Dict{"C_m": 0.0, "rho": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"rho before delta", dict.Dict{"rho": -1.0, "delta": -1.0}, nesterr.ErrBadProperty, "Stochastic"},
		{"core rule before a mistyped rho", dict.Dict{"tau_m": 0.0, "rho": "high"}, nesterr.ErrBadProperty, "time constants"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "tau_m": "slow"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"tau_m": 20.0, "V_m": []any{1.0}}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"tau_m": 20.0, "V_m": -60.0, "tau_minus_triplet": -1.0}, nesterr.ErrBadProperty, "tau_minus_triplet"},
	})
	checkUnknownKeyUnaccessed(t, NewIafPscExp(), "tau_syn_ex")
}

// pscTol bounds the deviation of the propagated PSP (at most ~1 mV here)
// from its closed form. Exact integration has no truncation error; what
// remains are roundings of order eps*|V| per step that the decay keeps
// from accumulating, plus the rounding of the closed form itself and of
// adding E_L = -70 mV (observed: at most 4.3e-14 mV, three ulp of 70).
const pscTol = 1e-12

// expPSP is the membrane response (relative to E_L) to a current
// w*exp(-t/tauS) starting at t = 0: w/C * tauS*tauM/(tauM - tauS) *
// (exp(-t/tauM) - exp(-t/tauS)), or its limit w/C * t * exp(-t/tau) when
// the time constants coincide.
func expPSP(w, tauS, tauM, cM, t float64) float64 {
	if tauS == tauM {
		return w / cM * t * math.Exp(-t/tauM)
	}
	return w / cM * tauS * tauM / (tauM - tauS) * (math.Exp(-t/tauM) - math.Exp(-t/tauS))
}

func TestIafPscExpPSPMatchesClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name             string
		w, tauS, tauM, c float64
		current          int // recordable of the synaptic current
	}{
		{"excitatory, default constants", 100, 2, 10, 250, 1},
		{"inhibitory, default constants", -80, 2, 10, 250, 2},
		{"slow synapse", 300, 15, 10, 250, 1},
		// tau_syn == tau_m takes the singular branch of the propagator.
		{"equal time constants", 50, 10, 10, 100, 1},
		{"equal inhibitory time constants", -50, 5, 5, 100, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepper(t, NewIafPscExp(), dict.Dict{
				"tau_syn_ex": tc.tauS, "tau_syn_in": tc.tauS, "tau_m": tc.tauM, "C_m": tc.c, "V_th": 1e6,
			})
			s.spike(tc.w, 0, 1)
			s.advance()
			// The spike enters the current after the membrane update of
			// its arrival step: V_m is still at rest, the current is w.
			if v, i := s.value(0), s.value(tc.current); v != -70 || i != tc.w {
				t.Fatalf("arrival step: V_m = %g, current = %g; want -70 and %g", v, i, tc.w)
			}
			if other := s.value(3 - tc.current); other != 0 {
				t.Fatalf("the other synaptic current is %g, want 0", other)
			}
			worst := 0.0
			for k := 1; k <= 2000; k++ {
				s.advance()
				tk := float64(k) * 0.1
				want := -70 + expPSP(tc.w, tc.tauS, tc.tauM, tc.c, tk)
				got := s.value(0)
				worst = math.Max(worst, math.Abs(got-want))
				if !(math.Abs(got-want) <= pscTol) {
					t.Fatalf("t = %g ms after arrival: V_m = %.17g, closed form %.17g", tk, got, want)
				}
				if i, want := s.value(tc.current), tc.w*math.Exp(-tk/tc.tauS); math.Abs(i-want) > pscTol*math.Abs(tc.w) {
					t.Fatalf("t = %g ms: current %.17g, want %.17g", tk, i, want)
				}
			}
			t.Logf("max |V_m - closed form| %.3g mV", worst)
		})
	}
}

func TestIafPscExpReceptorOneCurrentIsFiltered(t *testing.T) {
	// A constant current on receptor 1 charges I_syn_ex as
	// I*(1 - exp(-t/tau_syn_ex)), counted from the step after the first
	// one that reads it; receptor 0 leaves the synaptic currents alone.
	const i, tauS = 120.0, 3.0
	s := newStepper(t, NewIafPscExp(), dict.Dict{"tau_syn_ex": tauS, "V_th": 1e6})
	for k := 0; k <= 500; k++ {
		s.current(i, 1)
		s.current(7, 0)
		s.advance()
		want := -i * math.Expm1(-float64(k)*0.1/tauS)
		if got := s.value(1); math.Abs(got-want) > 1e-12*i {
			t.Fatalf("step %d: I_syn_ex = %.17g, want %.17g", k, got, want)
		}
		if got := s.value(2); got != 0 {
			t.Fatalf("step %d: I_syn_in = %g, want 0", k, got)
		}
	}
}

func TestIafPscExpThresholdModes(t *testing.T) {
	// V_m starts 55 mV above threshold. A hard threshold (delta < 1e-10)
	// fires in the first step; an escape rate of rho*exp(55/delta) is
	// certain to fire at once; delta exactly 1e-10 is neither case in
	// NEST's test and never fires.
	for _, tc := range []struct {
		delta, rho float64
		want       []int64
	}{
		{0, 0.01, []int64{0}},
		{1e-11, 0.01, []int64{0}},
		{1.0, 1e6, []int64{0}},
		{1e-10, 1e30, nil},
	} {
		s := newStepper(t, NewIafPscExp(), dict.Dict{"V_m": 0.0, "delta": tc.delta, "rho": tc.rho, "t_ref": 1000.0})
		for range 50 {
			s.advance()
		}
		if !reflect.DeepEqual(s.spikes.steps, tc.want) {
			t.Errorf("delta %g, rho %g: spike steps %v, want %v", tc.delta, tc.rho, s.spikes.steps, tc.want)
		}
	}
}

func TestIafPscExpReceptors(t *testing.T) {
	n := NewIafPscExp()
	for rport, ok := range map[int]bool{0: true, 1: false, -1: false} {
		if err := n.CheckSpikeReceptor("spike_generator", rport); ok != (err == nil) || (!ok && !errors.Is(err, nesterr.ErrUnknownReceptorType)) {
			t.Errorf("spike receptor %d: %v", rport, err)
		}
	}
	for rport, ok := range map[int]bool{0: true, 1: true, 2: false, -1: false} {
		if err := n.CheckCurrentReceptor(rport); ok != (err == nil) || (!ok && !errors.Is(err, nesterr.ErrUnknownReceptorType)) {
			t.Errorf("current receptor %d: %v", rport, err)
		}
	}
}
