package ode

import "math"

// rootPow returns x raised to the double nearest to 1/n, the power C code
// computes as pow(x, 1.0/n), correctly rounded for every x but hard cases
// (results within about 1e-14 ulp of a midpoint between two doubles).
//
// The step-size control needs it because the C library's pow (glibc's)
// is correctly rounded but for about one result in a thousand, while
// math.Pow is off by an ulp or two for about half of the ratios the
// control sees, and a step size one ulp off puts the whole integration on
// a slightly different path.
//
// The root is refined from math.Pow's estimate by one Newton step in
// double-double arithmetic; the exponent's rounding error delta =
// fl(1/n) - 1/n is applied as the factor x^delta = exp(delta*ln x).
func rootPow(x float64, n int) float64 {
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

// mulDD returns (hi + lo)*b as a normalized double-double.
func mulDD(hi, lo, b float64) (float64, float64) {
	p := hi * b
	e := math.FMA(hi, b, -p) + lo*b
	return fastTwoSum(p, e)
}

// twoSum returns s = fl(a + b) and the rounding error a + b - s.
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
