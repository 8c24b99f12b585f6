package models

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// Spikes of one step leave in time order, each with its own offset and
// multiplicity; receptor 1 is accepted and ignored, 2 refused.
func TestParrotNeuronPsRepeats(t *testing.T) {
	n := NewParrotNeuronPs()
	env := testEnv()
	n.Prepare(env)
	for _, e := range []node.SpikeEvent{
		{Slot: 1, Offset: 0.02, Multiplicity: 1},
		{Slot: 1, Offset: 0.07, Multiplicity: 2},
		{Slot: 1, Offset: 0.05, Multiplicity: 1, Rport: 1},
	} {
		n.HandleSpike(&e)
	}
	em := &psTestEmitter{}
	n.Update(&node.Context{RingLen: env.RingLen, Emit: em}, 0, 0, 2)
	if len(em.offsets) != 2 || em.offsets[0] != 0.07 || em.mults[0] != 2 || em.offsets[1] != 0.02 || em.steps[1] != 1 {
		t.Fatalf("sent offsets %v mults %v steps %v", em.offsets, em.mults, em.steps)
	}
	if err := n.CheckSpikeReceptor("x", 1); err != nil {
		t.Error(err)
	}
	if err := n.CheckSpikeReceptor("x", 2); err == nil {
		t.Error("receptor 2 accepted")
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_minus": -1.0}), env); err == nil {
		t.Error("tau_minus -1 accepted")
	}
}
