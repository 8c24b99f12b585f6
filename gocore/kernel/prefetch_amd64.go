package kernel

import "unsafe"

// prefetchLines asks the processor to load the first three cache lines
// of the object at p (prefetch_amd64.s).
//
//go:noescape
func prefetchLines(p unsafe.Pointer)

// prefetchLine asks the processor to load the cache line of p.
//
//go:noescape
func prefetchLine(p unsafe.Pointer)
