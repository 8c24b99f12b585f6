package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Tripartite connectivity (NEST's TripartiteConnect): a primary rule
// connects pre to post; each primary pair is then, with probability p,
// paired with one node of the third population, which gets a connection
// from the primary source ("third_in") and makes one to the primary
// target ("third_out"). The only third-factor rule NEST 3.10 has is
// third_factor_bernoulli_with_pool:
//
//	p          probability that a primary pair gets a third node (1)
//	pool_size  how many third nodes each target may be paired with
//	           (all of the third population)
//	pool_type  "random": each target's pool is drawn from the third
//	           population (distinct nodes) when it first needs one;
//	           "block": the pools are consecutive blocks of the third
//	           population, in the order of the targets ("random")
//
// The third node of a pair is drawn uniformly from its target's pool.
// Block pools need len(post)*pool_size == len(third), or pool_size 1 and
// len(post) a multiple of len(third) (then len(post)/len(third)
// consecutive targets share a third node).

// thirdFactorRule is the parameter set of third_factor_bernoulli_with_pool
// with the primary rule whose pairs it pairs with third nodes.
type thirdFactorRule struct {
	primary  rule
	post     []int
	third    []int
	p        float64
	poolSize int
	random   bool
	seed     [2]uint64
	// tgtIndex is the position of each target in post (block pools only)
	tgtIndex map[int]int
}

// newThirdFactorRule reads third_factor_bernoulli_with_pool's parameters
// from r. Other keys of the third-factor specification are ignored, as
// NEST does.
func newThirdFactorRule(r *dict.Reader, post, third []int) (*thirdFactorRule, error) {
	t := &thirdFactorRule{post: post, third: third, p: 1, poolSize: len(third), random: true}
	if _, err := r.Float("p", &t.p); err != nil {
		return nil, err
	}
	size := int64(len(third))
	if _, err := r.Int("pool_size", &size); err != nil {
		return nil, err
	}
	if size < 1 || size > int64(len(third)) {
		return nil, nesterr.New(nesterr.ErrBadProperty,
			"Pool size 1 ≤ pool_size ≤ size of third-factor population required (pool_size %d, %d third-factor nodes).", size, len(third))
	}
	t.poolSize = int(size)
	var poolType string
	ok, err := r.String("pool_type", &poolType)
	if err != nil {
		return nil, err
	}
	if ok {
		switch poolType {
		case "random":
		case "block":
			t.random = false
		default:
			return nil, nesterr.New(nesterr.ErrBadProperty, "pool_type must be 'random' or 'block', got '%s'.", poolType)
		}
	}
	if !(t.p >= 0 && t.p <= 1) {
		return nil, nesterr.New(nesterr.ErrBadProperty,
			"Conditional probability of third-factor connection 0 ≤ p_third_if_primary ≤ 1 required, got p = %g.", t.p)
	}
	if !t.random {
		fits := len(post)*t.poolSize == len(third) || (t.poolSize == 1 && len(post)%len(third) == 0)
		if !fits {
			return nil, nesterr.New(nesterr.ErrBadProperty,
				"The sizes of target (%d) and third-factor (%d) populations and the chosen pool size (%d) do not fit. "+
					"If pool_size == 1, the target population size must be a multiple of the third-factor population size. "+
					"For pool_size > 1, size(targets) * pool_size == size(third factor) is required. "+
					"For all other cases, use random pools.", len(post), len(third), t.poolSize)
		}
		t.tgtIndex = make(map[int]int, len(post))
		for i, id := range post {
			if _, seen := t.tgtIndex[id]; !seen {
				t.tgtIndex[id] = i
			}
		}
	}
	return t, nil
}

// forEach walks the primary pairs in the primary rule's order and gives
// each with its third node, or 0 for a pair left without one. The draws
// come from the rule's own stream, so every walk gives the same triples.
func (t *thirdFactorRule) forEach(primary rule, fn func(s, tgt, third int) error) error {
	rng := rand.New(rand.NewPCG(t.seed[0], t.seed[1]))
	// A random pool as large as the third population holds all of it,
	// and a uniform pick from it is a uniform pick from the population.
	wholePool := t.random && t.poolSize == len(t.third)
	var (
		pools   map[int][]int
		scratch []int
	)
	if t.random && !wholePool {
		pools = make(map[int][]int)
		scratch = append([]int(nil), t.third...)
	}
	return primary.forEach(func(s, tgt int) error {
		if !(rng.Float64() < t.p) {
			return fn(s, tgt, 0)
		}
		pick := 0
		if t.poolSize > 1 {
			pick = rng.IntN(t.poolSize)
		}
		switch {
		case wholePool:
			return fn(s, tgt, t.third[pick])
		case t.random:
			pool, ok := pools[tgt]
			if !ok {
				// distinct nodes: the first poolSize of a partial shuffle
				for i := range t.poolSize {
					j := i + rng.IntN(len(scratch)-i)
					scratch[i], scratch[j] = scratch[j], scratch[i]
				}
				pool = append([]int(nil), scratch[:t.poolSize]...)
				pools[tgt] = pool
			}
			return fn(s, tgt, pool[pick])
		default:
			return fn(s, tgt, t.third[t.firstOfBlock(t.tgtIndex[tgt])+pick])
		}
	})
}

// firstOfBlock is the index in the third population of the first node of
// the block pool of the target at index i of post.
func (t *thirdFactorRule) firstOfBlock(i int) int {
	if t.poolSize > 1 {
		return i * t.poolSize
	}
	return i / (len(t.post) / len(t.third))
}

// tripartiteView is one of the three projections of a tripartite call as
// a rule: the primary pairs, third -> target, or source -> third.
type tripartiteView struct {
	tf      *thirdFactorRule
	primary rule
	part    int // viewPrimary, viewThirdOut, viewThirdIn
}

const (
	viewPrimary = iota
	viewThirdOut
	viewThirdIn
)

func (v tripartiteView) forEach(fn func(src, tgt int) error) error {
	if v.part == viewPrimary {
		return v.primary.forEach(fn)
	}
	return v.tf.forEach(v.primary, func(s, tgt, third int) error {
		switch {
		case third == 0:
			return nil
		case v.part == viewThirdOut:
			return fn(third, tgt)
		default:
			return fn(s, third)
		}
	})
}

// total is about the most connections the view makes (for the memory
// check before connecting).
func (v tripartiteView) total() float64 {
	n := ruleTotal(v.primary)
	if v.part == viewPrimary {
		return n
	}
	return math.Min(n, binomialBound(n, v.tf.p))
}

// ConnectTripartite is NEST's TripartiteConnect: pre is connected to post
// by the rule in connSpec with the synapse specifications primary; the
// third-factor rule in thirdSpec pairs primary connections with nodes of
// third, which are connected from the primary source with thirdIn and to
// the primary target with thirdOut (each a list of collocated
// specifications; empty means one static_synapse). All three projections
// are checked before any connection is made.
func (k *Kernel) ConnectTripartite(pre, post, third []int, connSpec, thirdSpec dict.Dict, primary, thirdIn, thirdOut []dict.Dict) error {
	if !k.timers.connecting {
		k.timers.connecting = true
		defer func() { k.timers.connecting = false }()
		defer stopwatch(&k.timers.connect, &k.timers.connectCPU).stop()
	}
	for _, c := range []struct {
		ids  []int
		what string
	}{{pre, "Presynaptic"}, {post, "Postsynaptic"}, {third, "Third-factor"}} {
		if len(c.ids) == 0 {
			return nesterr.New(nesterr.ErrIllegalConnection, "%s nodes cannot be an empty NodeCollection", c.what)
		}
		for _, id := range c.ids {
			if _, err := k.node(id); err != nil {
				return err
			}
		}
	}
	cr, tr := dict.NewReader(connSpec), dict.NewReader(thirdSpec)
	if !cr.Has("rule") {
		return nesterr.New(nesterr.ErrBadProperty, "The connection specification must contain a connection rule.")
	}
	if !tr.Has("rule") {
		return nesterr.New(nesterr.ErrBadProperty, "The third-factor connection specification must contain a connection rule.")
	}
	var primaryName, thirdName string
	if _, err := cr.String("rule", &primaryName); err != nil {
		return err
	}
	if _, err := tr.String("rule", &thirdName); err != nil {
		return err
	}
	specs := [3][]dict.Dict{primary, thirdOut, thirdIn}
	for i := range specs {
		if len(specs[i]) == 0 {
			specs[i] = []dict.Dict{{}}
		}
	}
	// NEST reads the third_in specifications first, then the third-factor
	// rule with third_out, then the primary rule with its synapses.
	for _, spec := range specs[viewThirdIn] {
		if _, err := k.newConnPlan(spec); err != nil {
			return err
		}
	}
	if thirdName != "third_factor_bernoulli_with_pool" {
		return nesterr.New(nesterr.ErrIllegalConnection, "Unknown third-factor connection rule '%s'.", thirdName)
	}
	for _, spec := range specs[viewThirdOut] {
		if _, err := k.newConnPlan(spec); err != nil {
			return err
		}
	}
	tf, err := newThirdFactorRule(tr, post, third)
	if err != nil {
		return err
	}
	if !isConnectionRule(primaryName) {
		return nesterr.New(nesterr.ErrIllegalConnection, "Unknown connection rule '%s'.", primaryName)
	}
	sym := false
	if _, err := cr.Bool("make_symmetric", &sym); err != nil {
		return err
	}
	if sym {
		return nesterr.New(nesterr.ErrBadProperty, "Third-factor connectivity cannot be used with 'make_symmetric == True'.")
	}
	plain := connSpec.Clone()
	delete(plain, "make_symmetric")

	call := k.connectCalls + 1
	stream := func(c uint64, param uint64) [2]uint64 { return [2]uint64{k.rngSeed, 1<<40 + 2*c + param} }
	prl, _, err := newRule(dict.NewReader(plain), pre, post, stream(call, 0))
	if err != nil {
		return err
	}
	switch prl.(type) {
	case fixedIndegree, fixedOutdegree, fixedTotal, pairwiseBernoulli, pairwisePoisson:
		for _, t := range post {
			if n := k.nodes[t-1]; n.ElementType() == node.Recorder {
				return nesterr.New(nesterr.ErrIllegalConnection,
					"%s (node %d) cannot be the target of a connection made by a probabilistic rule; use all_to_all or one_to_one.", n.Model(), t)
			}
		}
	}
	tf.seed = stream(call+1, 0)
	views := [3]tripartiteView{
		{tf: tf, primary: prl, part: viewPrimary},
		{tf: tf, primary: prl, part: viewThirdOut},
		{tf: tf, primary: prl, part: viewThirdIn},
	}
	sources := [3][]int{pre, third, pre}
	targets := [3][]int{post, post, third}
	paramSeeds := [3][2]uint64{stream(call, 1), stream(call+1, 1), stream(call+2, 1)}
	var stores [3]func() error
	for i, v := range views {
		for _, spec := range specs[i] {
			if m, ok := k.secondaryModelIn(spec); ok {
				if err := k.checkSecondarySpec(m, v, false, sources[i], targets[i], spec); err != nil {
					return err
				}
			}
		}
		if stores[i], err = k.prepareConnect(v, len(sources[i]), specs[i], nil, paramSeeds[i]); err != nil {
			return err
		}
	}
	k.connectCalls = call + 2
	k.noteThreadLids()
	for _, store := range stores {
		if err := store(); err != nil {
			return err
		}
	}
	return nil
}

func isConnectionRule(name string) bool {
	for _, r := range connectionRules {
		if r == name {
			return true
		}
	}
	return false
}
