package models

import (
	"math"

	"github.com/gonest/gonest/gocore/crmath"
)

// nestExpm1 is e^x - 1 as NEST 3.10's released build computes it
// (numerics::expm1 without the C library's expm1): the Taylor series,
// summed until the next term no longer changes the sum by an epsilon,
// for |x| <= ln 2, and exp(x) - 1 beyond. It can differ from math.Expm1
// in the last bit, which the propagators of NEST's exact-integration
// models inherit.
func nestExpm1(x float64) float64 {
	if x == 0 {
		return 0
	}
	if math.Abs(x) > math.Ln2 {
		return crmath.Exp(x) - 1
	}
	sum := x
	term := x * x / 2
	for n := 2.0; math.Abs(term) > math.Abs(sum)*epsilonDouble; {
		sum += term
		n++
		term *= x / n
	}
	return sum
}

// epsilonDouble is the C++ numeric_limits<double>::epsilon(), 2^-52.
const epsilonDouble = 0x1p-52
