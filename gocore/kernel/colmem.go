package kernel

import (
	"runtime"
	"slices"
	"sync"
	"unsafe"
)

// Large connection columns live in memory mapped for them alone, outside
// the Go heap, where the operating system has it.
//
// A network is connected call by call, and each call that adds to a
// table makes its columns longer. In the Go heap a longer column is a
// new allocation and a copy, and the old one stays resident until the
// collector has freed it and the scavenger has given its pages back:
// the 64 projections of compare.py's cortical network left the heap at
// 2.3 times the columns it held. A mapped column instead grows in place
// or is moved by the kernel without a copy (mremap), its capacity beyond
// what was written is address space only, and the memory of a column
// that is replaced or released goes back at once. The columns hold no
// pointers, so the collector need not see them.
//
// Each thread keeps the mappings of its tables in a columnMaps; they are
// released when the thread is dropped (ResetKernel, a new number of
// threads, a kernel that is garbage) and one by one when a column is
// replaced. Nothing else may keep a slice of a column beyond a call.

// mappedMin is the size in bytes from which a column is mapped.
const mappedMin = 1 << 20

// columnMaps is the registry of a thread's mapped columns, by address.
type columnMaps struct {
	mu   sync.Mutex
	maps map[uintptr][]byte
}

// newColumnMaps returns the registry of owner's columns, released when
// owner is garbage.
func newColumnMaps[O any](owner *O) *columnMaps {
	m := &columnMaps{maps: map[uintptr][]byte{}}
	runtime.AddCleanup(owner, func(m *columnMaps) { m.releaseAll() }, m)
	return m
}

// releaseAll unmaps every column of the registry.
func (m *columnMaps) releaseAll() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for p, b := range m.maps {
		osUnmap(b)
		delete(m.maps, p)
	}
}

func sizeOf[T any]() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// newColumn returns a column of length n and capacity c (elements zero),
// mapped if it is large and m is not nil.
func newColumn[T any](m *columnMaps, n, c int) []T {
	if m != nil && c*sizeOf[T]() >= mappedMin {
		if b, ok := osMap(c * sizeOf[T]()); ok {
			m.mu.Lock()
			m.maps[uintptr(unsafe.Pointer(unsafe.SliceData(b)))] = b
			m.mu.Unlock()
			return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), c)[:n]
		}
	}
	return make([]T, n, c)
}

// mapping returns the mapping of col, if m has mapped it.
func mapping[T any](m *columnMaps, col []T) ([]byte, bool) {
	if m == nil || cap(col) == 0 {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.maps[uintptr(unsafe.Pointer(unsafe.SliceData(col)))]
	return b, ok
}

// dropColumn releases col, which is no longer used.
func dropColumn[T any](m *columnMaps, col []T) {
	if b, ok := mapping(m, col); ok {
		m.mu.Lock()
		delete(m.maps, uintptr(unsafe.Pointer(unsafe.SliceData(b))))
		m.mu.Unlock()
		osUnmap(b)
	}
}

// growColumn returns col longer by more zero elements, as append would,
// in place or moved.
func growColumn[T any](m *columnMaps, col []T, more int) []T {
	n := len(col)
	need := n + more
	if need <= cap(col) {
		col = col[:need]
		clear(col[n:])
		return col
	}
	size := sizeOf[T]()
	if b, ok := mapping(m, col); ok {
		// Room to spare costs address space only.
		c := need + need/2
		if nb, ok := osRemap(b, c*size); ok {
			m.mu.Lock()
			delete(m.maps, uintptr(unsafe.Pointer(unsafe.SliceData(b))))
			m.maps[uintptr(unsafe.Pointer(unsafe.SliceData(nb)))] = nb
			m.mu.Unlock()
			out := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(nb))), c)[:need]
			clear(out[n:])
			return out
		}
	}
	if m != nil && need*size >= mappedMin {
		out := newColumn[T](m, need, need+need/2)
		copy(out, col)
		dropColumn(m, col)
		return out
	}
	col = slices.Grow(col, more)[:need]
	clear(col[n:])
	return col
}
