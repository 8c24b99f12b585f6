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

func TestIafPscAlphaDefaults(t *testing.T) {
	st := NewIafPscAlpha().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "V_min": math.Inf(-1),
		"C_m": 250.0, "tau_m": 10.0, "t_ref": 2.0, "tau_syn_ex": 2.0, "tau_syn_in": 2.0, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscAlpha() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "V_min": -90.0}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m negative", dict.Dict{"I_e": 10.0, "tau_m": -1.0}, nesterr.ErrBadProperty, "Membrane time constant"},
		{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"tau_syn_in negative", dict.Dict{"I_e": 10.0, "tau_syn_in": -2.0}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "t_ref"},
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"V_th below V_reset given with E_L", dict.Dict{"E_L": -60.0, "V_th": -71.0}, nesterr.ErrBadProperty, "Reset potential"},
		// iaf_psc_alpha tests the threshold rule last.
		{"C_m before the threshold rule", dict.Dict{"V_reset": -50.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref before the threshold rule", dict.Dict{"V_reset": -50.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "t_ref"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "V_min": "low"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"tau_m": 20.0, "V_m": true}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"tau_m": 20.0, "V_m": -60.0, "tau_minus": -5.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafPscAlpha(), "tau_syn_in")
}

// alphaPSC is the current w*(e/tauS)*t*exp(-t/tauS) of a spike of weight w
// arriving at t = 0; it peaks at w at t = tauS.
func alphaPSC(w, tauS, t float64) float64 { return w * math.E / tauS * t * math.Exp(-t/tauS) }

// alphaPSP is the membrane response (relative to E_L) to alphaPSC:
//
//	V(t) = w e/(tauS C) exp(-t/tauM) (1 - exp(-a t)(1 + a t))/a^2,  a = 1/tauS - 1/tauM,
//
// with the limit w e/(tauS C) exp(-t/tau) t^2/2 for a = 0. The bracket is
// written as -expm1(-x) - x exp(-x) to keep its digits for small a t.
func alphaPSP(w, tauS, tauM, cM, t float64) float64 {
	scale := w * math.E / (tauS * cM) * math.Exp(-t/tauM)
	a := 1/tauS - 1/tauM
	if tauS == tauM {
		return scale * t * t / 2
	}
	x := a * t
	return scale * (-math.Expm1(-x) - x*math.Exp(-x)) / (a * a)
}

func TestIafPscAlphaPSPMatchesClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name             string
		w, tauS, tauM, c float64
		current          int // recordable of the synaptic current
	}{
		{"excitatory, default constants", 100, 2, 10, 250, 1},
		{"inhibitory, default constants", -60, 2, 10, 250, 2},
		{"synapse slower than membrane", 200, 15, 10, 250, 1},
		// tau_syn == tau_m takes the singular branches of both propagators.
		{"equal time constants", 40, 10, 10, 100, 1},
		{"equal inhibitory time constants", -40, 4, 4, 100, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepper(t, NewIafPscAlpha(), dict.Dict{
				"tau_syn_ex": tc.tauS, "tau_syn_in": tc.tauS, "tau_m": tc.tauM, "C_m": tc.c, "V_th": 1e6,
			})
			s.spike(tc.w, 0, 1)
			s.advance()
			// The spike sets the slope of the current after the membrane
			// update of its arrival step; current and V_m are still 0.
			if v, i := s.value(0), s.value(tc.current); v != -70 || i != 0 {
				t.Fatalf("arrival step: V_m = %g, current = %g; want -70 and 0", v, i)
			}
			worstV, worstI := 0.0, 0.0
			for k := 1; k <= 2000; k++ {
				s.advance()
				tk := float64(k) * 0.1
				wantV := -70 + alphaPSP(tc.w, tc.tauS, tc.tauM, tc.c, tk)
				wantI := alphaPSC(tc.w, tc.tauS, tk)
				gotV, gotI := s.value(0), s.value(tc.current)
				worstV = math.Max(worstV, math.Abs(gotV-wantV))
				worstI = math.Max(worstI, math.Abs(gotI-wantI))
				if !(math.Abs(gotV-wantV) <= pscTol) {
					t.Fatalf("t = %g ms after arrival: V_m = %.17g, closed form %.17g", tk, gotV, wantV)
				}
				if !(math.Abs(gotI-wantI) <= pscTol*math.Abs(tc.w)) {
					t.Fatalf("t = %g ms after arrival: current = %.17g, closed form %.17g", tk, gotI, wantI)
				}
				if other := s.value(3 - tc.current); other != 0 {
					t.Fatalf("t = %g ms: the other synaptic current is %g, want 0", tk, other)
				}
			}
			t.Logf("max |V_m - closed form| %.3g mV, max |I - closed form| %.3g pA", worstV, worstI)
		})
	}
}

func TestIafPscAlphaLowerBoundAndRefractoryClamp(t *testing.T) {
	// A strong inhibitory current drives V_m down to V_min and holds it
	// there; an excitatory one makes it spike, after which V_m stays at
	// V_reset for t_ref/h = 20 steps.
	s := newStepper(t, NewIafPscAlpha(), dict.Dict{"V_min": -71.0})
	s.spike(-5000, 0, 1)
	for range 100 {
		s.advance()
		if v := s.value(0); v < -71 {
			t.Fatalf("V_m = %g below V_min", v)
		}
	}
	if v := s.value(0); v != -71 {
		t.Fatalf("V_m = %g after strong inhibition, want the bound -71", v)
	}

	s = newStepper(t, NewIafPscAlpha(), nil)
	s.spike(5000, 0, 1)
	for s.step < 200 {
		s.advance()
	}
	if len(s.spikes.steps) == 0 {
		t.Fatal("no spike after a 5 nA alpha input")
	}
	first := s.spikes.steps[0]
	s2 := newStepper(t, NewIafPscAlpha(), nil)
	s2.spike(5000, 0, 1)
	for s2.step <= first+20 {
		s2.advance()
		if s2.step-1 > first && s2.value(0) != -70 {
			t.Fatalf("step %d: V_m = %g during the refractory period after the spike in step %d", s2.step-1, s2.value(0), first)
		}
	}
	s2.advance()
	if s2.value(0) == -70 {
		t.Errorf("V_m still at V_reset in step %d, after the refractory period", s2.step-1)
	}
}

