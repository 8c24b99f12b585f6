package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifPscDeltaDefaults(t *testing.T) {
	st := NewAeifPscDelta().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"a": 4.0, "b": 80.5, "Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0,
		"gsl_error_tol": 1e-6, "refractory_input": false,
		"V_m": -70.6, "w": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifPscDeltaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifPscDelta() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "w": 5.0, "refractory_input": true}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset at V_peak", dict.Dict{"V_reset": 0.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"Delta_T": -0.1}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		{"exponential overflow", dict.Dict{"Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"V_peak below V_th", dict.Dict{"V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_w zero", dict.Dict{"tau_w": 0.0}, nesterr.ErrBadProperty, "tau_w must be strictly positive"},
		{"gsl_error_tol zero", dict.Dict{"gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"number for refractory_input", dict.Dict{"refractory_input": 1.5}, nesterr.ErrTypeMismatch, ""},
		{"parameters before state", dict.Dict{"tau_w": -1.0, "V_m": "x"}, nesterr.ErrBadProperty, "tau_w"},
	})
	checkUnknownKeyUnaccessed(t, NewAeifPscDelta(), "a")
}

func TestAeifPscDeltaSpikeMovesTheMembraneByItsWeight(t *testing.T) {
	// Without the exponential and adaptation the model is a leaky
	// integrator: the spikes of a step (both signs in one channel) add to
	// V_m after the first integration step, which at rest is the whole
	// step, so V_m ends the step at E_L + w exactly.
	s := newStepper(t, NewAeifPscDelta(), dict.Dict{"Delta_T": 0.0, "a": 0.0})
	s.spike(3.0, 0, 1)
	s.spike(-1.0, 0, 1)
	s.advance()
	if v := s.value(0); v != -70.6+2.0 {
		t.Errorf("V_m = %.17g after the spikes, want %.17g", v, -70.6+2.0)
	}
	s.advance()
	tauM := 281.0 / 30.0
	if v, want := s.value(0), -70.6+2*math.Exp(-0.1/tauM); math.Abs(v-want) > 1e-6 {
		t.Errorf("V_m = %.12g one step later, want %.12g", v, want)
	}
}

func TestAeifPscDeltaRefractoryInput(t *testing.T) {
	// Strong input makes the neuron fire in the first step; it is then
	// refractory for 2 ms. A spike arriving then is dropped by default;
	// with refractory_input NEST 3.10 turns the collected input into NaN
	// (see the type's doc), and so does this model.
	run := func(keep bool) []float64 {
		s := newStepper(t, NewAeifPscDelta(), dict.Dict{"t_ref": 2.0, "refractory_input": keep})
		s.spike(100.0, 0, 1)
		s.advance()
		if len(s.spikes.steps) != 1 {
			t.Fatalf("spikes %v, want one in the first step", s.spikes.steps)
		}
		s.advance()
		s.spike(5.0, 0, 1)
		var trace []float64
		for range 40 {
			s.advance()
			trace = append(trace, s.value(0))
		}
		return trace
	}
	dropped, kept := run(false), run(true)
	for k := range 19 {
		if dropped[k] != -60 || kept[k] != -60 {
			t.Fatalf("refractory step %d: V_m %g and %g, want V_reset", k, dropped[k], kept[k])
		}
	}
	if last := dropped[len(dropped)-1]; math.IsNaN(last) || last > -60 || last < -71 {
		t.Errorf("without refractory_input V_m = %g after the refractory period", last)
	}
	if last := kept[len(kept)-1]; !math.IsNaN(last) {
		t.Errorf("with refractory_input V_m = %g after the refractory period, NEST 3.10 has NaN", last)
	}
}
