package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafPscAlphaMultisynapseDefaults(t *testing.T) {
	st := NewIafPscAlphaMultisynapse().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "V_min": math.Inf(-1), "C_m": 250.0, "tau_m": 10.0,
		"t_ref": 2.0, "tau_syn": []float64{2}, "n_synapses": 1, "has_connections": false, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"I_syn", "I_syn_1", "V_m"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscAlphaMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscAlphaMultisynapse() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "tau_syn": []any{1.0, 3.0}, "V_min": -80.0}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m negative", dict.Dict{"tau_m": -1.0}, nesterr.ErrBadProperty, "Membrane time constant"},
		{"tau_syn negative", dict.Dict{"tau_syn": []any{-1.0}}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"t_ref negative", dict.Dict{"t_ref": -0.5}, nesterr.ErrBadProperty, "Refractory"},
		{"V_th below V_reset", dict.Dict{"V_th": -71.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"tau_m before tau_syn", dict.Dict{"tau_m": 0.0, "tau_syn": []any{-1.0}}, nesterr.ErrBadProperty, "Membrane"},
		{"V_min a string", dict.Dict{"V_min": "low"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_m": -60.0, "tau_minus_triplet": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafPscAlphaMultisynapse(), "V_min")
	// Unlike the exp model, tau_syn may equal tau_m here.
	n := NewIafPscAlphaMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{10.0}}), testEnv()); err != nil {
		t.Errorf("tau_syn = tau_m: %v", err)
	}
}

func TestIafPscAlphaMultisynapsePorts(t *testing.T) {
	checkMultisynapsePorts(t, NewIafPscAlphaMultisynapse())
}

func TestIafPscAlphaMultisynapsePSCShapeAndLowerBound(t *testing.T) {
	// A spike of weight w on a port peaks at w after tau_syn; a strong
	// inhibitory one on the other port holds V_m at V_min.
	const tau = 1.5
	s := newStepper(t, NewIafPscAlphaMultisynapse(), dict.Dict{"tau_syn": []any{tau, 4.0}, "V_min": -72.0, "V_th": 1e6})
	s.spike(80, 1, 1)
	s.spike(-5000, 2, 1)
	s.advance()
	idx := map[string]int{}
	for i, name := range s.n.(node.Recordable).Recordables() {
		idx[name] = i
	}
	minV := math.Inf(1)
	for k := 1; k <= 300; k++ {
		s.advance()
		tk := float64(k) * 0.1
		want := 80 * tk / tau * math.Exp(1-tk/tau)
		if got := s.value(idx["I_syn_1"]); math.Abs(got-want) > 1e-11 {
			t.Fatalf("t = %g: I_syn_1 = %.17g, want %.17g", tk, got, want)
		}
		minV = math.Min(minV, s.value(idx["V_m"]))
	}
	if minV != -72 {
		t.Errorf("lowest V_m %.17g, want the bound -72", minV)
	}
}
