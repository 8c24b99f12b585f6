package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGifPscExpMultisynapseDefaults(t *testing.T) {
	st := NewGifPscExpMultisynapse().Status()
	want := dict.Dict{
		"C_m": 80.0, "g_L": 4.0, "E_L": -70.0, "V_reset": -55.0, "t_ref": 4.0, "I_e": 0.0,
		"Delta_V": 0.5, "V_T_star": -35.0, "lambda_0": 1.0,
		"tau_stc": []float64{}, "q_stc": []float64{}, "tau_sfa": []float64{}, "q_sfa": []float64{},
		"tau_syn": []float64{2}, "n_receptors": 1, "has_connections": false,
		"V_m": -70.0, "E_sfa": 0.0, "I_stc": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "E_sfa", "I_stc"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestGifPscExpMultisynapseRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	start := dict.Dict{"tau_syn": []any{2.0, 5.0}}
	for k, v := range gifStart {
		start[k] = v
	}
	cases := append(gifRejectCases(),
		rejectCase{"tau_syn element zero", dict.Dict{"I_e": 10.0, "tau_syn": []any{1.0, 0.0, 3.0}}, nesterr.ErrBadProperty, "tau_syn[1]"},
		rejectCase{"shared rules before tau_syn", dict.Dict{"tau_syn": []any{-1.0}, "g_L": 0.0}, nesterr.ErrBadProperty, "Membrane conductance"},
		rejectCase{"tau_syn not a list", dict.Dict{"I_e": 10.0, "tau_syn": "fast"}, nesterr.ErrTypeMismatch, ""},
	)
	checkRejections(t, func() node.Node { return NewGifPscExpMultisynapse() }, start, cases)
	checkUnknownKeyUnaccessed(t, NewGifPscExpMultisynapse(), "I_e")
	checkGifVectorsCopied(t, NewGifPscExpMultisynapse())
}

// checkGifPorts covers the receptor rules of the gif multisynapse models:
// spikes on ports 1..n (IncompatibleReceptorType otherwise), currents on
// 0 only, and a number of ports that may grow but not shrink once there
// are connections. set changes the number of ports to k.
func checkGifPorts(t *testing.T, n node.Node, set func(k int) dict.Dict) {
	t.Helper()
	if err := n.SetStatus(dict.NewReader(set(3)), testEnv()); err != nil {
		t.Fatal(err)
	}
	sr := n.(node.SpikeReceiver)
	for _, p := range []int{0, 4, -1} {
		wantErr(t, sr.CheckSpikeReceptor("spike_generator", p), nesterr.ErrIncompatibleReceptorType)
	}
	if n.Status()["has_connections"] != false {
		t.Error("has_connections after refused connections")
	}
	// Without connections the ports may shrink.
	if err := n.SetStatus(dict.NewReader(set(2)), testEnv()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{1, 2} {
		if err := sr.CheckSpikeReceptor("spike_generator", p); err != nil {
			t.Errorf("port %d: %v", p, err)
		}
	}
	cr := n.(node.CurrentReceiver)
	if err := cr.CheckCurrentReceptor(0); err != nil {
		t.Error(err)
	}
	wantErr(t, cr.CheckCurrentReceptor(1), nesterr.ErrUnknownReceptorType)
	if st := n.Status(); st["has_connections"] != true || st["n_receptors"] != 2 {
		t.Errorf("has_connections %v, n_receptors %v", st["has_connections"], st["n_receptors"])
	}
	before := n.Status()
	wantErr(t, n.SetStatus(dict.NewReader(set(1)), testEnv()), nesterr.ErrBadProperty)
	if !reflect.DeepEqual(before, n.Status()) {
		t.Error("a refused shrink changed the status")
	}
	if err := n.SetStatus(dict.NewReader(set(4)), testEnv()); err != nil {
		t.Errorf("growing with connections: %v", err)
	}
	if n.Status()["n_receptors"] != 4 {
		t.Errorf("n_receptors %v after growing to 4", n.Status()["n_receptors"])
	}
	// A copy keeps the connected flag: the kernel validates on copies.
	if n.Clone().Status()["has_connections"] != true {
		t.Error("a copy lost the connected flag (the kernel validates status changes on copies)")
	}
}

func TestGifPscExpMultisynapsePorts(t *testing.T) {
	checkGifPorts(t, NewGifPscExpMultisynapse(), func(k int) dict.Dict {
		tau := make([]any, k)
		for i := range tau {
			tau[i] = 1.0 + float64(i)
		}
		return dict.Dict{"tau_syn": tau}
	})
}

func TestGifPscExpMultisynapseCurrentsActFromBeforeTheirDecay(t *testing.T) {
	// A spike on port 2 (weight of either sign goes to the port) shows in
	// the port's current in its arrival step but reaches the membrane one
	// step later, unlike in gif_psc_exp.
	n := NewGifPscExpMultisynapse()
	s := newStepper(t, n, dict.Dict{"tau_syn": []any{2.0, 3.0}, "V_T_star": 1e6, "E_L": -70.0})
	s.spike(-40, 2, 1)
	s.advance()
	if n.S.ISyn[0] != 0 || n.S.ISyn[1] != -40 {
		t.Fatalf("port currents %v", n.S.ISyn)
	}
	if n.S.V != -70 {
		t.Errorf("V_m = %.17g in the arrival step, want -70", n.S.V)
	}
	s.advance()
	if !(n.S.V < -70) {
		t.Errorf("V_m = %g one step later, want below rest", n.S.V)
	}
}

func TestGifPscExpMultisynapseSpikeResetAndAdaptation(t *testing.T) {
	n := NewGifPscExpMultisynapse()
	s := alwaysFiring(n, dict.Dict{"t_ref": 0.3, "V_reset": -58.0, "tau_stc": []any{10.0}, "q_stc": []any{7.0}}, t)
	for range 4 {
		s.advance()
	}
	if !reflect.DeepEqual(s.spikes.steps, []int64{0}) || n.S.V != -58 || n.S.A.Stc == 0 {
		t.Errorf("spikes %v, V_m %g, I_stc %g", s.spikes.steps, n.S.V, n.S.A.Stc)
	}
	s.advance()
	if !reflect.DeepEqual(s.spikes.steps, []int64{0, 4}) {
		t.Errorf("spikes %v, want steps 0 and 4", s.spikes.steps)
	}
}

func TestGifPscExpMultisynapseStatisticsMatchNEST(t *testing.T) {
	// As for gif_psc_exp (testdata/nest310/stats/gif_psc_exp_multisynapse.json).
	checkGifStatistics(t, "gif_psc_exp_multisynapse", func() node.Node { return NewGifPscExpMultisynapse() }, 200)
}
