package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigExp returns e^x to about 250 bits: the Taylor series of e^(x/2^20),
// squared 20 times.
func bigExp(x float64) *big.Float {
	const prec = 320
	r := new(big.Float).SetPrec(prec).SetFloat64(x)
	r.SetMantExp(r, -20)
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for i := int64(1); i <= 30; i++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(i))
		sum.Add(sum, term)
	}
	for range 20 {
		sum.Mul(sum, sum)
	}
	return sum
}

// nearest reports whether r is at least as close to exact as both its
// neighbouring doubles.
func nearest(exact *big.Float, r float64) bool {
	dist := func(v float64) *big.Float {
		d := new(big.Float).SetPrec(exact.Prec()).Sub(exact, new(big.Float).SetFloat64(v))
		return d.Abs(d)
	}
	d := dist(r)
	return d.Cmp(dist(math.Nextafter(r, math.Inf(1)))) <= 0 && d.Cmp(dist(math.Nextafter(r, math.Inf(-1)))) <= 0
}

func TestExpIsCorrectlyRounded(t *testing.T) {
	// Arguments over the whole normal range and, densely, where the
	// models use it (aeif: (V - V_th)/Delta_T, a few tens at most).
	rng := rand.New(rand.NewPCG(3, 4))
	mathExpOff := 0
	const n = 3000
	for i := range n {
		x := -30 + 60*rng.Float64()
		if i%3 == 0 {
			x = -708 + 1417*rng.Float64()
		}
		got := Exp(x)
		if !nearest(bigExp(x), got) {
			t.Fatalf("Exp(%v) = %v is not the double nearest to e^x", x, got)
		}
		if math.Exp(x) != got {
			mathExpOff++
		}
	}
	t.Logf("math.Exp differed from the correctly rounded value for %d of %d arguments", mathExpOff, n)
}

func TestExpSpecialValues(t *testing.T) {
	for _, tc := range []struct{ x, want float64 }{
		{0, 1},
		{1, math.E},
		{-1, 1 / math.E},
		{math.Ln2, 2}, // e^fl(ln 2) = 2*(1 + 2.3e-17) rounds to 2
		{math.Inf(1), math.Inf(1)},
		{math.Inf(-1), 0},
		{710, math.Inf(1)},
		{-746, 0},
		{-720, math.Exp(-720)}, // subnormal result: math.Exp's
	} {
		if got := Exp(tc.x); got != tc.want {
			t.Errorf("Exp(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v", got)
	}
}

func BenchmarkExp(b *testing.B) {
	for _, bc := range []struct {
		name string
		f    func(float64) float64
	}{{"crmath", Exp}, {"math", math.Exp}} {
		b.Run(bc.name, func(b *testing.B) {
			x, s := -3.0, 0.0
			for b.Loop() {
				s += bc.f(x)
				x += 1e-7
			}
			if s == 0 {
				b.Fatal("no result")
			}
		})
	}
}
