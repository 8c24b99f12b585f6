package models

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifCondExpDefaults(t *testing.T) {
	st := NewAeifCondExp().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"E_ex": 0.0, "E_in": -85.0, "tau_syn_ex": 0.2, "tau_syn_in": 2.0, "a": 4.0, "b": 80.5,
		"Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"V_m": -70.6, "g_ex": 0.0, "g_in": 0.0, "w": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_ex", "g_in", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifCondExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifCondExp() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "w": 5.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_peak below V_th", dict.Dict{"I_e": 10.0, "V_peak": -51.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"Delta_T negative", dict.Dict{"I_e": 10.0, "Delta_T": -0.1}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		// (V_peak - V_th)/Delta_T = 50400 would overflow exp.
		{"exponential overflow", dict.Dict{"I_e": 10.0, "Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"V_reset at V_peak", dict.Dict{"I_e": 10.0, "V_reset": 0.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_w zero", dict.Dict{"I_e": 10.0, "tau_w": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in negative", dict.Dict{"I_e": 10.0, "tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol zero", dict.Dict{"I_e": 10.0, "gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"negative g_ex", dict.Dict{"I_e": 10.0, "g_ex": -1.0}, nesterr.ErrBadProperty, "Conductances"},
		{"negative g_in", dict.Dict{"I_e": 10.0, "g_in": -1e-9}, nesterr.ErrBadProperty, "Conductances"},
		// NEST's order: V_peak, Delta_T, overflow, V_reset, C_m, t_ref,
		// time constants, tolerance; the state after all of them.
		{"V_peak before C_m", dict.Dict{"V_peak": -60.0, "C_m": 0.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"Delta_T before V_reset", dict.Dict{"Delta_T": -1.0, "V_reset": 1.0}, nesterr.ErrBadProperty, "Delta_T"},
		{"parameters before state", dict.Dict{"tau_w": 0.0, "g_ex": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "a": "four"}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"b": 10.0, "w": "high"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"b": 10.0, "w": 1.0, "tau_minus": -2.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewAeifCondExp(), "Delta_T")
	// Delta_T = 0 switches the exponential off; the overflow rule does not
	// apply to it.
	n := NewAeifCondExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"Delta_T": 0.0}), testEnv()); err != nil {
		t.Errorf("Delta_T = 0 refused: %v", err)
	}
}

func TestAeifCondExpSettlesAtItsRestingPoint(t *testing.T) {
	// Without input the exponential term pushes V_m slightly above E_L;
	// V and w settle where both derivatives vanish:
	// (g_L + a) u = g_L Delta_T exp((u + E_L - V_th)/Delta_T), u = V - E_L,
	// w = a u. Solved by fixed-point iteration (a contraction here).
	// After 5 s (35 tau_w) the remaining distance is far below the bound
	// restTol, which allows for the integration tolerance (1e-6 relative
	// to h*y', plus 1e-6 absolute).
	const restTol = 1e-9
	p := DefaultAeifCondExpParams()
	u := 0.0
	for range 100 {
		u = p.GL * p.DeltaT * math.Exp((u+p.EL-p.Vth)/p.DeltaT) / (p.GL + p.A)
	}
	s := newStepper(t, NewAeifCondExp(), nil)
	for range 50000 {
		s.advance()
	}
	if v, w := s.value(0), s.value(3); math.Abs(v-(p.EL+u)) > restTol || math.Abs(w-p.A*u) > restTol {
		t.Errorf("rest: V_m = %.12g, w = %.12g; want %.12g and %.12g", v, w, p.EL+u, p.A*u)
	}
	if len(s.spikes.steps) != 0 {
		t.Errorf("spiked at rest: %v", s.spikes.steps)
	}
}

func TestAeifCondExpPSPReturnsToRest(t *testing.T) {
	// With Delta_T = 0 and a = 0 the resting point is E_L itself; an
	// excitatory spike raises V_m (and, through a, nothing else), which
	// then returns there.
	s := newStepper(t, NewAeifCondExp(), dict.Dict{"Delta_T": 0.0, "a": 0.0})
	s.spike(20, 0, 1)
	peak := -70.6
	for range 3000 {
		s.advance()
		peak = math.Max(peak, s.value(0))
	}
	if peak < -70.1 {
		t.Errorf("peak V_m %g, want a deflection of at least 0.5 mV", peak)
	}
	if v := s.value(0); math.Abs(v+70.6) > 1e-6 {
		t.Errorf("V_m = %.17g after 300 ms, want back at -70.6", v)
	}
}

func TestAeifCondExpSpikeResetAndAdaptation(t *testing.T) {
	// With t_ref = 2 ms, a spike sets V_m to V_reset and raises w by b;
	// V_m stays there for the rest of the spike step and 20 more steps.
	s := newStepper(t, NewAeifCondExp(), dict.Dict{"I_e": 800.0, "t_ref": 2.0})
	var wBefore float64
	for len(s.spikes.steps) == 0 {
		wBefore = s.value(3)
		s.advance()
		if s.step > 10000 {
			t.Fatal("no spike in 1 s at I_e = 800 pA")
		}
	}
	if v := s.value(0); v != -60 {
		t.Errorf("V_m = %g at the end of the spike step, want V_reset", v)
	}
	// w grows by b at the spike plus its slow drift over one step.
	if dw := s.value(3) - wBefore; math.Abs(dw-80.5) > 0.5 {
		t.Errorf("w grew by %g in the spike step, want about b = 80.5", dw)
	}
	for k := 1; k <= 20; k++ {
		s.advance()
		if v := s.value(0); v != -60 {
			t.Fatalf("refractory step %d: V_m = %g, want -60", k, v)
		}
	}
	s.advance()
	if v := s.value(0); !(v > -60) {
		t.Errorf("V_m = %g in the first step after the refractory period, want above -60", v)
	}
}

