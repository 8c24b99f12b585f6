package libm

import "golang.org/x/sys/cpu"

// Exp returns e^x as glibc's exp does on x86-64 with FMA.
//
// On processors with FMA the main path (2^-54 <= |x| < 512) runs in
// assembly (exp_amd64.s): the operations of expCore in the same order,
// so the same bits, without the feature check and the register spills
// that each math.FMA costs in Go code built for baseline x86-64. Other
// arguments, and every argument without FMA, go to expGeneric. Exp
// itself is one call, so it is inlined into its callers.
func Exp(x float64) float64 { return expFMA(x) }

// hasFMA tells exp_amd64.s whether the processor has fused multiply-add.
var hasFMA = cpu.X86.HasFMA

// expFMA is exp_amd64.s; it falls back to expGeneric.
func expFMA(x float64) float64

// Pow returns x^y as glibc's pow does on x86-64 with FMA.
//
// As Exp: on processors with FMA the main path (x positive and normal,
// 2^-65 <= |y| < 2^63, y log x in exp's main range) runs in assembly
// (pow_amd64.s) with the operations of powGeneric; everything else goes
// to powGeneric.
func Pow(x, y float64) float64 { return powFMA(x, y) }

// powFMA is pow_amd64.s; it falls back to powGeneric.
func powFMA(x, y float64) float64

// ExpData returns the constants and the table of Exp's main path, for
// vector implementations elsewhere (in assembly) that must give Exp's
// bits: invLn2N, shift, -ln2hi/N, -ln2lo/N, C2, C4, C5, C3, and for k =
// 0..127 the bits of tail_k and of H_k - k*2^45 (see expTab). HasFMA
// says whether the processor has fused multiply-add, which they need.
func ExpData() (*[8]float64, *[2 * expN]uint64) { return &expConsts, &expTab }

// HasFMA reports whether Exp's main path uses fused multiply-adds.
func HasFMA() bool { return hasFMA }
