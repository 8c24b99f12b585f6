package models

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGifPscExpDefaults(t *testing.T) {
	st := NewGifPscExp().Status()
	want := dict.Dict{
		"C_m": 80.0, "g_L": 4.0, "E_L": -70.0, "V_reset": -55.0, "t_ref": 4.0, "I_e": 0.0,
		"Delta_V": 0.5, "V_T_star": -35.0, "lambda_0": 1.0,
		"tau_stc": []float64{}, "q_stc": []float64{}, "tau_sfa": []float64{}, "q_sfa": []float64{},
		"tau_syn_ex": 2.0, "tau_syn_in": 2.0,
		"V_m": -70.0, "E_sfa": 0.0, "I_stc": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "E_sfa", "I_stc", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestGifPscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	cases := append(gifRejectCases(),
		rejectCase{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "Synapse time constants"},
		rejectCase{"tau_syn_in negative", dict.Dict{"I_e": 10.0, "tau_syn_in": -2.0}, nesterr.ErrBadProperty, "Synapse time constants"},
		rejectCase{"shared rules before the synapses", dict.Dict{"tau_syn_in": -2.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
	)
	checkRejections(t, func() node.Node { return NewGifPscExp() }, gifStart, cases)
	checkUnknownKeyUnaccessed(t, NewGifPscExp(), "tau_syn_ex")
	checkGifVectorsCopied(t, NewGifPscExp())
}

func TestGifPscExpReceptors(t *testing.T) {
	n := NewGifPscExp()
	if err := n.CheckSpikeReceptor("spike_generator", 0); err != nil {
		t.Error(err)
	}
	wantErr(t, n.CheckSpikeReceptor("spike_generator", 1), nesterr.ErrUnknownReceptorType)
	if err := n.CheckCurrentReceptor(0); err != nil {
		t.Error(err)
	}
	wantErr(t, n.CheckCurrentReceptor(1), nesterr.ErrUnknownReceptorType)
}

// zeroSource makes every uniform draw 0, so that a gif neuron fires in
// every step in which its hazard is positive: a way to test what follows a
// spike, not NEST's statistics.
type zeroSource struct{}

func (zeroSource) Uint64() uint64 { return 0 }

func alwaysFiring(n node.Node, d dict.Dict, t *testing.T) *stepper {
	s := newStepper(t, n, d)
	env := testEnv()
	env.RNG = rand.New(zeroSource{})
	n.Prepare(env)
	return s
}

func TestGifPscExpSpikeResetRefractoryAndAdaptation(t *testing.T) {
	n := NewGifPscExp()
	s := alwaysFiring(n, dict.Dict{
		"t_ref": 0.5, "V_reset": -60.0, "tau_stc": []any{10.0}, "q_stc": []any{7.0},
		"tau_sfa": []any{30.0}, "q_sfa": []any{4.0},
	}, t)
	s.advance() // fires in its first step
	if len(s.spikes.steps) != 1 || s.spikes.steps[0] != 0 {
		t.Fatalf("spikes %v, want one in step 0", s.spikes.steps)
	}
	if got := n.Status()["t_spike"]; got != 0.1 {
		t.Errorf("t_spike = %v, want 0.1", got)
	}
	// The first step computed the membrane (no clamp yet); the next five
	// (t_ref = 0.5 ms) hold V_m at V_reset and show the jumps.
	for k := 1; k <= 5; k++ {
		s.advance()
		if v := n.S.V; v != -60 {
			t.Fatalf("refractory step %d: V_m = %g, want V_reset", k, v)
		}
	}
	if len(s.spikes.steps) != 1 {
		t.Fatalf("fired while refractory: %v", s.spikes.steps)
	}
	decay := math.Exp(-0.1 / 10)
	if want := 7 * math.Pow(decay, 4); math.Abs(n.S.A.Stc-want) > 1e-12 {
		t.Errorf("I_stc = %.17g, want %.17g", n.S.A.Stc, want)
	}
	if want := -35 + 4*math.Pow(math.Exp(-0.1/30), 4); math.Abs(n.S.A.Sfa-want) > 1e-12 {
		t.Errorf("E_sfa = %.17g, want %.17g", n.S.A.Sfa, want)
	}
	s.advance()
	if len(s.spikes.steps) != 2 || s.spikes.steps[1] != 6 {
		t.Errorf("spikes %v, want the second in step 6", s.spikes.steps)
	}
}

func TestGifPscExpNoDrawWithoutHazard(t *testing.T) {
	// lambda_0 = 0: no hazard, no random number used (as in NEST), never
	// a spike however high V_m.
	n := NewGifPscExp()
	s := newStepper(t, n, dict.Dict{"lambda_0": 0.0, "I_e": 1000.0})
	env := testEnv()
	env.RNG = nil // a draw would panic
	n.Prepare(env)
	for range 1000 {
		s.advance()
	}
	if len(s.spikes.steps) != 0 || n.S.V < 0 {
		t.Errorf("spikes %v, V_m %g", s.spikes.steps, n.S.V)
	}
}

func TestGifPscExpSynapticInputBySign(t *testing.T) {
	n := NewGifPscExp()
	s := newStepper(t, n, dict.Dict{"V_T_star": 1e6})
	s.spike(30, 0, 2)
	s.spike(-12, 0, 1)
	s.advance()
	if n.S.ISynEx != 60 || n.S.ISynIn != -12 {
		t.Errorf("I_syn_ex %g, I_syn_in %g; want 60 and -12", n.S.ISynEx, n.S.ISynIn)
	}
	// The currents entered the membrane in their arrival step.
	if n.S.V == -70 {
		t.Error("V_m did not move in the arrival step")
	}
}

func TestGifPscExpCloneIsIndependent(t *testing.T) {
	n := NewGifPscExp()
	s := alwaysFiring(n, dict.Dict{"tau_stc": []any{10.0}, "q_stc": []any{7.0}}, t)
	s.advance()
	c := n.Clone().(*GifPscExp)
	s.advance()
	if c.S.A.StcElems[0] == n.S.A.StcElems[0] {
		t.Error("the clone's adaptation follows the original")
	}
	if c.Status()["t_spike"] != -1.0 {
		t.Errorf("clone t_spike = %v", c.Status()["t_spike"])
	}
}

func TestGifPscExpStatisticsMatchNEST(t *testing.T) {
	// 200 trials (NEST: 400) of 2 s (after 200 ms warm-up) under constant input with
	// two stc and two sfa components; rate, CV and mean V_m within 3
	// standard errors of NEST's (testdata/nest310/stats/gif_psc_exp.json).
	checkGifStatistics(t, "gif_psc_exp", func() node.Node { return NewGifPscExp() }, 200)
}
