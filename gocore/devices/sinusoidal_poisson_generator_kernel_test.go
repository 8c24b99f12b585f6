package devices_test

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// sinusoidalParrotTrains drives 20 parrots from one
// sinusoidal_poisson_generator (100 spikes/s modulated by 50 spikes/s at
// 10 Hz) for ms and returns the spike times each parrot repeated.
func sinusoidalParrotTrains(t *testing.T, individual bool, ms float64) [][]float64 {
	t.Helper()
	n := newNet(t, 0.1)
	if err := n.k.SetDefaults("sinusoidal_poisson_generator", dict.Dict{"individual_spike_trains": individual}); err != nil {
		t.Fatal(err)
	}
	g := n.create("sinusoidal_poisson_generator", 1, dict.Dict{"rate": 100.0, "amplitude": 50.0, "frequency": 10.0})
	parrots := n.create("parrot_neuron", 20, nil)
	sr := n.create("spike_recorder", 1, nil)
	n.connect(g, parrots, "", nil)
	n.connect(parrots, sr, "", nil)
	n.simulate(ms)
	senders, times := n.ints(sr[0], "senders"), n.floats(sr[0], "times")
	trains := make([][]float64, len(parrots))
	for i, s := range senders {
		trains[int(s)-parrots[0]] = append(trains[int(s)-parrots[0]], times[i])
	}
	return trains
}

// TestSinusoidalPoissonGeneratorTrains: with individual_spike_trains each
// parrot gets its own train, without it all get the same one. Over whole
// periods the modulation averages out, so each train has the mean rate:
// 20 trains of 100 spikes/s over 10 s (less the last delay) hold about
// 20000 spikes, Poisson with sd 141 when independent; five sd bound the
// test. The shared train's count is that of a single train, sd 32.
func TestSinusoidalPoissonGeneratorTrains(t *testing.T) {
	const ms = 10000.0
	// Spikes sent in the last 2 ms (two delays) are still on their way when
	// the run ends.
	expected := 100.0 * (ms - 2.0) / 1000
	ind := sinusoidalParrotTrains(t, true, ms)
	total := 0
	distinct := map[int]bool{}
	for _, tr := range ind {
		total += len(tr)
		distinct[len(tr)] = true
	}
	if d := math.Abs(float64(total) - 20*expected); d > 5*math.Sqrt(20*expected) {
		t.Errorf("individual trains: %d spikes, want %g +- %g", total, 20*expected, 5*math.Sqrt(20*expected))
	}
	if len(distinct) < 2 {
		t.Errorf("individual trains all of the same length %v", distinct)
	}

	shared := sinusoidalParrotTrains(t, false, ms)
	for i, tr := range shared[1:] {
		if len(tr) != len(shared[0]) {
			t.Fatalf("shared train: parrot %d repeated %d spikes, parrot 0 %d", i+1, len(tr), len(shared[0]))
		}
		for j := range tr {
			if tr[j] != shared[0][j] {
				t.Fatalf("shared train: parrot %d spike %d at %g, parrot 0 at %g", i+1, j, tr[j], shared[0][j])
			}
		}
	}
	if d := math.Abs(float64(len(shared[0])) - expected); d > 5*math.Sqrt(expected) {
		t.Errorf("shared train: %d spikes, want %g +- %g", len(shared[0]), expected, 5*math.Sqrt(expected))
	}
}

// TestSinusoidalPoissonGeneratorMultimeterRate records the rate with a
// multimeter, as NEST's example does: the sample at t is the rate at t,
// rate + amplitude*sin(omega*t + phase) clipped at 0 (here phase 90
// degrees, so a cosine of amplitude 10000 around 0).
func TestSinusoidalPoissonGeneratorMultimeterRate(t *testing.T) {
	n := newNet(t, 0.01)
	g := n.create("sinusoidal_poisson_generator", 1, dict.Dict{"rate": 0.0, "amplitude": 10000.0, "frequency": 5.0, "phase": 90.0})
	mm := n.create("multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"rate"}})
	sr := n.create("spike_recorder", 1, nil)
	n.connect(mm, g, "", nil)
	n.connect(g, sr, "", nil)
	n.simulate(200.0)
	ts, rs := n.floats(mm[0], "times"), n.floats(mm[0], "rate")
	// The last slice's samples (min_delay 1 ms) come with a later run.
	if len(ts) != 1990 {
		t.Fatalf("%d samples, want 1990", len(ts))
	}
	for i, tm := range ts {
		want := max(0, 10000*math.Cos(2*math.Pi*5/1000*tm))
		// The oscillator has turned up to 20000 times, each adding a few
		// ulp of its amplitude (10 spikes/ms): at most about
		// 20000 * 4 * 1.1e-16 * 1e4 = 9e-8 spikes/s (observed 1e-9).
		if d := math.Abs(rs[i] - want); d > 1e-7 {
			t.Fatalf("rate at %g ms = %.17g, want %.17g", tm, rs[i], want)
		}
	}
	if len(n.floats(sr[0], "times")) == 0 {
		t.Error("no spikes recorded")
	}
}
