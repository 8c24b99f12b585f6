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

func TestAeifCondAlphaDefaults(t *testing.T) {
	st := NewAeifCondAlpha().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"E_ex": 0.0, "E_in": -85.0, "tau_syn_ex": 0.2, "tau_syn_in": 2.0, "a": 4.0, "b": 80.5,
		"Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"V_m": -70.6, "g_ex": 0.0, "g_in": 0.0, "dg_ex": 0.0, "dg_in": 0.0, "w": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_ex", "g_in", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifCondAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifCondAlpha() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "w": 5.0, "dg_ex": 0.5}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset at V_peak", dict.Dict{"I_e": 10.0, "V_reset": 0.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"I_e": 10.0, "Delta_T": -0.1}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		{"exponential overflow", dict.Dict{"I_e": 10.0, "Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"V_peak below V_th", dict.Dict{"I_e": 10.0, "V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_w negative", dict.Dict{"I_e": 10.0, "tau_w": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol zero", dict.Dict{"I_e": 10.0, "gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"negative g_ex", dict.Dict{"I_e": 10.0, "g_ex": -1.0}, nesterr.ErrBadProperty, "Conductances"},
		{"negative g_in", dict.Dict{"I_e": 10.0, "g_in": -1e-9}, nesterr.ErrBadProperty, "Conductances"},
		// NEST's order for this model: V_reset, Delta_T, overflow, V_peak
		// (unlike aeif_cond_exp), C_m, t_ref, time constants, tolerance.
		{"V_reset before V_peak", dict.Dict{"V_peak": -60.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T before V_peak", dict.Dict{"Delta_T": -1.0, "V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "Delta_T"},
		{"parameters before state", dict.Dict{"tau_w": 0.0, "g_ex": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"string for a parameter", dict.Dict{"a": "four"}, nesterr.ErrTypeMismatch, ""},
		{"string for dg_in", dict.Dict{"b": 1.0, "dg_in": "x"}, nesterr.ErrTypeMismatch, ""},
	})
	checkUnknownKeyUnaccessed(t, NewAeifCondAlpha(), "dg_ex")
}

func TestAeifCondAlphaReceptors(t *testing.T) {
	n := NewAeifCondAlpha()
	if err := n.CheckSpikeReceptor("aeif_cond_alpha", 0); err != nil {
		t.Errorf("receptor 0 refused: %v", err)
	}
	if err := n.CheckSpikeReceptor("aeif_cond_alpha", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v, want UnknownReceptorType", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v, want UnknownReceptorType", err)
	}
}

func TestAeifCondAlphaConductanceIsAnAlphaFunction(t *testing.T) {
	// A spike of weight w starts w*(t/tau)*exp(1 - t/tau): g_ex peaks at w
	// tau_syn_ex after the spike, g_in likewise for a negative weight.
	s := newStepper(t, NewAeifCondAlpha(), dict.Dict{"tau_syn_ex": 1.0, "tau_syn_in": 3.0})
	s.spike(2.0, 0, 1)
	s.spike(-0.5, 0, 2)
	s.advance()
	var gEx, gIn []float64
	for range 100 {
		s.advance()
		gEx = append(gEx, s.value(1))
		gIn = append(gIn, s.value(2))
	}
	for _, c := range []struct {
		name       string
		g          []float64
		tau, w     float64
		peakAtStep int
	}{{"g_ex", gEx, 1, 2, 10}, {"g_in", gIn, 3, 1, 30}} {
		for k, g := range c.g {
			tt := float64(k+1) * 0.1
			want := c.w * tt / c.tau * math.Exp(1-tt/c.tau)
			if math.Abs(g-want) > 1e-6*c.w {
				t.Fatalf("%s at %g ms = %.12g, want %.12g", c.name, tt, g, want)
			}
		}
		if g := c.g[c.peakAtStep-1]; math.Abs(g-c.w) > 1e-6 {
			t.Errorf("%s peak %g, want %g", c.name, g, c.w)
		}
	}
}

func TestAeifCondAlphaSpikesAndAdapts(t *testing.T) {
	// A strong current: the neuron fires, each spike resets V_m and
	// raises w by b, and the intervals lengthen.
	s := newStepper(t, NewAeifCondAlpha(), dict.Dict{"I_e": 1000.0, "t_ref": 1.0})
	for range 5000 {
		s.advance()
	}
	isi := isiSteps(s.spikes.steps)
	if len(isi) < 10 || isi[len(isi)-1] <= isi[0] {
		t.Errorf("intervals %v: want an adapting train", isi)
	}
}

func TestAeifCondAlphaCloneIsIndependent(t *testing.T) {
	n := NewAeifCondAlpha()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 5.0, "dg_ex": 1.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	c := n.Clone()
	if c.Model() != "aeif_cond_alpha" || !reflect.DeepEqual(c.Status(), n.Status()) {
		t.Fatalf("clone status %v", c.Status())
	}
	if err := c.SetStatus(dict.NewReader(dict.Dict{"I_e": 7.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if n.Status()["I_e"] != 5.0 {
		t.Error("changing the clone changed the original")
	}
}
