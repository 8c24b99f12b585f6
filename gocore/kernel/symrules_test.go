package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func pairCounts(c *Connections) map[[2]int]int {
	m := map[[2]int]int{}
	for i := range c.Source {
		m[[2]int{c.Source[i], c.Target[i]}]++
	}
	return m
}

func TestPairwisePoissonMeanMultiplicity(t *testing.T) {
	k := ruleNet(t, 80, 2)
	c := connectAndList(t, k, ids(1, 40), ids(41, 80), dict.Dict{"rule": "pairwise_poisson", "pairwise_avg_num_conns": 0.5}, tum)
	pairs := 40.0 * 40.0
	mean := float64(len(c.Source)) / pairs
	// 1600 Poisson(0.5) counts: the mean is within 0.5 +- 0.07 (4 sd).
	if math.Abs(mean-0.5) > 0.07 {
		t.Errorf("mean connections per pair = %g, want about 0.5", mean)
	}
	multi := 0
	for _, n := range pairCounts(c) {
		if n > 1 {
			multi++
		}
	}
	if multi == 0 {
		t.Error("no pair got more than one connection: not a Poisson count")
	}
}

func TestPairwisePoissonNeedsMultapsesAndMean(t *testing.T) {
	k := ruleNet(t, 4, 1)
	err := k.Connect(ids(1, 4), ids(1, 4), dict.Dict{"rule": "pairwise_poisson", "pairwise_avg_num_conns": 1.0, "allow_multapses": false}, tum)
	wantCategory(t, err, nesterr.ErrBadProperty)
	wantCategory(t, k.Connect(ids(1, 4), ids(1, 4), dict.Dict{"rule": "pairwise_poisson"}, tum), nesterr.ErrBadProperty)
	if k.NumConnections() != 0 {
		t.Error("a rejected Connect made connections")
	}
}

func TestSymmetricPairwiseBernoulliIsSymmetric(t *testing.T) {
	k := ruleNet(t, 50, 2)
	spec := dict.Dict{"rule": "symmetric_pairwise_bernoulli", "p": 0.3, "allow_autapses": false, "make_symmetric": true}
	c := connectAndList(t, k, ids(1, 50), ids(1, 50), spec, tum)
	m := pairCounts(c)
	if len(c.Source) == 0 {
		t.Fatal("no connections")
	}
	for p, n := range m {
		if p[0] == p[1] {
			t.Fatalf("autapse %v", p)
		}
		if m[[2]int{p[1], p[0]}] != n {
			t.Fatalf("%v has %d connections, the reverse %d", p, n, m[[2]int{p[1], p[0]}])
		}
		if n > 2 {
			t.Fatalf("%v has %d connections", p, n)
		}
	}
	// Each target draws about p*50 sources, and gets as many reverse ones.
	perNode := float64(len(c.Source)) / 50
	if perNode < 2*0.3*50*0.8 || perNode > 2*0.3*50*1.2 {
		t.Errorf("%g connections per node, want about %g", perNode, 2*0.3*50)
	}
}

func TestSymmetricPairwiseBernoulliRequirements(t *testing.T) {
	k := ruleNet(t, 10, 1)
	base := dict.Dict{"rule": "symmetric_pairwise_bernoulli", "p": 0.5, "allow_autapses": false, "make_symmetric": true}
	for name, change := range map[string]dict.Dict{
		"autapses":          {"allow_autapses": true},
		"no multapses":      {"allow_multapses": false},
		"not symmetric":     {"make_symmetric": false},
		"p = 1":             {"p": 1.0},
		"symmetric missing": {"make_symmetric": nil},
	} {
		spec := base.Clone()
		for key, v := range change {
			if v == nil {
				delete(spec, key)
			} else {
				spec[key] = v
			}
		}
		wantCategory(t, k.Connect(ids(1, 10), ids(1, 10), spec, tum), nesterr.ErrBadProperty)
		if k.NumConnections() != 0 {
			t.Fatalf("%s: connections made", name)
		}
	}
}

func TestMakeSymmetricOneToOne(t *testing.T) {
	k := ruleNet(t, 6, 2)
	c := connectAndList(t, k, ids(1, 3), ids(4, 6), dict.Dict{"rule": "one_to_one", "make_symmetric": true},
		dict.Dict{"receptor_type": 1.0, "weight": []any{1.0, 2.0, 3.0}})
	if len(c.Source) != 6 {
		t.Fatalf("%d connections, want 6", len(c.Source))
	}
	w := map[[2]int]float64{}
	for i := range c.Source {
		w[[2]int{c.Source[i], c.Target[i]}] = c.Weight[i]
	}
	for i := 1; i <= 3; i++ {
		if w[[2]int{i, i + 3}] != float64(i) || w[[2]int{i + 3, i}] != float64(i) {
			t.Errorf("pair %d<->%d: weights %g and %g, want %d both", i, i+3, w[[2]int{i, i + 3}], w[[2]int{i + 3, i}], i)
		}
	}
	err := k.Connect(ids(1, 3), ids(4, 6), dict.Dict{"rule": "all_to_all", "make_symmetric": true}, tum)
	wantCategory(t, err, nesterr.ErrNotImplemented)
}
