//go:build linux

package record

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/arrow/memory/mallocator"
	"golang.org/x/sys/unix"
)

// MappedAllocator is a memory.Allocator whose memory lives in one anonymous
// in-memory file (memfd) of the process, so that an exported column can be
// handed out as a private copy-on-write mapping of the recorder's own pages
// (see MapPrivate): the consumer gets a writable array without a copy, and
// its writes change neither the recording nor any other export.
//
// Every allocation is a fresh, page-aligned range of the file, mapped
// shared into the process; file offsets are never reused (the file is
// sparse, so that costs no memory). A range's pages go back to the system
// (the range is punched out of the file) once the allocation has been
// freed and every private mapping of it has been unmapped, which the
// consumers of exports do from any thread through the release callback.
//
// Outstanding counts the bytes of ranges still held by an allocation or an
// export; it is the figure leak tests compare. All methods are safe for
// concurrent use.
type MappedAllocator struct {
	fd int

	mu sync.Mutex
	// next is the file offset of the next range.
	next int64
	// regions maps the address of each live shared mapping to its range.
	regions map[uintptr]*mappedRegion

	// small holds the allocations below mappedMin, which come from C
	// malloc: mapping each would cost a page and one of the process's
	// limited mappings (vm.max_map_count) per column, for a private export
	// that copies less than a page anyway. Keyed by address.
	small map[uintptr]int
	c     *mallocator.Mallocator

	outstanding atomic.Int64
}

// mappedMin is the smallest allocation that lives in the file; smaller
// ones are malloc'ed and their exports are copies (of less than 64 KiB).
const mappedMin = 64 << 10

// mappedRegion is one range of the file: the shared mapping an allocation
// writes through (nil once freed) and the number of holders (the
// allocation and each private mapping).
type mappedRegion struct {
	off    int64
	length int
	refs   int
}

var _ memory.Allocator = (*MappedAllocator)(nil)

// NewMappedAllocator creates the in-memory file. It fails only when the
// system refuses memfd_create (then use a CountingAllocator).
func NewMappedAllocator() (*MappedAllocator, error) {
	fd, err := unix.MemfdCreate("gonest-recordings", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	return &MappedAllocator{fd: fd, regions: map[uintptr]*mappedRegion{}, small: map[uintptr]int{}, c: mallocator.NewMallocator()}, nil
}

var pageSize = os.Getpagesize()

func roundToPage(n int) int { return (n + pageSize - 1) / pageSize * pageSize }

func sliceAddr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// Allocate returns size zeroed bytes in a new range of the file. It panics
// when the system is out of memory or address space, as malloc-based
// allocators do.
func (a *MappedAllocator) Allocate(size int) []byte {
	if size < 0 {
		panic(fmt.Sprintf("record: Allocate(%d)", size))
	}
	if size == 0 {
		return []byte{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if size < mappedMin {
		b := a.c.Allocate(size)
		a.small[sliceAddr(b)] = size
		a.outstanding.Add(int64(size))
		return b
	}
	length := roundToPage(size)
	off := a.next
	if err := unix.Ftruncate(a.fd, off+int64(length)); err != nil {
		panic(fmt.Sprintf("record: cannot grow the recording file to %d bytes: %v", off+int64(length), err))
	}
	mem, err := unix.Mmap(a.fd, off, length, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		panic(fmt.Sprintf("record: cannot map %d bytes of the recording file: %v", length, err))
	}
	a.next = off + int64(length)
	a.regions[sliceAddr(mem)] = &mappedRegion{off: off, length: length, refs: 1}
	a.outstanding.Add(int64(length))
	return mem[:size]
}

// Reallocate moves b to a new range of size bytes (b's values first, then
// zeros) and frees b. Ranges are never resized in place, so exports of b
// keep their pages.
func (a *MappedAllocator) Reallocate(size int, b []byte) []byte {
	out := a.Allocate(size)
	copy(out, b)
	a.Free(b)
	return out
}

// Free unmaps b, which must come from Allocate or Reallocate of a. Its
// pages are returned once no private mapping uses them any more.
func (a *MappedAllocator) Free(b []byte) {
	if cap(b) == 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	addr := sliceAddr(b)
	if size, ok := a.small[addr]; ok {
		delete(a.small, addr)
		a.c.Free(b[:size])
		a.outstanding.Add(-int64(size))
		return
	}
	r, ok := a.regions[addr]
	if !ok {
		panic(fmt.Sprintf("record: Free of memory at 0x%x that this allocator does not hold", addr))
	}
	delete(a.regions, addr)
	if err := unix.Munmap(b[:cap(b)]); err != nil {
		panic(fmt.Sprintf("record: munmap: %v", err))
	}
	a.unref(r)
}

// unref drops one holder of r; the last one punches r out of the file.
// The caller holds a.mu.
func (a *MappedAllocator) unref(r *mappedRegion) {
	r.refs--
	if r.refs > 0 {
		return
	}
	// Punching returns the pages to the system; the file keeps its size.
	_ = unix.Fallocate(a.fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, r.off, int64(r.length))
	a.outstanding.Add(-int64(r.length))
}

// Outstanding returns the bytes of the file held by allocations and
// exports.
func (a *MappedAllocator) Outstanding() int64 { return a.outstanding.Load() }

// MapPrivate returns a private, copy-on-write, writable mapping of the
// first n bytes of b (memory from Allocate), and an allocator whose Free
// unmaps it. For a block below mappedMin it returns a copy instead, freed
// by a's Free. Until the mapping is written, its pages are b's own pages
// (nothing is copied); a write copies only the page written, for the
// mapping alone. The range of b stays in the file until the mapping is
// freed, even if b is freed first.
func (a *MappedAllocator) MapPrivate(b []byte, n int) ([]byte, memory.Allocator, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if size, ok := a.small[sliceAddr(b)]; ok {
		if n <= 0 || n > size {
			return nil, nil, fmt.Errorf("record: MapPrivate of %d bytes of a %d-byte block", n, size)
		}
		// A small block: the export gets its own copy, as writable and
		// independent as a mapping would be.
		c := a.c.Allocate(n)
		copy(c, b[:n])
		a.small[sliceAddr(c)] = n
		a.outstanding.Add(int64(n))
		return c, a, nil
	}
	r, ok := a.regions[sliceAddr(b)]
	if !ok {
		return nil, nil, fmt.Errorf("record: MapPrivate of memory this allocator does not hold")
	}
	if n <= 0 || n > r.length {
		return nil, nil, fmt.Errorf("record: MapPrivate of %d bytes of a %d-byte range", n, r.length)
	}
	mem, err := unix.Mmap(a.fd, r.off, roundToPage(n), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, fmt.Errorf("record: cannot map an export: %w", err)
	}
	r.refs++
	return mem[:n], &privateMapping{a: a, r: r}, nil
}

// privateMapping frees one private mapping made by MapPrivate; it serves
// as the allocator of the exported buffer, whose last release calls Free.
type privateMapping struct {
	a *MappedAllocator
	r *mappedRegion
}

func (p *privateMapping) Allocate(int) []byte {
	panic("record: a private mapping cannot allocate")
}

func (p *privateMapping) Reallocate(int, []byte) []byte {
	panic("record: a private mapping cannot reallocate")
}

func (p *privateMapping) Free(b []byte) {
	_ = unix.Munmap(b[:cap(b)])
	p.a.mu.Lock()
	defer p.a.mu.Unlock()
	p.a.unref(p.r)
}

func newMappedAllocator() (OutstandingAllocator, error) { return NewMappedAllocator() }
