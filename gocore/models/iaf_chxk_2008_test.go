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

func TestIafChxk2008Defaults(t *testing.T) {
	st := NewIafChxk2008().Status()
	want := dict.Dict{
		"V_th": -45.0, "g_L": 100.0, "C_m": 1000.0, "E_ex": 20.0, "E_in": -90.0, "E_L": -60.0,
		"tau_syn_ex": 1.0, "tau_syn_in": 1.0, "I_e": 0.0, "tau_ahp": 0.5, "g_ahp": 443.8, "E_ahp": -95.0,
		"ahp_bug": false, "V_m": -60.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_ahp", "I_syn_ex", "I_syn_in", "V_m", "g_ahp", "g_ex", "g_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafChxk2008RejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafChxk2008() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "ahp_bug": true}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_syn_ex zero", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in negative", dict.Dict{"tau_syn_in": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_ahp zero", dict.Dict{"tau_ahp": 0.0}, nesterr.ErrBadProperty, "tau_ahp = 0"},
		{"capacitance first", dict.Dict{"C_m": -1.0, "tau_ahp": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"string for a parameter", dict.Dict{"g_ahp": "big"}, nesterr.ErrTypeMismatch, ""},
		{"number for ahp_bug", dict.Dict{"ahp_bug": 1.5}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"C_m": 200.0, "V_m": "rest"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 200.0, "V_m": -50.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafChxk2008(), "E_ahp")
	// V_th below E_L and any V_m are fine: NEST has no reset rule here.
	n := NewIafChxk2008()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_th": -80.0, "V_m": 10.0}), testEnv()); err != nil {
		t.Error(err)
	}
}

func TestIafChxk2008Receptors(t *testing.T) {
	n := NewIafChxk2008()
	if err := n.CheckSpikeReceptor("iaf_chxk_2008", 0); err != nil {
		t.Errorf("spikes on receptor 0: %v", err)
	}
	if err := n.CheckSpikeReceptor("iaf_chxk_2008", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spikes on receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("currents on receptor 1: %v, want UnknownReceptorType", err)
	}
}

func TestIafChxk2008CrossingOffsetAndAHP(t *testing.T) {
	// Under a strong current the neuron crosses V_th without a reset: the
	// spike carries the linearly interpolated time before the step end,
	// the AHP starts as if at the crossing, and V_m is not clamped.
	for _, bug := range []bool{false, true} {
		s := newStepper(t, NewIafChxk2008(), dict.Dict{"I_e": 2500.0, "ahp_bug": bug})
		var vPrev float64
		for len(s.spikes.steps) == 0 && s.step < 2000 {
			vPrev = s.value(3)
			s.advance()
		}
		if len(s.spikes.steps) != 1 {
			t.Fatal("no spike")
		}
		v := s.value(3)
		if !(vPrev < -45 && v >= -45) {
			t.Fatalf("crossing from %g to %g", vPrev, v)
		}
		dt := 0.1 * (v + 45) / (v - vPrev)
		if off := s.spikes.offsets[0]; off != dt || !(off >= 0 && off < 0.1) {
			t.Errorf("offset %.17g, want %.17g within the step", off, dt)
		}
		dg := 443.8 * math.E / 0.5 * math.Exp(-dt/0.5)
		if g := s.value(4); math.Abs(g-dg*dt) > 1e-12*dg {
			t.Errorf("g_ahp = %.17g after the crossing, want %.17g", g, dg*dt)
		}
		if ts := s.n.Status()["t_spike"].(float64); math.Abs(ts-0.1*float64(s.spikes.steps[0]+1)) > 1e-12 {
			t.Errorf("archived spike at %v, want the grid time", ts)
		}
		// No further spike while V_m stays above V_th; the AHP pulls it
		// back down.
		for range 30 {
			s.advance()
		}
		if len(s.spikes.steps) != 1 || !(s.value(3) < v) {
			t.Errorf("ahp_bug %v: %d spikes, V_m %g after 3 ms (crossing at %g)", bug, len(s.spikes.steps), s.value(3), v)
		}
	}
}

func TestIafChxk2008AhpBugSetsInsteadOfAdding(t *testing.T) {
	// With two crossings close together the AHP conductance adds up in
	// the corrected model and restarts in the original one.
	run := func(bug bool) (float64, int) {
		s := newStepper(t, NewIafChxk2008(), dict.Dict{"I_e": 9000.0, "ahp_bug": bug})
		for len(s.spikes.steps) < 2 && s.step < 5000 {
			s.advance()
		}
		return s.value(4), len(s.spikes.steps)
	}
	gFixed, n1 := run(false)
	gBug, n2 := run(true)
	if n1 < 2 || n2 < 2 {
		t.Fatalf("%d and %d spikes, want 2", n1, n2)
	}
	if !(gFixed > gBug) {
		t.Errorf("g_ahp after the second spike: %g (adding) vs %g (setting)", gFixed, gBug)
	}
}
