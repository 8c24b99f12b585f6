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

func TestIafChs2007Defaults(t *testing.T) {
	st := NewIafChs2007().Status()
	want := dict.Dict{
		"tau_epsp": 8.5, "tau_reset": 15.4, "V_epsp": 0.77, "V_reset": 2.31, "V_noise": 0.0,
		"noise": []float64{}, "V_m": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafChs2007RejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafChs2007() }
	start := dict.Dict{"V_noise": 0.2, "noise": []any{0.1, -0.2}, "tau_epsp": 7.0}
	checkRejections(t, mk, start, []rejectCase{
		{"V_epsp negative", dict.Dict{"V_epsp": -0.1}, nesterr.ErrBadProperty, "EPSP"},
		{"V_reset negative", dict.Dict{"V_reset": -1.0}, nesterr.ErrBadProperty, "reset"},
		{"tau_epsp zero", dict.Dict{"tau_epsp": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_reset negative", dict.Dict{"tau_reset": -3.0}, nesterr.ErrBadProperty, "time constants"},
		{"V_epsp before V_reset", dict.Dict{"V_epsp": -1.0, "V_reset": -1.0}, nesterr.ErrBadProperty, "EPSP"},
		{"V_reset before time constants", dict.Dict{"V_reset": -1.0, "tau_epsp": -1.0}, nesterr.ErrBadProperty, "reset"},
		{"noise not a list", dict.Dict{"noise": 0.5}, nesterr.ErrTypeMismatch, ""},
		{"new noise with a bad parameter", dict.Dict{"noise": []any{1.0}, "tau_reset": 0.0}, nesterr.ErrBadProperty, ""},
		{"string for V_m", dict.Dict{"V_m": "x"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_m": 0.5, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafChs2007(), "V_noise")
}

func TestIafChs2007EPSPAndInhibitionIgnored(t *testing.T) {
	// One spike of weight 1 gives the EPSP V_epsp*(t/tau)*exp(1 - t/tau),
	// with peak V_epsp after tau_epsp; a negative weight does nothing.
	const tau, epsp = 5.0, 0.6
	s := newStepper(t, NewIafChs2007(), dict.Dict{"tau_epsp": tau, "V_epsp": epsp})
	s.spike(1, 0, 1)
	s.spike(-3, 0, 1)
	s.advance()
	if v := s.value(0); v != 0 {
		t.Fatalf("arrival step V_m %g", v)
	}
	for k := 1; k <= 300; k++ {
		s.advance()
		tk := float64(k) * 0.1
		want := epsp * tk / tau * math.Exp(1-tk/tau)
		if got := s.value(0); math.Abs(got-want) > 1e-12 {
			t.Fatalf("t = %g: V_m %.17g, want %.17g", tk, got, want)
		}
	}
}

func TestIafChs2007NoiseAndReset(t *testing.T) {
	// Noise alone: V_m is V_noise times the signal, entry by entry; a
	// value that reaches the threshold fires and pulls V_m down by
	// V_reset, which then decays with tau_reset.
	s := newStepper(t, NewIafChs2007(), dict.Dict{"V_noise": 0.5, "noise": []any{0.4, 1.0, 2.5, 0.0, 0.0}, "V_reset": 2.0})
	want := []float64{0.2, 0.5, 1.25 - 2.0, -2 * math.Exp(-0.1/15.4), -2 * math.Exp(-0.2/15.4), 0}
	for k, w := range want[:5] {
		s.advance()
		if got := s.value(0); math.Abs(got-w) > 1e-15 {
			t.Errorf("step %d: V_m %.17g, want %.17g", k, got, w)
		}
	}
	if !reflect.DeepEqual(s.spikes.steps, []int64{2}) {
		t.Errorf("spikes at %v, want [2]", s.spikes.steps)
	}
	// Past the end of the signal no noise is added.
	s.advance()
	if got, w := s.value(0), -2*math.Exp(-0.3/15.4); math.Abs(got-w) > 1e-15 {
		t.Errorf("past the signal: V_m %.17g, want %.17g", got, w)
	}
	// A new signal starts from its first entry.
	n := NewIafChs2007()
	s = newStepper(t, n, dict.Dict{"V_noise": 1.0, "noise": []any{0.1, 0.2, 0.3}})
	s.advance()
	s.advance()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"noise": []any{0.7, 0.8}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	s.advance()
	if got := s.value(0); got != 0.7 {
		t.Errorf("after a new signal V_m %g, want 0.7", got)
	}
	// Without V_noise > 0 the signal is not consumed.
	s = newStepper(t, NewIafChs2007(), dict.Dict{"noise": []any{0.9, 0.9}})
	s.advance()
	if got := s.value(0); got != 0 {
		t.Errorf("V_noise 0: V_m %g", got)
	}
}

func TestIafChs2007Receptors(t *testing.T) {
	n := NewIafChs2007()
	if err := n.CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v", err)
	}
	if n.CheckSpikeReceptor("spike_generator", 0) != nil {
		t.Error("receptor 0 rejected")
	}
	// No current input at all: the kernel refuses such connections.
	if _, ok := node.Node(n).(node.CurrentReceiver); ok {
		t.Error("iaf_chs_2007 accepts currents; NEST's does not")
	}
}
