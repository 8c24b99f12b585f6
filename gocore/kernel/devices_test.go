package kernel

import (
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
)

func TestSpikeRecorderHoldsTheLastSliceOnReturn(t *testing.T) {
	// NEST hands spikes to devices as they are sent: after Simulate(53) a
	// neuron firing every 6.8 ms has its spike at 52.4 ms recorded,
	// although it lies in the last min-delay slice (checked against NEST
	// 3.10: 4.8, 11.6, ..., 45.6, 52.4).
	want := []float64{4.8, 11.6, 18.400000000000002, 25.2, 32, 38.800000000000004, 45.6, 52.4}
	for _, threads := range []int{1, 2} {
		k := New(memory.NewGoAllocator())
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		n, _ := k.Create("iaf_psc_alpha", 1, []dict.Dict{{"I_e": 1000.0}})
		sr, _ := k.Create("spike_recorder", 1, nil)
		if err := k.Connect([]int{n}, []int{sr}, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := k.Simulate(53); err != nil {
			t.Fatal(err)
		}
		tab, _ := k.Recording(sr)
		if got := tab.Float64s(1); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("threads=%d: spike times %v, want %v", threads, got, want)
		}
		// Spikes are recorded once, not again at the next slice.
		if err := k.Simulate(2); err != nil {
			t.Fatal(err)
		}
		if tab.Len() != len(want) {
			t.Errorf("threads=%d: %d spikes after another 2 ms, want %d", threads, tab.Len(), len(want))
		}
	}
}
