package record

import (
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/arrow/memory/mallocator"
)

// CountingAllocator is a memory.Allocator that takes its memory from C
// (calloc/realloc/free, through arrow's mallocator) and keeps an atomic
// count of the bytes that are allocated and not yet freed. All methods are
// safe for concurrent use, so exported arrays may be released from any
// thread (for instance by the Python garbage collector) while the
// simulation keeps recording.
//
// The zero value is not usable; create one with NewCountingAllocator.
type CountingAllocator struct {
	c           *mallocator.Mallocator
	outstanding atomic.Int64
}

var _ memory.Allocator = (*CountingAllocator)(nil)

// NewCountingAllocator returns a CountingAllocator over C malloc with
// nothing outstanding.
func NewCountingAllocator() *CountingAllocator {
	return &CountingAllocator{c: mallocator.NewMallocator()}
}

// Allocate returns size zeroed bytes of C memory. The caller owns the
// memory and must give it back with Free (or resize it with Reallocate) on
// this same allocator; the Go garbage collector never frees it. Allocate
// panics when C is out of memory or size is negative.
func (a *CountingAllocator) Allocate(size int) []byte {
	b := a.c.Allocate(size)
	a.outstanding.Add(int64(len(b)))
	return b
}

// Reallocate resizes b, which must come from this allocator, to size bytes
// and returns the (possibly moved) memory; bytes beyond the old length are
// zeroed. Ownership stays with the caller, and b must not be used again.
// It panics when C is out of memory or size is negative, in which case b is
// still owned by the caller.
func (a *CountingAllocator) Reallocate(size int, b []byte) []byte {
	out := a.c.Reallocate(size, b)
	a.outstanding.Add(int64(len(out) - len(b)))
	return out
}

// Free returns b, which must come from this allocator and be passed with
// its full allocated length, to C. b must not be used afterwards.
func (a *CountingAllocator) Free(b []byte) {
	a.outstanding.Add(-int64(len(b)))
	a.c.Free(b)
}

// Outstanding returns the number of bytes allocated and not yet freed. It
// may be called concurrently with allocations and frees.
func (a *CountingAllocator) Outstanding() int64 { return a.outstanding.Load() }

// OutstandingAllocator is an allocator of C memory that counts the bytes
// it has handed out and not yet got back.
type OutstandingAllocator interface {
	memory.Allocator
	Outstanding() int64
}

// NewRecordingAllocator returns the allocator for a kernel's recordings: a
// MappedAllocator where the system has memfd (Linux), so that exports are
// writable copy-on-write mappings, and a CountingAllocator otherwise.
func NewRecordingAllocator() OutstandingAllocator {
	if a, err := newMappedAllocator(); err == nil {
		return a
	}
	return NewCountingAllocator()
}

// privateMapper is implemented by allocators that can give an export its
// own copy-on-write view of a buffer (MappedAllocator): MapPrivate returns
// a writable view of the first n bytes of b and the allocator whose Free
// gives that view back.
type privateMapper interface {
	MapPrivate(b []byte, n int) ([]byte, memory.Allocator, error)
}

// PrivateExports reports whether tables on allocator a export private,
// writable copy-on-write views (see Table.Export) rather than read-only
// views of the table's own buffer.
func PrivateExports(a memory.Allocator) bool {
	_, ok := a.(privateMapper)
	return ok
}
