#include "textflag.h"

// func prefetchLines(p unsafe.Pointer)
//
// Asks for the three cache lines from p on (PREFETCHT0: into every
// level). A prefetch never faults, whatever p is.
TEXT ·prefetchLines(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	PREFETCHT0 64(AX)
	PREFETCHT0 128(AX)
	RET

// func prefetchLine(p unsafe.Pointer)
//
// Asks for the cache line of p (PREFETCHT0).
TEXT ·prefetchLine(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	RET
