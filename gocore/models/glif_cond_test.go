package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGlifCondDefaults(t *testing.T) {
	st := NewGlifCond().Status()
	want := dict.Dict{
		"g_m": 9.43, "E_L": -78.85, "V_th": -51.68, "C_m": 58.72, "t_ref": 3.75, "V_reset": -78.85,
		"th_spike_add": 0.37, "th_spike_decay": 0.009, "voltage_reset_fraction": 0.2, "voltage_reset_add": 18.51,
		"th_voltage_index": 0.005, "th_voltage_decay": 0.09,
		"asc_init": []float64{0, 0}, "asc_decay": []float64{0.003, 0.1}, "asc_amps": []float64{-9.18, -198.94},
		"asc_r": []float64{1, 1}, "tau_syn": []float64{0.2, 2}, "E_rev": []float64{0, -85},
		"spike_dependent_threshold": false, "after_spike_currents": false, "adapting_threshold": false,
		"has_connections": false, "V_m": -78.85, "ASCurrents": []float64{0, 0},
		// One port's worth before the first simulation, as in NEST.
		"g": []float64{0}, "dg": []float64{0},
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "I", "ASCurrents_sum", "threshold", "threshold_spike", "threshold_voltage", "g_1", "g_2"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestGlifCondRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewGlifCond() }
	bad := nesterr.ErrBadProperty
	cases := append(glifRejectCases("g_m"),
		rejectCase{"tau_syn zero", dict.Dict{"tau_syn": []any{1.0, 0.0}}, bad, "synaptic time constants"},
		rejectCase{"E_rev longer than tau_syn", dict.Dict{"E_rev": []any{0.0, -85.0, -70.0}}, bad, "same size"},
		rejectCase{"tau_syn longer than E_rev", dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}}, bad, "same size"},
		rejectCase{"sizes before values", dict.Dict{"tau_syn": []any{0.0}}, bad, "same size"},
		// glif_cond tests the membrane before the after-spike currents,
		// and the spike threshold before the voltage threshold.
		rejectCase{"membrane before ASC", dict.Dict{"after_spike_currents": true, "asc_r": []any{2.0, 1.0}, "C_m": 0.0}, bad, "Capacitance"},
		rejectCase{"R before A", dict.Dict{"spike_dependent_threshold": true, "after_spike_currents": true, "adapting_threshold": true,
			"th_voltage_decay": 0.0, "th_spike_decay": 0.0}, bad, "Spike induced"},
		rejectCase{"g is not settable", dict.Dict{"g": []any{1.0}, "C_m": 0.0}, bad, "Capacitance"},
	)
	checkRejections(t, mk, glifRejectStart, cases)
	checkUnknownKeyUnaccessed(t, NewGlifCond(), "C_m")
	r := dict.NewReader(dict.Dict{"g": []any{1.0}, "dg": []any{1.0}})
	if err := NewGlifCond().SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 2 {
		t.Errorf("g, dg: %v, unused %v; want them left unread", err, r.Unused())
	}
}

func TestGlifCondReceptors(t *testing.T) {
	n := NewGlifCond()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}, "E_rev": []any{0.0, -85.0, -70.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	glifReceptorChecksCond(t, NewGlifCond())
	if got := n.Recordables(); !reflect.DeepEqual(got[6:], []string{"g_1", "g_2", "g_3"}) {
		t.Errorf("recordables %v, want g_1..g_3 at the end", got)
	}
}

