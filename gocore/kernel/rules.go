package kernel

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// A rule enumerates the (source, target) node-id pairs of a Connect call.
// Random rules draw from a stream fixed when the rule is made, so each
// call of forEach yields the same pairs: Connect walks them twice, once to
// check and count, once to store, and never holds them all in memory.
type rule interface {
	forEach(fn func(src, tgt int) error) error
}

// newRule reads the connection rule and its parameters from r. symmetric
// reports make_symmetric for a rule that does not make the reverse
// connections itself (one_to_one): the caller then connects post to pre too.
func newRule(r *dict.Reader, pre, post []int, seed [2]uint64) (out rule, symmetric bool, err error) {
	name := "all_to_all"
	if _, err := r.String("rule", &name); err != nil {
		return nil, false, err
	}
	makeSymmetric := false
	if _, err := r.Bool("make_symmetric", &makeSymmetric); err != nil {
		return nil, false, err
	}
	if makeSymmetric && name != "one_to_one" && name != "symmetric_pairwise_bernoulli" {
		return nil, false, nesterr.New(nesterr.ErrNotImplemented, "This connection rule does not support symmetric connections.")
	}
	out, err = newRuleOf(name, r, pre, post, seed, makeSymmetric)
	return out, makeSymmetric && name == "one_to_one", err
}

func newRuleOf(name string, r *dict.Reader, pre, post []int, seed [2]uint64, makeSymmetric bool) (rule, error) {
	autapses, multapses := true, true
	if _, err := r.Bool("allow_autapses", &autapses); err != nil {
		return nil, err
	}
	if _, err := r.Bool("allow_multapses", &multapses); err != nil {
		return nil, err
	}
	base := ruleBase{pre: pre, post: post, autapses: autapses, multapses: multapses, seed: seed}
	randomRule := name == "fixed_indegree" || name == "fixed_outdegree" || name == "fixed_total_number"
	if randomRule && (len(pre) == 0 || len(post) == 0) {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Rule %s needs non-empty source and target populations (%d sources, %d targets).",
			name, len(pre), len(post))
	}
	var out rule
	switch name {
	case "all_to_all":
		out = allToAll{base}
	case "one_to_one":
		if len(pre) != len(post) {
			return nil, nesterr.New(nesterr.ErrDimensionMismatch,
				"Source and target population must be of the same size for rule one_to_one (%d sources, %d targets).", len(pre), len(post))
		}
		out = oneToOne{base}
	case "fixed_indegree":
		n, err := countParam(r, "indegree", name)
		if err != nil {
			return nil, err
		}
		if !multapses && n > int64(len(pre)) {
			return nil, nesterr.New(nesterr.ErrBadProperty,
				"Indegree %d cannot be larger than the %d sources when multapses are not allowed.", n, len(pre))
		}
		out = fixedIndegree{base, int(n)}
	case "fixed_outdegree":
		n, err := countParam(r, "outdegree", name)
		if err != nil {
			return nil, err
		}
		if !multapses && n > int64(len(post)) {
			return nil, nesterr.New(nesterr.ErrBadProperty,
				"Outdegree %d cannot be larger than the %d targets when multapses are not allowed.", n, len(post))
		}
		out = fixedOutdegree{base, int(n)}
	case "fixed_total_number":
		n, err := countParam(r, "N", name)
		if err != nil {
			return nil, err
		}
		pairs := eligiblePairs(pre, post, autapses)
		if n > 0 && pairs == 0 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "No pair of these populations may be connected (autapses are off), but N = %d.", n)
		}
		if !multapses && n > pairs {
			return nil, nesterr.New(nesterr.ErrBadProperty,
				"N = %d connections cannot be made from %d distinct pairs without multapses.", n, pairs)
		}
		out = fixedTotal{base, int(n)}
	case "pairwise_bernoulli":
		p := 1.0
		ok, err := r.Float("p", &p)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Rule pairwise_bernoulli needs the connection probability 'p'.")
		}
		if p < 0 || p > 1 || math.IsNaN(p) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Connection probability p must be in [0, 1], got %g.", p)
		}
		out = pairwiseBernoulli{base, p}
	case "pairwise_poisson":
		var mean float64
		ok, err := r.Float("pairwise_avg_num_conns", &mean)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Rule pairwise_poisson needs the parameter 'pairwise_avg_num_conns'.")
		}
		if mean < 0 || math.IsNaN(mean) || math.IsInf(mean, 0) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "pairwise_avg_num_conns must be a finite number >= 0, got %g.", mean)
		}
		if !multapses {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Multapses must be allowed for the connection rule pairwise_poisson.")
		}
		out = pairwisePoisson{base, mean}
	case "symmetric_pairwise_bernoulli":
		var p float64
		ok, err := r.Float("p", &p)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Rule symmetric_pairwise_bernoulli needs the connection probability 'p'.")
		}
		switch {
		case p < 0 || p >= 1 || math.IsNaN(p):
			return nil, nesterr.New(nesterr.ErrBadProperty, "Connection probability 0 <= p < 1 required, got %g.", p)
		case !multapses:
			return nil, nesterr.New(nesterr.ErrBadProperty, "Multapses must be enabled for the connection rule symmetric_pairwise_bernoulli.")
		case autapses:
			return nil, nesterr.New(nesterr.ErrBadProperty, "Autapses must be disabled for the connection rule symmetric_pairwise_bernoulli.")
		case !makeSymmetric:
			return nil, nesterr.New(nesterr.ErrBadProperty, "Symmetric connections must be enabled (make_symmetric) for the connection rule symmetric_pairwise_bernoulli.")
		}
		out = symmetricBernoulli{base, p}
	default:
		return nil, nesterr.New(nesterr.ErrBadProperty,
			"Unknown connection rule '%s'; available rules: %s.", name, strings.Join(connectionRules, ", "))
	}
	if len(r.Unused()) > 0 { // (the test allocates nothing when all were used)
		return nil, r.CheckAllUsed("conn_spec for rule " + name)
	}
	return out, nil
}

