package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIgnoreAndFireDefaults(t *testing.T) {
	st := NewIgnoreAndFire().Status()
	want := dict.Dict{
		"phase": 1.0, "rate": 10.0, "recordables": []string{},
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIgnoreAndFireRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIgnoreAndFire() }
	start := dict.Dict{"rate": 20.0, "phase": 0.5}
	checkRejections(t, mk, start, []rejectCase{
		{"phase zero", dict.Dict{"phase": 0.0}, nesterr.ErrBadProperty, "phase"},
		{"phase above one", dict.Dict{"phase": 1.01}, nesterr.ErrBadProperty, "phase"},
		{"rate zero", dict.Dict{"rate": 0.0}, nesterr.ErrBadProperty, "rate"},
		{"rate negative", dict.Dict{"rate": -5.0}, nesterr.ErrBadProperty, "rate"},
		{"phase before rate", dict.Dict{"phase": 2.0, "rate": -1.0}, nesterr.ErrBadProperty, "phase"},
		{"string for rate", dict.Dict{"rate": "fast"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"rate": 5.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIgnoreAndFire(), "rate")
}

func TestIgnoreAndFireFiresRegularlyAndIgnoresInput(t *testing.T) {
	// 40/s at h = 0.1 ms: a period of 250 steps; phase 0.5 puts the first
	// spike 125 steps on (emitted in the step after the countdown ends).
	s := newStepper(t, NewIgnoreAndFire(), dict.Dict{"rate": 40.0, "phase": 0.5})
	for k := range 1000 {
		s.spike(1e6, 0, 1)
		s.current(1e6, 0)
		if k == 300 {
			s.spike(-1e6, 0, 3)
		}
		s.advance()
	}
	if want := []int64{125, 375, 625, 875}; !reflect.DeepEqual(s.spikes.steps, want) {
		t.Errorf("spikes at steps %v, want %v", s.spikes.steps, want)
	}
	// A status change restarts the countdown at the next run.
	n := s.n.(*IgnoreAndFire)
	if err := n.SetStatus(dict.NewReader(dict.Dict{"phase": 0.1}), testEnv()); err != nil {
		t.Fatal(err)
	}
	n.Prepare(testEnv())
	s.spikes.steps = nil
	for range 100 {
		s.advance()
	}
	if want := []int64{1000 + 25}; !reflect.DeepEqual(s.spikes.steps, want) {
		t.Errorf("after the change spikes at %v, want %v", s.spikes.steps, want)
	}
	// Without a change a new run goes on counting.
	n.Prepare(testEnv())
	for range 300 {
		s.advance()
	}
	if want := []int64{1025, 1275}; !reflect.DeepEqual(s.spikes.steps, want) {
		t.Errorf("spikes at %v, want %v", s.spikes.steps, want)
	}
}
