// Package randdist holds random-number distributions shared by the
// kernel, the models and the devices. The random source is always passed
// in (the per-thread streams the kernel hands out), never global.
package randdist

import (
	"math"
	"math/rand/v2"
)

// PoissonPTRS draws a Poisson number of mean lambda >= 10 by Hörmann's
// (1993) transformed rejection with squeeze: a candidate from a
// transformed uniform, accepted at once in the central region and
// otherwise by comparing with the Poisson probability. It takes a
// constant expected number of uniforms whatever the mean.
func PoissonPTRS(lambda float64, rng *rand.Rand) int64 {
	slam := math.Sqrt(lambda)
	logLam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -lambda+k*logLam-lg {
			return int64(k)
		}
	}
}
