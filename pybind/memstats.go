package pybind

import "runtime"

// HeapBytes runs a garbage collection and returns the bytes of live Go
// heap objects (the simulator's memory outside recordings), for
// benchmarks that measure the memory of connections or nodes.
func HeapBytes() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
