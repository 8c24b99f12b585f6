package models

import (
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestAmat2PscExpDefaults(t *testing.T) {
	st := NewAmat2PscExp().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "C_m": 200.0, "tau_m": 10.0, "tau_syn_ex": 1.0, "tau_syn_in": 3.0,
		"t_ref": 2.0, "tau_1": 10.0, "tau_2": 200.0, "alpha_1": 10.0, "alpha_2": 0.0, "omega": -65.0,
		"beta": 0.0, "tau_v": 5.0,
		"V_m": -70.0, "V_th": -65.0, "V_th_alpha_1": 0.0, "V_th_alpha_2": 0.0, "V_th_v": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "V_th", "V_th_v", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestAmat2PscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewAmat2PscExp() }
	start := dict.Dict{"V_m": -65.0, "beta": 0.5, "V_th_v": 1.0}
	checkRejections(t, mk, start, []rejectCase{
		{"C_m negative", dict.Dict{"C_m": -2.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_v zero", dict.Dict{"tau_v": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref zero", dict.Dict{"t_ref": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_m equal to tau_v", dict.Dict{"tau_m": 5.0}, nesterr.ErrBadProperty, "tau_m must differ"},
		{"tau_m equal to tau_syn_in", dict.Dict{"tau_syn_in": 10.0}, nesterr.ErrBadProperty, "tau_m must differ"},
		{"tau_v equal to tau_syn_ex", dict.Dict{"tau_v": 1.0}, nesterr.ErrBadProperty, "tau_v must differ"},
		{"tau_m rule before tau_v rule", dict.Dict{"tau_v": 3.0, "tau_m": 1.0}, nesterr.ErrBadProperty, "tau_m must differ"},
		{"positivity before equality", dict.Dict{"tau_v": 1.0, "tau_1": -1.0}, nesterr.ErrBadProperty, "time constants"},
		{"string for beta", dict.Dict{"beta": "big"}, nesterr.ErrTypeMismatch, ""},
		{"string for V_th_v", dict.Dict{"V_th_v": "x"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_th_v": 2.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewAmat2PscExp(), "tau_v")
	// The synaptic time constants may coincide.
	n := NewAmat2PscExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn_ex": 3.0}), testEnv()); err != nil {
		t.Errorf("tau_syn_ex = tau_syn_in: %v", err)
	}
}

func TestAmat2PscExpWithoutBetaIsMat2(t *testing.T) {
	// With beta = 0 the voltage component stays 0 and amat2 follows the
	// mat2 dynamics with the same parameters (up to the propagators'
	// different closed forms).
	params := dict.Dict{"I_e": 500.0, "tau_m": 8.0, "C_m": 150.0, "omega": -60.0, "alpha_1": 8.0, "alpha_2": 1.0}
	a := newStepper(t, NewAmat2PscExp(), params)
	m := newStepper(t, NewMat2PscExp(), params)
	for k := range 3000 {
		a.advance()
		m.advance()
		if a.value(2) != 0 {
			t.Fatalf("step %d: V_th_v = %g with beta 0", k, a.value(2))
		}
		if math.Abs(a.value(0)-m.value(0)) > 1e-9 || math.Abs(a.value(1)-m.value(1)) > 1e-9 {
			t.Fatalf("step %d: amat2 (V_m %.17g, V_th %.17g), mat2 (%.17g, %.17g)", k, a.value(0), a.value(1), m.value(0), m.value(1))
		}
	}
	if len(a.spikes.steps) < 5 || !reflect.DeepEqual(a.spikes.steps, m.spikes.steps) {
		t.Errorf("spikes: amat2 %v, mat2 %v", a.spikes.steps, m.spikes.steps)
	}
}

func TestAmat2PscExpVoltageComponent(t *testing.T) {
	// The voltage component filters dV/dt: with an (almost) infinite
	// tau_m a constant current I makes dV/dt = I/C, and V_th_v follows
	// the filter's step response beta*(I/C)*tau_v^2*(1 - (1 + t/tau_v)*exp(-t/tau_v)),
	// to within the O(t/tau_m) effect of the finite tau_m.
	const i, c, beta, tauV, tauM = 100.0, 200.0, 0.3, 6.0, 1e5
	s := newStepper(t, NewAmat2PscExp(), dict.Dict{"tau_m": tauM, "C_m": c, "beta": beta, "tau_v": tauV, "I_e": i, "omega": 1e6})
	for k := 1; k <= 400; k++ {
		s.advance()
		tk := float64(k) * 0.1
		want := beta * i / c * tauV * tauV * (1 - (1+tk/tauV)*math.Exp(-tk/tauV))
		if got := s.value(2); math.Abs(got-want) > 2e-3*math.Abs(want) {
			t.Fatalf("t = %g: V_th_v %.17g, want %.17g", tk, got, want)
		}
	}
}

func TestCubeIsCorrectlyRounded(t *testing.T) {
	for _, x := range []float64{5, 6.5, 0.1, 1.0 / 3, 123.456, 7e-3, 2.718281828459045} {
		exact := new(big.Float).SetPrec(300).SetFloat64(x)
		exact.Mul(exact, new(big.Float).SetPrec(300).SetFloat64(x))
		exact.Mul(exact, new(big.Float).SetPrec(300).SetFloat64(x))
		want, _ := exact.Float64()
		if got := cube(x); got != want {
			t.Errorf("cube(%g) = %.17g, want %.17g", x, got, want)
		}
	}
}
