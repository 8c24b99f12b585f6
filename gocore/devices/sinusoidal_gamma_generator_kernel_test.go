package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestSinusoidalGammaGeneratorDefaults(t *testing.T) {
	checkNEST310Defaults(t, "sinusoidal_gamma_generator")
}

// TestSinusoidalGammaGeneratorSharedTrain: without individual spike
// trains every target receives the same train.
func TestSinusoidalGammaGeneratorSharedTrain(t *testing.T) {
	n := newNet(t, 0.1)
	if err := n.k.SetDefaults("sinusoidal_gamma_generator", dict.Dict{"individual_spike_trains": false}); err != nil {
		t.Fatal(err)
	}
	g := n.create("sinusoidal_gamma_generator", 1, dict.Dict{"rate": 100.0, "amplitude": 50.0, "frequency": 10.0, "order": 3.0})
	sr := n.create("spike_recorder", 3, nil)
	n.connect(g, sr, "", nil)
	n.simulate(1000)
	first := n.floats(sr[0], "times")
	if len(first) < 50 {
		t.Fatalf("%d spikes, want about 100", len(first))
	}
	for i := 1; i < 3; i++ {
		other := n.floats(sr[i], "times")
		if len(other) != len(first) || other[0] != first[0] || other[len(other)-1] != first[len(first)-1] {
			t.Fatalf("recorder %d has another train (%d spikes, recorder 0 %d)", i, len(other), len(first))
		}
	}
}
