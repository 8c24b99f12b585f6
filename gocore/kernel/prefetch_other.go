//go:build !amd64

package kernel

import "unsafe"

// prefetchLines does nothing where no assembly version exists.
func prefetchLines(unsafe.Pointer) {}

// prefetchLine does nothing where no assembly version exists.
func prefetchLine(unsafe.Pointer) {}
