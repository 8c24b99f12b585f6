package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
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

// TestPoissonLookupMatchesSampler checks that the Poisson drive's lookup
// sampler returns, for the same random bits, exactly what the plain
// sampler returns: on random bits and on the bits at and next to every
// bound of the cumulative distribution and every bucket edge, where an
// off-by-one in the bounds or buckets would show.
func TestPoissonLookupMatchesSampler(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	draw := func(pl *poissonLookup, x uint64) int {
		if n := pl.drawBits(x); n != poissonTable {
			return n
		}
		return pl.tail(x)
	}
	for _, lambda := range []float64{1e-9, 0.05, 0.5, 2.0, 3.7, 7.999, 8.0} {
		var pl poissonLookup
		pl.reset(lambda)
		want := newPoissonSampler(lambda)
		check := func(x uint64) {
			t.Helper()
			u := float64(x<<11>>11) / (1 << 53)
			if got, w := draw(&pl, x), want.invert(u); got != w {
				t.Fatalf("lambda %g, bits %#x (u = %v): lookup %d, sampler %d", lambda, x, u, got, w)
			}
		}
		for range 100000 {
			check(rng.Uint64())
		}
		for _, b := range pl.bound[:poissonTable] {
			for _, k := range []uint64{b - 1, b, b + 1} {
				check(k & (1<<53 - 1))
			}
		}
		for b := range uint64(1) << poissonBucketBits {
			low := b << (53 - poissonBucketBits)
			check(low)
			check((low - 1) & (1<<53 - 1))
		}
		check(1<<53 - 1) // the largest uniform, in the tail for small means
	}
}

// TestPoissonDriveMatchesGeneralDelivery runs a poisson_generator into
// neurons with fast input lanes (iaf_psc_delta, iaf_psc_alpha) and into
// parrot neurons (which handle spikes themselves), on two threads, once
// through the uniform Poisson path and once through the general delivery
// (forced by a weight_recorder on the synapse model, which records but
// draws nothing), for an excitatory and an inhibitory weight. The
// membrane potentials and the parrots' spikes must agree bit for bit: the
// two paths draw the same numbers in the same order.
func TestPoissonDriveMatchesGeneralDelivery(t *testing.T) {
	run := func(weight float64, general bool) (vm []float64, spikes []float64) {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
			t.Fatal(err)
		}
		pg := mustCreate(t, k, "poisson_generator", 1, dict.Dict{"rate": 20000.0})
		delta := mustCreate(t, k, "iaf_psc_delta", 30, dict.Dict{"V_th": 1e9})
		mustCreate(t, k, "iaf_psc_alpha", 30, dict.Dict{"V_th": 1e9})
		parrots := mustCreate(t, k, "parrot_neuron", 10)
		sr := mustCreate(t, k, "spike_recorder", 1)
		syn := dict.Dict{"weight": weight, "delay": 1.0}
		if general {
			syn["weight_recorder"] = []any{float64(mustCreate(t, k, "weight_recorder", 1))}
		}
		if err := k.CopyModel("static_synapse", "drive", syn); err != nil {
			t.Fatal(err)
		}
		mustConnect(t, k, []int{pg}, ids(delta, parrots+9), nil, dict.Dict{"synapse_model": "drive"})
		mustConnect(t, k, ids(parrots, parrots+9), []int{sr}, nil, nil)
		mustSimulate(t, k, 30)
		for id := delta; id < parrots; id++ {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			vm = append(vm, st["V_m"].(float64))
		}
		tab, err := k.Recording(sr)
		if err != nil {
			t.Fatal(err)
		}
		return vm, tab.Float64s(tab.Index("times"))
	}
	for _, weight := range []float64{0.7, -0.7} {
		vmFast, spFast := run(weight, false)
		vmGen, spGen := run(weight, true)
		if len(spFast) == 0 {
			t.Fatalf("weight %g: the parrots never spiked", weight)
		}
		for i := range vmFast {
			if math.Float64bits(vmFast[i]) != math.Float64bits(vmGen[i]) {
				t.Errorf("weight %g, neuron %d: V_m %v (uniform path), %v (general path)", weight, i, vmFast[i], vmGen[i])
			}
		}
		if !slices.Equal(spFast, spGen) {
			t.Errorf("weight %g: parrot spike times differ between the paths", weight)
		}
	}
}
