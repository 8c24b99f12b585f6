package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestSpikeDilutorDefaults(t *testing.T) { checkNEST310Defaults(t, "spike_dilutor") }

// TestSpikeDilutorRefusals: several threads (at Simulate), receptors other
// than 0, and a second synapse model are refused as in NEST.
func TestSpikeDilutorRefusals(t *testing.T) {
	n := newNet(t, 0.1)
	if err := n.k.SetStatus(dict.Dict{"local_num_threads": 2}); err != nil {
		t.Fatal(err)
	}
	n.create("spike_dilutor", 1, nil)
	wantError(t, n.k.Simulate(1), nesterr.ErrKernelException)

	n = newNet(t, 0.1)
	sg := n.create("spike_generator", 1, nil)
	d := n.create("spike_dilutor", 1, nil)
	wantError(t, n.k.Connect(sg, d, nil, dict.Dict{"receptor_type": 1}), nesterr.ErrUnknownReceptorType)
	p := n.create("parrot_neuron", 2, nil)
	n.connect(d, p[:1], "", nil)
	if err := n.k.CopyModel("static_synapse", "other", nil); err != nil {
		t.Fatal(err)
	}
	wantError(t, n.k.Connect(d, p[1:], nil, dict.Dict{"synapse_model": "other"}), nesterr.ErrIllegalConnection)
}
