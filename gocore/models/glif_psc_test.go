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

func TestGlifPscDefaults(t *testing.T) {
	st := NewGlifPsc().Status()
	want := dict.Dict{
		"g": 9.43, "E_L": -78.85, "V_th": -51.68, "C_m": 58.72, "t_ref": 3.75, "V_reset": -78.85,
		"th_spike_add": 0.37, "th_spike_decay": 0.009, "voltage_reset_fraction": 0.2, "voltage_reset_add": 18.51,
		"th_voltage_index": 0.005, "th_voltage_decay": 0.09,
		"asc_init": []float64{0, 0}, "asc_decay": []float64{0.003, 0.1}, "asc_amps": []float64{-9.18, -198.94},
		"asc_r": []float64{1, 1}, "tau_syn": []float64{2},
		"spike_dependent_threshold": false, "after_spike_currents": false, "adapting_threshold": false,
		"has_connections": false, "V_m": -78.85, "ASCurrents": []float64{0, 0},
		"threshold_spike": 0.0, "threshold_voltage": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "ASCurrents_sum", "I", "I_syn", "threshold", "threshold_spike", "threshold_voltage"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

// glifRejectCases are the rules the three GLIF models share (gKey: the
// conductance's key); each case starts from glifRejectStart.
func glifRejectCases(gKey string) []rejectCase {
	bad := nesterr.ErrBadProperty
	return []rejectCase{
		{"level: adapting threshold alone", dict.Dict{"adapting_threshold": true}, bad, "mechanism combination"},
		{"level: adapting threshold without ASC", dict.Dict{"spike_dependent_threshold": true, "adapting_threshold": true}, bad, "mechanism combination"},
		{"level: adapting threshold without R", dict.Dict{"after_spike_currents": true, "adapting_threshold": true}, bad, "mechanism combination"},
		{"V_reset at V_th", dict.Dict{"V_reset": -51.68}, bad, "Reset potential"},
		{"V_th below V_reset", dict.Dict{"V_th": -80.0}, bad, "Reset potential"},
		{"V_reset absolute with a new E_L", dict.Dict{"E_L": -60.0, "V_reset": -40.0}, bad, "Reset potential"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, bad, "Capacitance"},
		{"conductance zero", dict.Dict{gKey: 0.0}, bad, "conductance"},
		{"conductance negative", dict.Dict{gKey: -1.0}, bad, "conductance"},
		{"t_ref zero", dict.Dict{"t_ref": 0.0}, bad, "Refractory"},
		{"ASC sizes", dict.Dict{"after_spike_currents": true, "asc_r": []any{1.0}}, bad, "same size"},
		{"ASC decay zero", dict.Dict{"after_spike_currents": true, "asc_decay": []any{0.1, 0.0}}, bad, "After-spike current time constant"},
		{"ASC r above 1", dict.Dict{"after_spike_currents": true, "asc_r": []any{1.0, 1.5}}, bad, "fraction"},
		{"ASC r negative", dict.Dict{"after_spike_currents": true, "asc_r": []any{-0.1, 1.0}}, bad, "fraction"},
		{"th_spike_decay zero", dict.Dict{"spike_dependent_threshold": true, "th_spike_decay": 0.0}, bad, "Spike induced threshold"},
		{"voltage_reset_fraction above 1", dict.Dict{"spike_dependent_threshold": true, "voltage_reset_fraction": 1.1}, bad, "Voltage fraction"},
		{"th_voltage_decay zero", dict.Dict{"spike_dependent_threshold": true, "after_spike_currents": true, "adapting_threshold": true, "th_voltage_decay": 0.0}, bad, "Voltage-induced threshold"},
		{"ASCurrents without ASC", dict.Dict{"ASCurrents": []any{1.0, 2.0}}, bad, "After spike currents are not supported"},
		{"ASCurrents of the wrong size", dict.Dict{"after_spike_currents": true, "ASCurrents": []any{1.0}}, bad, "same size"},
		{"threshold_spike without R", dict.Dict{"threshold_spike": 1.0}, bad, "Threshold spike component"},
		{"threshold_voltage without A", dict.Dict{"spike_dependent_threshold": true, "after_spike_currents": true, "threshold_voltage": 1.0}, bad, "Threshold voltage component"},
		{"string for a parameter", dict.Dict{"C_m": "large"}, nesterr.ErrTypeMismatch, ""},
		{"number for a switch", dict.Dict{"after_spike_currents": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"number for a vector", dict.Dict{"asc_decay": 0.1}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"C_m": 60.0, "V_m": "rest"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"C_m": 60.0, "V_m": -60.0, "tau_minus": 0.0}, bad, "tau_minus"},
		// Inactive mechanisms are not checked.
		{"mechanism rules only when on", dict.Dict{"th_spike_decay": 0.0, "asc_r": []any{5.0}, "th_voltage_decay": -1.0, "C_m": 0.0}, bad, "Capacitance"},
	}
}

// glifRejectStart moves a node away from the defaults (as checkRejections
// wants) without switching on a mechanism.
var glifRejectStart = dict.Dict{"V_m": -70.0, "t_ref": 2.0}

func TestGlifPscRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewGlifPsc() }
	cases := append(glifRejectCases("g"),
		rejectCase{"tau_syn zero", dict.Dict{"tau_syn": []any{1.0, 0.0}}, nesterr.ErrBadProperty, "synaptic time constants"},
		// glif_psc tests the after-spike currents before the membrane,
		// and the voltage threshold before the spike threshold.
		rejectCase{"ASC before membrane", dict.Dict{"after_spike_currents": true, "asc_r": []any{2.0, 1.0}, "C_m": 0.0}, nesterr.ErrBadProperty, "fraction"},
		rejectCase{"A before R", dict.Dict{"spike_dependent_threshold": true, "after_spike_currents": true, "adapting_threshold": true,
			"th_voltage_decay": 0.0, "th_spike_decay": 0.0}, nesterr.ErrBadProperty, "Voltage-induced"},
		rejectCase{"membrane rules before tau_syn", dict.Dict{"tau_syn": []any{0.0}, "t_ref": 0.0}, nesterr.ErrBadProperty, "Refractory"},
	)
	checkRejections(t, mk, glifRejectStart, cases)
	checkUnknownKeyUnaccessed(t, NewGlifPsc(), "C_m")
}