// eligiblePairs counts the (source, target) pairs a rule may use.
func eligiblePairs(pre, post []int, autapses bool) int64 {
	n := int64(len(pre)) * int64(len(post))
	if autapses {
		return n
	}
	inPre := make(map[int]int, len(pre))
	for _, s := range pre {
		inPre[s]++
	}
	for _, t := range post {
		n -= int64(inPre[t])
	}
	return n
}

func countParam(r *dict.Reader, key, rule string) (int64, error) {
	var n int64
	ok, err := r.Int(key, &n)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, nesterr.New(nesterr.ErrBadProperty, "Rule %s needs the parameter '%s'.", rule, key)
	}
	if n < 0 {
		return 0, nesterr.New(nesterr.ErrBadProperty, "'%s' must not be negative, got %d.", key, n)
	}
	return n, nil
}

type ruleBase struct {
	pre, post           []int
	autapses, multapses bool
	seed                [2]uint64
	// stop, if set, is polled once per target (or source) of the walk: a
	// walk that only checks can be interrupted (see withStop)
	stop *atomic.Bool
}

// stopped reports an interrupt request; walks then return
// errConnectInterrupted.
func (b ruleBase) stopped() bool { return b.stop != nil && b.stop.Load() }

func (b ruleBase) rng() *rand.Rand { return rand.New(b.pcg()) }

// pcg is the source of the rule's stream, at its start.
func (b ruleBase) pcg() *rand.PCG { return rand.NewPCG(b.seed[0], b.seed[1]) }

type allToAll struct{ ruleBase }

func (a allToAll) forEach(fn func(int, int) error) error {
	for _, t := range a.post {
		if a.stopped() {
			return errConnectInterrupted
		}
		for _, s := range a.pre {
			if !a.autapses && s == t {
				continue
			}
			if err := fn(s, t); err != nil {
				return err
			}
		}
	}
	return nil
}

type oneToOne struct{ ruleBase }

func (o oneToOne) forEach(fn func(int, int) error) error {
	for i, s := range o.pre {
		if !o.autapses && s == o.post[i] {
			continue
		}
		if err := fn(s, o.post[i]); err != nil {
			return err
		}
	}
	return nil
}

// drawDistinct draws n values from pool uniformly; without multapses each
// at most once; without autapses never self. It calls fn in draw order.
func drawFrom(rng *rand.Rand, pool []int, n int, self int, autapses, multapses bool, fn func(int) error) error {
	var used map[int]bool
	if !multapses {
		used = make(map[int]bool, n)
	}
	avail := len(pool)
	if !autapses && self > 0 {
		for _, p := range pool {
			if p == self {
				avail--
				break
			}
		}
	}
	if !multapses && n > avail {
		return nesterr.New(nesterr.ErrBadProperty, "Cannot draw %d distinct partners from %d candidates.", n, avail)
	}
	if avail == 0 && n > 0 {
		return nesterr.New(nesterr.ErrBadProperty, "No candidate partners to draw %d connections from.", n)
	}
	for drawn := 0; drawn < n; {
		v := pool[rng.IntN(len(pool))]
		if !autapses && v == self {
			continue
		}
		if used != nil {
			if used[v] {
				continue
			}
			used[v] = true
		}
		if err := fn(v); err != nil {
			return err
		}
		drawn++
	}
	return nil
}

