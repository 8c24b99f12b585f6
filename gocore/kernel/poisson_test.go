package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPoissonSamplerMoments(t *testing.T) {
	// For n draws the sample mean has standard error sqrt(lambda/n); 6
	// standard errors make a false failure practically impossible while a
	// biased sampler (e.g. an off-by-one) still fails.
	const n = 200000
	rng := rand.New(rand.NewPCG(1, 2))
	for _, lambda := range []float64{0.05, 2.0, 8.5, 12.5, 45.0, 1000.0} {
		ps := newPoissonSampler(lambda)
		sum, sumSq := 0.0, 0.0
		for range n {
			k := float64(ps.draw(rng))
			sum += k
			sumSq += k * k
		}
		mean := sum / n
		variance := sumSq/n - mean*mean
		if tol := 6 * math.Sqrt(lambda/n); math.Abs(mean-lambda) > tol {
			t.Errorf("lambda %g: mean %g, want within %g", lambda, mean, tol)
		}
		// The variance of a Poisson number equals its mean.
		if math.Abs(variance-lambda) > 0.05*lambda+0.01 {
			t.Errorf("lambda %g: variance %g, want about %g", lambda, variance, lambda)
		}
	}
}
