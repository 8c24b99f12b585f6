package crmath

import "math"

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

// fastTwoSum is twoSum for |a| >= |b| (or a = 0).
func fastTwoSum(a, b float64) (float64, float64) {
	s := a + b
	return s, b - (s - a)
}
