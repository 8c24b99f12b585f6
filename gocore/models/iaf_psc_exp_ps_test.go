package models

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// NEST 3.10's rules and their order; every time constant must be > 0.
func TestIafPscExpPsRejects(t *testing.T) {
	checkRejections(t, func() node.Node { return NewIafPscExpPs() }, dict.Dict{"V_m": -60.0, "I_syn_ex": 3.0}, []rejectCase{
		{"reset above threshold", dict.Dict{"V_reset": -50.0}, nesterr.ErrBadProperty, "smaller than threshold"},
		{"reset below minimum", dict.Dict{"V_min": -60.0}, nesterr.ErrBadProperty, "greater equal minimum"},
		{"capacitance", dict.Dict{"C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"refractory", dict.Dict{"t_ref": 0.0}, nesterr.ErrBadProperty, "at least one time step"},
		{"tau_syn_ex", dict.Dict{"tau_syn_ex": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_syn_in", dict.Dict{"tau_syn_in": -2.0}, nesterr.ErrBadProperty, "time constants"},
		{"not a number", dict.Dict{"I_syn_in": "x"}, nesterr.ErrTypeMismatch, ""},
	})
}

// The threshold search places a current-driven crossing where the exact
// solution crosses V_th: checked against bisection of the same formula.
func TestIafPscExpPsCrossing(t *testing.T) {
	n := NewIafPscExpPs()
	env := testEnv()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 400.0, "V_m": -55.005}), env); err != nil {
		t.Fatal(err)
	}
	n.Prepare(env)
	em := &psTestEmitter{}
	n.Update(&node.Context{RingLen: env.RingLen, Emit: em}, 0, 0, 1)
	if len(em.offsets) != 1 {
		t.Fatalf("%d spikes", len(em.offsets))
	}
	// V(t) = V0 e^{-t/tau} + R I (1 - e^{-t/tau}) relative to E_L.
	v := func(ts float64) float64 { return 14.995*math.Exp(-ts/10) + 16*(1-math.Exp(-ts/10)) - 15 }
	lo, hi := 0.0, 0.1
	for range 200 {
		if mid := (lo + hi) / 2; v(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	if got := 0.1 - em.offsets[0]; math.Abs(got-lo) > 1e-12 {
		t.Errorf("crossing at %.17g ms into the step, want %.17g", got, lo)
	}
}
