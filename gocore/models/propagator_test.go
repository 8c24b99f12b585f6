package models

import (
	"math"
	"testing"
)

// TestNestExpm1 pins the Taylor-series expm1 of NEST 3.10's PyPI build:
// for h = 0.05 ms, tau_syn = 1.5 ms, tau_m = 10 ms the argument of the
// exp propagator gives 0.02873854012234108 there (the C library's expm1
// gives 0.028738540122341085), which is what makes NEST's iaf_psc_exp_htum
// respond to a spike of 1200 pA with 0.23545167849043544 mV after one
// step. Elsewhere the two agree to within a few ulp.
func TestNestExpm1(t *testing.T) {
	// Variables, not constants: Go would fold a constant expression exactly.
	h, tauS, tauM := 0.05, 1.5, 10.0
	x := h * ((tauM - tauS) / (tauS * tauM))
	if got := nestExpm1(x); got != 0.02873854012234108 {
		t.Errorf("nestExpm1(%.17g) = %.17g, want 0.02873854012234108 as NEST", x, got)
	}
	if got := nestExpm1(0); got != 0 {
		t.Errorf("nestExpm1(0) = %g", got)
	}
	for _, x := range []float64{-5, -0.7, -0.01, -1e-8, 1e-12, 3e-4, 0.25, 0.69, 0.7, 2, 30} {
		got, want := nestExpm1(x), math.Expm1(x)
		if math.Abs(got-want) > 4*math.Abs(want)*0x1p-52 {
			t.Errorf("nestExpm1(%g) = %.17g, expm1 %.17g", x, got, want)
		}
	}
}
