package devices

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
)

// newTestSpikeRecorder returns a spike_recorder with its table, set to d.
func newTestSpikeRecorder(t *testing.T, env *node.Env, io *node.IOConfig, d dict.Dict) *SpikeRecorder {
	t.Helper()
	r := NewSpikeRecorder()
	if io == nil {
		io = &node.IOConfig{NumNodes: 1, NumVPs: 1}
	}
	r.InitRecording(memory.NewGoAllocator(), io, 1, "spike_recorder")
	if err := set(t, r, env, d); err != nil {
		t.Fatal(err)
	}
	return r
}

func wantColumns(t *testing.T, tab *record.Table, names []string, kinds []record.Kind) {
	t.Helper()
	if got := tab.Names(); !reflect.DeepEqual(got, names) {
		t.Fatalf("columns %v, want %v", got, names)
	}
	for i, k := range kinds {
		if got := tab.Kind(i); got != k {
			t.Errorf("column %s is %v, want %v", names[i], got, k)
		}
	}
}

func TestSpikeRecorderTimeInSteps(t *testing.T) {
	// NEST's memory backend with time_in_steps: times are the grid stamps
	// in steps (int64), offsets the spikes' offsets in ms, and nothing is
	// subtracted; the window is still tested on the stamp.
	env := envAt(t, 0.1)
	r := newTestSpikeRecorder(t, env, nil, dict.Dict{"time_in_steps": true, "start": 1.0, "stop": 2.0})
	if got := r.Status()["time_in_steps"]; got != true {
		t.Errorf("status time_in_steps = %v, want true", got)
	}
	wantColumns(t, r.Recording(), []string{"senders", "times", "offsets"}, []record.Kind{record.Int64, record.Int64, record.Float64})
	r.Prepare(env)
	for i, e := range []struct {
		stamp  int64
		offset float64
		mult   int
	}{{10, 0.25, 1}, {11, 0.25, 1}, {15, 0.0625, 2}, {20, 0, 1}, {21, 0, 1}} {
		r.HandleSpike(&node.SpikeEvent{Sender: 3 + i, Stamp: e.stamp, Offset: e.offset, Multiplicity: e.mult})
	}
	tab := r.Recording()
	if got, want := tab.Int64s(0), []int64{4, 5, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("senders %v, want %v", got, want)
	}
	if got, want := tab.Int64s(1), []int64{11, 15, 15, 20}; !reflect.DeepEqual(got, want) {
		t.Errorf("times %v, want %v", got, want)
	}
	if got, want := tab.Float64s(2), []float64{0.25, 0.0625, 0.0625, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("offsets %v, want %v", got, want)
	}
	if got := r.Status()["n_events"]; got != 4 {
		t.Errorf("n_events = %v, want 4", got)
	}
	// Clearing keeps the step layout.
	if err := set(t, r, envAt(t, 0.1), dict.Dict{"n_events": 0.0}); err != nil {
		t.Fatal(err)
	}
	wantColumns(t, r.Recording(), []string{"senders", "times", "offsets"}, []record.Kind{record.Int64, record.Int64, record.Float64})
	if r.Recording().Len() != 0 {
		t.Errorf("%d rows after clearing", r.Recording().Len())
	}
}

func TestTimeInStepsSwitchesTheTableBeforeSimulate(t *testing.T) {
	env := envAt(t, 0.1)
	r := newTestSpikeRecorder(t, env, nil, dict.Dict{})
	ms := []string{"senders", "times"}
	wantColumns(t, r.Recording(), ms, []record.Kind{record.Int64, record.Float64})
	old := r.Recording()
	if err := set(t, r, env, dict.Dict{"time_in_steps": false}); err != nil {
		t.Fatal(err)
	}
	if r.Recording() != old {
		t.Error("setting time_in_steps to its value replaced the table")
	}
	if err := set(t, r, env, dict.Dict{"time_in_steps": true}); err != nil {
		t.Fatal(err)
	}
	wantColumns(t, r.Recording(), []string{"senders", "times", "offsets"}, []record.Kind{record.Int64, record.Int64, record.Float64})
	if err := set(t, r, env, dict.Dict{"time_in_steps": false}); err != nil {
		t.Fatal(err)
	}
	wantColumns(t, r.Recording(), ms, []record.Kind{record.Int64, record.Float64})

	// Copies (SetDefaults, CopyModel, the kernel's trial copies) keep it.
	if err := set(t, r, env, dict.Dict{"time_in_steps": true}); err != nil {
		t.Fatal(err)
	}
	c := r.Clone().(*SpikeRecorder)
	if !c.InSteps || c.Status()["time_in_steps"] != true {
		t.Error("a clone lost time_in_steps")
	}
	c.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 2, "spike_recorder")
	wantColumns(t, c.Recording(), []string{"senders", "times", "offsets"}, []record.Kind{record.Int64, record.Int64, record.Float64})

	// time_in_steps belongs to the backend in NEST: moving the recorder to
	// another backend starts from false unless the same change sets it.
	if err := set(t, r, env, dict.Dict{"record_to": "ascii"}); err != nil {
		t.Fatal(err)
	}
	if r.InSteps {
		t.Error("time_in_steps survived a change of record_to")
	}
	wantColumns(t, r.Recording(), ms, []record.Kind{record.Int64, record.Float64})
	if err := set(t, r, env, dict.Dict{"record_to": "memory", "time_in_steps": true}); err != nil {
		t.Fatal(err)
	}
	if !r.InSteps {
		t.Error("time_in_steps given with record_to was lost")
	}
}

