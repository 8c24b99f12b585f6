package kernel

import (
	"runtime"
	"testing"
)

// TestMappedColumns follows one column through the life colmem.go gives
// it: small in the Go heap, mapped once it grows past mappedMin, grown
// again (remapped) with its values kept and its new elements zero, and
// unmapped when dropped.
func TestMappedColumns(t *testing.T) {
	var owner struct{ x int }
	m := newColumnMaps(&owner)
	mapped := func() int { m.mu.Lock(); defer m.mu.Unlock(); return len(m.maps) }
	col := newColumn[uint32](m, 100, 100)
	if mapped() != 0 {
		t.Fatalf("a column of %d bytes was mapped", 4*cap(col))
	}
	for i := range col {
		col[i] = uint32(i)
	}
	check := func(col []uint32, n int) {
		t.Helper()
		for i := range n {
			if col[i] != uint32(i) {
				t.Fatalf("element %d = %d after growth", i, col[i])
			}
		}
		for i := n; i < len(col); i++ {
			if col[i] != 0 {
				t.Fatalf("new element %d = %d, not zero", i, col[i])
			}
		}
	}
	col = growColumn(m, col, mappedMin/4) // 4 bytes each: past mappedMin
	if len(col) != 100+mappedMin/4 || mapped() != 1 {
		t.Fatalf("grown to %d elements, %d mappings; want %d, 1", len(col), mapped(), 100+mappedMin/4)
	}
	check(col, 100)
	for i := range col {
		col[i] = uint32(i)
	}
	n := len(col)
	col = growColumn(m, col, 3*n) // beyond the spare room: remapped
	if len(col) != 4*n || mapped() != 1 {
		t.Fatalf("grown to %d elements, %d mappings; want %d, 1", len(col), mapped(), 4*n)
	}
	check(col, n)
	dropColumn(m, col)
	if mapped() != 0 {
		t.Errorf("%d mappings after the column was dropped", mapped())
	}
	runtime.KeepAlive(&owner)
}

// TestResetReleasesMappedColumns checks that a network's mapped columns
// go when the kernel is reset, and that the next network gets its own.
func TestResetReleasesMappedColumns(t *testing.T) {
	k := newKernel()
	build := func() *columnMaps {
		a := mustCreate(t, k, "iaf_psc_alpha", 2000)
		mustConnect(t, k, ids(a, a+1999), ids(a, a+1999), map[string]any{"rule": "fixed_indegree", "indegree": 200.0}, nil)
		m := k.threads[0].cols
		if m == nil || len(m.maps) == 0 {
			t.Fatal("400,000 connections in no mapped column")
		}
		return m
	}
	old := build()
	k.Reset()
	if len(old.maps) != 0 {
		t.Errorf("%d mappings left after Reset", len(old.maps))
	}
	if build() == old {
		t.Error("the new network uses the released registry")
	}
	mustSimulate(t, k, 10)
}
