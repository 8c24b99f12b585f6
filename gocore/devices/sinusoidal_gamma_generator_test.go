package devices

import (
	"math"
	"testing"
)

// TestGammaHazardFactor checks x^(a-1) e^-x / Gamma(a, x) against closed
// forms: 1 for a = 1, x/(1+x) for a = 2, x^2/(x^2+2x+2) for a = 3, on
// both sides of the switch between series and continued fraction.
func TestGammaHazardFactor(t *testing.T) {
	for _, x := range []float64{0, 1e-8, 0.3, 1.9, 2.5, 3.9, 4.1, 10, 80} {
		for a, want := range map[float64]float64{1: 1, 2: x / (1 + x), 3: x * x / (x*x + 2*x + 2)} {
			lg, _ := math.Lgamma(a)
			got := gammaHazardFactor(a, lg, x)
			if math.Abs(got-want) > 1e-13*math.Max(1, want) {
				t.Errorf("a = %g, x = %g: %.17g, want %.17g", a, x, got, want)
			}
		}
	}
}
