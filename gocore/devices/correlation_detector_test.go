package devices_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestCorrelationDetectorDefaults(t *testing.T) { checkNEST310Defaults(t, "correlation_detector") }

// runCorrelationScenario replays a scenario of record_devices.py's
// correlation_specs (spec.json: spike_generators 1..n into the detector
// n+1) and compares the detector's status keys with NEST's status.json
// exactly (floats included: the sums run in NEST's order).
func runCorrelationScenario(t *testing.T, name string) {
	t.Helper()
	dir := filepath.Join(devicesRef, name)
	var spec struct {
		Detector string         `json:"detector"`
		Params   map[string]any `json:"params"`
		Inputs   []struct {
			Params  map[string]any `json:"params"`
			SynSpec map[string]any `json:"syn_spec"`
		} `json:"inputs"`
		Simulate []float64 `json:"simulate"`
		Keys     []string  `json:"keys"`
	}
	readJSON(t, filepath.Join(dir, "spec.json"), &spec)
	var want map[string]any
	readJSON(t, filepath.Join(dir, "status.json"), &want)
	n := newNet(t, 0.1)
	var gens []int
	for _, in := range spec.Inputs {
		gens = append(gens, n.create("spike_generator", 1, dict.Dict(in.Params))[0])
	}
	det := n.create(spec.Detector, 1, dict.Dict(spec.Params))
	for i, in := range spec.Inputs {
		n.connect(gens[i:i+1], det, "", dict.Dict(in.SynSpec))
	}
	for _, ms := range spec.Simulate {
		n.simulate(ms)
	}
	st, err := n.k.NodeStatus(det[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range spec.Keys {
		raw, err := json.Marshal(st[key])
		if err != nil {
			t.Fatal(err)
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[key]) {
			t.Errorf("%s:\n gonest %v\n NEST   %v", key, got, want[key])
		}
	}
}

func readJSON(t *testing.T, path string, dst any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		t.Fatal(err)
	}
}

// TestNEST310CorrelationDetector: two generators with multiplicities and
// weights of both signs on receptors 0 and 1, a Tstart/Tstop interval and
// a run split in two.
func TestNEST310CorrelationDetector(t *testing.T) { runCorrelationScenario(t, "correlation_detector") }

// TestCorrelationDetectorChecks follows NEST's validation.
func TestCorrelationDetectorChecks(t *testing.T) {
	n := newNet(t, 0.1)
	d := n.create("correlation_detector", 1, nil)
	for _, c := range []struct {
		params dict.Dict
		cat    *nesterr.Category
	}{
		{dict.Dict{"delta_tau": 0.25}, nesterr.ErrStepMultipleRequired},
		{dict.Dict{"tau_max": 2.2}, nesterr.ErrTimeMultipleRequired},
		{dict.Dict{"n_events": []any{1, 0}}, nesterr.ErrBadProperty},
	} {
		wantError(t, n.k.SetNodeStatus(d, []dict.Dict{c.params}), c.cat)
	}
	g := n.create("spike_generator", 1, nil)
	wantError(t, n.k.Connect(g, d, nil, dict.Dict{"receptor_type": 2}), nesterr.ErrUnknownReceptorType)
	if err := n.k.SetNodeStatus(d, []dict.Dict{{"n_events": []any{0, 0}, "tau_max": 1.0}}); err != nil {
		t.Fatal(err)
	}
	st, _ := n.k.NodeStatus(d[0])
	if h := st["histogram"].([]float64); len(h) != 5 {
		t.Errorf("histogram has %d bins, want 5", len(h))
	}
}
