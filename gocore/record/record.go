// Package record stores recorder events as Arrow columns in C memory and
// exports them through the Arrow C Data Interface.
//
// A Table holds equally long named columns of int64 or float64 values. Each
// column is one contiguous buffer of C memory, obtained from the allocator
// given to NewTable (a *CountingAllocator in production), that doubles when
// it is full, so an append costs amortised O(1) and allocates nothing on the
// Go heap.
//
// Export hands a column to a C Data Interface consumer (pyarrow) without
// copying: the exported array is a read-only view of the first n values of
// the column's buffer, where n is the column length at the time of the
// export, and it holds its own reference to that buffer. Later appends only
// write behind those n values; when the buffer has to grow after an export
// the table moves to a fresh buffer instead of reallocating the exported
// one, and Reset and Release merely drop the table's reference. An exported
// array therefore stays valid, and unchanged, until its consumer calls its
// release callback, whatever happens to the table in the meantime.
package record

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/cdata"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Kind is the element type of a column.
type Kind int

// Column kinds.
const (
	Int64 Kind = iota
	Float64
)

// String returns the Go name of the kind, e.g. "Int64".
func (k Kind) String() string {
	switch k {
	case Int64:
		return "Int64"
	case Float64:
		return "Float64"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// dataType returns the Arrow type that stores values of kind k.
func (k Kind) dataType() arrow.DataType {
	if k == Int64 {
		return arrow.PrimitiveTypes.Int64
	}
	return arrow.PrimitiveTypes.Float64
}

// valueSize is the width in bytes of every kind.
const valueSize = 8

// firstCapacity is the number of values a column has room for after its
// first append; the capacity doubles from there.
const firstCapacity = 128

// column is one named column of a Table.
type column struct {
	name  string
	kind  Kind
	alloc memory.Allocator

	// buf owns the column's C memory; it is nil while the column has no
	// room at all. Its length is its whole capacity.
	buf *memory.Buffer
	// n is the number of values stored at the start of buf.
	n int
	// i64 or f64 (whichever matches kind) views all of buf; the other is
	// nil. Appends write through the view.
	i64 []int64
	f64 []float64
	// shared is set once a prefix of buf has been exported. A consumer may
	// then be reading that prefix, so buf must be neither reallocated nor
	// written below n again; growth moves to a new buffer instead.
	shared bool
	// released makes appends after Table.Release panic.
	released bool
}

// capacity returns the number of values buf has room for.
func (c *column) capacity() int {
	if c.kind == Int64 {
		return len(c.i64)
	}
	return len(c.f64)
}

// setView points the typed view at buf.
func (c *column) setView() {
	c.i64, c.f64 = nil, nil
	if c.buf == nil {
		return
	}
	b := c.buf.Bytes()
	p := unsafe.Pointer(unsafe.SliceData(b))
	if c.kind == Int64 {
		c.i64 = unsafe.Slice((*int64)(p), len(b)/valueSize)
	} else {
		c.f64 = unsafe.Slice((*float64)(p), len(b)/valueSize)
	}
}

// grow doubles the room of the column. It is the slow path of an append
// and runs O(log n) times for n appends.
func (c *column) grow() {
	if c.released {
		panic(fmt.Sprintf("record: append to column %q of a released table", c.name))
	}
	c.growTo(0)
}

// growTo makes room for at least want values (at least double the room).
func (c *column) growTo(want int) {
	if c.released {
		panic(fmt.Sprintf("record: append to column %q of a released table", c.name))
	}
	size := max(firstCapacity, 2*c.capacity(), want) * valueSize
	switch {
	case c.buf == nil:
		c.buf = memory.NewBufferWithAllocator(c.alloc.Allocate(size), c.alloc)
	case c.shared:
		// The exported prefix must stay where it is: copy it into a new
		// buffer and let the exports keep the old one alive.
		mem := c.alloc.Allocate(size)
		copy(mem, c.buf.Bytes()[:c.n*valueSize])
		c.buf.Release()
		c.buf = memory.NewBufferWithAllocator(mem, c.alloc)
		c.shared = false
	default:
		c.buf.Reset(c.alloc.Reallocate(size, c.buf.Bytes()))
	}
	c.setView()
}

// drop releases the table's reference to the column's buffer and empties
// the column. Exported arrays keep their own references.
func (c *column) drop() {
	if c.buf != nil {
		c.buf.Release()
	}
	c.buf, c.n, c.shared = nil, 0, false
	c.setView()
}

// snapshot returns array data that views the column's current values. The
// caller owns one reference to the data and must release it.
func (c *column) snapshot() *array.Data {
	dt := c.kind.dataType()
	if c.n == 0 {
		return array.NewData(dt, 0, []*memory.Buffer{nil, nil}, nil, 0, 0)
	}
	if pm, ok := c.alloc.(privateMapper); ok {
		// The export gets its own copy-on-write mapping of the column's
		// pages: writable, independent of the table and of other exports,
		// and nothing is copied until someone writes.
		if mem, owner, err := pm.MapPrivate(c.buf.Bytes(), c.n*valueSize); err == nil {
			values := memory.NewBufferWithAllocator(mem, owner)
			data := array.NewData(dt, c.n, []*memory.Buffer{nil, values}, nil, 0, 0)
			values.Release()
			return data
		}
	}
	values := memory.SliceBuffer(c.buf, 0, c.n*valueSize)
	data := array.NewData(dt, c.n, []*memory.Buffer{nil, values}, nil, 0, 0)
	values.Release()
	c.shared = true
	return data
}

// Table is a set of equally long named columns of int64 or float64 values
// held in C memory.
//
// A Table is not safe for concurrent use: its owner must serialise all
// method calls (appends, copies, Export, Reset, Release). Arrays that Export
// handed out are independent of the table and may be released from any
// goroutine or C thread at any time.
type Table struct {
	cols     []column
	released bool
}

// NewTable returns an empty table with one column per name, of the kind at
// the same position in kinds, whose values live in memory from alloc. alloc
// must hand out C memory (a *CountingAllocator, or arrow's mallocator,
// possibly wrapped in a memory.CheckedAllocator), because exported buffers
// are read by C code after Export returns. NewTable panics when alloc is
// nil, the two slices differ in length, a kind is unknown or a name is
// repeated; these are programming errors.
func NewTable(alloc memory.Allocator, names []string, kinds []Kind) *Table {
	if alloc == nil {
		panic("record: NewTable needs an allocator of C memory, got nil")
	}
	if len(names) != len(kinds) {
		panic(fmt.Sprintf("record: NewTable got %d column names but %d kinds", len(names), len(kinds)))
	}
	t := &Table{cols: make([]column, len(names))}
	for i, name := range names {
		if kinds[i] != Int64 && kinds[i] != Float64 {
			panic(fmt.Sprintf("record: column %q has unknown kind %v", name, kinds[i]))
		}
		for _, prev := range names[:i] {
			if prev == name {
				panic(fmt.Sprintf("record: column name %q is repeated", name))
			}
		}
		t.cols[i] = column{name: name, kind: kinds[i], alloc: alloc}
	}
	return t
}

// Names returns a copy of the column names in order.
func (t *Table) Names() []string {
	names := make([]string, len(t.cols))
	for i := range t.cols {
		names[i] = t.cols[i].name
	}
	return names
}

// Kind returns the kind of column col; it panics when col is out of range.
func (t *Table) Kind(col int) Kind { return t.cols[col].kind }

// Index returns the position of column name, or -1 when there is none.
func (t *Table) Index(name string) int {
	for i := range t.cols {
		if t.cols[i].name == name {
			return i
		}
	}
	return -1
}

// Len returns the number of complete rows, that is the length of the
// shortest column. It is 0 for a table without columns.
func (t *Table) Len() int {
	if len(t.cols) == 0 {
		return 0
	}
	n := t.cols[0].n
	for i := 1; i < len(t.cols); i++ {
		n = min(n, t.cols[i].n)
	}
	return n
}

// ColumnLen returns the number of values in column col, which may exceed
// Len while a row is being appended; it panics when col is out of range.
func (t *Table) ColumnLen(col int) int { return t.cols[col].n }

// AppendInt64 appends v to column col. It panics when col is out of range,
// the column is not of kind Int64 or the table was released.
func (t *Table) AppendInt64(col int, v int64) {
	c := &t.cols[col]
	if c.kind != Int64 {
		panic(fmt.Sprintf("record: AppendInt64 to column %q of kind %v", c.name, c.kind))
	}
	if c.n == len(c.i64) {
		c.grow()
	}
	c.i64[c.n] = v
	c.n++
}

// AppendFloat64 appends v to column col. It panics when col is out of
// range, the column is not of kind Float64 or the table was released.
func (t *Table) AppendFloat64(col int, v float64) {
	c := &t.cols[col]
	if c.kind != Float64 {
		panic(fmt.Sprintf("record: AppendFloat64 to column %q of kind %v", c.name, c.kind))
	}
	if c.n == len(c.f64) {
		c.grow()
	}
	c.f64[c.n] = v
	c.n++
}

// Reserve makes room for n values in every column, so that the next
// appends up to n values move no memory.
func (t *Table) Reserve(n int) {
	for i := range t.cols {
		c := &t.cols[i]
		for c.capacity() < n {
			c.growTo(n)
		}
	}
}

// Int64s returns a Go copy of column col. It panics when col is out of
// range or the column is not of kind Int64.
func (t *Table) Int64s(col int) []int64 {
	c := &t.cols[col]
	if c.kind != Int64 {
		panic(fmt.Sprintf("record: Int64s of column %q of kind %v", c.name, c.kind))
	}
	return append(make([]int64, 0, c.n), c.i64[:c.n]...)
}

// Float64s returns a Go copy of column col. It panics when col is out of
// range or the column is not of kind Float64.
func (t *Table) Float64s(col int) []float64 {
	c := &t.cols[col]
	if c.kind != Float64 {
		panic(fmt.Sprintf("record: Float64s of column %q of kind %v", c.name, c.kind))
	}
	return append(make([]float64, 0, c.n), c.f64[:c.n]...)
}

// Reset drops all rows and gives the table's memory back to its allocator.
// Arrays already exported stay valid, with their values, until their
// consumers release them; the table can be appended to again.
func (t *Table) Reset() {
	for i := range t.cols {
		t.cols[i].drop()
	}
}

// Release frees everything the table holds, as Reset does, and retires the
// table: later appends panic and Export fails. Arrays already exported stay
// valid until their consumers release them. Release may be called more than
// once.
func (t *Table) Release() {
	t.Reset()
	for i := range t.cols {
		t.cols[i].released = true
	}
	t.released = true
}

// Export writes column col, with all values appended so far, through the
// Arrow C Data Interface into the ArrowArray struct at arrayAddr and the
// ArrowSchema struct at schemaAddr. Both structs are allocated by the
// caller, in memory the Go garbage collector does not manage (C memory, as
// pyarrow.cffi provides), and must be zeroed or already released (their
// release callback NULL).
//
// Ownership: the exported array is a zero-copy, null-free, single-buffer
// view of the column's C memory. With an allocator that can map privately
// (a MappedAllocator), the view is a copy-on-write mapping of the column's
// pages that belongs to this export alone: the consumer may write into it
// (as NEST's users do with their event arrays), and its writes reach
// neither the table nor any other export; until a page is written it is
// the column's own page, so nothing is copied. Otherwise the view is the
// column's buffer itself and must be treated as read-only. It owns a reference to that memory, so it
// stays valid and unchanged after later appends, Reset or Release of the
// table. The caller (the consumer) owns both structs' contents and must
// call each struct's release callback exactly once — pyarrow's
// Array._import_from_c takes over that duty — after which the memory goes
// back to the table's allocator once the table no longer uses it either.
// The structs themselves remain the caller's to free.
//
// Pending rows: Export adds nothing to and removes nothing from the table;
// appends continue behind the exported values, and exporting again without
// new appends shares the same buffer.
//
// Errors: a col out of range (KeyError), a zero address or a struct that
// still holds a live array (BadParameter) and a released table
// (KernelException) return an error, and then nothing has been written to
// either struct and nothing needs releasing.
func (t *Table) Export(col int, arrayAddr, schemaAddr uintptr) error {
	if col < 0 || col >= len(t.cols) {
		return nesterr.New(nesterr.ErrKeyError,
			"column index %d is out of range; the table has %d columns [%s]",
			col, len(t.cols), strings.Join(t.Names(), ", "))
	}
	c := &t.cols[col]
	if t.released {
		return nesterr.New(nesterr.ErrKernelException,
			"cannot export column %q: its recording has been released", c.name)
	}
	if arrayAddr == 0 || schemaAddr == 0 {
		return nesterr.New(nesterr.ErrBadParameter,
			"cannot export column %q into a NULL ArrowArray (0x%x) or ArrowSchema (0x%x)",
			c.name, arrayAddr, schemaAddr)
	}
	if (*abiArray)(cPointer(arrayAddr)).release != 0 {
		return nesterr.New(nesterr.ErrBadParameter,
			"cannot export column %q: the ArrowArray at 0x%x still holds an array; release it or pass a zeroed struct",
			c.name, arrayAddr)
	}
	if (*abiSchema)(cPointer(schemaAddr)).release != 0 {
		return nesterr.New(nesterr.ErrBadParameter,
			"cannot export column %q: the ArrowSchema at 0x%x still holds a schema; release it or pass a zeroed struct",
			c.name, schemaAddr)
	}
	data := c.snapshot()
	arr := array.MakeFromData(data)
	data.Release()
	cdata.ExportArrowArray(arr,
		(*cdata.CArrowArray)(cPointer(arrayAddr)),
		(*cdata.CArrowSchema)(cPointer(schemaAddr)))
	arr.Release()
	return nil
}
