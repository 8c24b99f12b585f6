package pybind

import (
	"runtime"
	"slices"
	"testing"
	"unsafe"

	"github.com/gonest/gonest/gocore/dict"
)

// TestPositionsAtAddress checks that positions given as the address of a
// row-major float64 array become one column per dimension, and that bad
// shapes are refused.
func TestPositionsAtAddress(t *testing.T) {
	rows := []float64{0.1, 0.2, 0.3, -0.1, -0.2, -0.3}
	addr := float64(uintptr(unsafe.Pointer(&rows[0])))
	spec := dict.Dict{"positions": map[string]any{"addr": addr, "n": 2.0, "dim": 3.0}}
	if err := positionsAt(spec); err != nil {
		t.Fatal(err)
	}
	cols, ok := spec["positions"].([][]float64)
	if !ok || len(cols) != 3 || !slices.Equal(cols[0], []float64{0.1, -0.1}) || !slices.Equal(cols[2], []float64{0.3, -0.3}) {
		t.Fatalf("columns %v", spec["positions"])
	}
	for _, bad := range []map[string]any{
		{"addr": addr, "n": 1.0, "dim": 4.0},
		{"addr": addr, "n": 0.0, "dim": 2.0},
		{"addr": 0.0, "n": 1.0, "dim": 2.0},
		{"n": 1.0, "dim": 2.0},
	} {
		if err := positionsAt(dict.Dict{"positions": bad}); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
	// Positions as lists are left to the kernel.
	spec = dict.Dict{"positions": []any{[]any{0.0, 0.0}}}
	if err := positionsAt(spec); err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(rows)
}
