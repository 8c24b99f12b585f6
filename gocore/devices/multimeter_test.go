package devices

import (
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/models"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestMultimeterIntervalValidation(t *testing.T) {
	for _, tc := range []struct {
		resolution, interval float64
		ok                   bool
	}{
		{0.1, 0.1, true},
		{0.1, 0.2, true},
		{0.1, 1.0, true},
		{0.1, 2.5, true},
		{0.1, 0.05, false}, // below the resolution
		{0.1, 0.0, false},
		{0.1, -1.0, false},
		{0.1, 0.15, false}, // not a multiple
		{0.1, 1.05, false},
		{0.5, 0.1, false}, // on the default grid, below this resolution
		{0.5, 0.7, false},
		{0.5, 1.5, true},
	} {
		env := envAt(t, tc.resolution)
		m := NewMultimeter()
		before := m.Status()
		err := set(t, m, env, dict.Dict{"interval": tc.interval, "label": "changed"})
		if tc.ok {
			if err != nil {
				t.Errorf("h = %g, interval %g: %v, want accepted", tc.resolution, tc.interval, err)
			} else if m.Interval != tc.interval {
				t.Errorf("h = %g: interval = %g after setting %g", tc.resolution, m.Interval, tc.interval)
			}
			continue
		}
		if !errorsIs(err, nesterr.ErrBadProperty) {
			t.Errorf("h = %g, interval %g: error %v, want BadProperty", tc.resolution, tc.interval, err)
		}
		if after := m.Status(); !reflect.DeepEqual(before, after) {
			t.Errorf("h = %g, interval %g: status changed by a rejected SetStatus:\nbefore %v\nafter  %v", tc.resolution, tc.interval, before, after)
		}
	}
}

func TestMultimeterOffsetValidation(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		offset float64
		ok     bool
	}{
		{0, true},
		{0.1, true},
		{2.3, true},
		{0.05, false}, // non-zero but below the resolution
		{-0.5, false},
	} {
		m := NewMultimeter()
		err := set(t, m, env, dict.Dict{"offset": tc.offset})
		if tc.ok != (err == nil) {
			t.Errorf("offset %g: error %v, want ok=%v", tc.offset, err, tc.ok)
		}
		if !tc.ok && !errorsIs(err, nesterr.ErrBadProperty) {
			t.Errorf("offset %g: error %v, want BadProperty", tc.offset, err)
		}
	}
}

func TestMultimeterOffGridOffsetRoundsUp(t *testing.T) {
	// NEST 3.10 (multimeter.cpp) stores offset_ = Time::step(Time(ms(x)).
	// get_steps()), which rounds an off-grid offset up to the next step, so
	// its "must be a multiple of the resolution" check can never fire:
	// offset 0.15 is accepted and reads back as 0.2.
	env := envAt(t, 0.1)
	m := NewMultimeter()
	if err := set(t, m, env, dict.Dict{"offset": 0.15}); err != nil {
		t.Fatalf("multimeter rejects offset 0.15, which NEST rounds up to the grid: %v", err)
	}
	if got := m.Status()["offset"]; got != 0.2 {
		t.Errorf("offset after setting 0.15 = %v, want 0.2 (rounded up to the grid)", got)
	}
}

// attachedMultimeter returns a multimeter sampling one iaf_tum_2000
// (node id 7) on env, and the neuron.
func attachedMultimeter(t *testing.T, env *node.Env, d dict.Dict) (*Multimeter, *models.IafTum2000) {
	t.Helper()
	m := NewMultimeter()
	m.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "test")
	if err := set(t, m, env, d); err != nil {
		t.Fatal(err)
	}
	n := models.NewIafTum2000()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 200.0}), env); err != nil {
		t.Fatal(err)
	}
	if err := m.Attach(7, n, env); err != nil {
		t.Fatal(err)
	}
	return m, n
}

