package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestGammaSupGeneratorDefaults(t *testing.T) { checkNEST310Defaults(t, "gamma_sup_generator") }

// TestGammaSupGeneratorSingleSynapseModel: all connections of the device
// use one synapse model, and plastic ones are refused.
func TestGammaSupGeneratorSingleSynapseModel(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("gamma_sup_generator", 1, dict.Dict{"rate": 10.0})
	p := n.create("parrot_neuron", 2, nil)
	n.connect(g, p[:1], "", nil)
	if err := n.k.CopyModel("static_synapse", "my_static", nil); err != nil {
		t.Fatal(err)
	}
	err := n.k.Connect(g, p[1:], nil, dict.Dict{"synapse_model": "my_static"})
	wantError(t, err, nesterr.ErrIllegalConnection)
	g2 := n.create("gamma_sup_generator", 1, nil)
	err = n.k.Connect(g2, p[1:], nil, dict.Dict{"synapse_model": "stdp_synapse"})
	wantError(t, err, nesterr.ErrIllegalConnection)
}

// TestGammaSupGeneratorStateAcrossRuns: splitting a run keeps each
// target's occupation, so the mean rate stays n_proc*rate, and a target
// connected between the runs joins with its own train.
func TestGammaSupGeneratorStateAcrossRuns(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("gamma_sup_generator", 1, dict.Dict{"rate": 50.0, "gamma_shape": 2, "n_proc": 2})
	p := n.create("parrot_neuron", 3, nil)
	sr := n.create("spike_recorder", 1, nil)
	n.connect(g, p[:2], "", nil)
	n.connect(p, sr, "", nil)
	n.simulate(1000)
	n.connect(g, p[2:], "", nil)
	n.simulate(1000)
	counts := map[int64]int{}
	for _, s := range n.ints(sr[0], "senders") {
		counts[s]++
	}
	// Expected 200 and 200 spikes in 2 s (100 in the second second for
	// the late target); Poisson-like spread is about 15.
	for i, want := range []int{200, 200, 100} {
		if c := counts[int64(p[i])]; c < want-60 || c > want+60 {
			t.Errorf("parrot %d: %d spikes, want about %d", p[i], c, want)
		}
	}
}