// glifReceptorChecks tests the receptor rules of a GLIF model with the
// given number of ports: spikes on 1..ports, currents on 0, and no change
// of the number of ports once connected.
func glifReceptorChecks(t *testing.T, n node.Node, ports int, portKey string, newPorts []any) {
	t.Helper()
	sr := n.(node.SpikeReceiver)
	for _, rport := range []int{0, ports + 1, -1} {
		if err := sr.CheckSpikeReceptor("spike_generator", rport); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("spike receptor %d: %v, want IncompatibleReceptorType", rport, err)
		}
	}
	if err := n.(node.CurrentReceiver).CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.(node.CurrentReceiver).CheckCurrentReceptor(0); err != nil {
		t.Errorf("current receptor 0: %v", err)
	}
	// Before any connection the number of ports may change.
	if err := n.SetStatus(dict.NewReader(dict.Dict{portKey: newPorts}), testEnv()); err != nil {
		t.Fatal(err)
	}
	back := make([]any, ports)
	for i := range back {
		back[i] = 2.0
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{portKey: back}), testEnv()); err != nil {
		t.Fatal(err)
	}
	for rport := 1; rport <= ports; rport++ {
		if err := sr.CheckSpikeReceptor("spike_generator", rport); err != nil {
			t.Errorf("spike receptor %d: %v", rport, err)
		}
	}
	if n.Status()["has_connections"] != true {
		t.Error("has_connections is false after a spike connection")
	}
	before := n.Status()
	err := n.SetStatus(dict.NewReader(dict.Dict{portKey: newPorts}), testEnv())
	if !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("changing the number of ports when connected: %v, want BadProperty", err)
	}
	if after := n.Status(); !reflect.DeepEqual(before, after) {
		t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
	}
	// The same number of ports with new values is fine.
	if err := n.SetStatus(dict.NewReader(dict.Dict{portKey: back}), testEnv()); err != nil {
		t.Errorf("same number of ports when connected: %v", err)
	}
	if c := n.Clone(); c.Status()["has_connections"] != true {
		t.Error("a copy lost the connected flag (the kernel validates status changes on copies)")
	}
}

func TestGlifPscReceptors(t *testing.T) {
	glifReceptorChecks(t, NewGlifPsc(), 3, "tau_syn", []any{1.0, 2.0})
}