func TestMultimeterSettingsLockedAfterAttach(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		d   dict.Dict
		cat *nesterr.Category // nil: accepted
	}{
		{dict.Dict{"record_from": []any{"V_m", "I_syn_ex"}}, nesterr.ErrBadProperty},
		{dict.Dict{"record_from": []any{"V_m"}}, nesterr.ErrBadProperty}, // even unchanged, as in NEST
		{dict.Dict{"interval": 0.5}, nesterr.ErrBadProperty},
		{dict.Dict{"offset": 0.3}, nesterr.ErrBadProperty},
		{dict.Dict{"label": "vm", "interval": 2.0}, nesterr.ErrBadProperty},
		{dict.Dict{"label": "vm"}, nil},
		{dict.Dict{"start": 10.0, "stop": 20.0}, nil},
	} {
		m, _ := attachedMultimeter(t, env, dict.Dict{"record_from": []any{"V_m"}, "interval": 0.1})
		before := m.Status()
		err := set(t, m, env, tc.d)
		if tc.cat == nil {
			if err != nil {
				t.Errorf("SetStatus(%v) after Attach = %v, want accepted", tc.d, err)
			}
			continue
		}
		if !errorsIs(err, tc.cat) {
			t.Errorf("SetStatus(%v) after Attach = %v, want %s", tc.d, err, tc.cat.Name())
		}
		if after := m.Status(); !reflect.DeepEqual(before, after) {
			t.Errorf("SetStatus(%v): status changed by a rejected change:\nbefore %v\nafter  %v", tc.d, before, after)
		}
		// A copy of a connected multimeter obeys the same rule (the kernel
		// validates status changes on copies).
		if err := set(t, m.Clone(), env, tc.d); !errorsIs(err, tc.cat) {
			t.Errorf("SetStatus(%v) on a copy = %v, want %s", tc.d, err, tc.cat.Name())
		}
	}
}

func TestMultimeterAttachChecksRecordables(t *testing.T) {
	env := envAt(t, 0.1)
	m := NewMultimeter()
	m.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "test")
	if err := set(t, m, env, dict.Dict{"record_from": []any{"V_m", "g_ex"}}); err != nil {
		t.Fatal(err)
	}
	n := models.NewIafTum2000()
	wantCategory(t, m.Attach(2, n, env), nesterr.ErrIllegalConnection)
	// Nothing was attached: the settings are still free, and the neuron
	// carries no logger.
	if err := set(t, m, env, dict.Dict{"record_from": []any{"V_m"}}); err != nil {
		t.Errorf("record_from after a rejected Attach: %v, want accepted", err)
	}
	n.Prepare(env)
	n.Update(&node.Context{RingLen: env.RingLen, Emit: &currentLog{}}, 0, 0, 30)
	m.Prepare(env)
	m.Collect()
	if got := m.Recording().Len(); got != 0 {
		t.Errorf("%d rows recorded from a neuron whose Attach was rejected", got)
	}
}

// sample runs neuron n over steps [0, total) in one slice and lets m collect
// what it logged.
func sample(t *testing.T, m *Multimeter, n *models.IafTum2000, env *node.Env, total int) {
	t.Helper()
	m.Prepare(env)
	n.Prepare(env)
	n.Update(&node.Context{RingLen: env.RingLen, Emit: &currentLog{}}, 0, 0, total)
	m.Collect()
}

func TestMultimeterSampleTimesAndWindow(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		name  string
		d     dict.Dict
		total int
		times []float64
	}{
		{"interval 0.1", dict.Dict{"interval": 0.1}, 5, []float64{0.1, 0.2, 0.3, 0.4, 0.5}},
		{"interval 1.0", dict.Dict{"interval": 1.0}, 35, []float64{1, 2, 3}},
		// Samples at offset + k*interval, k >= 0.
		{"offset 0.3", dict.Dict{"interval": 1.0, "offset": 0.3}, 25, []float64{0.3, 1.3, 2.3000000000000003}},
		// NEST's logger starts at offset-1 and skips past "now" (step 0), so
		// an offset of exactly one step loses its k = 0 sample.
		{"offset of one step", dict.Dict{"interval": 1.0, "offset": 0.1}, 25, []float64{1.1, 2.1}},
		// Window (start, stop]: 0.5 excluded, 1.0 included.
		{"window", dict.Dict{"interval": 0.1, "start": 0.5, "stop": 1.0}, 20, []float64{0.6, 0.7000000000000001, 0.8, 0.9, 1.0}},
		{"origin", dict.Dict{"interval": 0.5, "origin": 1.0, "start": 0.0, "stop": 1.0}, 40, []float64{1.5, 2.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d.Clone()
			d["record_from"] = []any{"V_m", "I_syn_ex"}
			m, n := attachedMultimeter(t, env, d)
			sample(t, m, n, env, tc.total)
			tab := m.Recording()
			if !reflect.DeepEqual(tab.Names(), []string{"senders", "times", "V_m", "I_syn_ex"}) {
				t.Fatalf("columns %v", tab.Names())
			}
			times := tab.Float64s(1)
			if !reflect.DeepEqual(times, tc.times) {
				t.Fatalf("times %v, want %v", times, tc.times)
			}
			for i, s := range tab.Int64s(0) {
				if s != 7 {
					t.Errorf("row %d: sender %d, want 7", i, s)
				}
			}
			// V_m rises from E_L under I_e: every sample differs from the last.
			vm := tab.Float64s(2)
			for i := 1; i < len(vm); i++ {
				if !(vm[i] > vm[i-1]) {
					t.Errorf("V_m samples not increasing under a constant current: %v", vm)
					break
				}
			}
		})
	}
}