// glifReceptorChecksCond is glifReceptorChecks for glif_cond, whose
// tau_syn and E_rev change together.
func glifReceptorChecksCond(t *testing.T, n *GlifCond) {
	t.Helper()
	two := dict.Dict{"tau_syn": []any{1.0, 2.0}, "E_rev": []any{0.0, -85.0}}
	one := dict.Dict{"tau_syn": []any{1.0}, "E_rev": []any{0.0}}
	if err := n.SetStatus(dict.NewReader(one), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := n.SetStatus(dict.NewReader(two), testEnv()); err != nil {
		t.Fatal(err)
	}
	for _, rport := range []int{0, 3} {
		if err := n.CheckSpikeReceptor("spike_generator", rport); err == nil {
			t.Errorf("spike receptor %d accepted", rport)
		}
	}
	if err := n.CheckCurrentReceptor(1); err == nil {
		t.Error("current receptor 1 accepted")
	}
	if err := n.CheckSpikeReceptor("spike_generator", 2); err != nil {
		t.Fatal(err)
	}
	before := n.Status()
	if err := n.SetStatus(dict.NewReader(one), testEnv()); err == nil {
		t.Error("the number of ports changed on a connected neuron")
	}
	if !reflect.DeepEqual(before, n.Status()) {
		t.Error("status changed by a rejected SetStatus")
	}
	// Only E_rev, same length: fine.
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_rev": []any{-10.0, -80.0}}), testEnv()); err != nil {
		t.Errorf("new E_rev on a connected neuron: %v", err)
	}
}

func TestGlifCondStateVectorFollowsThePortsWhenPrepared(t *testing.T) {
	n := NewGlifCond()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}, "E_rev": []any{0.0, -85.0, -70.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if g := n.Status()["g"]; !reflect.DeepEqual(g, []float64{0}) {
		t.Errorf("g before Prepare = %v, want [0]", g)
	}
	n.Prepare(testEnv())
	if g := n.Status()["g"]; !reflect.DeepEqual(g, []float64{0, 0, 0}) {
		t.Errorf("g after Prepare = %v, want three zeros", g)
	}
}

func TestGlifCondThresholdComponentsSettableNotReported(t *testing.T) {
	n := NewGlifCond()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"spike_dependent_threshold": true, "threshold_spike": 2.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if _, ok := n.Status()["threshold_spike"]; ok {
		t.Error("threshold_spike reported; NEST's glif_cond does not")
	}
	s := newStepper(t, n, dict.Dict{})
	s.advance()
	if got, want := s.value(4), 2.0*math.Exp(-0.009*0.1); math.Abs(got-want) > 1e-15 {
		t.Errorf("threshold_spike after a step = %.17g, want %.17g", got, want)
	}
}

// TestGlifCondConductanceShape checks the alpha conductance of a spike on
// each port against w*t/tau*exp(1 - t/tau), to the integration's
// accuracy, and that it pulls V_m towards the port's E_rev.
func TestGlifCondConductanceShape(t *testing.T) {
	taus := []float64{0.5, 3.0}
	for port := 1; port <= 2; port++ {
		s := newStepper(t, NewGlifCond(), dict.Dict{"tau_syn": []any{0.5, 3.0}, "E_rev": []any{0.0, -95.0}})
		const w = 2.0
		s.spike(w, port, 1)
		s.advance()
		tau := taus[port-1]
		for k := 1; k <= 200; k++ {
			s.advance()
			tk := float64(k) * 0.1
			want := w * tk / tau * math.Exp(1-tk/tau)
			if got := s.value(5 + port); math.Abs(got-want) > 1e-4 {
				t.Fatalf("port %d, t = %g ms: g = %.17g, closed form %.17g", port, tk, got, want)
			}
		}
		v := s.value(0)
		if port == 1 && !(v > -78.85) || port == 2 && !(v < -78.85) {
			t.Errorf("port %d: V_m = %g did not move towards E_rev", port, v)
		}
	}
}

func TestGlifCondIntegrationStepPersistsAcrossRuns(t *testing.T) {
	s := newStepper(t, NewGlifCond(), dict.Dict{})
	n := s.n.(*GlifCond)
	s.spike(20, 1, 1)
	for range 3 {
		s.advance()
	}
	h := n.v.h
	if h == 0.1 {
		t.Fatal("the integration step never changed; the test needs a step that differs from the resolution")
	}
	n.Prepare(testEnv())
	if n.v.h != h {
		t.Errorf("integration step %g reset to %g by a second Prepare", h, n.v.h)
	}
	if c := n.Clone().(*GlifCond); c.v.control != nil {
		t.Error("a clone shares the integration set-up")
	}
}
