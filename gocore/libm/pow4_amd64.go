package libm

import "golang.org/x/sys/cpu"

// hasAVX2FMA tells pow4_amd64.s whether the processor runs it.
var hasAVX2FMA = hasFMA && cpu.X86.HasAVX2

// pow4 is pow4_amd64.s.
//
//go:noescape
func pow4(x, y, z *[4]float64) bool
