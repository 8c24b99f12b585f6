package kernel

import (
	"fmt"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestClopathSynapseMatchesNEST310 runs record_synapses.py's clopath
// scenarios (pairs of presynaptic spikes and driven target spikes, nine
// Simulate calls, a change of the connection's tau_x and x_bar after the
// fourth) on aeif_psc_delta_clopath and hh_psc_alpha_clopath targets, with
// clopath_synapse and clopath_synapse_hpc on 1 and 2 threads: the
// connection's weight and x_bar after every call within 1e-12 of NEST
// 3.10's, the target's spikes exactly.
func TestClopathSynapseMatchesNEST310(t *testing.T) {
	for _, name := range []string{"clopath_synapse", "clopath_synapse_hh"} {
		for _, model := range []string{"clopath_synapse", "clopath_synapse_hpc"} {
			for _, threads := range []int{1, 2} {
				t.Run(fmt.Sprintf("%s/%s/threads=%d", name, model, threads), func(t *testing.T) {
					runSynPairs(t, name, model, threads)
				})
			}
		}
	}
}

// TestClopathSynapseNeedsClopathTarget: NEST refuses clopath_synapse to a
// neuron that keeps no Clopath history (NotImplemented); the sign rules
// of the weight against Wmin and Wmax; the _lbl variant exists.
func TestClopathSynapseNeedsClopathTarget(t *testing.T) {
	k := newKernel()
	p := mustCreate(t, k, "parrot_neuron", 1)
	iaf := mustCreate(t, k, "iaf_psc_alpha", 1)
	cl := mustCreate(t, k, "aeif_psc_delta_clopath", 1)
	wantCategory(t, k.Connect([]int{p}, []int{iaf}, nil, dict.Dict{"synapse_model": "clopath_synapse"}), nesterr.ErrNotImplemented)
	mustConnect(t, k, []int{p}, []int{cl}, nil, dict.Dict{"synapse_model": "clopath_synapse_lbl", "synapse_label": int64(3)})
	// (as in NEST, the signs are checked when the specification has
	// parameters besides weight and delay)
	wantCategory(t, k.Connect([]int{p}, []int{cl}, nil, dict.Dict{"synapse_model": "clopath_synapse", "weight": -1.0, "tau_x": 9.0}), nesterr.ErrBadProperty)
	wantCategory(t, k.Connect([]int{p}, []int{cl}, nil, dict.Dict{"synapse_model": "clopath_synapse", "weight": -1.0, "Wmin": -2.0}), nesterr.ErrBadProperty)
	mustConnect(t, k, []int{p}, []int{cl}, nil, dict.Dict{"synapse_model": "clopath_synapse", "weight": -1.0, "Wmin": -2.0, "Wmax": 0.0})
}
