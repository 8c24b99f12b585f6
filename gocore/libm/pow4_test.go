package libm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPow4EqualsPow checks that Pow4 gives Pow's bits in every element:
// four error ratios of the step-size control (x spread over 2^-60 ..
// 2^10 on a log scale, the exponents 1/5 and 1/6) side by side, four
// random pairs (mostly off pow4's main path: the scalar route), and sets
// mixing both; and that pow4 itself takes the control's arguments (on a
// processor that runs it), so that the first case tests the vector code.
func TestPow4EqualsPow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	ratio := func() float64 { return math.Exp2(70*rng.Float64() - 60) }
	exponent := func() float64 {
		if rng.IntN(2) == 0 {
			return 1.0 / 5
		}
		return 1.0 / 6
	}
	vector := 0
	check := func(x, y *[4]float64) {
		var z [4]float64
		Pow4(x, y, &z)
		for i := range 4 {
			if want := Pow(x[i], y[i]); math.Float64bits(z[i]) != math.Float64bits(want) && !(math.IsNaN(z[i]) && math.IsNaN(want)) {
				t.Fatalf("Pow4 element %d: %x^%x = %x, Pow %x", i, x[i], y[i], z[i], want)
			}
		}
	}
	for n := range 1 << 20 {
		var x, y [4]float64
		for i := range 4 {
			x[i], y[i] = ratio(), exponent()
		}
		if n%8 == 0 {
			var z [4]float64
			if pow4(&x, &y, &z) {
				vector++
			}
		}
		check(&x, &y)
		for i := range 4 {
			x[i], y[i] = math.Float64frombits(rng.Uint64()), math.Float64frombits(rng.Uint64())
		}
		check(&x, &y)
		for i := range 4 {
			switch rng.IntN(4) {
			case 0:
				x[i] = math.Float64frombits(rng.Uint64() >> 1)
			case 1:
				y[i] = 1600*rng.Float64() - 800
			default:
				x[i], y[i] = 4*rng.Float64(), exponent()
			}
		}
		check(&x, &y)
	}
	if hasAVX2FMA && vector == 0 {
		t.Error("pow4 declined every set of the control's arguments")
	}
}
