#include "go_asm.h"
#include "textflag.h"

// COLUMN4 loads the doubles at off(Rj)(SI*1) of the four rows R8..R11
// into Y (X its low half), through T, and clears them.
#define COLUMN4(off, X, Y, T) \
	VMOVSD off(R8)(SI*1), X \
	VMOVHPD off(R9)(SI*1), X, X \
	VMOVSD off(R10)(SI*1), T \
	VMOVHPD off(R11)(SI*1), T, T \
	VINSERTF128 $1, T, Y, Y \
	MOVQ $0, off(R8)(SI*1) \
	MOVQ $0, off(R9)(SI*1) \
	MOVQ $0, off(R10)(SI*1) \
	MOVQ $0, off(R11)(SI*1)

// SPIKE sets bit CX of v.spikes[lane] if bit lane of DI is set.
#define SPIKE(lane, off) \
	BTL $lane, DI \
	JCC 2(PC) \
	BTSQ CX, off(AX)

// func iafAlphaRun4(v *iafAlphaVec)
//
// v.steps steps of four iaf_psc_alpha neurons, one per element of the
// AVX registers, in the order and with the operations of
// IafPscAlpha.Update: the membrane unless refractory (else the counter
// down), the slot's input read and cleared, the alpha currents, the
// threshold (reset, refractory counter, bit lag of v.spikes[i]), the
// current for the next step. Products and sums are rounded one by one
// as there (nothing fused). The offsets of iafAlphaVec's fields
// come from go_asm.h. Needs AVX2.
TEXT ·iafAlphaRun4(SB), NOSPLIT, $0-8
	MOVQ v+0(FP), AX
	VMOVUPD iafAlphaVec_vRel(AX), Y0 // V_m - E_L
	VMOVUPD iafAlphaVec_i0(AX), Y1 // i0
	VMOVUPD iafAlphaVec_dIEx(AX), Y2 // dI_ex
	VMOVUPD iafAlphaVec_iEx(AX), Y3 // I_ex
	VMOVUPD iafAlphaVec_dIIn(AX), Y4 // dI_in
	VMOVUPD iafAlphaVec_iIn(AX), Y5 // I_in
	VMOVUPD iafAlphaVec_ref(AX), Y6 // refractory counters
	MOVQ iafAlphaVec_rows(AX), R8
	MOVQ iafAlphaVec_rows+8(AX), R9
	MOVQ iafAlphaVec_rows+16(AX), R10
	MOVQ iafAlphaVec_rows+24(AX), R11
	MOVQ iafAlphaVec_stride(AX), BX // stride
	MOVQ iafAlphaVec_slot(AX), R12 // slot
	MOVQ iafAlphaVec_slots(AX), R13 // slots
	MOVQ R12, SI
	IMULQ BX, SI                    // the slot's offset
	MOVQ iafAlphaVec_steps(AX), DX // steps
	XORQ CX, CX
	TESTQ DX, DX
	JEQ  done
loop:
	// the membrane
	VADDPD iafAlphaVec_ie(AX), Y1, Y7 // i0 + I_e
	VMULPD iafAlphaVec_p30(AX), Y7, Y7 // p30*that
	VMULPD iafAlphaVec_p31ex(AX), Y2, Y8
	VADDPD Y8, Y7, Y7               // + p31ex*dI_ex
	VMULPD iafAlphaVec_p32ex(AX), Y3, Y8
	VADDPD Y8, Y7, Y7               // + p32ex*I_ex
	VMULPD iafAlphaVec_p31in(AX), Y4, Y8
	VADDPD Y8, Y7, Y7               // + p31in*dI_in
	VMULPD iafAlphaVec_p32in(AX), Y5, Y8
	VADDPD Y8, Y7, Y7               // + p32in*I_in
	VMULPD iafAlphaVec_expm1(AX), Y0, Y8
	VADDPD Y8, Y7, Y7               // + expm1*V
	VADDPD Y0, Y7, Y7               // + V
	VCMPPD $1, iafAlphaVec_minRel(AX), Y7, Y8 // below V_min
	VBLENDVPD Y8, iafAlphaVec_minRel(AX), Y7, Y7
	VPXOR Y9, Y9, Y9
	VPCMPEQQ Y9, Y6, Y10            // not refractory
	VBLENDVPD Y10, Y7, Y0, Y0
	VPCMPEQQ Y11, Y11, Y11
	VPXOR Y11, Y10, Y10
	VPADDQ Y10, Y6, Y6              // the refractory count down
	// the slot's input
	COLUMN4(0, X7, Y7, X10)         // excitatory
	COLUMN4(8, X8, Y8, X10)         // inhibitory
	COLUMN4(16, X9, Y9, X10)        // current
	// the alpha currents
	VMULPD iafAlphaVec_p21ex(AX), Y2, Y10 // p21ex*dI_ex
	VMULPD iafAlphaVec_p11ex(AX), Y3, Y11 // p11ex*I_ex
	VADDPD Y11, Y10, Y3
	VMULPD iafAlphaVec_p11ex(AX), Y2, Y2
	VMULPD iafAlphaVec_epscInit(AX), Y7, Y10
	VADDPD Y10, Y2, Y2              // dI_ex*p11ex + epsc_init*ex
	VMULPD iafAlphaVec_p21in(AX), Y4, Y10
	VMULPD iafAlphaVec_p11in(AX), Y5, Y11
	VADDPD Y11, Y10, Y5
	VMULPD iafAlphaVec_p11in(AX), Y4, Y4
	VMULPD iafAlphaVec_ipscInit(AX), Y8, Y10
	VADDPD Y10, Y4, Y4
	// the threshold
	VCMPPD $13, iafAlphaVec_theta(AX), Y0, Y10 // V >= theta
	VMOVMSKPD Y10, DI
	TESTL DI, DI
	JEQ  quiet
	SPIKE(0, iafAlphaVec_spikes)
	SPIKE(1, iafAlphaVec_spikes+8)
	SPIKE(2, iafAlphaVec_spikes+16)
	SPIKE(3, iafAlphaVec_spikes+24)
	VBLENDVPD Y10, iafAlphaVec_reset(AX), Y0, Y0 // reset
	VBLENDVPD Y10, iafAlphaVec_refSteps(AX), Y6, Y6 // refractory
quiet:
	VMOVAPD Y9, Y1                  // the current of the next step
	INCQ R12
	ADDQ BX, SI
	CMPQ R12, R13
	JNE  next
	XORQ R12, R12
	XORQ SI, SI
next:
	INCQ CX
	CMPQ CX, DX
	JLT  loop
done:
	VMOVUPD Y0, iafAlphaVec_vRel(AX)
	VMOVUPD Y1, iafAlphaVec_i0(AX)
	VMOVUPD Y2, iafAlphaVec_dIEx(AX)
	VMOVUPD Y3, iafAlphaVec_iEx(AX)
	VMOVUPD Y4, iafAlphaVec_dIIn(AX)
	VMOVUPD Y5, iafAlphaVec_iIn(AX)
	VMOVUPD Y6, iafAlphaVec_ref(AX)
	VZEROUPPER
	RET
