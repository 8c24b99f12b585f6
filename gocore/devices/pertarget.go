package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/node"
)

// perTarget is what the generators that address their targets one by one
// (NEST's DSSpikeEvent devices) share: the number of targets the kernel
// numbered before the run, a scratch row of one multiplicity per target,
// and the synapse model all their connections must use.
type perTarget struct {
	targets int
	mults   []int32
	singleSynapse
}

// singleSynapse implements node.SingleSynapseSender for devices whose
// connections must all use one synapse model.
type singleSynapse struct {
	syn1 int // synapse model id + 1 of the connections, 0 while none
}

// SetSpikeTargetCount implements node.PerTargetSpikeSender.
func (p *perTarget) SetSpikeTargetCount(n int) {
	p.targets = n
	if cap(p.mults) < n {
		p.mults = make([]int32, n)
	}
	p.mults = p.mults[:n]
}

// SynapseModel implements node.SingleSynapseSender.
func (p *singleSynapse) SynapseModel() int { return p.syn1 - 1 }

// SetSynapseModel implements node.SingleSynapseSender.
func (p *singleSynapse) SetSynapseModel(id int) { p.syn1 = id + 1 }

// send emits the scratch row in step if any entry is positive.
func (p *perTarget) send(ctx *node.Context, step int64) {
	for _, m := range p.mults {
		if m > 0 {
			if e, ok := ctx.Emit.(node.PerTargetSpikeEmitter); ok {
				e.EmitSpikesPerTarget(ctx.Index, step, p.mults)
			}
			return
		}
	}
}

// drawBinomial returns a binomial number of successes in n trials of
// probability p, exactly: by inversion of the distribution function
// (sequential search), on the side of p below 1/2, so that its cost grows
// with n*min(p, 1-p), which is small for every use here; beyond
// binomialInversionMax it sums Bernoulli trials in blocks.
func drawBinomial(rng *rand.Rand, n int64, p float64) int64 {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	case p > 0.5:
		return n - drawBinomial(rng, n, 1-p)
	}
	if float64(n)*p > binomialInversionMax {
		// Split the trials: a sum of independent binomials of the same p
		// is binomial, and each part stays in the inversion's range.
		half := n / 2
		return drawBinomial(rng, half, p) + drawBinomial(rng, n-half, p)
	}
	q := 1 - p
	pk := math.Pow(q, float64(n)) // P(X = 0)
	if pk == 0 {
		half := n / 2
		return drawBinomial(rng, half, p) + drawBinomial(rng, n-half, p)
	}
	u := rng.Float64()
	cdf := pk
	ratio := p / q
	var k int64
	for u > cdf && k < n {
		pk *= ratio * float64(n-k) / float64(k+1)
		k++
		cdf += pk
		if pk == 0 {
			break
		}
	}
	return k
}

// binomialInversionMax bounds the mean for which drawBinomial searches the
// distribution function directly.
const binomialInversionMax = 30.0