func TestGlifPscELShiftKeepsAbsolutePotentials(t *testing.T) {
	n := NewGlifPsc()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_m": -70.0, "V_reset": -75.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -65.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	for key, want := range map[string]float64{"E_L": -65, "V_m": -70, "V_th": -51.68, "V_reset": -75} {
		if got := st[key].(float64); math.Abs(got-want) > 1e-13 {
			t.Errorf("%s = %.17g, want %g", key, got, want)
		}
	}
	// Given with E_L, potentials are taken as they are.
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -60.0, "V_th": -50.0, "V_m": -61.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st = n.Status()
	if st["V_th"] != -50.0 || st["V_m"] != -61.0 {
		t.Errorf("V_th = %v, V_m = %v, want -50, -61", st["V_th"], st["V_m"])
	}
}

func TestGlifPscASCInitDoesNotReachTheState(t *testing.T) {
	// As in NEST: a neuron's after-spike currents start from the
	// defaults' asc_init, whatever asc_init is set to.
	n := NewGlifPsc()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"after_spike_currents": true, "asc_init": []any{1.0, 2.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := n.Status()["ASCurrents"]; !reflect.DeepEqual(got, []float64{0, 0}) {
		t.Errorf("ASCurrents = %v, want [0 0]", got)
	}
}

func TestGlifPscCloneSharesNoState(t *testing.T) {
	n := NewGlifPsc()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"after_spike_currents": true, "ASCurrents": []any{3.0, -4.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	c := n.Clone().(*GlifPsc)
	s := newStepper(t, c, dict.Dict{})
	for range 10 {
		s.advance()
	}
	if got := n.Status()["ASCurrents"]; !reflect.DeepEqual(got, []float64{3, -4}) {
		t.Errorf("the original's ASCurrents changed with the clone's: %v", got)
	}
}

// TestGlifPscLevel1ClosedForm drives a level-1 neuron with a constant
// current below threshold and compares V_m with the exact solution
// I/g*(1 - exp(-t g/C_m)); the current acts from the second step after it
// is delivered.
func TestGlifPscLevel1ClosedForm(t *testing.T) {
	const i0 = 200.0 // pA, V_inf - E_L = 21.2 mV < 27.17 mV
	s := newStepper(t, NewGlifPsc(), dict.Dict{})
	s.current(i0, 0)
	s.advance()
	if got := s.value(2); got != i0 {
		t.Fatalf("I = %g after the step reading the current, want %g", got, i0)
	}
	tau := 58.72 / 9.43
	for k := 1; k <= 2000; k++ {
		s.current(i0, 0)
		s.advance()
		want := -78.85 + i0/9.43*(1-math.Exp(-float64(k)*0.1/tau))
		if got := s.value(0); math.Abs(got-want) > 1e-11 {
			t.Fatalf("step %d: V_m = %.17g, exact %.17g", k, got, want)
		}
	}
	if len(s.spikes.steps) != 0 {
		t.Errorf("spiked below threshold at %v", s.spikes.steps)
	}
}

// TestGlifPscLevel3SpikeAndASC checks what a spike does at level 3: V_m
// is reset to V_reset and held for t_ref, the after-spike currents jump
// by asc_amps on top of their values decayed over t_ref, and their mean
// over each later step is the exact integral.
func TestGlifPscLevel3SpikeAndASC(t *testing.T) {
	s := newStepper(t, NewGlifPsc(), dict.Dict{"after_spike_currents": true, "V_m": -51.0, "t_ref": 1.0})
	s.advance() // -51 > -51.68: fires at once
	if !reflect.DeepEqual(s.spikes.steps, []int64{0}) {
		t.Fatalf("spikes at %v, want [0]", s.spikes.steps)
	}
	if v := s.value(0); v != -78.85 {
		t.Errorf("V_m after the spike = %.17g, want V_reset", v)
	}
	asc := s.n.Status()["ASCurrents"].([]float64)
	if !reflect.DeepEqual(asc, []float64{-9.18, -198.94}) {
		t.Errorf("ASCurrents after the spike = %v, want asc_amps", asc)
	}
	for range 10 { // refractory: V_m held, currents frozen
		s.advance()
		if v := s.value(0); v != -78.85 {
			t.Fatalf("step %d: V_m = %.17g in the refractory period", s.step, v)
		}
	}
	if got := s.n.Status()["ASCurrents"].([]float64); !reflect.DeepEqual(got, asc) {
		t.Errorf("ASCurrents changed in the refractory period: %v", got)
	}
	s.advance()
	want := 0.0
	for a, k := range []float64{0.003, 0.1} {
		want += asc[a] * (1 - math.Exp(-k*0.1)) / (k * 0.1)
	}
	if got := s.value(1); math.Abs(got-want) > 1e-12 {
		t.Errorf("ASCurrents_sum = %.17g, exact mean %.17g", got, want)
	}
}

// TestGlifPscLevel2Reset checks the reset of levels 2, 4 and 5: V_m to
// voltage_reset_fraction*V_m(start of step) + voltage_reset_add (relative
// to E_L), threshold_spike up by th_spike_add after decaying over t_ref.
func TestGlifPscLevel2Reset(t *testing.T) {
	s := newStepper(t, NewGlifPsc(), dict.Dict{"spike_dependent_threshold": true, "V_m": -50.0, "threshold_spike": 0.5})
	s.advance()
	if !reflect.DeepEqual(s.spikes.steps, []int64{0}) {
		t.Fatalf("spikes at %v, want [0]", s.spikes.steps)
	}
	vOld := -50.0 - -78.85
	if got, want := s.value(0), 0.2*vOld+18.51+-78.85; math.Abs(got-want) > 1e-12 {
		t.Errorf("V_m after the reset = %.17g, want %.17g", got, want)
	}
	thr := 0.5*math.Exp(-0.009*0.1)*math.Exp(-0.009*3.75) + 0.37
	if got := s.value(5); math.Abs(got-thr) > 1e-14 {
		t.Errorf("threshold_spike = %.17g, want %.17g", got, thr)
	}
	if got, want := s.value(4), -51.68+thr; math.Abs(got-want) > 1e-12 {
		t.Errorf("threshold = %.17g, want %.17g", got, want)
	}
}

// TestGlifPscSpikeOnPortPeaksAtWeight checks the alpha current of a spike
// on each port: it peaks at the weight tau_syn after its arrival.
func TestGlifPscSpikeOnPortPeaksAtWeight(t *testing.T) {
	taus := []float64{0.5, 2.0, 4.0}
	for port := 1; port <= len(taus); port++ {
		s := newStepper(t, NewGlifPsc(), dict.Dict{"tau_syn": []any{0.5, 2.0, 4.0}})
		s.spike(30, port, 2)
		s.advance()
		peakStep := int(math.Round(taus[port-1] / 0.1))
		// I_syn is the current at the start of the integrated step.
		for range peakStep + 1 {
			s.advance()
		}
		if got := s.value(3); math.Abs(got-60) > 1e-12 {
			t.Errorf("port %d: I_syn at tau_syn = %.17g, want the weight 60", port, got)
		}
	}
}

func TestGlifPscASCurrentsLongerThanParameters(t *testing.T) {
	// NEST reads past the parameters here; gonest ignores the surplus.
	n := NewGlifPsc()
	if err := n.SetStatus(dict.NewReader(dict.Dict{
		"after_spike_currents": true, "asc_init": []any{0.0}, "asc_decay": []any{0.1}, "asc_amps": []any{-5.0}, "asc_r": []any{1.0},
	}), testEnv()); err != nil {
		t.Fatal(err)
	}
	s := newStepper(t, n, dict.Dict{"V_m": -50.0})
	s.advance()
	if got := s.n.Status()["ASCurrents"]; !reflect.DeepEqual(got, []float64{-5, 0}) {
		t.Errorf("ASCurrents = %v, want [-5 0]", got)
	}
}

// TestGlifWithoutPorts: NEST accepts an empty tau_syn; such a neuron
// takes no spikes but integrates its current input.
func TestGlifWithoutPorts(t *testing.T) {
	for _, tc := range []struct {
		n node.Node
		d dict.Dict
	}{
		{NewGlifPsc(), dict.Dict{"tau_syn": []any{}}},
		{NewGlifPscDoubleAlpha(), dict.Dict{"tau_syn_fast": []any{}}},
		{NewGlifCond(), dict.Dict{"tau_syn": []any{}, "E_rev": []any{}}},
	} {
		s := newStepper(t, tc.n, tc.d)
		if err := tc.n.(node.SpikeReceiver).CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("%s: spike receptor 1 without ports: %v", tc.n.Model(), err)
		}
		for range 20 {
			s.current(100, 0)
			s.advance()
		}
		if v := s.value(0); !(v > -78.85) {
			t.Errorf("%s: V_m = %g did not rise under a current", tc.n.Model(), v)
		}
	}
}
