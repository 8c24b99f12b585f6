package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// NEST 3.10's rules and their order; the synaptic currents are reported
// but not settable (left unaccessed, so the kernel refuses them).
func TestIafPscAlphaPsRejects(t *testing.T) {
	checkRejections(t, func() node.Node { return NewIafPscAlphaPs() }, dict.Dict{"V_m": -60.0, "tau_syn_ex": 3.0}, []rejectCase{
		{"reset above threshold", dict.Dict{"V_reset": -50.0}, nesterr.ErrBadProperty, "smaller than threshold"},
		{"reset below minimum", dict.Dict{"V_min": -60.0}, nesterr.ErrBadProperty, "greater equal minimum"},
		{"capacitance", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"refractory", dict.Dict{"t_ref": -1.0}, nesterr.ErrBadProperty, "at least one time step"},
		{"tau_syn_in", dict.Dict{"tau_syn_in": 0.0}, nesterr.ErrBadProperty, "time constants"},
	})
	n := NewIafPscAlphaPs()
	r := dict.NewReader(dict.Dict{"I_syn_ex": 1.0, "dI_syn_in": 2.0})
	if err := n.SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 2 {
		t.Errorf("currents: err %v, unused %v", err, r.Unused())
	}
}
