package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestPulsePacketGeneratorIntoSpikeRecorder sends pulse packets straight
// to a spike_recorder, with the window 75 to 225 ms around two of four
// pulse times. The packets at 10 and 275 ms lie more than ten sdev
// outside the window, so with overwhelming probability exactly the two
// packets inside arrive whole, and every spike is recorded inside the
// window.
func TestPulsePacketGeneratorIntoSpikeRecorder(t *testing.T) {
	const (
		start, stop = 75.0, 225.0 // ms
		activity    = 10
	)
	n := newNet(t, 0.1)
	ppg := n.create("pulsepacket_generator", 1, dict.Dict{
		"start": start, "stop": stop, "pulse_times": []any{10.0, 125.0, 175.0, 275.0}, "activity": activity, "sdev": 5.0,
	})
	sr := n.create("spike_recorder", 1, nil)
	n.connect(ppg, sr, "", nil)
	n.simulate(300.0)
	times := n.floats(sr[0], "times")
	if len(times) != 2*activity {
		t.Fatalf("%d spikes, want %d", len(times), 2*activity)
	}
	for _, tm := range times {
		if tm < start || tm > stop {
			t.Errorf("spike at %g ms, outside [%g, %g]", tm, start, stop)
		}
	}
}

// TestPulsePacketGeneratorSameSpikesToAllTargets: one generator's packet
// reaches all its targets identically (NEST sends one event with the
// multiplicity of each step), here two parrots.
func TestPulsePacketGeneratorSameSpikesToAllTargets(t *testing.T) {
	n := newNet(t, 0.1)
	ppg := n.create("pulsepacket_generator", 1, dict.Dict{"pulse_times": []any{20.0}, "activity": 50, "sdev": 3.0})
	parrots := n.create("parrot_neuron", 2, nil)
	sr := n.create("spike_recorder", 1, nil)
	n.connect(ppg, parrots, "", nil)
	n.connect(parrots, sr, "", nil)
	n.simulate(60.0)
	senders, times := n.ints(sr[0], "senders"), n.floats(sr[0], "times")
	by := map[int64][]float64{}
	for i, s := range senders {
		by[s] = append(by[s], times[i])
	}
	a, b := by[int64(parrots[0])], by[int64(parrots[1])]
	if len(a) != 50 || len(b) != 50 {
		t.Fatalf("parrots repeated %d and %d spikes, want 50 each", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("spike %d at %g and %g ms; the same packet expected", i, a[i], b[i])
		}
	}
}
