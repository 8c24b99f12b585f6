package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestPPDSupGeneratorDefaults(t *testing.T) { checkNEST310Defaults(t, "ppd_sup_generator") }

// TestPPDSupGeneratorDeadTime: a single component never fires twice
// within its dead time, and fires at about its rate.
func TestPPDSupGeneratorDeadTime(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("ppd_sup_generator", 1, dict.Dict{"rate": 40.0, "dead_time": 20.0, "n_proc": 1})
	p := n.create("parrot_neuron", 10, nil)
	sr := n.create("spike_recorder", 1, nil)
	n.connect(g, p, "", nil)
	n.connect(p, sr, "", nil)
	n.simulate(5000)
	last := map[int64]float64{}
	senders, times := n.ints(sr[0], "senders"), n.floats(sr[0], "times")
	for i, s := range senders {
		if prev, ok := last[s]; ok && times[i]-prev < 20.0-1e-9 {
			t.Fatalf("parrot %d fired at %g and %g, within the dead time", s, prev, times[i])
		}
		last[s] = times[i]
	}
	// 10 trains of 40 spikes/s for 5 s: 2000 expected; the spread of a
	// dead-time process is below Poisson's (about 45).
	if c := len(senders); c < 1800 || c > 2200 {
		t.Errorf("%d spikes, want about 2000", c)
	}
}
