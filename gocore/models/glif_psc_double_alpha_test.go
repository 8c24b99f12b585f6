package models

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestGlifPscDoubleAlphaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewGlifPscDoubleAlpha() }
	bad := nesterr.ErrBadProperty
	cases := append(glifRejectCases("g"),
		rejectCase{"tau_syn_fast zero", dict.Dict{"tau_syn_fast": []any{0.0}}, bad, "synaptic time constants"},
		rejectCase{"tau_syn_slow negative", dict.Dict{"tau_syn_slow": []any{-6.0}}, bad, "slow synaptic time constants"},
		rejectCase{"amp_slow zero", dict.Dict{"amp_slow": []any{0.0}}, bad, "slow synaptic amplitudes"},
		rejectCase{"fast before slow", dict.Dict{"tau_syn_fast": []any{0.0}, "tau_syn_slow": []any{0.0}}, bad, "tau_syn_fast"},
		rejectCase{"tau_syn is not a key", dict.Dict{"tau_syn": []any{1.0}, "C_m": 0.0}, bad, "Capacitance"},
	)
	checkRejections(t, mk, glifRejectStart, cases)
	checkUnknownKeyUnaccessed(t, NewGlifPscDoubleAlpha(), "C_m")
	r := dict.NewReader(dict.Dict{"tau_syn": []any{1.0}})
	if err := NewGlifPscDoubleAlpha().SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 1 {
		t.Errorf("tau_syn: %v, unused %v; want it left unread", err, r.Unused())
	}
}

func TestGlifPscDoubleAlphaReceptors(t *testing.T) {
	n := NewGlifPscDoubleAlpha()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn_slow": []any{6.0, 6.0}, "amp_slow": []any{0.3, 0.3}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	glifReceptorChecks(t, n, 2, "tau_syn_fast", []any{1.0})
}

// TestGlifPscDoubleAlphaCurrentShape compares I_syn after a spike on each
// port with the closed form w*(a(t; tau_fast) + amp_slow*a(t; tau_slow)),
// a(t; tau) = t/tau*exp(1 - t/tau).
func TestGlifPscDoubleAlphaCurrentShape(t *testing.T) {
	fast, slow, amp := []float64{2, 0.7}, []float64{6, 11}, []float64{0.3, 1.4}
	for port := 1; port <= 2; port++ {
		s := newStepper(t, NewGlifPscDoubleAlpha(), dict.Dict{
			"tau_syn_fast": []any{2.0, 0.7}, "tau_syn_slow": []any{6.0, 11.0, 3.0}, "amp_slow": []any{0.3, 1.4},
		})
		const w = 25.0
		s.spike(w, port, 1)
		s.advance()
		alpha := func(t, tau float64) float64 { return t / tau * math.Exp(1-t/tau) }
		for k := 0; k <= 300; k++ {
			s.advance()
			// I_syn is the current at the start of the step just taken.
			tk := float64(k) * 0.1
			want := w * (alpha(tk, fast[port-1]) + amp[port-1]*alpha(tk, slow[port-1]))
			if got := s.value(3); math.Abs(got-want) > 1e-11 {
				t.Fatalf("port %d, t = %g ms: I_syn = %.17g, closed form %.17g", port, tk, got, want)
			}
		}
	}
}

func TestGlifPscDoubleAlphaTooFewSlowEntries(t *testing.T) {
	n := NewGlifPscDoubleAlpha()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_syn_fast": []any{1.0, 2.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("Prepare with one slow entry for two ports: recovered %v, want BadProperty", err)
		}
	}()
	n.Prepare(testEnv())
}
