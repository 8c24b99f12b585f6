package record

import (
	"testing"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/cdata"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/arrow/memory/mallocator"
)

// structMem provides the C memory for the ArrowArray and ArrowSchema structs
// that tests export into, playing the part of pyarrow.cffi. It is separate
// from the allocators under test so that it never shows up in their counts.
var structMem = mallocator.NewMallocator()

// cStructs is a zeroed ArrowArray and ArrowSchema in C memory.
type cStructs struct {
	arrayAddr, schemaAddr uintptr
}

// newCStructs allocates zeroed structs that are freed when tb ends. The
// test must have released or imported whatever it exported into them.
func newCStructs(tb testing.TB) cStructs {
	tb.Helper()
	arr := structMem.Allocate(int(unsafe.Sizeof(cdata.CArrowArray{})))
	sch := structMem.Allocate(int(unsafe.Sizeof(cdata.CArrowSchema{})))
	tb.Cleanup(func() {
		structMem.Free(arr)
		structMem.Free(sch)
	})
	return cStructs{
		arrayAddr:  uintptr(unsafe.Pointer(unsafe.SliceData(arr))),
		schemaAddr: uintptr(unsafe.Pointer(unsafe.SliceData(sch))),
	}
}

func (s cStructs) array() *cdata.CArrowArray   { return cdata.ArrayFromPtr(s.arrayAddr) }
func (s cStructs) schema() *cdata.CArrowSchema { return cdata.SchemaFromPtr(s.schemaAddr) }

// isZero reports whether both structs are still all zero bytes, that is
// nothing has been exported into them.
func (s cStructs) isZero() bool {
	return allZero(s.arrayAddr, unsafe.Sizeof(abiArray{})) &&
		allZero(s.schemaAddr, unsafe.Sizeof(abiSchema{}))
}

// allZero reports whether the n bytes of C memory at addr are all zero.
func allZero(addr, n uintptr) bool {
	for _, x := range unsafe.Slice((*byte)(cPointer(addr)), n) {
		if x != 0 {
			return false
		}
	}
	return true
}

// export exports column col of tab into fresh structs and imports it back
// as a Go array, which the caller must Release.
func export(tb testing.TB, tab *Table, col int) arrow.Array {
	tb.Helper()
	s := newCStructs(tb)
	if err := tab.Export(col, s.arrayAddr, s.schemaAddr); err != nil {
		tb.Fatalf("Export(%d): %v", col, err)
	}
	return importStructs(tb, s)
}

// importStructs imports what was exported into s; the import takes over
// the duty to call the release callbacks.
func importStructs(tb testing.TB, s cStructs) arrow.Array {
	tb.Helper()
	_, arr, err := cdata.ImportCArray(s.array(), s.schema())
	if err != nil {
		cdata.ReleaseCArrowArray(s.array())
		tb.Fatalf("ImportCArray: %v", err)
	}
	return arr
}

// valuesAddr returns the address of the first value of an imported array,
// or 0 when it has no values buffer.
func valuesAddr(arr arrow.Array) uintptr {
	b := arr.Data().Buffers()[1]
	if b == nil || b.Len() == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b.Bytes())))
}

// tableAddr returns the address of the first value of column col's buffer
// in tab, or 0 when the column has none.
func tableAddr(tab *Table, col int) uintptr {
	b := tab.cols[col].buf
	if b == nil {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b.Bytes())))
}

// floatTol is the largest difference allowed between a float64 written to a
// table and read back. Values travel as raw bits, so it is zero.
const floatTol = 0.0

// sample values of row i for the three test columns.
func sampleID(i int) int64     { return int64(i)*7 - 3 }
func sampleTime(i int) float64 { return 0.1*float64(i) + 1.0/3 }
func sampleV(i int) float64    { return -70 + 1e-3*float64(i*i) }

// Columns of the sample table.
const (
	colID = iota
	colTime
	colV
)

// newSample returns a table with columns senders (int64), times and V_m
// (float64) holding sample rows 0..rows-1.
func newSample(tb testing.TB, alloc memory.Allocator, rows int) *Table {
	tb.Helper()
	tab := NewTable(alloc, []string{"senders", "times", "V_m"}, []Kind{Int64, Float64, Float64})
	appendSample(tab, 0, rows)
	return tab
}

// appendSample appends sample rows from..to-1 to a sample table.
func appendSample(tab *Table, from, to int) {
	for i := from; i < to; i++ {
		tab.AppendInt64(colID, sampleID(i))
		tab.AppendFloat64(colTime, sampleTime(i))
		tab.AppendFloat64(colV, sampleV(i))
	}
}

// checkColumn checks that arr holds exactly the sample values of column col
// for rows 0..rows-1, with no nulls and no validity bitmap.
func checkColumn(tb testing.TB, arr arrow.Array, col, rows int) {
	tb.Helper()
	if arr.Len() != rows {
		tb.Fatalf("column %d: imported length %d, want %d", col, arr.Len(), rows)
	}
	if arr.NullN() != 0 || arr.Data().Buffers()[0] != nil {
		tb.Fatalf("column %d: imported array has %d nulls / a validity bitmap; want none", col, arr.NullN())
	}
	switch col {
	case colID:
		a, ok := arr.(*array.Int64)
		if !ok {
			tb.Fatalf("column %d imported as %T, want *array.Int64", col, arr)
		}
		for i, got := range a.Int64Values() {
			if want := sampleID(i); got != want {
				tb.Fatalf("column %d row %d = %d, want %d", col, i, got, want)
			}
		}
	default:
		a, ok := arr.(*array.Float64)
		if !ok {
			tb.Fatalf("column %d imported as %T, want *array.Float64", col, arr)
		}
		want := sampleTime
		if col == colV {
			want = sampleV
		}
		for i, got := range a.Float64Values() {
			if d := got - want(i); d > floatTol || d < -floatTol {
				tb.Fatalf("column %d row %d = %v, want %v", col, i, got, want(i))
			}
		}
	}
}
