package devices_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/kernel"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/record"
)

// stepRun is what one network recorded: the spike_recorder's and the
// multimeter's events.
type stepRun struct {
	spikes, samples *record.Table
	sr, mm          int
}

// runRecorded builds a network of two driven iaf_tum_2000 neurons (whose
// spikes carry the offset u*x) and one iaf_psc_alpha (offset 0), records
// their spikes and V_m with time_in_steps = inSteps and simulates 50 ms at
// the given resolution.
func runRecorded(t *testing.T, k *kernel.Kernel, resolution float64, inSteps bool) stepRun {
	t.Helper()
	if err := k.SetStatus(dict.Dict{"resolution": resolution}); err != nil {
		t.Fatal(err)
	}
	tum, err := k.Create("iaf_tum_2000", 2, []dict.Dict{{"I_e": 800.0}, {"I_e": 600.0}})
	if err != nil {
		t.Fatal(err)
	}
	alpha, err := k.Create("iaf_psc_alpha", 1, []dict.Dict{{"I_e": 700.0}})
	if err != nil {
		t.Fatal(err)
	}
	neurons := []int{tum, tum + 1, alpha}
	sr, err := k.Create("spike_recorder", 1, []dict.Dict{{"time_in_steps": inSteps}})
	if err != nil {
		t.Fatal(err)
	}
	mm, err := k.Create("multimeter", 1, []dict.Dict{{"time_in_steps": inSteps, "interval": 0.5, "record_from": []any{"V_m"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Connect(neurons, []int{sr}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect([]int{mm}, neurons, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Simulate(50); err != nil {
		t.Fatal(err)
	}
	spikes, err := k.Recording(sr)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := k.Recording(mm)
	if err != nil {
		t.Fatal(err)
	}
	return stepRun{spikes: spikes, samples: samples, sr: sr, mm: mm}
}

func TestKernelTimeInStepsMatchesMsRun(t *testing.T) {
	for _, h := range []float64{0.1, 0.25} {
		msRun := runRecorded(t, kernel.New(memory.NewGoAllocator()), h, false)
		k := kernel.New(memory.NewGoAllocator())
		stRun := runRecorded(t, k, h, true)

		st, ms := stRun.spikes, msRun.spikes
		if got := st.Names(); !reflect.DeepEqual(got, []string{"senders", "times", "offsets"}) {
			t.Fatalf("h=%g: spike columns %v", h, got)
		}
		if st.Kind(1) != record.Int64 || st.Kind(2) != record.Float64 {
			t.Fatalf("h=%g: times %v, offsets %v; want Int64, Float64", h, st.Kind(1), st.Kind(2))
		}
		if st.Len() < 10 || st.Len() != ms.Len() {
			t.Fatalf("h=%g: %d spikes in steps, %d in ms; want the same, and some", h, st.Len(), ms.Len())
		}
		if !reflect.DeepEqual(st.Int64s(0), ms.Int64s(0)) {
			t.Errorf("h=%g: senders differ: %v vs %v", h, st.Int64s(0), ms.Int64s(0))
		}
		steps, offsets, times := st.Int64s(1), st.Float64s(2), ms.Float64s(1)
		senders := st.Int64s(0)
		sawOffset := false
		for i := range steps {
			// NEST: in ms the time is stamp*h - offset; in steps the stamp
			// and the offset are stored apart.
			if got := math.Round((times[i] + offsets[i]) / h); int64(got) != steps[i] {
				t.Errorf("h=%g spike %d: %d steps + offset %g, ms run %g", h, i, steps[i], offsets[i], times[i])
			}
			if got := float64(steps[i])*h - offsets[i]; math.Abs(got-times[i]) > 1e-9 {
				t.Errorf("h=%g spike %d: %d*h - %g = %g, ms run %g", h, i, steps[i], offsets[i], got, times[i])
			}
			if senders[i] == 3 && offsets[i] != 0 {
				t.Errorf("h=%g: iaf_psc_alpha spike with offset %g", h, offsets[i])
			}
			sawOffset = sawOffset || offsets[i] != 0
		}
		if !sawOffset {
			t.Errorf("h=%g: no iaf_tum_2000 spike carried an offset", h)
		}

		sst, sms := stRun.samples, msRun.samples
		if got := sst.Names(); !reflect.DeepEqual(got, []string{"senders", "times", "offsets", "V_m"}) {
			t.Fatalf("h=%g: multimeter columns %v", h, got)
		}
		if sst.Len() == 0 || sst.Len() != sms.Len() {
			t.Fatalf("h=%g: %d samples in steps, %d in ms", h, sst.Len(), sms.Len())
		}
		for i, s := range sst.Int64s(1) {
			if want := sms.Float64s(1)[i] / h; math.Abs(float64(s)-want) > 1e-9 {
				t.Errorf("h=%g sample %d: %d steps, ms run / h = %g", h, i, s, want)
			}
		}
		for i, o := range sst.Float64s(2) {
			if o != 0 {
				t.Fatalf("h=%g sample %d: offset %g, want 0", h, i, o)
			}
		}
		if !reflect.DeepEqual(sst.Float64s(3), sms.Float64s(2)) || !reflect.DeepEqual(sst.Int64s(0), sms.Int64s(0)) {
			t.Errorf("h=%g: V_m or senders differ between the runs", h)
		}

		st0, _ := k.NodeStatus(stRun.sr)
		if st0["time_in_steps"] != true || st0["n_events"] != st.Len() {
			t.Errorf("h=%g: status time_in_steps %v, n_events %v (want true, %d)", h, st0["time_in_steps"], st0["n_events"], st.Len())
		}
	}
}

func TestKernelTimeInStepsRefusedAfterSimulate(t *testing.T) {
	const msg = "Property time_in_steps cannot be set after Simulate has been called."
	k := kernel.New(memory.NewGoAllocator())
	run := runRecorded(t, k, 0.1, false)
	for _, id := range []int{run.sr, run.mm} {
		before, err := k.NodeStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		tab, _ := k.Recording(id)
		n := tab.Len()
		for _, v := range []bool{true, false} {
			err := k.SetNodeStatus([]int{id}, []dict.Dict{{"label": "x", "time_in_steps": v}})
			if !errors.Is(err, nesterr.ErrBadProperty) || !strings.Contains(err.Error(), msg) {
				t.Errorf("node %d: time_in_steps=%v after Simulate: %v, want BadProperty %q", id, v, err, msg)
			}
		}
		after, _ := k.NodeStatus(id)
		if !reflect.DeepEqual(before, after) {
			t.Errorf("node %d: a refused change altered the status:\nbefore %v\nafter  %v", id, before, after)
		}
		if tab2, _ := k.Recording(id); tab2 != tab || tab2.Len() != n || tab2.Kind(1) != record.Float64 {
			t.Errorf("node %d: a refused change altered the events", id)
		}
	}
	// Nor on a recorder created after Simulate, nor in the defaults.
	if _, err := k.Create("spike_recorder", 1, []dict.Dict{{"time_in_steps": true}}); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("Create with time_in_steps after Simulate: %v, want BadProperty", err)
	}
	if err := k.SetDefaults("spike_recorder", dict.Dict{"time_in_steps": true}); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("SetDefaults with time_in_steps after Simulate: %v, want BadProperty", err)
	}
	// The recording goes on unchanged.
	if err := k.Simulate(10); err != nil {
		t.Fatal(err)
	}
	// ResetKernel lifts the rule; defaults set before a run reach new
	// recorders.
	k.Reset()
	if err := k.SetDefaults("spike_recorder", dict.Dict{"time_in_steps": true}); err != nil {
		t.Fatalf("after ResetKernel: %v", err)
	}
	sr, err := k.Create("spike_recorder", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tab, _ := k.Recording(sr); tab.Kind(1) != record.Int64 || tab.Index("offsets") != 2 {
		t.Errorf("recorder made from step defaults has columns %v", tab.Names())
	}
}