func TestTimeInStepsCannotBeSetAfterSimulate(t *testing.T) {
	// NEST: "Property time_in_steps cannot be set after Simulate has been
	// called." The memory backend refuses any value then, the ascii backend
	// only a change; a refused change leaves the recorder as it was.
	const msg = "Property time_in_steps cannot be set after Simulate has been called."
	for _, tc := range []struct {
		name    string
		initial dict.Dict
		d       dict.Dict
		ok      bool
	}{
		{"memory, change to steps", dict.Dict{}, dict.Dict{"time_in_steps": true}, false},
		{"memory, same value", dict.Dict{}, dict.Dict{"time_in_steps": false}, false},
		{"memory, steps to ms", dict.Dict{"time_in_steps": true}, dict.Dict{"time_in_steps": false}, false},
		{"memory, steps, same value", dict.Dict{"time_in_steps": true}, dict.Dict{"time_in_steps": true}, false},
		{"ascii, change", dict.Dict{"record_to": "ascii"}, dict.Dict{"time_in_steps": true}, false},
		{"ascii, same value", dict.Dict{"record_to": "ascii"}, dict.Dict{"time_in_steps": false}, true},
		{"other keys", dict.Dict{"time_in_steps": true}, dict.Dict{"label": "x"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			r := newTestSpikeRecorder(t, env, &node.IOConfig{NumNodes: 1, NumVPs: 1, DataPath: t.TempDir()}, tc.initial)
			r.Prepare(env)
			r.HandleSpike(&node.SpikeEvent{Sender: 2, Stamp: 5, Multiplicity: 1})
			before, tab := r.Status(), r.Recording()
			d := tc.d.Clone()
			if _, ok := d["label"]; !ok {
				d["label"] = "changed"
			}
			err := set(t, r, env, d)
			if tc.ok {
				if err != nil {
					t.Fatalf("SetStatus(%v) = %v, want accepted", d, err)
				}
				if r.Recording() != tab || r.Recording().Len() != 1 {
					t.Error("an accepted change lost the events")
				}
				return
			}
			wantCategory(t, err, nesterr.ErrBadProperty)
			if err == nil || !strings.Contains(err.Error(), msg) {
				t.Errorf("error %v, want %q", err, msg)
			}
			if after := r.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a refused change:\nbefore %v\nafter  %v", before, after)
			}
			if r.Recording() != tab || tab.Len() != 1 {
				t.Error("a refused change touched the events")
			}
		})
	}
	// A recorder created after Simulate (the clock has moved) is refused
	// as well: the rule is the kernel's, not the recorder's.
	env := envAt(t, 0.1)
	env.Now = 100
	r := NewSpikeRecorder()
	wantCategory(t, set(t, r, env, dict.Dict{"time_in_steps": true}), nesterr.ErrBadProperty)
	if r.InSteps {
		t.Error("refused time_in_steps was applied")
	}
}

