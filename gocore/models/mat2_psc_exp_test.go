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

func TestMat2PscExpDefaults(t *testing.T) {
	st := NewMat2PscExp().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "C_m": 100.0, "tau_m": 5.0, "tau_syn_ex": 1.0, "tau_syn_in": 3.0,
		"t_ref": 2.0, "tau_1": 10.0, "tau_2": 200.0, "alpha_1": 37.0, "alpha_2": 2.0, "omega": -51.0,
		"V_m": -70.0, "V_th": -51.0, "V_th_alpha_1": 0.0, "V_th_alpha_2": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "V_th"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestMat2PscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewMat2PscExp() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "V_th_alpha_1": 3.0}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m zero", dict.Dict{"tau_m": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_ex negative", dict.Dict{"tau_syn_ex": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref zero", dict.Dict{"t_ref": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_1 zero", dict.Dict{"tau_1": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_2 negative", dict.Dict{"tau_2": -5.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_m equal to tau_syn_ex", dict.Dict{"tau_m": 1.0}, nesterr.ErrBadProperty, "must differ"},
		{"tau_syn_in equal to tau_m", dict.Dict{"tau_syn_in": 5.0}, nesterr.ErrBadProperty, "must differ"},
		// NEST's order: C_m, positivity, then tau_m against the synapses.
		{"C_m first", dict.Dict{"C_m": -1.0, "tau_1": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"positivity before equality", dict.Dict{"tau_syn_ex": 5.0, "tau_2": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"string for omega", dict.Dict{"omega": "high"}, nesterr.ErrTypeMismatch, ""},
		{"string for a threshold component", dict.Dict{"V_th_alpha_2": "x"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_th_alpha_1": 1.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewMat2PscExp(), "alpha_1")
}

func TestMat2PscExpOmegaAndVmStayWhenELChanges(t *testing.T) {
	n := NewMat2PscExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_m": -60.0, "omega": -50.0, "V_th_alpha_1": 2.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -65.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	for key, want := range map[string]float64{"V_m": -60, "omega": -50, "V_th": -48, "V_th_alpha_1": 2} {
		if got := st[key].(float64); got != want {
			t.Errorf("%s = %.17g, want %g", key, got, want)
		}
	}
}

func TestMat2PscExpThresholdAdaptsWithoutReset(t *testing.T) {
	// A constant current drives V_m above omega: at the spike the
	// threshold jumps by alpha_1 + alpha_2 and V_m carries on; the two
	// components then decay with tau_1 and tau_2, and no spike follows
	// within t_ref.
	s := newStepper(t, NewMat2PscExp(), dict.Dict{"I_e": 600.0, "t_ref": 1.0})
	for len(s.spikes.steps) == 0 {
		s.advance()
	}
	vAtSpike := s.value(0)
	if vAtSpike < -51 {
		t.Fatalf("spike below threshold: V_m %g", vAtSpike)
	}
	if got := s.value(1); got != -51+37+2 {
		t.Errorf("V_th just after the spike %.17g, want %g", got, -51.0+37+2)
	}
	st := s.n.Status()
	first := s.spikes.steps[0]
	for k := int64(1); k <= 20; k++ {
		s.advance()
		want := -51 + 37*math.Exp(-float64(k)*0.1/10) + 2*math.Exp(-float64(k)*0.1/200)
		if got := s.value(1); math.Abs(got-want) > 1e-12 {
			t.Fatalf("%d steps after the spike: V_th %.17g, want %.17g", k, got, want)
		}
	}
	if st["V_th_alpha_1"] != 37.0 || st["V_th_alpha_2"] != 2.0 {
		t.Errorf("components after the spike: %v, %v", st["V_th_alpha_1"], st["V_th_alpha_2"])
	}
	if s.value(0) <= vAtSpike-5 {
		t.Errorf("V_m was reset: %g after %g", s.value(0), vAtSpike)
	}
	for _, step := range s.spikes.steps[1:] {
		if step-first <= 10 {
			t.Errorf("spike %d steps after the first, within t_ref", step-first)
		}
	}
}

func TestMat2PscExpReceptors(t *testing.T) {
	n := NewMat2PscExp()
	if err := n.CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v", err)
	}
	if err := n.CheckCurrentReceptor(2); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 2: %v", err)
	}
}
