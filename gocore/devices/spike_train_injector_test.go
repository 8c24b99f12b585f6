package devices_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestSpikeTrainInjectorDefaults(t *testing.T) { checkNEST310Defaults(t, "spike_train_injector") }

// TestNEST310SpikeTrainInjector repeats record_devices.py's
// spike_train_injector scenario: the injector drives an iaf_psc_alpha
// through an stdp_synapse while a spike_generator makes the neuron spike,
// and a parrot repeats the injector. Every spike and the final weight
// must equal NEST's.
func TestNEST310SpikeTrainInjector(t *testing.T) {
	for _, threads := range []int{1, 2} {
		n := newNet(t, 0.1)
		if err := n.k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
			t.Fatal(err)
		}
		inj := n.create("spike_train_injector", 1, dict.Dict{
			"spike_times":          []any{5.0, 12.3, 20.0, 20.0, 31.7, 45.0, 58.2, 70.0, 83.4, 95.0, 110.0, 140.5, 160.0, 180.0},
			"spike_multiplicities": []any{1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		})
		nrn := n.create("iaf_psc_alpha", 1, nil)
		drv := n.create("spike_generator", 1, dict.Dict{"spike_times": []any{8.0, 10.0, 30.0, 44.0, 60.0, 85.0, 90.0, 120.0, 139.0, 165.0}})
		sr := n.create("spike_recorder", 1, nil)
		par := n.create("parrot_neuron", 1, nil)
		n.connect(inj, nrn, "", dict.Dict{"synapse_model": "stdp_synapse", "weight": 20.0, "delay": 1.0, "alpha": 0.8, "lambda": 0.05})
		n.connect(drv, nrn, "", dict.Dict{"weight": 2000.0})
		n.connect([]int{inj[0], nrn[0]}, sr, "", nil)
		n.connect(inj, par, "", dict.Dict{"delay": 2.0})
		n.connect(par, sr, "", nil)
		n.simulate(100)
		n.simulate(100)
		compareEvents(t, n, sr[0], filepath.Join(devicesRef, "spike_train_injector", "events.csv"))
		var final struct {
			Weight float64 `json:"weight"`
		}
		readJSON(t, filepath.Join(devicesRef, "spike_train_injector", "final.json"), &final)
		c, err := n.k.GetConnections(inj, nrn, "")
		if err != nil || len(c.Weight) != 1 {
			t.Fatalf("connections %v, %v", c, err)
		}
		if c.Weight[0] != final.Weight {
			t.Errorf("threads %d: weight %.17g, NEST %.17g (%.3g apart)", threads, c.Weight[0], final.Weight, math.Abs(c.Weight[0]-final.Weight))
		}
		st, _ := n.k.NodeStatus(inj[0])
		if st["element_type"] != "neuron" {
			t.Errorf("element_type %v, want neuron", st["element_type"])
		}
	}
}
