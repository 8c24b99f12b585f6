package devices_test

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestMIPGeneratorDefaults(t *testing.T) { checkNEST310Defaults(t, "mip_generator") }

// TestMIPGeneratorCopiesAndFirstSlice: with p_copy 1 every target gets
// the mother train itself, and, as in NEST 3.10, nothing is sent during
// the first slice (the window is tested at the slice origin, 0, which
// start 0 excludes). min_delay is 1 ms here: the first spikes are sent in
// step 10, stamped 1.1 ms, and arrive at the parrots 1 ms later. The
// targets sit on two threads, and a spike_recorder connected to the
// generator directly gets the same train.
func TestMIPGeneratorCopiesAndFirstSlice(t *testing.T) {
	n := newNet(t, 0.1)
	if err := n.k.SetStatus(dict.Dict{"local_num_threads": 2}); err != nil {
		t.Fatal(err)
	}
	g := n.create("mip_generator", 1, dict.Dict{"rate": 2000.0, "p_copy": 1.0})
	p := n.create("parrot_neuron", 3, nil)
	sr := n.create("spike_recorder", 4, nil)
	n.connect(g, p, "", dict.Dict{"delay": 1.0})
	n.connect(p, sr[:3], "one_to_one", nil)
	// The fourth recorder takes the generator's own output, stamped 1 ms
	// before the parrots repeat it.
	n.connect(g, sr[3:], "", nil)
	n.simulate(50)
	direct := n.floats(sr[3], "times")
	first := n.floats(sr[0], "times")
	if len(first) == 0 || first[0] < 2.1-1e-9 {
		t.Fatalf("first spike at %v, want none before 2.1 ms", first)
	}
	if len(direct) < len(first) {
		t.Fatalf("the recorder connected to the generator got %d spikes, the parrots %d", len(direct), len(first))
	}
	for j := range first {
		if math.Abs(direct[j]+1.0-first[j]) > 1e-9 {
			t.Fatalf("spike %d: generator %g, parrot %g, want 1 ms later", j, direct[j], first[j])
		}
	}
	for i := 1; i < 3; i++ {
		other := n.floats(sr[i], "times")
		if len(other) != len(first) {
			t.Fatalf("target %d got %d spikes, target 0 %d", i, len(other), len(first))
		}
		for j := range other {
			if other[j] != first[j] {
				t.Fatalf("target %d spike %d at %g, target 0 at %g", i, j, other[j], first[j])
			}
		}
	}
}
