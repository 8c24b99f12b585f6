package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGifCondExpDefaults(t *testing.T) {
	st := NewGifCondExp().Status()
	want := dict.Dict{
		"C_m": 80.0, "g_L": 4.0, "E_L": -70.0, "V_reset": -55.0, "t_ref": 4.0, "I_e": 0.0,
		"Delta_V": 0.5, "V_T_star": -35.0, "lambda_0": 1.0,
		"tau_stc": []float64{}, "q_stc": []float64{}, "tau_sfa": []float64{}, "q_sfa": []float64{},
		"tau_syn_ex": 2.0, "tau_syn_in": 2.0, "E_ex": 0.0, "E_in": -85.0, "gsl_error_tol": 1e-3,
		"V_m": -70.0, "g_ex": 0.0, "g_in": 0.0, "E_sfa": 0.0, "I_stc": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "E_sfa", "I_stc", "g_ex", "g_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestGifCondExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	start := dict.Dict{"g_ex": 1.5, "g_in": 2.5}
	for k, v := range gifStart {
		start[k] = v
	}
	cases := append(gifRejectCases(),
		rejectCase{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "Synapse time constants"},
		rejectCase{"tau_syn_in negative", dict.Dict{"I_e": 10.0, "tau_syn_in": -1.0}, nesterr.ErrBadProperty, "Synapse time constants"},
		rejectCase{"gsl_error_tol negative", dict.Dict{"I_e": 10.0, "gsl_error_tol": -1e-3}, nesterr.ErrBadProperty, "gsl_error_tol"},
		rejectCase{"shared rules before the synapses", dict.Dict{"tau_syn_in": -2.0, "Delta_V": 0.0}, nesterr.ErrBadProperty, "Delta_V"},
		rejectCase{"bad conductance after good parameters", dict.Dict{"I_e": 10.0, "g_ex": "x"}, nesterr.ErrTypeMismatch, ""},
	)
	checkRejections(t, func() node.Node { return NewGifCondExp() }, start, cases)
	checkUnknownKeyUnaccessed(t, NewGifCondExp(), "E_ex")
	checkGifVectorsCopied(t, NewGifCondExp())
}

func TestGifCondExpReceptorsAndConductanceSigns(t *testing.T) {
	n := NewGifCondExp()
	wantErr(t, n.CheckSpikeReceptor("spike_generator", 1), nesterr.ErrUnknownReceptorType)
	wantErr(t, n.CheckCurrentReceptor(1), nesterr.ErrUnknownReceptorType)
	s := newStepper(t, n, dict.Dict{"V_T_star": 1e6})
	s.spike(3, 0, 2)
	s.spike(-4, 0, 1)
	s.advance()
	if n.S.Y[gifCondExpGEx] != 6 || n.S.Y[gifCondExpGIn] != 4 {
		t.Errorf("g_ex %g, g_in %g; want 6 and 4", n.S.Y[gifCondExpGEx], n.S.Y[gifCondExpGIn])
	}
}

func TestGifCondExpSpikeResetAndAdaptationCurrent(t *testing.T) {
	// A spike-triggered current of 800 pA pulls V_m down after the
	// refractory period, from where it was held (V_reset).
	n := NewGifCondExp()
	s := alwaysFiring(n, dict.Dict{"t_ref": 0.3, "V_reset": -60.0, "tau_stc": []any{50.0}, "q_stc": []any{800.0}}, t)
	s.advance() // fires in its first step
	for k := 1; k <= 3; k++ {
		s.advance()
		if n.S.Y[gifCondExpV] != -60 {
			t.Fatalf("refractory step %d: V_m %g, want V_reset", k, n.S.Y[gifCondExpV])
		}
	}
	if !reflect.DeepEqual(s.spikes.steps, []int64{0}) {
		t.Fatalf("spikes %v, want one in step 0", s.spikes.steps)
	}
	// Stop the firing (zero hazard) and watch I_stc act.
	if err := n.SetStatus(dict.NewReader(dict.Dict{"lambda_0": 0.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	s.advance()
	if !(n.S.Y[gifCondExpV] < -60.5) || !(n.S.A.Stc > 700) {
		t.Errorf("V_m %g, I_stc %g after the refractory period", n.S.Y[gifCondExpV], n.S.A.Stc)
	}
}

func TestGifCondExpStatisticsMatchNEST(t *testing.T) {
	// As for gif_psc_exp (testdata/nest310/stats/gif_cond_exp.json), with
	// 100 trials against NEST's 400 (the ODE makes a trial 5 times slower).
	checkGifStatistics(t, "gif_cond_exp", func() node.Node { return NewGifCondExp() }, 100)
}
