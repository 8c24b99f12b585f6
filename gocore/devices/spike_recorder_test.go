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
)

func TestSpikeRecorderWindowAndOffset(t *testing.T) {
	// A recorder keeps events with origin+start < stamp*h <= origin+stop and
	// reports stamp*h minus the offset the spike carries (iaf_tum_2000 puts
	// its u*x there, and NEST's memory backend subtracts it).
	for _, tc := range []struct {
		name       string
		resolution float64
		d          dict.Dict
		stamps     []int64
		offsets    []float64
		senders    []int64
		times      []float64
	}{
		{
			name: "open window", resolution: 0.1, d: dict.Dict{},
			stamps: []int64{1, 5, 12}, offsets: []float64{0, 0, 0},
			senders: []int64{3, 4, 5}, times: []float64{0.1, 0.5, 1.2},
		},
		{
			// (1.0, 2.0] in steps: (10, 20].
			name: "start excluded, stop included", resolution: 0.1, d: dict.Dict{"start": 1.0, "stop": 2.0},
			stamps: []int64{9, 10, 11, 20, 21}, offsets: []float64{0, 0, 0, 0, 0},
			senders: []int64{5, 6}, times: []float64{1.1, 2.0},
		},
		{
			name: "origin shifts the window", resolution: 0.1, d: dict.Dict{"origin": 1.0, "stop": 1.0},
			stamps: []int64{10, 11, 20, 21}, offsets: []float64{0, 0, 0, 0},
			senders: []int64{4, 5}, times: []float64{1.1, 2.0},
		},
		{
			// The window is tested on the grid stamp, before the offset is
			// subtracted: 2.0 - 0.25 = 1.75 is kept, 1.0 - 0.25 is not.
			name: "offset subtracted after the window test", resolution: 0.1, d: dict.Dict{"start": 1.0, "stop": 2.0},
			stamps: []int64{10, 20, 15}, offsets: []float64{0.25, 0.25, 0.0625},
			senders: []int64{4, 5}, times: []float64{2.0 - 0.25, 1.5 - 0.0625},
		},
		{
			name: "coarse grid", resolution: 0.5, d: dict.Dict{"stop": 1.0},
			stamps: []int64{1, 2, 3}, offsets: []float64{0.125, 0, 0},
			senders: []int64{3, 4}, times: []float64{0.5 - 0.125, 1.0},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, tc.resolution)
			r := NewSpikeRecorder()
			r.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "test")
			if err := set(t, r, env, tc.d); err != nil {
				t.Fatal(err)
			}
			r.Prepare(env)
			for i, s := range tc.stamps {
				r.HandleSpike(&node.SpikeEvent{Sender: 3 + i, Stamp: s, Offset: tc.offsets[i], Multiplicity: 1})
			}
			tab := r.Recording()
			if got := tab.Int64s(0); !reflect.DeepEqual(got, tc.senders) {
				t.Errorf("senders %v, want %v", got, tc.senders)
			}
			// Exact: the time is one division and one subtraction, as in
			// the expected values.
			if got := tab.Float64s(1); !reflect.DeepEqual(got, tc.times) {
				t.Errorf("times %v, want %v", got, tc.times)
			}
		})
	}
}

func TestSpikeRecorderMultiplicityAndReceptor(t *testing.T) {
	env := envAt(t, 0.1)
	r := NewSpikeRecorder()
	r.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "test")
	r.Prepare(env)
	r.HandleSpike(&node.SpikeEvent{Sender: 2, Stamp: 7, Multiplicity: 3})
	if got := r.Recording().Int64s(0); !reflect.DeepEqual(got, []int64{2, 2, 2}) {
		t.Errorf("a spike of multiplicity 3 gave senders %v, want three rows", got)
	}
	if err := r.CheckSpikeReceptor("iaf_tum_2000", 0); err != nil {
		t.Errorf("receptor 0: %v", err)
	}
	wantCategory(t, r.CheckSpikeReceptor("iaf_tum_2000", 1), nesterr.ErrUnknownReceptorType)
}

