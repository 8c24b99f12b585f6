package synapses

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// kernelSynapseKeys are the keys NEST's GetDefaults reports for every
// synapse model; the kernel adds them, not the Type.
var kernelSynapseKeys = map[string]bool{
	"delay": true, "weight": true, "element_type": true, "has_delay": true, "num_connections": true,
	"receptor_type": true, "requires_symmetric": true, "sizeof": true, "synapse_model": true,
	"synapse_modelid": true, "weight_recorder": true, "volume_transmitter": true,
}

// TestDefaultsMatchNEST310 compares every built-in Type's defaults with
// NEST 3.10's GetDefaults (testdata/nest310/defaults): the same keys,
// besides the kernel's, with equal values.
func TestDefaultsMatchNEST310(t *testing.T) {
	for _, typ := range Builtin() {
		raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "defaults", typ.Name()+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		got := typ.Defaults()
		for key, w := range want {
			if kernelSynapseKeys[key] {
				continue
			}
			g, ok := got[key]
			if !ok {
				t.Errorf("%s: no %s (NEST %v)", typ.Name(), key, w)
				continue
			}
			if gf, ok := toFloat(g); ok && gf == w || !ok && sameJSON(g, w) {
				continue
			}
			{
				t.Errorf("%s: %s = %v, NEST %v", typ.Name(), key, g, w)
			}
		}
		for key := range got {
			// delay_offset is the kernel's internal key of
			// cont_delay_synapse, which it removes.
			if _, ok := want[key]; !ok && key != "delay_offset" {
				t.Errorf("%s: %s is not a key of NEST's", typ.Name(), key)
			}
		}
	}
}

// sameJSON compares lists and booleans by their JSON form.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}
