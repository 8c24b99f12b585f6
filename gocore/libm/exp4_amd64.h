// Exp's main path (exp_amd64.s) on the four doubles of an AVX register,
// for the vector routines that must give Exp's bits (pow4_amd64.s,
// models/aeif_cond_vec_amd64.s): the operations of expCore in its order,
// with the same fused multiply-adds. The caller has checked that every
// element is on the main path and holds, in register C, the address of
// expConsts (ExpData) and, in TAB, that of expTab. R8..R11 are used.

// EXP4_REDUCE reduces X: KD = x*N/ln2 rounded by the shift (KI keeps its
// bits, k in the low ones), then X = r = x - k*ln2/N in two parts.
// Through T.
#define EXP4_REDUCE(C, X, KD, KI, T) \
	VBROADCASTSD 8(C), KD \
	VBROADCASTSD 0(C), T \
	VFMADD231PD T, X, KD \
	VMOVAPD KD, KI \
	VBROADCASTSD 8(C), T \
	VSUBPD T, KD, KD \
	VBROADCASTSD 16(C), T \
	VFMADD231PD T, KD, X \
	VBROADCASTSD 24(C), T \
	VFMADD231PD T, KD, X

// EXP4_SCALE finishes from r (R) and the bits KI of EXP4_REDUCE: each
// element's table entry k%128 (tail, bits) in one 16-byte load (MASK: a
// memory operand holding 127), the scale 2^(k/128) in KI, the polynomial,
// and OUT = scale*tmp + scale. IDX (XIDX its low half), P, Q (XP, XQ),
// TL and T are scratch, XH too (it may be XIDX).
#define EXP4_SCALE(C, TAB, MASK, R, KI, IDX, XIDX, XH, P, XP, Q, XQ, TL, T, OUT) \
	VPBROADCASTQ MASK, Q \
	VPAND Q, KI, IDX \
	VPSLLQ $4, IDX, IDX \
	VMOVQ XIDX, R8 \
	VPEXTRQ $1, XIDX, R9 \
	VEXTRACTI128 $1, IDX, XH \
	VMOVQ XH, R10 \
	VPEXTRQ $1, XH, R11 \
	VMOVUPD (TAB)(R8*1), XP \
	VMOVUPD (TAB)(R9*1), XQ \
	VINSERTF128 $1, (TAB)(R10*1), P, P \
	VINSERTF128 $1, (TAB)(R11*1), Q, Q \
	VUNPCKLPD Q, P, TL \
	VUNPCKHPD Q, P, P \
	VPSLLQ $45, KI, KI \
	VPADDQ KI, P, KI \
	VMULPD R, R, IDX \
	VBROADCASTSD 40(C), P \
	VBROADCASTSD 48(C), Q \
	VFMADD231PD Q, R, P \
	VBROADCASTSD 32(C), Q \
	VBROADCASTSD 56(C), T \
	VFMADD231PD T, R, Q \
	VADDPD R, TL, TL \
	VFMADD231PD IDX, Q, TL \
	VMULPD IDX, IDX, IDX \
	VFMADD231PD P, IDX, TL \
	VMOVAPD KI, OUT \
	VFMADD231PD TL, KI, OUT
