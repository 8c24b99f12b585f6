package crmath

import (
	"math"
	"math/big"
)

// Exp returns e^x, correctly rounded for x in [-708.3, 709.7] (all results
// that are normal doubles) but for hard cases within about 2^-25 ulp of a
// midpoint. Outside that range, where the result overflows, underflows or
// is subnormal, it returns math.Exp(x).
//
// x is reduced to r = x - k*ln2/128 (|r| <= ln2/256), with ln2/128 as a
// double-double, so that e^x = 2^(k/128)*e^r; 2^(j/128) comes from a
// table of double-doubles and e^r - 1 from its Taylor series, the leading
// terms in double-double. The relative error before the final rounding
// is below 2^-78.
func Exp(x float64) float64 {
	if !(x >= -708.3) || !(x <= 709.7) {
		return math.Exp(x)
	}
	kf := math.RoundToEven(x * expInvStep)
	// r = x - k*(c1 + c2): k*c1 exactly as ph + pl, x - ph exactly as
	// sh + sl, then the small parts.
	ph := kf * expStepHi
	pl := math.FMA(kf, expStepHi, -ph)
	sh, sl := twoSum(x, -ph)
	sl -= pl
	sl -= kf * expStepLo
	rh, rl := twoSum(sh, sl)

	// e^(rh+rl) - 1 = rh + rh^2/2 + rh^3/6 + ... + rl*(1 + rh) to 2^-80.
	sqH := rh * rh
	sqL := math.FMA(rh, rh, -sqH)
	tail := sqH * rh * (1.0/6 + rh*(1.0/24+rh*(1.0/120+rh*(1.0/720+rh*(1.0/5040)))))
	pH, pL := twoSum(rh, 0.5*sqH)
	pL += rl + rh*rl + 0.5*sqL + tail

	// 2^(j/128)*(1 + p), j = k mod 128.
	k := int64(kf)
	j := k & (expTableSize - 1)
	th, tl := expTable[j][0], expTable[j][1]
	tpH := th * pH
	tpL := math.FMA(th, pH, -tpH) + th*pL + tl*pH
	resH, resL := twoSum(th, tpH)
	resL += tl + tpL
	return math.Ldexp(resH+resL, int((k-j)>>expTableBits))
}

const (
	expTableBits = 7
	expTableSize = 1 << expTableBits
)

var (
	// expStepHi + expStepLo is ln2/128 to about 2^-114 (relative 2^-107).
	expStepHi, expStepLo float64
	// expInvStep is 128/ln 2, only used to pick k.
	expInvStep float64
	// expTable[j] is 2^(j/128) as a double-double {hi, lo}.
	expTable [expTableSize][2]float64
)

// The constants are computed, not written out: ln 2 from its series
// sum 1/(k 2^k), the powers of 2^(1/128) from repeated square roots, all
// with 256-bit big.Floats.
func init() {
	const prec = 256
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	ln2, term := newF(), newF()
	for k := int64(1); k <= 280; k++ {
		term.SetInt64(1)
		term.SetMantExp(term, -int(k))
		term.Quo(term, newF().SetInt64(k))
		ln2.Add(ln2, term)
	}
	step := newF().SetMantExp(ln2, -expTableBits)
	expStepHi, expStepLo = splitDD(step)
	expInvStep, _ = newF().Quo(newF().SetInt64(expTableSize), ln2).Float64()

	root := newF().SetInt64(2)
	for range expTableBits {
		root.Sqrt(root)
	}
	p := newF().SetInt64(1)
	for j := range expTable {
		expTable[j][0], expTable[j][1] = splitDD(p)
		p.Mul(p, root)
	}
}

// splitDD returns the double nearest to v and the double nearest to the
// rest.
func splitDD(v *big.Float) (float64, float64) {
	hi, _ := v.Float64()
	rest := new(big.Float).SetPrec(v.Prec()).Sub(v, new(big.Float).SetFloat64(hi))
	lo, _ := rest.Float64()
	return hi, lo
}
