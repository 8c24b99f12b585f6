package libm

import "golang.org/x/sys/cpu"

// hasAVX2FMA tells pow4_amd64.s whether the processor runs it.
var hasAVX2FMA = hasFMA && cpu.X86.HasAVX2

// pow4Consts are the constants pow4_amd64.s reads, at byte offsets
// 8*index: powOff (0), the mask of the exponent bits of tmp (1), the
// table index mask (2), the bias that makes k an offset binary (3), the
// bits of 2^52 (4) and of 2^52 + 2048 (5, to take k out as a double), the
// exponent mask (6), -1 (7), and the bounds (exclusive) of the main path
// for the exponents of y (8, 9) and of y log x (10, 11).
var pow4Consts = [12]uint64{
	powOff, 0xfff << 52, powN - 1, 0x800,
	0x4330000000000000, 0x4330000000000800, 0x7ff, 0xbff0000000000000,
	0x3bd, 0x43e, topTiny - 1, topLarge,
}

// pow4 is pow4_amd64.s.
//
//go:noescape
func pow4(x, y, z *[4]float64) bool