func TestMultimeterTimeInSteps(t *testing.T) {
	// Samples carry offset 0; times are the sampling steps.
	env := envAt(t, 0.1)
	msm, msn := attachedMultimeter(t, env, dict.Dict{"interval": 0.2, "record_from": []any{"V_m"}})
	sample(t, msm, msn, env, 10)
	stm, stn := attachedMultimeter(t, env, dict.Dict{"interval": 0.2, "record_from": []any{"V_m"}, "time_in_steps": true})
	sample(t, stm, stn, env, 10)
	tab := stm.Recording()
	wantColumns(t, tab, []string{"senders", "times", "offsets", "V_m"},
		[]record.Kind{record.Int64, record.Int64, record.Float64, record.Float64})
	if got, want := tab.Int64s(1), []int64{2, 4, 6, 8, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("times %v, want %v", got, want)
	}
	if got, want := tab.Float64s(2), []float64{0, 0, 0, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("offsets %v, want %v", got, want)
	}
	ref := msm.Recording()
	if got, want := tab.Float64s(3), ref.Float64s(2); !reflect.DeepEqual(got, want) {
		t.Errorf("V_m %v, want the ms run's %v", got, want)
	}
	if got, want := tab.Int64s(0), ref.Int64s(0); !reflect.DeepEqual(got, want) {
		t.Errorf("senders %v, want %v", got, want)
	}
	for i, ms := range ref.Float64s(1) {
		if got := env.Base.StepsToMs(tab.Int64s(1)[i]); got != ms {
			t.Errorf("sample %d: %d steps is %g ms, the ms run has %g", i, tab.Int64s(1)[i], got, ms)
		}
	}
	// Changing record_from and time_in_steps together before any target.
	m := NewMultimeter()
	m.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "multimeter")
	if err := set(t, m, env, dict.Dict{"record_from": []any{"V_m", "I_syn_ex"}, "time_in_steps": true}); err != nil {
		t.Fatal(err)
	}
	wantColumns(t, m.Recording(), []string{"senders", "times", "offsets", "V_m", "I_syn_ex"},
		[]record.Kind{record.Int64, record.Int64, record.Float64, record.Float64, record.Float64})
	// Event column names cannot be recorded quantities.
	for _, name := range []string{"senders", "times", "offsets"} {
		wantCategory(t, set(t, m, env, dict.Dict{"record_from": []any{name}}), nesterr.ErrBadProperty)
	}
	if got := m.Recording().Names(); len(got) != 5 {
		t.Errorf("a refused record_from changed the columns to %v", got)
	}
}

func TestASCIIFileInSteps(t *testing.T) {
	// NEST's ascii backend: "sender\ttime_step\ttime_offset" and, per
	// event, the stamp as an integer and the offset with precision digits.
	dir := t.TempDir()
	env := envAt(t, 0.1)
	io := &node.IOConfig{DataPath: dir, NumNodes: 9, NumVPs: 1}
	r := newTestSpikeRecorder(t, env, io, dict.Dict{"record_to": "ascii", "time_in_steps": true, "label": "st"})
	if err := r.OpenOutput(); err != nil {
		t.Fatal(err)
	}
	r.Prepare(env)
	r.HandleSpike(&node.SpikeEvent{Sender: 3, Stamp: 985, Offset: 0.25, Multiplicity: 1})
	r.HandleSpike(&node.SpikeEvent{Sender: 9, Stamp: 1000, Multiplicity: 1})
	if err := r.FlushOutput(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "st-1-0.dat"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	want := []string{"sender\ttime_step\ttime_offset", "3\t985\t0.250", "9\t1000\t0.000"}
	if len(lines) != 5 || !reflect.DeepEqual(lines[2:], want) {
		t.Errorf("file content:\n%s\nwant lines 3.. %q", raw, want)
	}
	if got := r.Recording().Int64s(1); !reflect.DeepEqual(got, []int64{985, 1000}) {
		t.Errorf("table times %v alongside the file", got)
	}
	r.ReleaseRecording()

	// A multimeter: the recorded quantities follow the offset.
	m, n := attachedMultimeter(t, env, dict.Dict{"interval": 0.5, "record_from": []any{"V_m"}, "time_in_steps": true,
		"record_to": "ascii", "precision": 2.0})
	m.initCommon(m.alloc, io, 2, "multimeter")
	if err := m.OpenOutput(); err != nil {
		t.Fatal(err)
	}
	sample(t, m, n, env, 10)
	if err := m.FlushOutput(); err != nil {
		t.Fatal(err)
	}
	raw, err = os.ReadFile(filepath.Join(dir, "multimeter-2-0.dat"))
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 5 || lines[2] != "sender\ttime_step\ttime_offset\tV_m" ||
		!strings.HasPrefix(lines[3], "7\t5\t0.00\t-") || !strings.HasPrefix(lines[4], "7\t10\t0.00\t-") {
		t.Errorf("multimeter file:\n%s", raw)
	}
	m.ReleaseRecording()
}
