package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/randdist"
)

// poissonSampler draws Poisson numbers of one mean from a thread's stream
// by inversion: one uniform, then a search of the cumulative distribution,
// which is tabulated once per spike (not once per target).
type poissonSampler struct {
	lambda float64
	cdf    [poissonTable]float64 // P(N <= n); entries past the tail are 1
}

const poissonTable = 24

func newPoissonSampler(lambda float64) poissonSampler {
	ps := poissonSampler{lambda: lambda}
	p := libm.Exp(-lambda)
	c := p
	for n := range poissonTable {
		if n > 0 {
			p *= lambda / float64(n)
			c += p
		}
		ps.cdf[n] = c
	}
	return ps
}

func (ps *poissonSampler) draw(rng *rand.Rand) int {
	if ps.lambda > 8 {
		return int(randdist.PoissonPTRS(ps.lambda, rng))
	}
	return ps.invert(rng.Float64())
}

// invert returns the Poisson number of the uniform u: the smallest n with
// u <= P(N <= n).
func (ps *poissonSampler) invert(u float64) int {
	for n, c := range &ps.cdf {
		if u <= c {
			return n
		}
	}
	// Beyond the table (probability below 1e-12 for lambda <= 8): continue
	// the series.
	n := poissonTable - 1
	p := ps.cdf[n] - ps.cdf[n-1]
	c := ps.cdf[n]
	for u > c && p > 0 {
		n++
		p *= ps.lambda / float64(n)
		c += p
	}
	return n
}

// poissonLookup is a poissonSampler made for many draws of one mean (a
// poisson_generator's spike to all its targets on a thread, every step).
// A uniform is k/2^53 for the 53 random bits k that rand.Float64 takes,
// and u <= c holds exactly when k <= floor(c*2^53), so the search runs on
// integer bounds; by the top poissonBucketBits of k, first tells the
// smallest n a uniform of that bucket can give, so that a draw is a table
// look-up and in most buckets one comparison. It returns what draw
// returns for the same bits.
type poissonLookup struct {
	poissonSampler
	ready bool
	bound [poissonTable + 1]uint64 // floor(cdf[n] * 2^53); the last: no bound
	first [1 << poissonBucketBits]uint8
}

const poissonBucketBits = 8

// reset makes pl draw with mean lambda (<= 8), unless it already does.
func (pl *poissonLookup) reset(lambda float64) {
	if pl.ready && pl.lambda == lambda {
		return
	}
	pl.poissonSampler = newPoissonSampler(lambda)
	for n, c := range &pl.cdf {
		pl.bound[n] = uint64(math.Floor(math.Ldexp(c, 53))) // exact: c <= 1 + 2^-52
	}
	pl.bound[poissonTable] = math.MaxUint64
	n := 0
	for b := range pl.first {
		low := uint64(b) << (53 - poissonBucketBits)
		for n < poissonTable && pl.bound[n] < low {
			n++
		}
		pl.first[b] = uint8(n)
	}
	pl.ready = true
}

// drawBits is draw for the 64 random bits x that rand.Float64 would take,
// except that it returns poissonTable for a number beyond the table, where
// tail(x) gives it: so it is small enough to inline into a delivery loop.
func (pl *poissonLookup) drawBits(x uint64) int {
	k := x & (1<<53 - 1)
	n := int(pl.first[uint8(k>>(53-poissonBucketBits))])
	for k > pl.bound[n] {
		n++
	}
	return n
}

// tail is draw beyond the table, for the bits x given to drawBits.
func (pl *poissonLookup) tail(x uint64) int {
	return pl.invert(float64(x&(1<<53-1)) / (1 << 53))
}

// deliverPoissonUniform delivers a poisson_generator's spike to
// connections that share weight, delay and receptor 0 (a generator
// driving a population): one Poisson number per target, in target order
// from the thread's stream, as deliverGeneral draws them, and for targets
// with a FastSpikeInput the weight times that number added to the arena
// row of the arrival slot. A target that draws 0 gets a zero added, which
// changes no sum (the lanes never hold -0), so the common case needs no
// branch; means above 8 and weights that are not finite (inf*0) take
// deliverGeneral.
func (t *thread) deliverPoissonUniform(k *Kernel, tab *connTable, sp *emitted, ring int64, syn int) {
	w, lambda := tab.weight, sp.offset
	if lambda > 8 || t.pcg == nil || math.IsInf(w, 0) || math.IsNaN(w) {
		t.deliverGeneral(k, tab, sp, ring, syn, false, 1)
		return
	}
	slot := (sp.step + metaDelay(tab.meta)) % ring
	row := t.arena.Row(int(slot))
	pl := &t.poisson
	pl.reset(lambda)
	fast, pcg, positive := t.fast, t.pcg, w > 0
	for _, tgt := range tab.targetsOf(int(sp.src)) {
		x := pcg.Uint64()
		n := pl.drawBits(x)
		if n == poissonTable {
			n = pl.tail(x)
		}
		if f := fast[tgt]; f.ok() {
			lane := f.other
			if positive {
				lane = f.pos
			}
			row[lane] += w * float64(n)
			continue
		}
		r := k.spikeRecv[tgt]
		if n == 0 || r == nil || k.replica[tgt] {
			continue // devices got it when it was sent (deliverToDevices)
		}
		ev := &t.spike
		*ev = node.SpikeEvent{Sender: int(sp.src) + 1, Stamp: sp.step + 1, Multiplicity: n, Slot: int(slot), Weight: w}
		r.HandleSpike(ev)
	}
}
