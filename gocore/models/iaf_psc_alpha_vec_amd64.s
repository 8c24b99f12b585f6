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
// as there (nothing fused). The offsets are those of iafAlphaVec
// (TestIafAlphaVecLayout). Needs AVX2.
TEXT ·iafAlphaRun4(SB), NOSPLIT, $0-8
	MOVQ v+0(FP), AX
	VMOVUPD 0(AX), Y0               // V_m - E_L
	VMOVUPD 32(AX), Y1              // i0
	VMOVUPD 64(AX), Y2              // dI_ex
	VMOVUPD 96(AX), Y3              // I_ex
	VMOVUPD 128(AX), Y4             // dI_in
	VMOVUPD 160(AX), Y5             // I_in
	VMOVUPD 192(AX), Y6             // refractory counters
	MOVQ 768(AX), R8
	MOVQ 776(AX), R9
	MOVQ 784(AX), R10
	MOVQ 792(AX), R11
	MOVQ 800(AX), BX                // stride
	MOVQ 808(AX), R12               // slot
	MOVQ 816(AX), R13               // slots
	MOVQ R12, SI
	IMULQ BX, SI                    // the slot's offset
	MOVQ 824(AX), DX                // steps
	XORQ CX, CX
	TESTQ DX, DX
	JEQ  done
loop:
	// the membrane
	VADDPD 224(AX), Y1, Y7          // i0 + I_e
	VMULPD 256(AX), Y7, Y7          // p30*that
	VMULPD 288(AX), Y2, Y8
	VADDPD Y8, Y7, Y7               // + p31ex*dI_ex
	VMULPD 320(AX), Y3, Y8
	VADDPD Y8, Y7, Y7               // + p32ex*I_ex
	VMULPD 352(AX), Y4, Y8
	VADDPD Y8, Y7, Y7               // + p31in*dI_in
	VMULPD 384(AX), Y5, Y8
	VADDPD Y8, Y7, Y7               // + p32in*I_in
	VMULPD 416(AX), Y0, Y8
	VADDPD Y8, Y7, Y7               // + expm1*V
	VADDPD Y0, Y7, Y7               // + V
	VCMPPD $1, 448(AX), Y7, Y8      // below V_min
	VBLENDVPD Y8, 448(AX), Y7, Y7
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
	VMULPD 512(AX), Y2, Y10         // p21ex*dI_ex
	VMULPD 480(AX), Y3, Y11         // p11ex*I_ex
	VADDPD Y11, Y10, Y3
	VMULPD 480(AX), Y2, Y2
	VMULPD 544(AX), Y7, Y10
	VADDPD Y10, Y2, Y2              // dI_ex*p11ex + epsc_init*ex
	VMULPD 608(AX), Y4, Y10
	VMULPD 576(AX), Y5, Y11
	VADDPD Y11, Y10, Y5
	VMULPD 576(AX), Y4, Y4
	VMULPD 640(AX), Y8, Y10
	VADDPD Y10, Y4, Y4
	// the threshold
	VCMPPD $13, 672(AX), Y0, Y10    // V >= theta
	VMOVMSKPD Y10, DI
	TESTL DI, DI
	JEQ  quiet
	SPIKE(0, 832)
	SPIKE(1, 840)
	SPIKE(2, 848)
	SPIKE(3, 856)
	VBLENDVPD Y10, 704(AX), Y0, Y0  // reset
	VBLENDVPD Y10, 736(AX), Y6, Y6  // refractory
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
	VMOVUPD Y0, 0(AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VMOVUPD Y4, 128(AX)
	VMOVUPD Y5, 160(AX)
	VMOVUPD Y6, 192(AX)
	VZEROUPPER
	RET
