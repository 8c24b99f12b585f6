package devices_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestNEST310CurrentRecordables: the current generators' recordable I
// through a multimeter (record_devices.py's current_recordables: each
// generator with its own multimeter, interval 0.1 ms, two runs of 6 ms)
// equals NEST's sample for sample (ac_generator's within 1e-12 pA, a sine
// of the oscillator that may round differently in the last place).
func TestNEST310CurrentRecordables(t *testing.T) {
	n := newNet(t, 0.1)
	sources := []struct {
		model  string
		params dict.Dict
	}{
		{"dc_generator", dict.Dict{"amplitude": 250.0, "start": 2.0, "stop": 6.5}},
		{"ac_generator", dict.Dict{"amplitude": 40.0, "offset": 5.0, "frequency": 150.0, "phase": 20.0, "start": 1.0, "stop": 8.0}},
		{"step_current_generator", dict.Dict{"amplitude_times": []any{1.5, 3.0, 7.2}, "amplitude_values": []any{10.0, -20.0, 7.5}, "stop": 9.0}},
	}
	var gens []int
	for _, s := range sources {
		gens = append(gens, n.create(s.model, 1, s.params)[0])
	}
	var mms []int
	for range gens {
		mms = append(mms, n.create("multimeter", 1, dict.Dict{"record_from": []any{"I"}, "interval": 0.1})[0])
	}
	for i := range gens {
		n.connect(mms[i:i+1], gens[i:i+1], "", nil)
	}
	n.simulate(6)
	n.simulate(6)
	var got [][3]float64
	for _, mm := range mms {
		s, tm, cur := n.ints(mm, "senders"), n.floats(mm, "times"), n.floats(mm, "I")
		for i := range s {
			got = append(got, [3]float64{float64(s[i]), tm[i], cur[i]})
		}
	}
	rows := readEventsCSV(t, filepath.Join(devicesRef, "current_recordables", "multimeter.csv"))
	if len(rows) != len(got) {
		t.Fatalf("%d samples, NEST %d", len(got), len(rows))
	}
	for i, r := range rows {
		var want [3]float64
		for j := range want {
			want[j], _ = strconv.ParseFloat(r[j], 64)
		}
		tol := 0.0
		if want[0] == 2 {
			tol = 1e-12
		}
		if got[i][0] != want[0] || got[i][1] != want[1] || !(got[i][2]-want[2] <= tol && want[2]-got[i][2] <= tol) {
			t.Errorf("sample %d: %v, NEST %v", i, got[i], want)
		}
	}
}