type fixedIndegree struct {
	ruleBase
	n int
}

func (f fixedIndegree) forEach(fn func(int, int) error) error {
	rng := f.rng()
	for _, t := range f.post {
		if f.stopped() {
			return errConnectInterrupted
		}
		if err := drawFrom(rng, f.pre, f.n, t, f.autapses, f.multapses, func(s int) error { return fn(s, t) }); err != nil {
			return err
		}
	}
	return nil
}

type fixedOutdegree struct {
	ruleBase
	n int
}

func (f fixedOutdegree) forEach(fn func(int, int) error) error {
	rng := f.rng()
	for _, s := range f.pre {
		if f.stopped() {
			return errConnectInterrupted
		}
		if err := drawFrom(rng, f.post, f.n, s, f.autapses, f.multapses, func(t int) error { return fn(s, t) }); err != nil {
			return err
		}
	}
	return nil
}

type fixedTotal struct {
	ruleBase
	n int
}

func (f fixedTotal) forEach(fn func(int, int) error) error {
	rng := f.rng()
	var used map[[2]int]bool
	if !f.multapses {
		used = make(map[[2]int]bool, f.n)
	}
	for made := 0; made < f.n; {
		if made%connectCheckEvery == 0 && f.stopped() {
			return errConnectInterrupted
		}
		s, t := f.pre[rng.IntN(len(f.pre))], f.post[rng.IntN(len(f.post))]
		if !f.autapses && s == t {
			continue
		}
		if used != nil {
			if used[[2]int{s, t}] {
				continue
			}
			used[[2]int{s, t}] = true
		}
		if err := fn(s, t); err != nil {
			return err
		}
		made++
	}
	return nil
}

type pairwiseBernoulli struct {
	ruleBase
	p float64
}

func (b pairwiseBernoulli) forEach(fn func(int, int) error) error {
	rng := b.rng()
	for _, t := range b.post {
		if b.stopped() {
			return errConnectInterrupted
		}
		for _, s := range b.pre {
			if !b.autapses && s == t {
				continue
			}
			if rng.Float64() < b.p {
				if err := fn(s, t); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pairwisePoisson makes a Poisson-distributed number of connections (mean
// pairwise_avg_num_conns) from every source to every target.
type pairwisePoisson struct {
	ruleBase
	mean float64
}

func (b pairwisePoisson) forEach(fn func(int, int) error) error {
	rng := b.rng()
	ps := newPoissonSampler(b.mean)
	for _, t := range b.post {
		if b.stopped() {
			return errConnectInterrupted
		}
		for _, s := range b.pre {
			if !b.autapses && s == t {
				continue
			}
			for n := ps.draw(rng); n > 0; n-- {
				if err := fn(s, t); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// symmetricBernoulli draws for every target an in-degree from the binomial
// distribution over the sources (cut below their number), picks that many
// distinct sources other than the target, and connects each source to the
// target and the target back to the source.
type symmetricBernoulli struct {
	ruleBase
	p float64
}

func (b symmetricBernoulli) forEach(fn func(int, int) error) error {
	rng := b.rng()
	ns := len(b.pre)
	if ns == 0 {
		return nil
	}
	chosen := make(map[int]bool)
	for _, t := range b.post {
		if b.stopped() {
			return errConnectInterrupted
		}
		k := ns
		for k >= ns {
			k = 0
			for range ns {
				if rng.Float64() < b.p {
					k++
				}
			}
		}
		candidates := ns
		for _, s := range b.pre {
			if s == t {
				candidates--
			}
		}
		if k > candidates {
			k = candidates
		}
		clear(chosen)
		for len(chosen) < k {
			s := b.pre[rng.IntN(ns)]
			if s == t || chosen[s] {
				continue
			}
			chosen[s] = true
			if err := fn(s, t); err != nil {
				return err
			}
			if err := fn(t, s); err != nil {
				return err
			}
		}
	}
	return nil
}