func TestMultimeterWithoutRecordFromRecordsNothing(t *testing.T) {
	// NEST's data logger returns at once when it has no variables
	// (num_vars_ < 1 in universal_data_logger_impl.h), so a multimeter with
	// an empty record_from, the default, has no events at all.
	env := envAt(t, 0.1)
	m, n := attachedMultimeter(t, env, dict.Dict{"interval": 0.1, "record_from": []any{}})
	sample(t, m, n, env, 20)
	if got := m.Recording().Len(); got != 0 {
		t.Errorf("multimeter with empty record_from recorded %d rows; NEST records none", got)
	}
}

func TestRecorderNEventsCanOnlyBeCleared(t *testing.T) {
	env := envAt(t, 0.1)
	m, n := attachedMultimeter(t, env, dict.Dict{"interval": 0.1, "record_from": []any{"V_m"}})
	sample(t, m, n, env, 10)
	if got := m.Status()["n_events"]; got != 10 {
		t.Fatalf("n_events = %v after 10 samples, want 10", got)
	}
	for _, tc := range []struct {
		v   any
		cat *nesterr.Category
	}{
		{5.0, nesterr.ErrBadProperty},
		{10.0, nesterr.ErrBadProperty}, // even the current count
		{-1.0, nesterr.ErrBadProperty},
		{0.5, nesterr.ErrTypeMismatch},
		{"0", nesterr.ErrTypeMismatch},
	} {
		wantCategory(t, set(t, m, env, dict.Dict{"n_events": tc.v, "label": "x"}), tc.cat)
		if got := m.Recording().Len(); got != 10 {
			t.Fatalf("n_events = %v rejected but the table now has %d rows", tc.v, got)
		}
		if m.Label != "" {
			t.Fatalf("n_events = %v rejected but the label changed to %q", tc.v, m.Label)
		}
	}
	if err := set(t, m, env, dict.Dict{"n_events": 0.0}); err != nil {
		t.Fatalf("n_events = 0: %v", err)
	}
	if got := m.Status()["n_events"]; got != 0 {
		t.Errorf("n_events = %v after clearing, want 0", got)
	}
	// Recording goes on after clearing, into the same columns.
	n.Update(&node.Context{RingLen: env.RingLen, Emit: &currentLog{}}, 10, 0, 3)
	m.Collect()
	if got := m.Recording().Float64s(1); !reflect.DeepEqual(got, []float64{1.1, 1.2, 1.3}) {
		t.Errorf("times after clearing and 3 more steps: %v, want [1.1 1.2 1.3]", got)
	}
}

func TestMultimeterRejectsRepeatedRecordFrom(t *testing.T) {
	env := envAt(t, 0.1)
	m := NewMultimeter()
	m.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "multimeter")
	wantCategory(t, set(t, m, env, dict.Dict{"record_from": []any{"V_m", "V_m"}}), nesterr.ErrBadProperty)
	if got := m.Status()["record_from"]; len(got.([]string)) != 0 {
		t.Errorf("record_from after a rejected change = %v, want []", got)
	}
	if m.Recording() == nil || m.Recording().Len() != 0 {
		t.Error("the rejected change damaged the event table")
	}
}
