package models

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDivisorEqualsDivision checks that divisor.of gives x/d bit for bit,
// multiplying only where d is a power of two, for x over the whole range
// of doubles (subnormal quotients included).
func TestDivisorEqualsDivision(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		d     float64
		exact bool
	}{
		{2, true}, {0.5, true}, {-4, true}, {1, true}, {0x1p-1000, true}, {0x1p1023, false}, {0x1p-1074, false},
		{0.2, false}, {281, false}, {144, false}, {3, false}, {0, false}, {math.Inf(1), false},
	} {
		var v divisor
		v.set(tc.d)
		if v.exact != tc.exact {
			t.Errorf("d = %g: exact %v, want %v", tc.d, v.exact, tc.exact)
		}
		for range 100_000 {
			x := math.Float64frombits(rng.Uint64())
			if got, want := v.of(x), x/tc.d; math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("%g/%g: %g, want %g", x, tc.d, got, want)
			}
		}
	}
}
