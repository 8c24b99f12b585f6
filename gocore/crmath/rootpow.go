package crmath

import "math"

// RootPow returns x raised to the double nearest to 1/n, the power C code
// computes as pow(x, 1.0/n), correctly rounded for every x > 0 but hard
// cases (results within about 1e-14 ulp of a midpoint between two
// doubles). Other x (0, negative, infinite, NaN) and n < 1 get
// math.Pow's result.
//
// The root is refined from math.Pow's estimate by one Newton step in
// double-double arithmetic; the exponent's rounding error delta =
// fl(1/n) - 1/n is applied as the factor x^delta = exp(delta*ln x).
func RootPow(x float64, n int) float64 {
	if n == 1 {
		return x
	}
	y := 1 / float64(n)
	if n < 1 || !(x > 0) || math.IsInf(x, 1) {
		return math.Pow(x, y)
	}
	// x = m*2^(n*q) with m in [0.5, 2^(n-1)): the root of m is found
	// away from underflow and scaled by 2^q at the end, exactly.
	frac, e := math.Frexp(x)
	q := e / n
	if e%n < 0 {
		q--
	}
	m := math.Ldexp(frac, e-n*q)

	r0 := math.Pow(m, y)
	// r0^n as a double-double (hi, lo).
	hi, lo := r0, 0.0
	for range n - 1 {
		hi, lo = mulDD(hi, lo, r0)
	}
	// Newton: r = r0 - (r0^n - m)/(n r0^(n-1)). hi is within a few ulp
	// of m, so hi - m is exact (Sterbenz).
	residual := (hi - m) + lo
	step := residual / (float64(n) * hi / r0)
	rootHi, rootLo := twoSum(r0, -step)

	// x^fl(1/n) = x^(1/n) * exp(delta*ln x), delta*ln x below 1e-14.
	delta := math.FMA(y, float64(n), -1) / float64(n) // exact numerator
	t := delta * math.Log(x)
	corr := t + t*t/2
	root := rootHi + (rootLo + rootHi*corr)
	return math.Ldexp(root, q)
}
