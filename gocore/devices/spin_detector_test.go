package devices_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestSpinDetectorDefaults(t *testing.T) { checkNEST310Defaults(t, "spin_detector") }

// TestNEST310SpinDetector repeats record_devices.py's spin_detector
// scenario: two spike_generators encode transitions, one detector is
// updated between them and one after both, over three Simulate calls.
// Every event of each detector, in order, with sender, time and state,
// must equal NEST's.
func TestNEST310SpinDetector(t *testing.T) {
	n := newNet(t, 0.1)
	g1 := n.create("spike_generator", 1, dict.Dict{
		"spike_times":          []any{1.0, 2.0, 3.0, 3.0, 4.5, 6.0, 7.5, 9.0},
		"spike_multiplicities": []any{2, 1, 1, 1, 1, 2, 1, 1},
	})
	d1 := n.create("spin_detector", 1, nil)
	g2 := n.create("spike_generator", 1, dict.Dict{
		"spike_times":          []any{2.0, 2.0, 3.0, 4.5, 5.2, 7.5, 7.5, 8.1},
		"spike_multiplicities": []any{1, 1, 1, 1, 2, 1, 1, 1},
	})
	d2 := n.create("spin_detector", 1, nil)
	for _, d := range [][]int{d1, d2} {
		n.connect(append(append([]int{}, g1...), g2...), d, "", nil)
	}
	n.simulate(3)
	n.simulate(4.5)
	n.simulate(2.5)
	var got []string
	for _, d := range []int{d1[0], d2[0]} {
		s, tm, st := n.ints(d, "senders"), n.floats(d, "times"), n.ints(d, "state")
		for i := range s {
			got = append(got, fmt.Sprintf("%d,%d,%s,%d", d, s[i], strconv.FormatFloat(tm[i], 'g', -1, 64), st[i]))
		}
	}
	rows := readEventsCSV(t, filepath.Join(devicesRef, "spin_detector", "events.csv"))
	if len(rows) != len(got) {
		t.Errorf("%d events, NEST %d:\n%v", len(got), len(rows), got)
	}
	for i := range min(len(rows), len(got)) {
		tm, _ := strconv.ParseFloat(rows[i][2], 64)
		want := fmt.Sprintf("%s,%s,%s,%s", rows[i][0], rows[i][1], strconv.FormatFloat(tm, 'g', -1, 64), rows[i][3])
		if got[i] != want {
			t.Errorf("event %d: %s, NEST %s", i, got[i], want)
		}
	}
}

// TestSpinDetectorReceptor: only receptor 0, and a detector sends nothing.
func TestSpinDetectorReceptor(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("spike_generator", 1, nil)
	d := n.create("spin_detector", 1, nil)
	wantError(t, n.k.Connect(g, d, nil, dict.Dict{"receptor_type": 1}), nesterr.ErrUnknownReceptorType)
	p := n.create("parrot_neuron", 1, nil)
	wantError(t, n.k.Connect(d, p, nil, nil), nesterr.ErrIllegalConnection)
}
