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

// TestMIPGeneratorIntoNeurons: per-target spikes reach neurons that take
// their input straight into the kernel's buffers (iaf_psc_delta, on two
// threads, through two connections of different weight and delay): with
// p_copy 1 each integrates weight times the number of mother spikes.
func TestMIPGeneratorIntoNeurons(t *testing.T) {
	n := newNet(t, 0.1)
	if err := n.k.SetStatus(dict.Dict{"local_num_threads": 2}); err != nil {
		t.Fatal(err)
	}
	g := n.create("mip_generator", 1, dict.Dict{"rate": 500.0, "p_copy": 1.0})
	nrn := n.create("iaf_psc_delta", 4, dict.Dict{"V_th": 1e9, "tau_m": 1e12, "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0})
	sr := n.create("spike_recorder", 1, nil)
	n.connect(g, nrn[:2], "", dict.Dict{"weight": 0.5, "delay": 1.0})
	n.connect(g, nrn[2:], "", dict.Dict{"weight": 0.5, "delay": 1.5})
	n.connect(g, sr, "", nil)
	n.simulate(100)
	// A spike stamped t with delay d has moved V_m by 100 ms if t+d <= 100.
	for i, id := range nrn {
		d := 1.0
		if i >= 2 {
			d = 1.5
		}
		count := 0
		for _, tm := range n.floats(sr[0], "times") {
			if tm+d <= 100+1e-9 {
				count++
			}
		}
		st, err := n.k.NodeStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		if v := st["V_m"].(float64); math.Abs(v-0.5*float64(count)) > 1e-6 { // tau_m 1e12 ms still leaks a little
			t.Errorf("neuron %d: V_m %g, want about %g (%d mother spikes)", id, v, 0.5*float64(count), count)
		}
	}
}
