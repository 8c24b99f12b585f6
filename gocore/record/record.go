// Package record stores recorder events as Arrow columns in C memory and
// exports them through the Arrow C Data Interface.
//
// STUB: the API below is fixed; the implementation is being written.
package record

import (
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/arrow/memory/mallocator"
)

// CountingAllocator allocates C memory and counts the bytes outstanding.
type CountingAllocator struct {
	*mallocator.Mallocator
}

// NewCountingAllocator returns a CountingAllocator over C malloc.
func NewCountingAllocator() *CountingAllocator {
	return &CountingAllocator{mallocator.NewMallocator()}
}

// Outstanding returns the number of bytes allocated and not yet freed.
func (a *CountingAllocator) Outstanding() int64 { return 0 }

// Kind is the element type of a column.
type Kind int

// Column kinds.
const (
	Int64 Kind = iota
	Float64
)

// Table is a set of equally long named columns.
type Table struct {
	names []string
	kinds []Kind
	i64   [][]int64
	f64   [][]float64
}

// NewTable returns an empty table with the given columns.
func NewTable(alloc memory.Allocator, names []string, kinds []Kind) *Table {
	t := &Table{names: names, kinds: kinds, i64: make([][]int64, len(names)), f64: make([][]float64, len(names))}
	return t
}

// Names returns the column names in order.
func (t *Table) Names() []string { return t.names }

// Index returns the position of column name, or -1.
func (t *Table) Index(name string) int {
	for i, n := range t.names {
		if n == name {
			return i
		}
	}
	return -1
}

// Len returns the number of rows.
func (t *Table) Len() int {
	if len(t.names) == 0 {
		return 0
	}
	if t.kinds[0] == Int64 {
		return len(t.i64[0])
	}
	return len(t.f64[0])
}

// AppendInt64 appends v to column col.
func (t *Table) AppendInt64(col int, v int64) { t.i64[col] = append(t.i64[col], v) }

// AppendFloat64 appends v to column col.
func (t *Table) AppendFloat64(col int, v float64) { t.f64[col] = append(t.f64[col], v) }

// Int64s returns a copy of column col.
func (t *Table) Int64s(col int) []int64 { return append([]int64(nil), t.i64[col]...) }

// Float64s returns a copy of column col.
func (t *Table) Float64s(col int) []float64 { return append([]float64(nil), t.f64[col]...) }

// Reset drops all rows.
func (t *Table) Reset() {
	for i := range t.names {
		t.i64[i] = nil
		t.f64[i] = nil
	}
}

// Release frees the table's memory.
func (t *Table) Release() { t.Reset() }

// Export writes column col into the C structs at the given addresses.
func (t *Table) Export(col int, arrayAddr, schemaAddr uintptr) error { return nil }
