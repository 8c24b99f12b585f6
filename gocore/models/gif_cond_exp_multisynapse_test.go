package models

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGifCondExpMultisynapseDefaults(t *testing.T) {
	st := NewGifCondExpMultisynapse().Status()
	want := dict.Dict{
		"C_m": 80.0, "g_L": 4.0, "E_L": -70.0, "V_reset": -55.0, "t_ref": 4.0, "I_e": 0.0,
		"Delta_V": 0.5, "V_T_star": -35.0, "lambda_0": 1.0,
		"tau_stc": []float64{}, "q_stc": []float64{}, "tau_sfa": []float64{}, "q_sfa": []float64{},
		"tau_syn": []float64{2}, "E_rev": []float64{0}, "gsl_error_tol": 1e-3,
		"n_receptors": 1, "has_connections": false,
		// NEST's fresh node reports two conductances for its one port.
		"V_m": -70.0, "g": []float64{0, 0}, "E_sfa": 0.0, "I_stc": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "E_sfa", "I_stc"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
	// Any status change trims g to the ports, as in NEST.
	n := NewGifCondExpMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 1.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if g := n.Status()["g"]; !reflect.DeepEqual(g, []float64{0}) {
		t.Errorf("g after a status change = %v, want [0]", g)
	}
}

func TestGifCondExpMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	start := dict.Dict{"tau_syn": []any{2.0, 5.0}, "E_rev": []any{0.0, -80.0}}
	for k, v := range gifStart {
		start[k] = v
	}
	cases := append(gifRejectCases(),
		rejectCase{"only E_rev for a new port count", dict.Dict{"I_e": 10.0, "E_rev": []any{0.0, -80.0, 5.0}}, nesterr.ErrBadProperty, "both arrays"},
		rejectCase{"only tau_syn for a new port count", dict.Dict{"I_e": 10.0, "tau_syn": []any{1.0}}, nesterr.ErrBadProperty, "both arrays"},
		rejectCase{"arrays of different sizes", dict.Dict{"I_e": 10.0, "tau_syn": []any{1.0}, "E_rev": []any{0.0, -80.0, 5.0}}, nesterr.ErrBadProperty, "same size"},
		rejectCase{"tau_syn element zero", dict.Dict{"I_e": 10.0, "tau_syn": []any{1.0, 0.0}}, nesterr.ErrBadProperty, "tau_syn[1]"},
		rejectCase{"receptor rules before the shared ones", dict.Dict{"g_L": 0.0, "tau_syn": []any{1.0, -1.0}}, nesterr.ErrBadProperty, "tau_syn[1]"},
		rejectCase{"gsl_error_tol negative", dict.Dict{"I_e": 10.0, "gsl_error_tol": -1.0}, nesterr.ErrBadProperty, "gsl_error_tol"},
		rejectCase{"E_rev not a list", dict.Dict{"I_e": 10.0, "E_rev": 0.0}, nesterr.ErrTypeMismatch, ""},
	)
	checkRejections(t, func() node.Node { return NewGifCondExpMultisynapse() }, start, cases)
	checkUnknownKeyUnaccessed(t, NewGifCondExpMultisynapse(), "I_e")
	checkGifVectorsCopied(t, NewGifCondExpMultisynapse())
	// The same number of ports may be changed through one array alone.
	n := NewGifCondExpMultisynapse()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_rev": []any{-20.0}}), testEnv()); err != nil {
		t.Errorf("changing E_rev alone: %v", err)
	}
}

func TestGifCondExpMultisynapsePorts(t *testing.T) {
	checkGifPorts(t, NewGifCondExpMultisynapse(), func(k int) dict.Dict {
		tau, e := make([]any, k), make([]any, k)
		for i := range tau {
			tau[i], e[i] = 1.0+float64(i), -10*float64(i)
		}
		return dict.Dict{"tau_syn": tau, "E_rev": e}
	})
}

func TestGifCondExpMultisynapseNegativeWeightStopsTheRun(t *testing.T) {
	n := NewGifCondExpMultisynapse()
	s := newStepper(t, n, dict.Dict{"tau_syn": []any{2.0, 3.0}, "E_rev": []any{0.0, -80.0}})
	s.spike(2, 2, 1)
	s.advance()
	if g := n.Status()["g"].([]float64); g[0] != 0 || g[1] != 2 {
		t.Fatalf("g = %v, want [0 2]", g)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("recovered %v, want BadProperty", err)
		}
	}()
	s.spike(-1, 1, 1)
	t.Error("a negative weight was accepted")
}

func TestGifCondExpMultisynapseGrowsItsIntegrationWithItsPorts(t *testing.T) {
	// Ports added after the first run are integrated too: their
	// conductances decay.
	n := NewGifCondExpMultisynapse()
	s := newStepper(t, n, dict.Dict{"V_T_star": 1e6})
	s.advance()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn": []any{2.0, 3.0}, "E_rev": []any{0.0, -80.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	n.Prepare(testEnv())
	s.spike(5, 2, 1)
	s.advance()
	s.advance()
	g := n.Status()["g"].([]float64)
	if !(g[1] < 5 && g[1] > 4) || !(n.S.Y[0] < -70) {
		t.Errorf("g = %v, V_m %g one step after the spike", g, n.S.Y[0])
	}
}

func TestGifCondExpMultisynapseMatchesGifCondExp(t *testing.T) {
	// Two ports with gif_cond_exp's reversal potentials and time
	// constants give its trajectory (to the integrator's rounding: the
	// leak and the sum are taken differently).
	a := NewGifCondExp()
	b := NewGifCondExpMultisynapse()
	sa := newStepper(t, a, dict.Dict{"V_T_star": 1e6, "tau_syn_ex": 1.5, "tau_syn_in": 4.0, "I_e": 50.0})
	sb := newStepper(t, b, dict.Dict{"V_T_star": 1e6, "tau_syn": []any{1.5, 4.0}, "E_rev": []any{0.0, -85.0}, "I_e": 50.0})
	for k := range 3000 {
		if k%400 == 10 {
			sa.spike(6, 0, 1)
			sb.spike(6, 1, 1)
		}
		if k%700 == 200 {
			sa.spike(-9, 0, 1)
			sb.spike(9, 2, 1)
		}
		sa.advance()
		sb.advance()
		if d := a.S.Y[0] - b.S.Y[0]; d > 1e-9 || d < -1e-9 {
			t.Fatalf("step %d: V_m %.17g vs %.17g", k, a.S.Y[0], b.S.Y[0])
		}
	}
	t.Logf("final V_m %.6f", b.S.Y[0])
}

func TestGifCondExpMultisynapseStatisticsMatchNEST(t *testing.T) {
	// As for gif_cond_exp (testdata/nest310/stats/gif_cond_exp_multisynapse.json),
	// with 100 trials against NEST's 400.
	checkGifStatistics(t, "gif_cond_exp_multisynapse", func() node.Node { return NewGifCondExpMultisynapse() }, 100)
}
