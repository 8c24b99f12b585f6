package kernel

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// synDefaultsSkip are the keys of NEST's synapse GetDefaults that gonest's
// kernel does not report: NEST's internal numbering and sizes, and
// element_type (the Python layer's).
var synDefaultsSkip = map[string]bool{"synapse_modelid": true, "sizeof": true, "element_type": true, "requires_symmetric": true}

// TestSynapseDefaultsMatchNEST310 compares Defaults of every synapse model
// gonest has, its _hpc and _lbl variants included, with NEST 3.10's
// GetDefaults (testdata/nest310/defaults): every key NEST reports (but
// synDefaultsSkip) with an equal value, NodeCollections (weight_recorder,
// volume_transmitter) as lists of ids, and no key NEST does not have.
func TestSynapseDefaultsMatchNEST310(t *testing.T) {
	k := newKernel()
	_, names := k.Models()
	for _, name := range names {
		raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "defaults", name+".json"))
		if err != nil {
			t.Errorf("%s: no NEST defaults (%v)", name, err)
			continue
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		got, err := k.Defaults(name)
		if err != nil {
			t.Fatal(err)
		}
		for key, w := range want {
			if synDefaultsSkip[key] {
				continue
			}
			if s, ok := w.(string); ok && s == "NodeCollection(<empty>)" {
				w = []any{}
			}
			g, ok := got[key]
			if !ok {
				t.Errorf("%s: no %s (NEST %v)", name, key, w)
				continue
			}
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			if string(gj) != string(wj) {
				t.Errorf("%s: %s = %s, NEST %s", name, key, gj, wj)
			}
		}
		for key := range got {
			if _, ok := want[key]; !ok {
				t.Errorf("%s: %s is not a key of NEST's", name, key)
			}
		}
	}
}

// TestDefaultDelayOnTheGrid: a default delay between grid points is kept
// rounded to the nearest step (halves up), as NEST keeps it in steps.
func TestDefaultDelayOnTheGrid(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 1.0}); err != nil {
		t.Fatal(err)
	}
	if err := k.SetDefaults("static_synapse", dict.Dict{"delay": 3.5}); err != nil {
		t.Fatal(err)
	}
	d, err := k.Defaults("static_synapse")
	if err != nil {
		t.Fatal(err)
	}
	if d["delay"] != 4.0 {
		t.Errorf("default delay = %v, want 4.0 (3.5 on a 1 ms grid)", d["delay"])
	}
}
