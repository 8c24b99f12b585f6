package models

import (
	"math"
	"testing"
)

func TestNestExpm1(t *testing.T) {
	// NEST's series and the C library agree to a few ulp; the
	// series is exact at 0 and falls back to exp beyond ln 2.
	for _, x := range []float64{-1e-300, -1e-10, -0.0025, 0.003, 0.1, -0.5, 0.69, -0.7, 2, -30} {
		got, want := nestExpm1(x), math.Expm1(x)
		if math.Abs(got-want) > 1e-15*math.Abs(want)+1e-300 {
			t.Errorf("nestExpm1(%g) = %.17g, expm1 %.17g", x, got, want)
		}
	}
	if nestExpm1(0) != 0 {
		t.Error("nestExpm1(0) != 0")
	}
	// The value NEST 3.10's wheel gives for one propagator where the C
	// library's expm1 gives ...856 (the last digit shows in V_m).
	if got := gifExpPropagator(1.5, 20, 80, 0.05); got != 0.0006139261199078561 {
		t.Errorf("gifExpPropagator(1.5, 20, 80, 0.05) = %.17g, NEST 0.0006139261199078561", got)
	}
}