// closedFormAlphaPropagators integrates the alpha state (dI, I) = (1, 0)
// and (0, 1) over h analytically with a = 1/tauS - 1/tauM (a != 0):
//
//	P32 = exp(-h/tauM) (1 - exp(-a h))/(a C)
//	P31 = exp(-h/tauM) (1 - exp(-a h)(1 + a h))/(a^2 C)
func closedFormAlphaPropagators(tauS, tauM, cM, h float64) (p31, p32 float64) {
	a := 1/tauS - 1/tauM
	x := a * h
	e := math.Exp(-h/tauM) / cM
	return e * (-math.Expm1(-x) - x*math.Exp(-x)) / (a * a), e * -math.Expm1(-x) / a
}

func TestAlphaPropagator(t *testing.T) {
	// Variables, not constants: Go would fold constant expressions exactly.
	h, c := 0.1, 250.0
	// Regular case: NEST's expression loses about eps/(a h) to
	// cancellation in beta*expm1(h/beta) - h, ~1e-14 relative here.
	for _, tau := range [][2]float64{{2, 10}, {0.5, 10}, {15, 10}, {3, 40}} {
		p31, p32 := alphaPropagator(tau[0], tau[1], c, h)
		w31, w32 := closedFormAlphaPropagators(tau[0], tau[1], c, h)
		if math.Abs(p31/w31-1) > 1e-12 || math.Abs(p32/w32-1) > 1e-12 {
			t.Errorf("tau_syn %g, tau_m %g: (P31, P32) = (%.17g, %.17g), closed form (%.17g, %.17g)", tau[0], tau[1], p31, p32, w31, w32)
		}
	}
	// Equal time constants: the limits h^2/(2C) exp(-h/tau) and
	// h/C exp(-h/tau), computed by the same operations.
	for _, tau := range []float64{0.5, 2, 10} {
		p31, p32 := alphaPropagator(tau, tau, c, h)
		e := math.Exp(-h * (1 / tau))
		if w31, w32 := 0.5*h*h*(1/c)*e, h*(1/c)*e; p31 != w31 || p32 != w32 {
			t.Errorf("tau %g: (P31, P32) = (%.17g, %.17g), limits (%.17g, %.17g)", tau, p31, p32, w31, w32)
		}
	}
	// Nearly equal time constants, tau_s = tau_m +- d, on both sides of
	// NEST's stability threshold |tau_m - tau_s| = 1e-7 tau_m^2/h (1e-4 ms
	// for tau_m = 10). Against the limit, the propagators change by their
	// true derivative, 2h d/(3 tau^2) (P31) and h d/(2 tau^2) (P32)
	// relative; the regular formula adds its cancellation error eps/(a h),
	// ~2e-9 relative at the threshold.
	const tauM = 10.0
	limit31, limit32 := alphaPropagator(tauM, tauM, c, h)
	for _, d := range []float64{1e-12, 1e-9, 0.99e-4, 1.01e-4, 1e-3} {
		tol := h*d/(tauM*tauM) + 1e-8
		for _, tauS := range []float64{tauM - d, tauM + d} {
			p31, p32 := alphaPropagator(tauS, tauM, c, h)
			if math.Abs(p31/limit31-1) > tol || math.Abs(p32/limit32-1) > tol {
				t.Errorf("tau_syn %.12g: (P31, P32) = (%.17g, %.17g), limit (%.17g, %.17g), tolerance %.3g relative", tauS, p31, p32, limit31, limit32, tol)
			}
		}
	}
	// Across the threshold, P31 switches from the limit (which ignores d)
	// to the regular expression: the step is the true change over d,
	// 2h d/(3 tau^2) = 6.7e-8 relative at d = 1e-4 ms, plus the
	// cancellation error.
	jumpTol := 2*h*1.01e-4/(3*tauM*tauM) + 1e-8
	for _, sign := range []float64{-1, 1} {
		below, _ := alphaPropagator(tauM+sign*0.99e-4, tauM, c, h)
		above, _ := alphaPropagator(tauM+sign*1.01e-4, tauM, c, h)
		if math.Abs(above/below-1) > jumpTol {
			t.Errorf("P31 jumps across the stability threshold (side %g): %.17g vs %.17g", sign, below, above)
		}
	}
}

func TestIafPscAlphaReceptors(t *testing.T) {
	n := NewIafPscAlpha()
	for _, rport := range []int{0, 1, -1} {
		for _, err := range []error{n.CheckSpikeReceptor("spike_generator", rport), n.CheckCurrentReceptor(rport)} {
			if rport == 0 && err != nil {
				t.Errorf("receptor 0 rejected: %v", err)
			}
			if rport != 0 && !errors.Is(err, nesterr.ErrUnknownReceptorType) {
				t.Errorf("receptor %d: %v, want UnknownReceptorType", rport, err)
			}
		}
	}
}
