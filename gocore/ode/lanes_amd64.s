#include "go_asm.h"
#include "textflag.h"

// The error estimate's coefficients (the bits of rkfE1..rkfE6; checked
// by TestEstimate4EqualsLanes) and the constants of the worst
// ratio: the mask of |x| and smallestNormal.
DATA est4c<>+0(SB)/8, $0x3f66c16c16c16c17 // rkfE1
DATA est4c<>+8(SB)/8, $0xbf9ea8fd6cceb75d // rkfE3
DATA est4c<>+16(SB)/8, $0xbf9de693b17fafde // rkfE4
DATA est4c<>+24(SB)/8, $0x3f947ae147ae147b // rkfE5
DATA est4c<>+32(SB)/8, $0x3fa29e4129e4129e // rkfE6
DATA est4c<>+40(SB)/8, $0x7fffffffffffffff
DATA est4c<>+48(SB)/8, $0x0010000000000000
GLOBL est4c<>(SB), RODATA|NOPTR, $56

// ESTIMATE does one lane (its pointer at off of the array at AX; nil:
// nothing): the error estimate, component j in element j,
//
//	yerr = h*((((E1*k1 + E3*k3) + E4*k4) + E5*k5) + E6*k6)
//
// (Lane.estimate), then the worst ratio |yerr_j|/|D_j| with D_j =
// EpsRel*(AY*|y_j| + ADydt*|h*out_j|) + EpsAbs (y the solution, in yt), NaN ratios skipped and
// smallestNormal the least (Control.worst4), each product and sum
// rounded as there. Uses Y0..Y9, SI, DI.
#define ESTIMATE(off, next) \
	MOVQ off(AX), SI \
	TESTQ SI, SI \
	JEQ next \
	VBROADCASTSD Lane_h(SI), Y0 \
	VBROADCASTSD est4c<>+0(SB), Y1 \
	VMULPD Lane_k1(SI), Y1, Y1 \
	VBROADCASTSD est4c<>+8(SB), Y2 \
	VMULPD Lane_k3(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1 \
	VBROADCASTSD est4c<>+16(SB), Y2 \
	VMULPD Lane_k4(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1 \
	VBROADCASTSD est4c<>+24(SB), Y2 \
	VMULPD Lane_k5(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1 \
	VBROADCASTSD est4c<>+32(SB), Y2 \
	VMULPD Lane_k6(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1 \
	VMULPD Y1, Y0, Y1 \
	VMOVUPD Y1, Lane_yerr(SI) \
	MOVQ Lane_Control(SI), DI \
	VANDPD Y9, Y1, Y1 \
	VMULPD Lane_out(SI), Y0, Y3 \
	VANDPD Y9, Y3, Y3 \
	VBROADCASTSD Control_ADydt(DI), Y4 \
	VMULPD Y3, Y4, Y3 \
	VANDPD Lane_yt(SI), Y9, Y5 \
	VBROADCASTSD Control_AY(DI), Y4 \
	VMULPD Y5, Y4, Y5 \
	VADDPD Y3, Y5, Y5 \
	VBROADCASTSD Control_EpsRel(DI), Y4 \
	VMULPD Y5, Y4, Y5 \
	VBROADCASTSD Control_EpsAbs(DI), Y4 \
	VADDPD Y4, Y5, Y5 \
	VANDPD Y9, Y5, Y5 \
	VDIVPD Y5, Y1, Y1 \
	VMAXPD Y8, Y1, Y1 \
	VEXTRACTF128 $1, Y1, X2 \
	VMAXPD X2, X1, X1 \
	VUNPCKHPD X1, X1, X2 \
	VMAXSD X2, X1, X1 \
	VMOVSD X1, Lane_worst(SI) \
next:

// func estimate4(lanes *[4]*Lane)
//
// Lane.estimate and the worst ratio of Control.worst4 (into Lane.worst)
// of up to four lanes (nil entries are skipped), one lane's components
// in the elements of an AVX register; the caller checked for AVX2.
TEXT ·estimate4(SB), NOSPLIT, $0-8
	MOVQ lanes+0(FP), AX
	VBROADCASTSD est4c<>+40(SB), Y9
	VBROADCASTSD est4c<>+48(SB), Y8
	ESTIMATE(0, lane1)
	ESTIMATE(8, lane2)
	ESTIMATE(16, lane3)
	ESTIMATE(24, done)
	VZEROUPPER
	RET
