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

func TestIzhikevichDefaults(t *testing.T) {
	st := NewIzhikevich().Status()
	want := dict.Dict{
		"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "I_e": 0.0, "V_th": 30.0, "V_min": -math.MaxFloat64,
		"consistent_integration": true, "V_m": -65.0, "U_m": -13.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "U_m"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIzhikevichRejectsBadTypesAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIzhikevich() }
	start := dict.Dict{"V_m": -60.0, "a": 0.1}
	checkRejections(t, mk, start, []rejectCase{
		{"string for a", dict.Dict{"a": "fast"}, nesterr.ErrTypeMismatch, ""},
		{"number for consistent_integration", dict.Dict{"b": 0.3, "consistent_integration": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"c": -50.0, "U_m": "low"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_m": -50.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIzhikevich(), "d")
	// NEST accepts any values, e.g. V_th below c.
	n := NewIzhikevich()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_th": -70.0, "a": -1.0}), testEnv()); err != nil {
		t.Errorf("unusual values rejected: %v", err)
	}
}

func TestIzhikevichEulerSteps(t *testing.T) {
	// 400 steps of 0.1 ms include spikes and resets.
	const h = 0.1
	for _, consistent := range []bool{true, false} {
		s := newStepper(t, NewIzhikevich(), dict.Dict{"consistent_integration": consistent, "I_e": 10.0})
		v, u := -65.0, -13.0
		s.spike(2, 0, 1)
		for k := range 400 {
			w := 0.0
			if k == 0 {
				w = 2
			}
			if consistent {
				v, u = v+h*(0.04*v*v+5*v+140-u+10)+w, u+h*0.02*(0.2*v-u)
			} else {
				v += h * 0.5 * (0.04*v*v + 5*v + 140 - u + 10 + w)
				v += h * 0.5 * (0.04*v*v + 5*v + 140 - u + 10 + w)
				u += h * 0.02 * (0.2*v - u)
			}
			if v >= 30 {
				v, u = -65, u+8
			}
			s.advance()
			if s.value(0) != v || s.value(1) != u {
				t.Fatalf("consistent=%v step %d: (V, U) = (%.17g, %.17g), want (%.17g, %.17g)", consistent, k, s.value(0), s.value(1), v, u)
			}
		}
	}
}

func TestIzhikevichResetAndLowerBound(t *testing.T) {
	s := newStepper(t, NewIzhikevich(), dict.Dict{"V_m": 29.9, "U_m": -13.0, "c": -60.0, "d": 4.0})
	s.advance()
	if len(s.spikes.steps) != 1 || s.value(0) != -60 {
		t.Fatalf("spikes %v, V_m %g", s.spikes.steps, s.value(0))
	}
	u0 := -13 + 0.1*0.02*(0.2*29.9+13)
	if got := s.value(1); got != u0+4 {
		t.Errorf("U_m after the spike %.17g, want %.17g", got, u0+4)
	}
	s = newStepper(t, NewIzhikevich(), dict.Dict{"V_min": -70.0})
	s.spike(-100, 0, 1)
	s.advance()
	if got := s.value(0); got != -70 {
		t.Errorf("V_m %g below V_min", got)
	}
}

func TestIzhikevichReceptors(t *testing.T) {
	n := NewIzhikevich()
	if err := n.CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v", err)
	}
}
