package models

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// A rejected SetStatus names the value at fault and changes nothing.
func TestAstrocyteLR1994SetStatusAtomic(t *testing.T) {
	n := NewAstrocyteLR1994()
	cases := []struct {
		d   dict.Dict
		key string
	}{
		{dict.Dict{"IP3_0": 0.3, "tau_IP3": 0.0}, "tau_IP3"},
		{dict.Dict{"IP3_0": 0.3, "SIC_scale": -1.0}, "SIC_scale"},
		{dict.Dict{"IP3_0": 0.3, "h_IP3R": 1.2}, "h_IP3R"},
		{dict.Dict{"IP3_0": 0.3, "Ca_astro": -0.1}, "Ca_astro"},
	}
	for _, c := range cases {
		err := n.SetStatus(dict.NewReader(c.d), testEnv())
		if !errors.Is(err, nesterr.ErrBadProperty) || !strings.Contains(err.Error(), c.key) {
			t.Errorf("%v: got %v, want BadProperty naming %s", c.d, err, c.key)
		}
	}
	if s := n.Status(); s["IP3_0"] != 0.16 || s["h_IP3R"] != 0.793 || s["Ca_astro"] != 0.073 {
		t.Errorf("status changed by rejected calls: %v", s)
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"Ca_astro": 0.5, "SIC_th": 0.2}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if s := n.Status(); s["Ca_astro"] != 0.5 || s["SIC_th"] != 0.2 {
		t.Errorf("status not set: %v", s)
	}
}

// Only aeif_cond_alpha_astro takes slow inward currents, and only the
// astrocyte sends them.
func TestSICEndpoints(t *testing.T) {
	a := NewAstrocyteLR1994()
	if !a.SendsSecondary(node.SlowInwardCurrent) || a.SendsSecondary(node.DelayedRate) || a.SendsSpikes() {
		t.Error("astrocyte_lr_1994 must send slow inward currents only")
	}
	var recv node.SecondaryReceiver = NewAeifCondAlphaAstro()
	if err := recv.CheckSecondaryReceptor(node.SlowInwardCurrent, 0); err != nil {
		t.Error(err)
	}
	if err := recv.CheckSecondaryReceptor(node.SlowInwardCurrent, 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("receptor 1: %v", err)
	}
	if err := recv.CheckSecondaryReceptor(node.GapJunction, 0); !errors.Is(err, nesterr.ErrIllegalConnection) {
		t.Errorf("gap junction: %v", err)
	}
	if _, ok := node.Node(NewAeifCondAlpha()).(node.SecondaryReceiver); ok {
		t.Error("aeif_cond_alpha must not take secondary events")
	}
}
