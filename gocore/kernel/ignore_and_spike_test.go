package kernel

import (
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// recordedTimes runs the kernel for ms and returns the spike times the
// recorder sr holds.
func recordedTimes(t *testing.T, k *Kernel, sr int, ms float64) []float64 {
	t.Helper()
	mustSimulate(t, k, ms)
	tab, err := k.Recording(sr)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Clone(tab.Float64s(tab.Index("times")))
}

func TestIgnoreAndSpikeForcesRegularSpikes(t *testing.T) {
	// An iaf_psc_delta far below threshold spikes only when forced: the
	// first spike offset after the times were set, then every interval,
	// the countdown going on across Simulate calls. Setting a new offset
	// restarts the countdown from that moment.
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 0.5}); err != nil {
		t.Fatal(err)
	}
	n := mustCreate(t, k, "iaf_psc_delta", 1, dict.Dict{
		"ignore_and_spike": true, "ignore_and_spike_offset": 2.0, "ignore_and_spike_interval": 3.0,
	})
	quiet := mustCreate(t, k, "iaf_psc_delta", 1) // the switch is per node
	sr := mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{n, quiet}, []int{sr}, nil, nil)

	got := recordedTimes(t, k, sr, 10)
	if want := []float64{2, 5, 8}; !slices.Equal(got, want) {
		t.Fatalf("spikes in the first 10 ms at %v, want %v", got, want)
	}
	got = recordedTimes(t, k, sr, 10)
	if want := []float64{2, 5, 8, 11, 14, 17, 20}; !slices.Equal(got, want) {
		t.Fatalf("spikes after 20 ms at %v, want %v (the countdown goes on)", got, want)
	}
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"ignore_and_spike_offset": 1.5, "ignore_and_spike_interval": 4.0}}); err != nil {
		t.Fatal(err)
	}
	got = recordedTimes(t, k, sr, 10)
	if want := []float64{2, 5, 8, 11, 14, 17, 20, 21.5, 25.5, 29.5}; !slices.Equal(got, want) {
		t.Fatalf("spikes after the new offset at %v, want %v", got, want)
	}
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"ignore_and_spike": false}}); err != nil {
		t.Fatal(err)
	}
	if got2 := recordedTimes(t, k, sr, 10); len(got2) != len(got) {
		t.Errorf("spikes %v after the switch was turned off", got2[len(got):])
	}
}

func TestIgnoreAndSpikeFromDefaultsAndRules(t *testing.T) {
	k := newKernel()
	if err := k.SetDefaults("iaf_psc_delta", dict.Dict{"ignore_and_spike": true, "ignore_and_spike_offset": 4.0, "ignore_and_spike_interval": 5.0}); err != nil {
		t.Fatal(err)
	}
	n := mustCreate(t, k, "iaf_psc_delta", 1)
	sr := mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{n}, []int{sr}, nil, nil)
	if got, want := recordedTimes(t, k, sr, 15), []float64{4, 9, 14}; !slices.Equal(got, want) {
		t.Errorf("a neuron made from the changed defaults spikes at %v, want %v", got, want)
	}
	// NEST wants both times > 0; a refused change leaves the node as it was.
	for _, bad := range []dict.Dict{{"ignore_and_spike_offset": 0.0}, {"ignore_and_spike_interval": 0.0}, {"ignore_and_spike_offset": -1.0}} {
		wantCategory(t, k.SetNodeStatus([]int{n}, []dict.Dict{bad}), nesterr.ErrBadProperty)
		_, err := k.Create("iaf_psc_delta", 1, []dict.Dict{bad})
		wantCategory(t, err, nesterr.ErrBadProperty)
	}
	if s, _ := k.NodeStatus(n); s["ignore_and_spike_offset"] != 4.0 || s["ignore_and_spike_interval"] != 5.0 {
		t.Errorf("refused changes left offset %v interval %v", s["ignore_and_spike_offset"], s["ignore_and_spike_interval"])
	}
}
