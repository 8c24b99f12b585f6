package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// closerToPower reports whether a is closer than b to x^fl(1/n), decided
// exactly: with m the midpoint of a and b, x^fl(1/n) > m iff
// x^(n*fl(1/n)) > m^n, and x^(n*fl(1/n)) = x*exp(s) with s =
// (n*fl(1/n) - 1)*ln x below 1e-13, so x*(1 + s + s^2/2) is exact to
// about 1e-40, far closer than any midpoint of the random cases below.
func closerToPower(x float64, n int, a, b float64) bool {
	const prec = 400
	mid := new(big.Float).SetPrec(prec).SetFloat64(a)
	mid.Add(mid, new(big.Float).SetPrec(prec).SetFloat64(b))
	mid.Quo(mid, big.NewFloat(2))
	midPow := new(big.Float).SetPrec(prec).SetFloat64(1)
	for range n {
		midPow.Mul(midPow, mid)
	}
	s := math.FMA(1/float64(n), float64(n), -1) * math.Log(x)
	target := new(big.Float).SetPrec(prec).SetFloat64(1)
	target.Add(target, new(big.Float).SetPrec(prec).SetFloat64(s))
	target.Add(target, new(big.Float).SetPrec(prec).SetFloat64(s*s/2))
	target.Mul(target, new(big.Float).SetPrec(prec).SetFloat64(x))
	above := target.Cmp(midPow) > 0
	return above == (a > b)
}

func TestRootPowIsCorrectlyRounded(t *testing.T) {
	// Random x over the whole range of normal doubles, and the error
	// ratios the control sees (1e-12 .. 1e3): the result must be closer
	// to the exact power than both neighbouring doubles.
	rng := rand.New(rand.NewPCG(1, 2))
	mathPowOff := 0
	for i := range 4000 {
		var x float64
		if i%2 == 0 {
			x = math.Pow(10, -12+15*rng.Float64())
		} else {
			x = math.Ldexp(0.5+0.5*rng.Float64(), rng.IntN(2040)-1020)
		}
		for _, n := range []int{2, 3, 5, 6, 7} {
			r := RootPow(x, n)
			up, down := math.Nextafter(r, math.Inf(1)), math.Nextafter(r, 0)
			if !closerToPower(x, n, r, up) || !closerToPower(x, n, r, down) {
				t.Fatalf("RootPow(%v, %d) = %v is not the double nearest to x^fl(1/%d)", x, n, r, n)
			}
			if math.Pow(x, 1/float64(n)) != r {
				mathPowOff++
			}
		}
	}
	t.Logf("math.Pow differed from the correctly rounded power in %d of 20000 cases", mathPowOff)
}

func TestRootPowSpecialValues(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		n    int
		want float64
	}{
		// 32^fl(0.2) = 2*(1 + 3.8e-17): just above 2, rounds to 2.
		{32, 5, 2},
		{1, 6, 1},
		{math.Inf(1), 5, math.Inf(1)},
		{0, 5, 0},
		{7.5, 1, 7.5},
	} {
		if got := RootPow(tc.x, tc.n); got != tc.want {
			t.Errorf("RootPow(%v, %d) = %v, want %v", tc.x, tc.n, got, tc.want)
		}
	}
	if got := RootPow(math.NaN(), 5); !math.IsNaN(got) {
		t.Errorf("RootPow(NaN, 5) = %v", got)
	}
}
