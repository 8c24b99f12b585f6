#include "go_asm.h"
#include "textflag.h"

// The mask of |x| and smallestNormal. The tableau comes from
// laneTableau (lanes_amd64.go).
DATA est4c<>+0(SB)/8, $0x7fffffffffffffff
DATA est4c<>+8(SB)/8, $0x0010000000000000
GLOBL est4c<>(SB), RODATA|NOPTR, $16

// SUM2 and ADD leave in Y1 a stage sum of the coefficients at c (byte
// offsets into laneTableau) and the slopes named, each product rounded
// and the sum taken left to right (sum5), through Y2.
#define SUM2(c1, k1, c2, k2) \
	VBROADCASTSD ·laneTableau+c1(SB), Y1 \
	VMULPD k1(SI), Y1, Y1 \
	VBROADCASTSD ·laneTableau+c2(SB), Y2 \
	VMULPD k2(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1

#define ADD(c, k) \
	VBROADCASTSD ·laneTableau+c(SB), Y2 \
	VMULPD k(SI), Y2, Y2 \
	VADDPD Y2, Y1, Y1

// LANE loads the lane at off of the array at AX into SI, going to next
// if it is nil.
#define LANE(off, next) \
	MOVQ off(AX), SI \
	TESTQ SI, SI \
	JEQ next

// ESTIMATE does one lane (its pointer at off of the array at AX; nil:
// nothing): the error estimate, component j in element j,
//
//	yerr = h*((((E1*k1 + E3*k3) + E4*k4) + E5*k5) + E6*k6)
//
// (Lane.estimate), then the worst ratio |yerr_j|/|D_j| with
// D_j = EpsRel*(AY*|y_j| + ADydt*|h*out_j|) + EpsAbs (y the solution,
// in yt), NaN ratios skipped and smallestNormal the least
// (Control.worst4), each product and sum rounded as there. Uses Y0..Y9,
// SI, DI.
#define ESTIMATE(off, next) \
	LANE(off, next) \
	VBROADCASTSD Lane_h(SI), Y0 \
	SUM2(0, Lane_k1, 8, Lane_k3) \
	ADD(16, Lane_k4) \
	ADD(24, Lane_k5) \
	ADD(32, Lane_k6) \
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
	VBROADCASTSD est4c<>+0(SB), Y9
	VBROADCASTSD est4c<>+8(SB), Y8
	ESTIMATE(0, lane1)
	ESTIMATE(8, lane2)
	ESTIMATE(16, lane3)
	ESTIMATE(24, done)
	VZEROUPPER
	RET

// STATE ends a stage: yt = Y + h*sum (Y1), for the lane at SI.
#define STATE \
	VBROADCASTSD Lane_h(SI), Y0 \
	VMULPD Y1, Y0, Y1 \
	VADDPD Lane_Y(SI), Y1, Y1 \
	VMOVUPD Y1, Lane_yt(SI)

#define STAGE3(off, next) \
	LANE(off, next) \
	SUM2(48, Lane_k1, 56, Lane_k2) \
	STATE \
next:

#define STAGE4(off, next) \
	LANE(off, next) \
	SUM2(64, Lane_k1, 72, Lane_k2) \
	ADD(80, Lane_k3) \
	STATE \
next:

#define STAGE5(off, next) \
	LANE(off, next) \
	SUM2(88, Lane_k1, 96, Lane_k2) \
	ADD(104, Lane_k3) \
	ADD(112, Lane_k4) \
	STATE \
next:

#define STAGE6(off, next) \
	LANE(off, next) \
	SUM2(120, Lane_k1, 128, Lane_k2) \
	ADD(136, Lane_k3) \
	ADD(144, Lane_k4) \
	ADD(152, Lane_k5) \
	STATE \
next:

#define SOLUTION(off, next) \
	LANE(off, next) \
	SUM2(160, Lane_k1, 168, Lane_k3) \
	ADD(176, Lane_k4) \
	ADD(184, Lane_k5) \
	ADD(192, Lane_k6) \
	STATE \
next:

// func form4(lanes *[4]*Lane, stage int)
//
// Lane.form's state of the stage (3..6; 7: the solution) in yt for up
// to four lanes (nil entries are skipped), one lane's components in the
// elements of an AVX register, the operations of stage3At..solutionAt;
// the caller checked for AVX2.
TEXT ·form4(SB), NOSPLIT, $0-16
	MOVQ lanes+0(FP), AX
	MOVQ stage+8(FP), CX
	CMPQ CX, $4
	JLT  s3
	JEQ  s4
	CMPQ CX, $6
	JLT  s5
	JEQ  s6
	SOLUTION(0, a7)
	SOLUTION(8, b7)
	SOLUTION(16, c7)
	SOLUTION(24, d7)
	VZEROUPPER
	RET
s3:
	STAGE3(0, a3)
	STAGE3(8, b3)
	STAGE3(16, c3)
	STAGE3(24, d3)
	VZEROUPPER
	RET
s4:
	STAGE4(0, a4)
	STAGE4(8, b4)
	STAGE4(16, c4)
	STAGE4(24, d4)
	VZEROUPPER
	RET
s5:
	STAGE5(0, a5)
	STAGE5(8, b5)
	STAGE5(16, c5)
	STAGE5(24, d5)
	VZEROUPPER
	RET
s6:
	STAGE6(0, a6)
	STAGE6(8, b6)
	STAGE6(16, c6)
	STAGE6(24, d6)
	VZEROUPPER
	RET
