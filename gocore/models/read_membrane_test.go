package models

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestStatusChangeKeepsMembraneBits: a status change that gives neither
// V_m nor E_L leaves the potential relative to E_L bit for bit (NEST
// shifts it by the change of E_L only), so freezing or setting I_e
// during a run does not change the trajectory. A value is chosen whose
// round trip through V_m = V_rel + E_L loses its last bit.
func TestStatusChangeKeepsMembraneBits(t *testing.T) {
	n := NewIafPscAlpha()
	vRel := 0.13436424411240122 // a variable: Go folds constant expressions exactly
	n.S.VRel = vRel
	if el := -70.0; (vRel+el)-el == vRel {
		t.Fatal("the chosen value survives the round trip; the test would prove nothing")
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 50.0}), nil); err != nil {
		t.Fatal(err)
	}
	if n.S.VRel != vRel {
		t.Errorf("V_rel after setting I_e = %.17g, want %.17g unchanged", n.S.VRel, vRel)
	}
	// Changing E_L keeps the absolute potential (to rounding).
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -65.0}), nil); err != nil {
		t.Fatal(err)
	}
	if got, want := n.S.VRel+n.P.EL, vRel-70.0; math.Abs(got-want) > 1e-13 {
		t.Errorf("V_m after changing E_L = %.17g, want %.17g", got, want)
	}
}