func TestAeifCondExpAdaptingRegularSpiking(t *testing.T) {
	// Constant current far above rheobase: the intervals lengthen as w
	// builds up and then settle to a constant period.
	s := newStepper(t, NewAeifCondExp(), dict.Dict{"I_e": 1000.0})
	for range 10000 {
		s.advance()
	}
	isi := isiSteps(s.spikes.steps)
	if len(isi) < 20 {
		t.Fatalf("%d spikes in 1 s, want a regular train", len(s.spikes.steps))
	}
	if isi[len(isi)-1] <= isi[0] {
		t.Errorf("intervals %v: want adaptation (the last longer than the first)", isi)
	}
	tail := isi[len(isi)-5:]
	for _, d := range tail {
		if d < tail[0]-1 || d > tail[0]+1 {
			t.Errorf("last intervals %v steps, want a settled period (within one step)", tail)
			break
		}
	}
}

func TestAeifCondExpWithoutExponentialFiresAtVth(t *testing.T) {
	// With Delta_T = 0, a = b = 0 the model is iaf_cond_exp with threshold
	// V_th (V_peak is not used): the same membrane and refractory period
	// give the same spike steps.
	params := dict.Dict{"C_m": 250.0, "g_L": 16.6667, "E_L": -70.0, "V_m": -70.0, "V_reset": -60.0, "t_ref": 2.0, "I_e": 500.0}
	aeif := dict.Dict{"Delta_T": 0.0, "a": 0.0, "b": 0.0, "V_th": -55.0}
	for k, v := range params {
		aeif[k] = v
	}
	a := newStepper(t, NewAeifCondExp(), aeif)
	b := newStepper(t, NewIafCondExp(), params)
	for range 2000 {
		a.advance()
		b.advance()
	}
	if len(a.spikes.steps) < 25 || !reflect.DeepEqual(a.spikes.steps, b.spikes.steps) {
		t.Errorf("aeif_cond_exp spikes %v\niaf_cond_exp spikes  %v", a.spikes.steps, b.spikes.steps)
	}
}

func TestAeifCondExpSeveralSpikesPerStepWithoutRefractoriness(t *testing.T) {
	// Without a refractory period, integration resumes from V_reset
	// within the step; a strong enough current fires several times in
	// one step, w growing by b each time.
	s := newStepper(t, NewAeifCondExp(), dict.Dict{"I_e": 2e5, "b": 1.0, "a": 0.0})
	maxPerStep := 0
	for range 20 {
		before := len(s.spikes.steps)
		s.advance()
		maxPerStep = max(maxPerStep, len(s.spikes.steps)-before)
	}
	if maxPerStep < 2 {
		t.Fatalf("at most %d spike per step, want several", maxPerStep)
	}
	// w only grows through b here (a = 0) and decays with tau_w = 144 ms,
	// under 1.5 % over these 2 ms.
	n := len(s.spikes.steps)
	if w := s.value(3); w > float64(n) || w < 0.98*float64(n) {
		t.Errorf("w = %g after %d spikes with b = 1 pA", w, n)
	}
}

func TestAeifCondExpNumericalInstability(t *testing.T) {
	s := newStepper(t, NewAeifCondExp(), dict.Dict{"w": 2e6})
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no panic with w beyond 1e6 pA")
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, "NumericalInstability") {
			t.Errorf("panic %q, want a NumericalInstability message", msg)
		}
	}()
	s.advance()
}

func TestAeifCondExpToleranceFixedAtFirstPreparation(t *testing.T) {
	// As in NEST, the control takes gsl_error_tol when the node is first
	// prepared: a later change does not alter the trajectory, one made
	// before does.
	run := func(tolBefore, tolAfter float64) []float64 {
		n := NewAeifCondExp()
		s := newStepper(t, n, dict.Dict{"I_e": 700.0, "gsl_error_tol": tolBefore})
		var trace []float64
		for range 300 {
			s.advance()
			trace = append(trace, s.value(0))
		}
		if err := n.SetStatus(dict.NewReader(dict.Dict{"gsl_error_tol": tolAfter}), testEnv()); err != nil {
			t.Fatal(err)
		}
		n.Prepare(testEnv())
		for range 300 {
			s.advance()
			trace = append(trace, s.value(0))
		}
		return trace
	}
	same, changed, coarse := run(1e-6, 1e-6), run(1e-6, 1e-2), run(1e-2, 1e-2)
	if !reflect.DeepEqual(same, changed) {
		t.Error("changing gsl_error_tol after the first preparation changed the trajectory")
	}
	if reflect.DeepEqual(same, coarse) {
		t.Error("gsl_error_tol set before the first preparation had no effect")
	}
}
