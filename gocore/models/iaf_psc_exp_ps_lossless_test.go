package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// NEST 3.10's rules for the lossless variant, in its order; t_ref 0 is
// allowed here.
func TestIafPscExpPsLosslessRejects(t *testing.T) {
	checkRejections(t, func() node.Node { return NewIafPscExpPsLossless() }, dict.Dict{"V_m": -60.0}, []rejectCase{
		{"reset above threshold", dict.Dict{"V_reset": -50.0}, nesterr.ErrBadProperty, "smaller than threshold"},
		{"reset below minimum", dict.Dict{"V_min": -60.0}, nesterr.ErrBadProperty, "greater than or equal to minimum"},
		{"capacitance", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"refractory", dict.Dict{"t_ref": -0.5}, nesterr.ErrBadProperty, "must not be negative"},
		{"unequal synapses", dict.Dict{"tau_syn_ex": 3.0}, nesterr.ErrBadProperty, "tau_syn_ex == tau_syn_in"},
		{"negative", dict.Dict{"tau_syn_ex": -3.0, "tau_syn_in": -3.0}, nesterr.ErrBadProperty, "strictly positive"},
		{"equal to tau_m", dict.Dict{"tau_syn_ex": 10.0, "tau_syn_in": 10.0}, nesterr.ErrBadProperty, "must differ"},
	})
	n := NewIafPscExpPsLossless()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"t_ref": 0.0}), testEnv()); err != nil {
		t.Errorf("t_ref 0 refused: %v", err)
	}
	st := n.Status()
	if n.Model() != "iaf_psc_exp_ps_lossless" || st["I_syn"] != 0.0 || st["offset"] != 0.0 || len(n.Recordables()) != 4 {
		t.Errorf("model %s, status %v", n.Model(), st)
	}
}
