#include "textflag.h"

// func expFMA(x float64) float64
//
// expCore's main path (no tail, no sign bias, no special case) with
// hardware fused multiply-adds: the same operations in the same order,
// so the same bits. The constants come from expConsts, the table from
// expTab (both in exp.go). Without FMA, and for |x| < 2^-54 or
// |x| >= 512 (the exponent of x outside [topTiny, topLarge)), it jumps
// to expGeneric with the same argument frame.
TEXT ·expFMA(SB), NOSPLIT, $0-16
	CMPB  ·hasFMA(SB), $0
	JEQ   generic
	MOVQ  x+0(FP), AX
	SHRQ  $52, AX
	ANDL  $0x7ff, AX
	SUBL  $0x3c9, AX            // topTiny
	CMPL  AX, $0x3f             // topLarge - topTiny
	JAE   generic
	MOVSD x+0(FP), X0
	LEAQ  ·expConsts(SB), DX
	MOVSD 8(DX), X2             // shift
	VFMADD231SD 0(DX), X0, X2   // kd = x*invLn2N + shift
	MOVQ  X2, AX                // ki
	SUBSD 8(DX), X2             // kd -= shift
	VFMADD231SD 16(DX), X2, X0  // x + kd*negLn2hiN
	VFMADD231SD 24(DX), X2, X0  // r = that + kd*negLn2loN
	MOVQ  AX, BX
	ANDQ  $127, BX
	SHLQ  $4, BX                // byte offset of entry ki%128
	SHLQ  $45, AX               // top: ki << (52 - 7)
	LEAQ  ·expTab(SB), CX
	ADDQ  8(CX)(BX*1), AX       // sbits
	MOVSD (CX)(BX*1), X4        // tail
	MOVAPD X0, X5
	MULSD X0, X5                // r2 = r*r
	MOVSD 40(DX), X6            // C4
	VFMADD231SD 48(DX), X0, X6  // r*C5 + C4
	MOVSD 32(DX), X7            // C2
	VFMADD231SD 56(DX), X0, X7  // r*C3 + C2
	ADDSD X0, X4                // r + tail
	VFMADD231SD X5, X7, X4      // (r*C3 + C2)*r2 + (r + tail)
	MULSD X5, X5                // r2*r2
	VFMADD231SD X6, X5, X4      // tmp = r2*r2*(r*C5 + C4) + that
	MOVQ  AX, X1                // scale
	VFMADD231SD X4, X1, X1      // scale*tmp + scale
	MOVSD X1, ret+8(FP)
	RET

generic:
	JMP ·expGeneric(SB)