func TestSpikeRecorderRejectsUnsupportedSettings(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []struct {
		d   dict.Dict
		cat *nesterr.Category
	}{
		{dict.Dict{"record_to": "screen"}, nesterr.ErrBadProperty},
		{dict.Dict{"start": 0.05}, nesterr.ErrBadProperty},
		{dict.Dict{"start": 2.0, "stop": 1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"n_events": 2.0}, nesterr.ErrBadProperty},
		{dict.Dict{"label": 1.0}, nesterr.ErrTypeMismatch},
	} {
		r := NewSpikeRecorder()
		r.InitRecording(memory.NewGoAllocator(), &node.IOConfig{NumNodes: 1, NumVPs: 1}, 1, "test")
		d := tc.d.Clone()
		d["label"] = dictValue(tc.d, "label", "changed")
		before := r.Status()
		wantCategory(t, set(t, r, env, d), tc.cat)
		if after := r.Status(); !reflect.DeepEqual(before, after) {
			t.Errorf("SetStatus(%v): status changed by a rejected change:\nbefore %v\nafter  %v", d, before, after)
		}
	}
	for _, d := range []dict.Dict{{"record_to": "memory"}, {"record_to": "ascii"}, {"time_in_steps": false}, {"time_in_steps": true}, {"n_events": 0.0}} {
		if err := set(t, NewSpikeRecorder(), env, d); err != nil {
			t.Errorf("SetStatus(%v) = %v, want accepted", d, err)
		}
	}
}

// dictValue returns d[key] if present, else def.
func dictValue(d dict.Dict, key string, def any) any {
	if v, ok := d[key]; ok {
		return v
	}
	return def
}

func TestSpikeRecorderWritesASCIIFile(t *testing.T) {
	// NEST's ascii backend: two comment lines, a header, then one
	// tab-separated line per spike with the time in fixed notation.
	dir := t.TempDir()
	env := envAt(t, 0.1)
	io := &node.IOConfig{DataPath: dir, DataPrefix: "run-", NumNodes: 12, NumVPs: 1}
	r := NewSpikeRecorder()
	r.InitRecording(memory.NewGoAllocator(), io, 7, "spike_recorder")
	if err := set(t, r, env, dict.Dict{"record_to": "ascii", "label": "ex"}); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "run-ex-07-0.dat")
	if got := r.Status()["filenames"]; !reflect.DeepEqual(got, []string{want}) {
		t.Fatalf("filenames = %v, want [%s]", got, want)
	}
	if err := r.OpenOutput(); err != nil {
		t.Fatal(err)
	}
	r.Prepare(env)
	r.HandleSpike(&node.SpikeEvent{Sender: 3, Stamp: 985, Multiplicity: 1})
	r.HandleSpike(&node.SpikeEvent{Sender: 12, Stamp: 1000, Multiplicity: 2})
	if err := r.FlushOutput(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 6 || lines[0] != "# NEST version: 3.10.0" || lines[2] != "sender\ttime_ms" ||
		lines[3] != "3\t98.500" || lines[4] != "12\t100.000" || lines[5] != "12\t100.000" {
		t.Fatalf("file content:\n%s", raw)
	}
	if r.Recording().Len() != 3 {
		t.Errorf("n_events = %d, want 3", r.Recording().Len())
	}
	r.ReleaseRecording()
	// A second recorder on the same file is refused unless overwriting is on.
	r2 := NewSpikeRecorder()
	r2.InitRecording(memory.NewGoAllocator(), io, 7, "spike_recorder")
	if err := set(t, r2, env, dict.Dict{"record_to": "ascii", "label": "ex"}); err != nil {
		t.Fatal(err)
	}
	wantCategory(t, r2.OpenOutput(), nesterr.ErrIOError)
	io.Overwrite = true
	if err := r2.OpenOutput(); err != nil {
		t.Fatalf("with overwrite_files: %v", err)
	}
	r2.ReleaseRecording()
}
