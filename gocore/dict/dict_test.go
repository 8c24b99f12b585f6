package dict

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/nesterr"
)

func TestReaderTypesAndUnused(t *testing.T) {
	r := NewReader(Dict{"C_m": 250.0, "label": "v", "bad": "x", "extra": 1.0, "n": 3.0, "frac": 2.5})
	var f float64
	if ok, err := r.Float("C_m", &f); !ok || err != nil || f != 250 {
		t.Fatalf("Float(C_m) = %v %v %v", ok, err, f)
	}
	if ok, err := r.Float("missing", &f); ok || err != nil {
		t.Fatalf("Float(missing) = %v %v", ok, err)
	}
	if _, err := r.Float("bad", &f); !errors.Is(err, nesterr.ErrTypeMismatch) {
		t.Fatalf("Float(bad) err = %v, want TypeMismatch", err)
	}
	var n int64
	if ok, err := r.Int("n", &n); !ok || err != nil || n != 3 {
		t.Fatalf("Int(n) = %v %v %v", ok, err, n)
	}
	if _, err := r.Int("frac", &n); !errors.Is(err, nesterr.ErrTypeMismatch) {
		t.Fatalf("Int(frac) err = %v, want TypeMismatch", err)
	}
	var s string
	if ok, err := r.String("label", &s); !ok || err != nil || s != "v" {
		t.Fatalf("String(label) = %v %v %q", ok, err, s)
	}
	err := r.CheckAllUsed("iaf_tum_2000")
	if !errors.Is(err, nesterr.ErrUnaccessedDictionaryEntry) {
		t.Fatalf("CheckAllUsed err = %v", err)
	}
	if got := r.Unused(); len(got) != 1 || got[0] != "extra" {
		t.Fatalf("Unused() = %v, want [extra]", got)
	}
}
