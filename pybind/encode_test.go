package pybind

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestEncodeJSONKeepsFloatsFloats(t *testing.T) {
	got, err := encodeJSON(dict.Dict{
		"V_m": -70.0, "C_m": 250.0, "tiny": 1e-300, "big": 1e300, "id": 3,
		"stop": math.Inf(1), "lo": math.Inf(-1), "rec": []string{"V_m"}, "ok": true,
		"nested": []any{1.0, "a", nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"C_m":250.0,"V_m":-70.0,"big":1e+300,"id":3,"lo":"-inf","nested":[1.0,"a",null],"ok":true,"rec":["V_m"],"stop":"inf","tiny":1e-300}`
	if got != want {
		t.Fatalf("encodeJSON =\n%s\nwant\n%s", got, want)
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
}

func TestEncodeJSONRoundTripsFloatsExactly(t *testing.T) {
	for _, f := range []float64{0.1, 214.65191410399996, -1.0 / 3.0, 5e-324, math.MaxFloat64} {
		s, err := encodeJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		var back float64
		if err := json.Unmarshal([]byte(s), &back); err != nil || back != f {
			t.Errorf("%v encoded as %s decodes to %v (%v)", f, s, back, err)
		}
	}
}
