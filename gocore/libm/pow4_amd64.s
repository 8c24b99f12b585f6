#include "textflag.h"
#include "exp4_amd64.h"

// func pow4(x, y, z *[4]float64) bool
//
// The four powers x[i]^y[i] of powFMA's main path (pow_amd64.s) side by
// side in the elements of AVX registers: logInline, the product in two
// parts, expCore with that tail, the same operations in the same order,
// so the same bits. The table entries are loaded element by element. If
// any element is off the main path (x not positive and normal, |y|
// outside [2^-65, 2^63), y log x outside exp's main range), or without
// AVX2 and FMA, nothing is written and false is returned.
TEXT ·pow4(SB), NOSPLIT, $0-25
	CMPB  ·hasAVX2FMA(SB), $0
	JEQ   declined
	MOVQ  x+0(FP), AX
	MOVQ  y+8(FP), BX
	VMOVUPD (AX), Y0                // ix
	VMOVUPD (BX), Y1                // iy

	// the arguments on the main path (mask Y15)
	VPXOR Y14, Y14, Y14
	VPBROADCASTQ ·pow4Consts+48(SB), Y13 // 0x7ff
	VPSRLQ $52, Y0, Y2              // topx, with the sign
	VPCMPGTQ Y14, Y2, Y15           // topx > 0
	VPCMPGTQ Y2, Y13, Y3            // 0x7ff > topx
	VPAND Y3, Y15, Y15
	VPSRLQ $52, Y1, Y2
	VPAND Y13, Y2, Y2               // topy without the sign
	VPBROADCASTQ ·pow4Consts+64(SB), Y3
	VPCMPGTQ Y3, Y2, Y3             // topy > 0x3bd
	VPAND Y3, Y15, Y15
	VPBROADCASTQ ·pow4Consts+72(SB), Y3
	VPCMPGTQ Y2, Y3, Y3             // 0x43e > topy
	VPAND Y3, Y15, Y15

	// logInline: x = 2^k z, table entry i
	VPBROADCASTQ ·pow4Consts+0(SB), Y2
	VPSUBQ Y2, Y0, Y2               // tmp = ix - powOff
	VPSRLQ $45, Y2, Y3
	VPBROADCASTQ ·pow4Consts+16(SB), Y4
	VPAND Y4, Y3, Y3                // i
	VPSRLQ $52, Y2, Y4              // k + 4096 where k < 0
	VPBROADCASTQ ·pow4Consts+24(SB), Y5
	VPXOR Y5, Y4, Y4                // k + 2048
	VPBROADCASTQ ·pow4Consts+32(SB), Y5
	VPOR Y5, Y4, Y4                 // 2^52 + k + 2048
	VBROADCASTSD ·pow4Consts+40(SB), Y5
	VSUBPD Y5, Y4, Y4               // kd (exact)
	VPBROADCASTQ ·pow4Consts+8(SB), Y5
	VPAND Y5, Y2, Y2
	VPSUBQ Y2, Y0, Y0               // z
	// the entries (invc, logc, logctail: 24 bytes), element by element
	VMOVQ X3, R8
	VPEXTRQ $1, X3, R9
	VEXTRACTI128 $1, Y3, X3
	VMOVQ X3, R10
	VPEXTRQ $1, X3, R11
	LEAQ (R8)(R8*2), R8
	LEAQ (R9)(R9*2), R9
	LEAQ (R10)(R10*2), R10
	LEAQ (R11)(R11*2), R11
	LEAQ ·powTab(SB), DI
	VMOVUPD (DI)(R8*8), X5
	VMOVUPD (DI)(R9*8), X6
	VINSERTF128 $1, (DI)(R10*8), Y5, Y5
	VINSERTF128 $1, (DI)(R11*8), Y6, Y6
	VUNPCKLPD Y6, Y5, Y2            // invc
	VUNPCKHPD Y6, Y5, Y3            // logc
	VMOVSD 16(DI)(R8*8), X5
	VMOVHPD 16(DI)(R9*8), X5, X5
	VMOVSD 16(DI)(R10*8), X6
	VMOVHPD 16(DI)(R11*8), X6, X6
	VINSERTF128 $1, X6, Y5, Y5      // logctail

	LEAQ ·powConsts(SB), DX
	VBROADCASTSD ·pow4Consts+56(SB), Y6
	VFMADD231PD Y2, Y0, Y6          // r = z*invc - 1
	VBROADCASTSD 0(DX), Y7
	VFMADD231PD Y7, Y4, Y3          // t1 = kd*ln2hi + logc
	VADDPD Y3, Y6, Y7               // t2 = r + t1
	VBROADCASTSD 8(DX), Y8
	VFMADD231PD Y8, Y4, Y5          // lo1 = kd*ln2lo + logctail
	VSUBPD Y7, Y3, Y3
	VADDPD Y6, Y3, Y3               // lo2 = t1 - t2 + r
	VBROADCASTSD 16(DX), Y8
	VMULPD Y8, Y6, Y8               // ar = r*A0
	VMULPD Y8, Y6, Y9               // ar2 = r*ar
	VMULPD Y9, Y6, Y10              // ar3 = r*ar2
	VADDPD Y9, Y7, Y11              // hi = t2 + ar2
	VMOVAPD Y9, Y12
	VFMSUB231PD Y6, Y8, Y12         // lo3 = ar*r - ar2
	VSUBPD Y11, Y7, Y7
	VADDPD Y9, Y7, Y7               // lo4 = t2 - hi + ar2
	VBROADCASTSD 56(DX), Y0
	VBROADCASTSD 64(DX), Y2
	VFMADD231PD Y2, Y6, Y0          // r*A6 + A5
	VBROADCASTSD 40(DX), Y4
	VBROADCASTSD 48(DX), Y2
	VFMADD231PD Y2, Y6, Y4          // r*A4 + A3
	VFMADD231PD Y9, Y0, Y4          // (r*A6 + A5)*ar2 + (r*A4 + A3)
	VBROADCASTSD 24(DX), Y8
	VBROADCASTSD 32(DX), Y2
	VFMADD231PD Y2, Y6, Y8          // r*A2 + A1
	VFMADD231PD Y4, Y9, Y8          // q = ar2*(...) + (r*A2 + A1)
	VADDPD Y3, Y5, Y5
	VADDPD Y12, Y5, Y5
	VADDPD Y7, Y5, Y5               // lo1 + lo2 + lo3 + lo4
	VFMADD231PD Y8, Y10, Y5         // lo = ar3*q + that
	VADDPD Y5, Y11, Y2              // lhi = hi + lo
	VSUBPD Y2, Y11, Y11
	VADDPD Y5, Y11, Y11             // llo = hi - lhi + lo

	// y log x as ehi (Y0) + elo (Y3)
	VMULPD Y2, Y1, Y0               // ehi = y*lhi
	VMOVAPD Y0, Y3
	VFMSUB231PD Y1, Y2, Y3          // lhi*y - ehi
	VFMADD231PD Y11, Y1, Y3         // elo = y*llo + that

	// ehi in exp's main range (topTiny <= exponent < topLarge)
	VPSRLQ $52, Y0, Y2
	VPAND Y13, Y2, Y2
	VPBROADCASTQ ·pow4Consts+80(SB), Y4
	VPCMPGTQ Y4, Y2, Y4             // > 0x3c8
	VPAND Y4, Y15, Y15
	VPBROADCASTQ ·pow4Consts+88(SB), Y4
	VPCMPGTQ Y2, Y4, Y4             // 0x408 > exponent
	VPAND Y4, Y15, Y15
	VMOVMSKPD Y15, AX
	CMPL AX, $15
	JNE  outside

	// expCore(ehi, elo, 0, false, true)
	LEAQ ·expConsts(SB), SI
	LEAQ ·expTab(SB), DI
	EXP4_REDUCE(SI, Y0, Y4, Y12, Y5) // r (Y0), ki (Y12)
	VCMPPD $4, Y14, Y3, Y5          // elo != 0 (or NaN)
	VADDPD Y0, Y3, Y6               // elo + r
	VBLENDVPD Y5, Y6, Y0, Y0        // r
	EXP4_SCALE(SI, DI, ·pow4Consts+16(SB), Y0, Y12, Y5, X5, X5, Y6, X6, Y7, X7, Y8, Y10, Y6)
	MOVQ  z+16(FP), CX
	VMOVUPD Y6, (CX)
	VZEROUPPER
	MOVB  $1, ret+24(FP)
	RET

outside:
	VZEROUPPER
declined:
	MOVB  $0, ret+24(FP)
	RET
