package models

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifCondAlphaMultisynapseDefaults(t *testing.T) {
	st := NewAeifCondAlphaMultisynapse().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"a": 4.0, "b": 80.5, "Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"E_rev": []float64{0}, "tau_syn": []float64{2}, "n_receptors": 1, "has_connections": false,
		"V_m": -70.6, "w": 0.0, "g": []float64{0}, "dg": []float64{0},
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_1", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifCondAlphaMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifCondAlphaMultisynapse() }
	start := dict.Dict{"V_m": -65.0, "w": 5.0, "E_rev": []float64{0, -80}, "tau_syn": []float64{1, 3}}
	checkRejections(t, mk, start, []rejectCase{
		{"E_rev alone changes the ports", dict.Dict{"E_rev": []float64{0, -80, -70}}, nesterr.ErrBadProperty, "must be provided"},
		{"tau_syn alone changes the ports", dict.Dict{"tau_syn": []float64{1}}, nesterr.ErrBadProperty, "must be provided"},
		{"sizes differ", dict.Dict{"E_rev": []float64{0, -80, -70}, "tau_syn": []float64{1, 2}}, nesterr.ErrBadProperty, "same size"},
		{"tau_syn zero", dict.Dict{"tau_syn": []float64{1, 0}}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"V_peak below V_th", dict.Dict{"V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"V_reset at V_peak", dict.Dict{"V_reset": 0.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"Delta_T negative", dict.Dict{"Delta_T": -1.0}, nesterr.ErrBadProperty, "Delta_T must be positive"},
		{"exponential overflow", dict.Dict{"Delta_T": 0.001}, nesterr.ErrBadProperty, "overflow"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "C_m > 0"},
		{"t_ref negative", dict.Dict{"t_ref": -1.0}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_w zero", dict.Dict{"tau_w": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol zero", dict.Dict{"gsl_error_tol": 0.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		// NEST's order: the receptor arrays while reading them, then
		// V_peak, V_reset, Delta_T, C_m, t_ref, tau_w, tolerance.
		{"arrays before V_peak", dict.Dict{"tau_syn": []float64{-1, 1}, "V_peak": -60.0}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"V_peak before V_reset", dict.Dict{"V_peak": -51.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"V_reset before Delta_T", dict.Dict{"V_reset": 1.0, "Delta_T": -1.0}, nesterr.ErrBadProperty, "V_reset < V_peak"},
		{"string for tau_syn", dict.Dict{"tau_syn": "x"}, nesterr.ErrTypeMismatch, ""},
	})
	checkUnknownKeyUnaccessed(t, NewAeifCondAlphaMultisynapse(), "a")
}

// multisynapsePorts checks what the two multisynapse models share about
// their ports: receptors, the port count after connecting, the state
// vector growing at Prepare, the sorted recordables and the refusal of
// negative weights. ports sets n ports with the model's vector keys.
func multisynapsePorts(t *testing.T, mk func() node.Node, ports func(n int) dict.Dict) {
	t.Helper()
	n := mk()
	if err := n.SetStatus(dict.NewReader(ports(3)), testEnv()); err != nil {
		t.Fatal(err)
	}
	rc := n.(node.SpikeReceiver)
	for _, bad := range []int{0, 4} {
		if err := rc.CheckSpikeReceptor(n.Model(), bad); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("spike receptor %d: %v, want IncompatibleReceptorType", bad, err)
		}
	}
	if err := n.(node.CurrentReceiver).CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v, want UnknownReceptorType", err)
	}
	if n.Status()["has_connections"] != false {
		t.Error("has_connections before any connection")
	}
	if err := rc.CheckSpikeReceptor(n.Model(), 3); err != nil {
		t.Fatal(err)
	}
	if n.Status()["has_connections"] != true {
		t.Error("has_connections false after a connection")
	}
	// Connected: fewer ports are refused, more are allowed.
	if err := n.SetStatus(dict.NewReader(ports(2)), testEnv()); !errors.Is(err, nesterr.ErrBadProperty) || !strings.Contains(err.Error(), "cannot be reduced") {
		t.Errorf("reducing the ports of a connected neuron: %v", err)
	}
	if err := n.SetStatus(dict.NewReader(ports(11)), testEnv()); err != nil {
		t.Fatalf("growing the ports of a connected neuron: %v", err)
	}
	st := n.Status()
	// g keeps the size of the last preparation (none yet: one port).
	if st["n_receptors"] != 11 || len(st["g"].([]float64)) != 1 {
		t.Errorf("before Prepare: n_receptors %v, g %v; want 11 and the old single entry", st["n_receptors"], st["g"])
	}
	rec := st["recordables"].([]string)
	if len(rec) != 13 || rec[0] != "V_m" || rec[1] != "g_1" || rec[2] != "g_10" || rec[len(rec)-1] != "w" {
		t.Errorf("recordables %v, want V_m, g_1, g_10, g_11, g_2, ..., w", rec)
	}
	n.Prepare(testEnv())
	if g := n.Status()["g"].([]float64); len(g) != 11 {
		t.Errorf("after Prepare g has %d entries, want 11", len(g))
	}
	func() {
		defer func() {
			r := recover()
			err, ok := r.(error)
			if !ok || !errors.Is(err, nesterr.ErrBadProperty) {
				t.Errorf("negative weight: recovered %v, want a BadProperty panic", r)
			}
		}()
		rc.HandleSpike(&node.SpikeEvent{Slot: 0, Rport: 1, Weight: -1, Multiplicity: 1})
	}()
}

func TestAeifCondAlphaMultisynapsePorts(t *testing.T) {
	multisynapsePorts(t, func() node.Node { return NewAeifCondAlphaMultisynapse() }, func(n int) dict.Dict {
		e, tau := make([]float64, n), make([]float64, n)
		for k := range n {
			e[k], tau[k] = -10*float64(k), 1+float64(k)
		}
		return dict.Dict{"E_rev": e, "tau_syn": tau}
	})
}

func TestAeifCondAlphaMultisynapseConductancesAreAlphaFunctions(t *testing.T) {
	// Each port's conductance is w*(t/tau)*exp(1 - t/tau) with its own
	// tau; g_k is reported in sorted recordable order (V_m, g_1, g_2, w).
	s := newStepper(t, NewAeifCondAlphaMultisynapse(), dict.Dict{"E_rev": []float64{0, -85}, "tau_syn": []float64{0.5, 3}})
	s.spike(4.0, 1, 1)
	s.spike(1.0, 2, 2)
	s.advance()
	for k := 1; k <= 60; k++ {
		s.advance()
		tt := float64(k) * 0.1
		for i, c := range []struct{ w, tau float64 }{{4, 0.5}, {2, 3}} {
			want := c.w * tt / c.tau * math.Exp(1-tt/c.tau)
			if g := s.value(1 + i); math.Abs(g-want) > 1e-5 {
				t.Fatalf("g_%d at %g ms = %.10g, want %.10g", i+1, tt, g, want)
			}
		}
	}
	if fmt.Sprint(s.n.(node.Recordable).Recordables()) != "[V_m g_1 g_2 w]" {
		t.Errorf("recordables %v", s.n.(node.Recordable).Recordables())
	}
}
