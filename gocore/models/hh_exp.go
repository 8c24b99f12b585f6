package models

import (
	"math"
	"math/big"
)

// hhExp is exp as NEST's C library computes it here (glibc 2.28+ on an
// x86-64 CPU with FMA, whose exp is the FMA build of the table-driven
// algorithm: x = k ln2/128 + r, e^x = 2^(k/128) (1 + tail + p(r))).
// Unlike crmath.Exp it is not correctly rounded: it reproduces glibc's
// rare misroundings (about one argument in 1400 in the HH rate
// functions), on which an adaptive integration of a spiking HH neuron
// otherwise parts from NEST's path. Outside |x| < 512, and for tiny
// |x|, it leaves the special cases to math.Exp.
func hhExp(x float64) float64 {
	abstop := (math.Float64bits(x) >> 52) & 0x7ff
	if abstop-hhTop12Tiny >= hhTop12Big-hhTop12Tiny {
		// |x| < 2^-54 (abstop-top12(2^-54) wraps around) or |x| >= 512.
		if abstop < hhTop12Tiny {
			return 1 + x
		}
		return math.Exp(x)
	}
	kd := math.FMA(hhExpInvLn2N, x, hhExpShift)
	ki := math.Float64bits(kd)
	kd -= hhExpShift
	r := math.FMA(kd, hhExpNegLn2loN, math.FMA(kd, hhExpNegLn2hiN, x))
	idx := 2 * (ki % hhExpN)
	top := ki << (52 - 7)
	tail := math.Float64frombits(hhExpTab[idx])
	sbits := hhExpTab[idx+1] + top
	r2 := r * r
	tmp := math.FMA(r2, math.FMA(r, hhExpC3, hhExpC2), tail+r)
	tmp = math.FMA(r2*r2, math.FMA(r, hhExpC5, hhExpC4), tmp)
	scale := math.Float64frombits(sbits)
	return math.FMA(scale, tmp, scale)
}

// glibc's constants of exp (EXP_TABLE_BITS 7, EXP_POLY_ORDER 5).
const (
	hhExpN         = 128
	hhExpInvLn2N   = 0x1.71547652b82fep0 * hhExpN
	hhExpShift     = 0x1.8p52
	hhExpNegLn2hiN = -0x1.62e42fefa0000p-8
	hhExpNegLn2loN = -0x1.cf79abc9e3b3ap-47
	hhExpC2        = 0x1.ffffffffffdbdp-2
	hhExpC3        = 0x1.555555555543cp-3
	hhExpC4        = 0x1.55555cf172b91p-5
	hhExpC5        = 0x1.1111167a4d017p-7

	hhTop12Tiny = 0x3c9 // top 12 bits of 2^-54
	hhTop12Big  = 0x408 // top 12 bits of 512
)

// hhExpTab holds, for k = 0..127, the bits of tail_k and of H_k minus
// k<<45, where H_k is 2^(k/128) rounded and tail_k the relative
// remainder (2^(k/128) - H_k)/H_k rounded, as glibc's table.
var hhExpTab = func() (tab [2 * hhExpN]uint64) {
	const prec = 256
	ln2 := hhBigLn2(prec)
	for k := range uint64(hhExpN) {
		// 2^(k/128) = exp(k ln2 / 128).
		arg := new(big.Float).SetPrec(prec).Mul(ln2, big.NewFloat(float64(k)).SetPrec(prec))
		arg.Quo(arg, big.NewFloat(hhExpN).SetPrec(prec))
		exact := bigExpOf(arg)
		h, _ := exact.Float64()
		rem := new(big.Float).SetPrec(prec).Sub(exact, newBig(h))
		rem.Quo(rem, newBig(h))
		t, _ := rem.Float64()
		tab[2*k] = math.Float64bits(t)
		tab[2*k+1] = math.Float64bits(h) - k<<45
	}
	return tab
}()

// hhBigLn2 is ln 2 to prec bits, from atanh: ln 2 = 2 atanh(1/3).
func hhBigLn2(prec uint) *big.Float {
	third := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), big.NewFloat(3).SetPrec(prec))
	x2 := new(big.Float).SetPrec(prec).Mul(third, third)
	term := new(big.Float).SetPrec(prec).Set(third)
	sum := new(big.Float).SetPrec(prec).Set(third)
	for n := 3; n < 600; n += 2 {
		term.Mul(term, x2)
		sum.Add(sum, new(big.Float).SetPrec(prec).Quo(term, big.NewFloat(float64(n)).SetPrec(prec)))
	}
	return sum.Mul(sum, big.NewFloat(2).SetPrec(prec))
}
