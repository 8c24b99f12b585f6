package kernel

import (
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestDopamineSynapseErrors covers the checks that need a transmitter.
func TestDopamineSynapseErrors(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "parrot_neuron", 2)
	vt := mustCreate(t, k, "volume_transmitter", 1)
	if err := k.SetDefaults("stdp_dopamine_synapse", dict.Dict{"volume_transmitter": []any{float64(vt)}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := k.Defaults("stdp_dopamine_synapse"); !slices.Equal(d["volume_transmitter"].([]int), []int{vt}) {
		t.Errorf("volume_transmitter %v", d["volume_transmitter"])
	}
	for _, c := range []struct {
		spec dict.Dict
		want *nesterr.Category
	}{
		{dict.Dict{"tau_c": 3.0}, nesterr.ErrNotImplemented},
		{dict.Dict{"volume_transmitter": float64(vt)}, nesterr.ErrNotImplemented},
		{dict.Dict{"Kplus": -1.0}, nesterr.ErrBadProperty},
	} {
		wantCategory(t, k.Connect([]int{1}, []int{2}, nil, withModel(c.spec, "stdp_dopamine_synapse")), c.want)
	}
	if k.NumConnections() != 0 {
		t.Errorf("%d connections after refused calls", k.NumConnections())
	}
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": "stdp_dopamine_synapse", "c": 3.0, "n": 0.5})
	wantCategory(t, k.SetNodeStatus([]int{vt}, []dict.Dict{{"deliver_interval": 0.0}}), nesterr.ErrBadProperty)
	// A copy keeps the transmitter.
	if err := k.CopyModel("stdp_dopamine_synapse", "dopa2", nil); err != nil {
		t.Fatal(err)
	}
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": "dopa2"})
	mustSimulate(t, k, 10)

	// With two threads NEST refuses c and n in Connect.
	k2 := newKernel()
	if err := k2.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, k2, "parrot_neuron", 2)
	vt2 := mustCreate(t, k2, "volume_transmitter", 1)
	if err := k2.SetDefaults("stdp_dopamine_synapse", dict.Dict{"volume_transmitter": float64(vt2)}); err != nil {
		t.Fatal(err)
	}
	wantCategory(t, k2.Connect([]int{1}, []int{2}, nil, dict.Dict{"synapse_model": "stdp_dopamine_synapse", "n": 0.5}), nesterr.ErrNotImplemented)
}
