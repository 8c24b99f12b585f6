#include "textflag.h"

// func powFMA(x, y float64) float64
//
// powGeneric's main path with hardware fused multiply-adds: logInline,
// the product y*log x in two parts, then expCore with that tail, the
// same operations in the same order as the Go code (so the same bits).
// Constants from powConsts, powTab, expConsts and expTab. Without FMA,
// for x negative, zero, subnormal, infinite or NaN, for |y| outside
// [2^-65, 2^63) and when y*log x leaves exp's main range it jumps to
// powGeneric with the argument frame untouched.
TEXT ·powFMA(SB), NOSPLIT, $0-24
	CMPB  ·hasFMA(SB), $0
	JEQ   generic
	MOVQ  x+0(FP), AX           // ix
	MOVQ  y+8(FP), BX           // iy
	MOVQ  AX, CX
	SHRQ  $52, CX               // topx (with the sign)
	SUBL  $1, CX
	CMPL  CX, $0x7fe
	JAE   generic
	MOVQ  BX, CX
	SHRQ  $52, CX
	ANDL  $0x7ff, CX
	SUBL  $0x3be, CX
	CMPL  CX, $0x80
	JAE   generic

	// logInline: x = 2^k z, table entry i.
	MOVQ  $0x3fe6955500000000, DX
	MOVQ  AX, CX
	SUBQ  DX, CX                // tmp = ix - powOff
	MOVQ  CX, SI
	SHRQ  $45, SI
	ANDQ  $127, SI              // i
	MOVQ  CX, DI
	SARQ  $52, DI               // k
	MOVQ  $0xfff0000000000000, R8
	ANDQ  CX, R8
	MOVQ  AX, R9
	SUBQ  R8, R9                // iz
	MOVQ  R9, X0                // z
	CVTSQ2SD DI, X1             // kd
	LEAQ  (SI)(SI*2), SI
	SHLQ  $3, SI                // 24*i
	LEAQ  ·powTab(SB), R10
	ADDQ  SI, R10               // &powTab[i]
	LEAQ  ·powConsts(SB), DX

	MOVSD $(-1.0), X2
	VFMADD231SD 0(R10), X0, X2  // r = z*invc - 1
	MOVSD 8(R10), X3
	VFMADD231SD 0(DX), X1, X3   // t1 = kd*ln2hi + logc
	MOVAPD X2, X4
	ADDSD X3, X4                // t2 = r + t1
	MOVSD 16(R10), X5
	VFMADD231SD 8(DX), X1, X5   // lo1 = kd*ln2lo + logctail
	SUBSD X4, X3
	ADDSD X2, X3                // lo2 = t1 - t2 + r
	MOVSD 16(DX), X6
	MULSD X2, X6                // ar = r*A0
	MOVAPD X6, X7
	MULSD X2, X7                // ar2 = r*ar
	MOVAPD X7, X8
	MULSD X2, X8                // ar3 = r*ar2
	MOVAPD X4, X9
	ADDSD X7, X9                // hi = t2 + ar2
	MOVAPD X7, X10
	VFMSUB231SD X2, X6, X10     // lo3 = ar*r - ar2
	SUBSD X9, X4
	ADDSD X7, X4                // lo4 = t2 - hi + ar2
	MOVSD 56(DX), X11
	VFMADD231SD 64(DX), X2, X11 // r*A6 + A5
	MOVSD 40(DX), X12
	VFMADD231SD 48(DX), X2, X12 // r*A4 + A3
	VFMADD231SD X7, X11, X12    // (r*A6 + A5)*ar2 + (r*A4 + A3)
	MOVSD 24(DX), X13
	VFMADD231SD 32(DX), X2, X13 // r*A2 + A1
	VFMADD231SD X12, X7, X13    // q = ar2*(...) + (r*A2 + A1)
	ADDSD X3, X5
	ADDSD X10, X5
	ADDSD X4, X5                // lo1 + lo2 + lo3 + lo4
	VFMADD231SD X13, X8, X5     // lo = ar3*q + that
	MOVAPD X9, X14
	ADDSD X5, X14               // lhi = hi + lo
	SUBSD X14, X9
	ADDSD X5, X9                // llo = hi - lhi + lo

	// y*log x as ehi + elo.
	MOVSD y+8(FP), X15
	MOVAPD X15, X0
	MULSD X14, X0               // ehi = y*lhi
	MOVAPD X0, X1
	VFMSUB231SD X15, X14, X1    // lhi*y - ehi
	VFMADD231SD X9, X15, X1     // elo = y*llo + that

	// exp's main range for ehi (topTiny <= exponent < topLarge).
	MOVQ  X0, CX
	SHRQ  $52, CX
	ANDL  $0x7ff, CX
	SUBL  $0x3c9, CX
	CMPL  CX, $0x3f
	JAE   generic

	// expCore(ehi, elo, 0, false, true).
	LEAQ  ·expConsts(SB), DX
	MOVSD 8(DX), X2
	VFMADD231SD 0(DX), X0, X2   // kd = x*invLn2N + shift
	MOVQ  X2, AX                // ki
	SUBSD 8(DX), X2
	VFMADD231SD 16(DX), X2, X0
	VFMADD231SD 24(DX), X2, X0  // r
	XORPS X3, X3
	UCOMISD X3, X1
	JNE   tail
	JPS   tail
	JMP   table
tail:
	ADDSD X1, X0                // r = xtail + r
table:
	MOVQ  AX, BX
	ANDQ  $127, BX
	SHLQ  $4, BX
	SHLQ  $45, AX
	LEAQ  ·expTab(SB), CX
	ADDQ  8(CX)(BX*1), AX       // sbits
	MOVSD (CX)(BX*1), X4        // tail
	MOVAPD X0, X5
	MULSD X0, X5                // r2
	MOVSD 40(DX), X6
	VFMADD231SD 48(DX), X0, X6  // r*C5 + C4
	MOVSD 32(DX), X7
	VFMADD231SD 56(DX), X0, X7  // r*C3 + C2
	ADDSD X0, X4                // r + tail
	VFMADD231SD X5, X7, X4
	MULSD X5, X5
	VFMADD231SD X6, X5, X4      // tmp
	MOVQ  AX, X1                // scale
	VFMADD231SD X4, X1, X1      // scale*tmp + scale
	MOVSD X1, ret+16(FP)
	RET

generic:
	JMP ·powGeneric(SB)
