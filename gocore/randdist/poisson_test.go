package randdist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The sample mean and variance of 40,000 draws lie within 5 standard
// errors of lambda (SE of the mean sqrt(lambda/n); of the variance about
// lambda*sqrt(2/n) for these means), for means across PTRS's range.
func TestPoissonPTRSMeanAndVariance(t *testing.T) {
	const n = 40000
	rng := rand.New(rand.NewPCG(1, 2))
	for _, lambda := range []float64{10, 37.5, 400} {
		var sum, sq float64
		for range n {
			k := float64(PoissonPTRS(lambda, rng))
			if k < 0 {
				t.Fatalf("negative draw %v", k)
			}
			sum += k
			sq += k * k
		}
		mean := sum / n
		variance := sq/n - mean*mean
		if d := math.Abs(mean - lambda); d > 5*math.Sqrt(lambda/n) {
			t.Errorf("lambda %g: mean %g", lambda, mean)
		}
		if d := math.Abs(variance - lambda); d > 5*lambda*math.Sqrt(2.0/n) {
			t.Errorf("lambda %g: variance %g", lambda, variance)
		}
	}
}
