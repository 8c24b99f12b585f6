package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAeifCondBetaMultisynapseDefaults(t *testing.T) {
	st := NewAeifCondBetaMultisynapse().Status()
	want := dict.Dict{
		"C_m": 281.0, "V_th": -50.4, "t_ref": 0.0, "g_L": 30.0, "E_L": -70.6, "V_reset": -60.0,
		"a": 4.0, "b": 80.5, "Delta_T": 2.0, "tau_w": 144.0, "I_e": 0.0, "V_peak": 0.0, "gsl_error_tol": 1e-6,
		"E_rev": []float64{0}, "tau_rise": []float64{2}, "tau_decay": []float64{20}, "n_receptors": 1,
		"has_connections": false, "V_m": -70.6, "w": 0.0, "g": []float64{0}, "dg": []float64{0},
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "g_1", "w"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAeifCondBetaMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAeifCondBetaMultisynapse() }
	start := dict.Dict{"V_m": -65.0, "E_rev": []float64{0, -80}, "tau_rise": []float64{1, 2}, "tau_decay": []float64{3, 4}}
	checkRejections(t, mk, start, []rejectCase{
		{"two of three arrays change the ports", dict.Dict{"E_rev": []float64{0}, "tau_rise": []float64{1}}, nesterr.ErrBadProperty, "must be provided"},
		{"sizes differ", dict.Dict{"E_rev": []float64{0}, "tau_rise": []float64{1}, "tau_decay": []float64{2, 3}}, nesterr.ErrBadProperty, "same size"},
		{"tau_rise zero", dict.Dict{"tau_rise": []float64{0, 1}}, nesterr.ErrBadProperty, "strictly positive"},
		{"tau_decay negative", dict.Dict{"tau_decay": []float64{3, -4}}, nesterr.ErrBadProperty, "strictly positive"},
		{"decay faster than rise", dict.Dict{"tau_rise": []float64{1, 5}}, nesterr.ErrBadProperty, "smaller than or equal"},
		{"V_peak below V_th", dict.Dict{"V_peak": -51.0, "V_reset": -70.0}, nesterr.ErrBadProperty, "V_peak >= V_th"},
		{"tau_w negative", dict.Dict{"tau_w": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"gsl_error_tol negative", dict.Dict{"gsl_error_tol": -1.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		{"tau_syn is no key here", dict.Dict{"tau_syn": "x", "C_m": -1.0}, nesterr.ErrBadProperty, "C_m"},
	})
	// Equal rise and decay times are allowed (the alpha function).
	n := NewAeifCondBetaMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_rise": []float64{5}, "tau_decay": []float64{5}}), testEnv()); err != nil {
		t.Errorf("tau_rise = tau_decay refused: %v", err)
	}
}

func TestAeifCondBetaMultisynapsePorts(t *testing.T) {
	multisynapsePorts(t, func() node.Node { return NewAeifCondBetaMultisynapse() }, func(n int) dict.Dict {
		e, rise, decay := make([]float64, n), make([]float64, n), make([]float64, n)
		for k := range n {
			e[k], rise[k], decay[k] = -10*float64(k), 1, 2+float64(k)
		}
		return dict.Dict{"E_rev": e, "tau_rise": rise, "tau_decay": decay}
	})
}

func TestAeifCondBetaMultisynapseConductancePeaksAtTheWeight(t *testing.T) {
	// g(t) = c*(exp(-t/tau_decay) - exp(-t/tau_rise)), normalized to peak
	// at the weight at t_peak = tau_d tau_r ln(tau_d/tau_r)/(tau_d - tau_r)
	// = 2 ln 2 ms for tau_rise = 1, tau_decay = 2 (about 1.386 ms).
	s := newStepper(t, NewAeifCondBetaMultisynapse(), dict.Dict{"tau_rise": []float64{1}, "tau_decay": []float64{2}})
	s.spike(3.0, 1, 1)
	s.advance()
	peak := 0.0
	for k := 1; k <= 80; k++ {
		s.advance()
		tt := float64(k) * 0.1
		want := 3 / 0.25 * (math.Exp(-tt/2) - math.Exp(-tt))
		if g := s.value(1); math.Abs(g-want) > 1e-5 {
			t.Fatalf("g_1 at %g ms = %.10g, want %.10g", tt, g, want)
		}
		peak = math.Max(peak, s.value(1))
	}
	if math.Abs(peak-3) > 1e-3 {
		t.Errorf("peak %g, want about the weight 3", peak)
	}
}
