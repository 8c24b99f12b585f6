#include "go_asm.h"
#include "textflag.h"
#include "exp4_amd64.h" // a link to libm's, so that the build sees its changes

// func aeifCondEval4(y, dydt *[4]*[4]float64, p *aeifCondVecParams) bool
//
// The right-hand sides of four aeif_cond_exp neurons (derivsExp), one
// neuron per element of the AVX registers: the rows y[i] (V_m, g_ex,
// g_in, w) are transposed into columns, the operations of derivsExp are
// done on four neurons at a time in its order, and the results are
// transposed back into dydt[i]. The exponential is libm.Exp's main path
// (exp_amd64.s) in vector form, with the same fused multiply-adds in the
// same order, so the same bits; if an argument is outside that path
// (|x| < 2^-54 or |x| >= 512, or NaN) nothing is written and false is
// returned, for the caller to take the scalar route. The offsets of p's
// fields come from go_asm.h. A nil row is an element without a neuron:
// it reads p.idleY and writes p.idleOut. Needs AVX2 and FMA.
// COLUMN loads element off of the four rows R8..R11 into Y (X its low
// half), through X4.
#define COLUMN(off, X, Y) \
	VMOVSD off(R8), X \
	VMOVHPD off(R9), X, X \
	VMOVSD off(R10), X4 \
	VMOVHPD off(R11), X4, X4 \
	VINSERTF128 $1, X4, Y, Y

// PARAMS loads the array at off in p, written element by element just
// before the call, into Y, through X4.
#define PARAMS(off, X, Y) \
	VMOVSD off(DX), X \
	VMOVHPD off+8(DX), X, X \
	VMOVSD off+16(DX), X4 \
	VMOVHPD off+24(DX), X4, X4 \
	VINSERTF128 $1, X4, Y, Y

// ROW loads the row pointer at off of the array at AX (y, or dydt) into
// R, or CX (the idle row) where y's (BX) is nil.
#define ROW(off, R) \
	MOVQ off(AX), R \
	CMPQ off(BX), $0 \
	CMOVQEQ CX, R

TEXT ·aeifCondEval4(SB), NOSPLIT, $0-25
	MOVQ y+0(FP), AX
	MOVQ AX, BX
	MOVQ p+16(FP), DX
	LEAQ aeifCondVecParams_idleY(DX), CX // idleY, for the rows that are nil
	ROW(0, R8)
	ROW(8, R9)
	ROW(16, R10)
	ROW(24, R11)
	// The columns V_m (Y0), g_ex (Y1), g_in (Y2), w (Y3), element by
	// element: the rows were just written one element at a time, and a
	// wide load of narrow stores would wait for them to retire.
	COLUMN(0, X0, Y0)
	COLUMN(8, X1, Y1)
	COLUMN(16, X2, Y2)
	COLUMN(24, X3, Y3)

	// u (Y6): V_peak where V_peak < V_m (nestMin), V_reset while refractory
	VMOVUPD aeifCondVecParams_vpeak(DX), Y4 // V_peak
	VCMPPD $1, Y0, Y4, Y5           // V_peak < V_m
	VBLENDVPD Y5, Y4, Y0, Y6
	PARAMS(aeifCondVecParams_refractory, X7, Y7) // refractory (all ones)
	VBLENDVPD Y7, aeifCondVecParams_vreset(DX), Y6, Y6 // V_reset

	// the argument of the exponential (Y8): (u - V_th)/Delta_T, -1 where
	// Delta_T is 0 (its current is 0 there)
	VSUBPD aeifCondVecParams_vth(DX), Y6, Y8
	CMPQ aeifCondVecParams_mulDeltaT(DX), $0
	JEQ  divDeltaT
	VMULPD aeifCondVecParams_rDeltaT(DX), Y8, Y8 // * 1/Delta_T: the same, for powers of two
	JMP  dividedDeltaT
divDeltaT:
	VDIVPD aeifCondVecParams_deltaT(DX), Y8, Y8
