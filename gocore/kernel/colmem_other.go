//go:build !linux

package kernel

// Elsewhere than on Linux columns stay in the Go heap.

func osMap(n int) ([]byte, bool)             { return nil, false }
func osRemap(b []byte, n int) ([]byte, bool) { return nil, false }
func osUnmap(b []byte)                       {}
