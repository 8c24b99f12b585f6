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

func TestIafPscExpMultisynapseDefaults(t *testing.T) {
	st := NewIafPscExpMultisynapse().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "C_m": 250.0, "tau_m": 10.0,
		"t_ref": 2.0, "tau_syn": []float64{2}, "n_synapses": 1, "has_connections": false, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_syn", "I_syn_1", "V_m"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscExpMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscExpMultisynapse() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "tau_syn": []any{1.0, 3.0}}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m zero", dict.Dict{"I_e": 10.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "Membrane time constant"},
		{"tau_syn zero", dict.Dict{"tau_syn": []any{1.0, 0.0, 2.0}}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"tau_syn equal to tau_m", dict.Dict{"tau_syn": []any{10.0}}, nesterr.ErrBadProperty, "must differ"},
		{"t_ref negative", dict.Dict{"t_ref": -0.5}, nesterr.ErrBadProperty, "Refractory"},
		{"V_reset at V_th", dict.Dict{"V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		// NEST's order: C_m, tau_m, tau_syn, t_ref, then the reset rule.
		{"C_m before tau_syn", dict.Dict{"C_m": -1.0, "tau_syn": []any{-1.0}}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_syn before t_ref", dict.Dict{"t_ref": -1.0, "tau_syn": []any{-1.0}}, nesterr.ErrBadProperty, "synaptic"},
		{"t_ref before reset", dict.Dict{"t_ref": -1.0, "V_th": -80.0}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn not a list", dict.Dict{"tau_syn": 2.0}, nesterr.ErrTypeMismatch, ""},
		{"string for a parameter", dict.Dict{"tau_m": "slow"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"tau_syn": []any{4.0}, "V_m": -60.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafPscExpMultisynapse(), "I_e")
}

// A node whose tau_m rule is checked only when tau_syn is given: NEST
// tests tau_syn against tau_m only in that case, so changing tau_m alone
// to a port's time constant is accepted.
func TestIafPscExpMultisynapseTauMAloneIsAccepted(t *testing.T) {
	n := NewIafPscExpMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_m": 2.0}), testEnv()); err != nil {
		t.Errorf("tau_m = tau_syn without tau_syn: %v, NEST accepts it", err)
	}
}

// checkMultisynapsePorts tests the receptor rules and the recordables the
// two multisynapse models share.
func checkMultisynapsePorts(t *testing.T, n interface {
	node.Node
	node.SpikeReceiver
	node.CurrentReceiver
	node.Recordable
}) {
	t.Helper()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5, 11.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	want := []string{"I_syn", "I_syn_1", "I_syn_10", "I_syn_2", "I_syn_3", "I_syn_4", "I_syn_5", "I_syn_6", "I_syn_7", "I_syn_8", "I_syn_9", "V_m"}
	if got := n.Recordables(); !reflect.DeepEqual(got, want) {
		t.Errorf("recordables %v, want %v", got, want)
	}
	for _, rport := range []int{0, 11, -1} {
		if err := n.CheckSpikeReceptor("spike_generator", rport); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("spike receptor %d: %v, want IncompatibleReceptorType", rport, err)
		}
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(0); err != nil {
		t.Errorf("current receptor 0: %v", err)
	}
	if n.Status()["has_connections"] != false {
		t.Error("has_connections before any connection")
	}
	if err := n.CheckSpikeReceptor("spike_generator", 10); err != nil {
		t.Fatalf("port 10: %v", err)
	}
	st := n.Status()
	if st["has_connections"] != true || st["n_synapses"] != 10 {
		t.Errorf("after a connection: has_connections %v, n_synapses %v", st["has_connections"], st["n_synapses"])
	}
	// Now the number of ports is fixed; new time constants are fine.
	err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0}}), testEnv())
	if !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("fewer ports with connections: %v, want BadProperty", err)
	}
	if !reflect.DeepEqual(n.Status(), st) {
		t.Error("rejected port change altered the status")
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 12.0}}), testEnv()); err != nil {
		t.Errorf("same number of ports with connections: %v", err)
	}
	// A copy keeps has_connections (a parameter in NEST) and so refuses a
	// new port count as well: the kernel validates on copies.
	c := n.Clone()
	if c.Status()["has_connections"] != true {
		t.Error("clone lost has_connections")
	}
	if err := c.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0}}), testEnv()); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("copy: fewer ports with connections: %v, want BadProperty", err)
	}
}

func TestIafPscExpMultisynapsePorts(t *testing.T) {
	checkMultisynapsePorts(t, NewIafPscExpMultisynapse())
}

func TestIafPscExpMultisynapsePSPMatchesClosedForm(t *testing.T) {
	// Spikes on two ports with their own time constants: each current
	// decays with its own tau and V_m is the sum of the two PSPs.
	s := newStepper(t, NewIafPscExpMultisynapse(), dict.Dict{"tau_syn": []any{2.0, 15.0}, "V_th": 1e6})
	s.spike(100, 1, 1)
	s.spike(-60, 2, 1)
	s.advance()
	rec := s.n.(node.Recordable)
	idx := map[string]int{}
	for i, name := range rec.Recordables() {
		idx[name] = i
	}
	if v := s.value(idx["V_m"]); v != -70 {
		t.Fatalf("arrival step: V_m = %g", v)
	}
	for k := 1; k <= 1000; k++ {
		s.advance()
		tk := float64(k) * 0.1
		want := -70 + expPSP(100, 2, 10, 250, tk) + expPSP(-60, 15, 10, 250, tk)
		if got := s.value(idx["V_m"]); math.Abs(got-want) > pscTol {
			t.Fatalf("t = %g: V_m = %.17g, closed form %.17g", tk, got, want)
		}
		i1, i2 := s.value(idx["I_syn_1"]), s.value(idx["I_syn_2"])
		if math.Abs(i1-100*math.Exp(-tk/2)) > 1e-10 || math.Abs(i2+60*math.Exp(-tk/15)) > 1e-10 {
			t.Fatalf("t = %g: currents %g, %g", tk, i1, i2)
		}
		if sum := s.value(idx["I_syn"]); sum != i1+i2 {
			t.Fatalf("I_syn = %g, want %g", sum, i1+i2)
		}
	}
}

func TestIafPscExpMultisynapseELShift(t *testing.T) {
	n := NewIafPscExpMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_m": -68.0, "V_th": -52.0, "V_reset": -75.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -60.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	for key, want := range map[string]float64{"E_L": -60, "V_m": -68, "V_th": -52, "V_reset": -75} {
		if got := st[key].(float64); got != want {
			t.Errorf("%s = %.17g, want %g", key, got, want)
		}
	}
}