dividedDeltaT:
	VMOVUPD aeifCondVecParams_spiking(DX), Y9 // spiking: Delta_T != 0 (all ones)
	VBROADCASTSD aeifCondVecParams_minusOne(DX), Y10 // -1
	VBLENDVPD Y9, Y8, Y10, Y8

	// main path only: 2^-54 <= |x| < 512
	VBROADCASTSD aeifCondVecParams_absMask(DX), Y10
	VANDPD Y10, Y8, Y10             // |x|
	VBROADCASTSD aeifCondVecParams_tiny(DX), Y11
	VCMPPD $13, Y11, Y10, Y11       // |x| >= 2^-54
	VBROADCASTSD aeifCondVecParams_large(DX), Y12
	VCMPPD $1, Y12, Y10, Y12        // |x| < 512
	VANDPD Y12, Y11, Y11
	VMOVMSKPD Y11, AX
	CMPL AX, $15
	JNE  outside

	// e^x (Y10), as exp_amd64.s
	MOVQ aeifCondVecParams_expConsts(DX), SI // constants
	MOVQ aeifCondVecParams_expTab(DX), DI // table
	VMOVAPD Y8, Y13
	EXP4_REDUCE(SI, Y13, Y10, Y12, Y11) // r (Y13), ki (Y12)
	EXP4_SCALE(SI, DI, aeifCondVecParams_index(DX), Y13, Y12, Y14, X14, X4, Y10, X10, Y11, X11, Y15, Y5, Y10)

	// the spike current, 0 where Delta_T is 0
	VMULPD aeifCondVecParams_gLDeltaT(DX), Y10, Y10 // g_L*Delta_T * e^x
	VANDPD Y9, Y10, Y10

	// dV/dt (Y12), 0 while refractory
	VSUBPD aeifCondVecParams_eL(DX), Y6, Y11 // u - E_L
	VMULPD aeifCondVecParams_negGL(DX), Y11, Y12 // leak: -g_L*(u - E_L)
	VSUBPD aeifCondVecParams_eEx(DX), Y6, Y13
	VMULPD Y13, Y1, Y13             // g_ex*(u - E_ex)
	VSUBPD aeifCondVecParams_eIn(DX), Y6, Y14
	VMULPD Y14, Y2, Y14             // g_in*(u - E_in)
	VADDPD Y10, Y12, Y12
	VSUBPD Y13, Y12, Y12
	VSUBPD Y14, Y12, Y12
	VSUBPD Y3, Y12, Y12
	VADDPD aeifCondVecParams_ie(DX), Y12, Y12 // + I_e
	PARAMS(aeifCondVecParams_istim, X13, Y13)
	VADDPD Y13, Y12, Y12            // + I_stim
	VDIVPD aeifCondVecParams_cm(DX), Y12, Y12 // / C_m
	VANDNPD Y12, Y7, Y12

	// the conductances (Y1, Y2) and the adaptation (Y11)
	VBROADCASTSD aeifCondVecParams_signBit(DX), Y13 // the sign bit
	VXORPD Y13, Y1, Y1
	VDIVPD aeifCondVecParams_tauEx(DX), Y1, Y1 // -g_ex/tau_syn_ex
	VXORPD Y13, Y2, Y2
	CMPQ aeifCondVecParams_mulTauIn(DX), $0
	JEQ  divTauIn
	VMULPD aeifCondVecParams_rTauIn(DX), Y2, Y2 // -g_in * 1/tau_syn_in: the same, for powers of two
	JMP  dividedTauIn
divTauIn:
	VDIVPD aeifCondVecParams_tauIn(DX), Y2, Y2 // -g_in/tau_syn_in
dividedTauIn:
	VMULPD aeifCondVecParams_a(DX), Y11, Y11 // a*(u - E_L)
	VSUBPD Y3, Y11, Y11
	VDIVPD aeifCondVecParams_tauW(DX), Y11, Y11 // (that - w)/tau_w

	// columns -> rows
	VUNPCKLPD Y1, Y12, Y4
	VUNPCKHPD Y1, Y12, Y5
	VUNPCKLPD Y11, Y2, Y6
	VUNPCKHPD Y11, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	MOVQ dydt+8(FP), AX
	LEAQ aeifCondVecParams_idleOut(DX), CX // idleOut, for the rows whose y is nil
	ROW(0, R8)
	ROW(8, R9)
	ROW(16, R10)
	ROW(24, R11)
	VMOVUPD Y0, (R8)
	VMOVUPD Y1, (R9)
	VMOVUPD Y2, (R10)
	VMOVUPD Y3, (R11)
	VZEROUPPER
	MOVB $1, ret+24(FP)
	RET

outside:
	VZEROUPPER
	MOVB $0, ret+24(FP)
	RET
