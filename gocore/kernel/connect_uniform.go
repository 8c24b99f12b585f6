package kernel

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/node"
)

// uniformPlan is a shortcut of Connect for a plan whose connections
// differ at most in weight and delay: a constant receptor, a model that
// is not secondary, not labelled and not e-prop, and no per-connection
// parameters (a plastic model's connections, whose weight and delay must
// then be constant, all get the plan's template; uniformPlastic). Between two neurons (nodes without replicas) whose model
// takes the same receptors in every node, checkPlanned's answer then
// depends on the two models and the delay only (the assumption kindCache
// makes), and storePlanned adds a target entry of the same form each
// time; so both run in full for the first pair of each pair of models
// and the others are only counted (their delays checked) and stored.
// Weights and delays that are constant were checked with the plan and
// give the same entry each time (konst); lists and random parameters
// give each connection its own, drawn in storePlanned's order.
type uniformPlan struct {
	ok       bool   // the plan qualifies
	konst    bool   // weight and delay are constant
	checked  bool   // the pair src, tgt passed checkPlanned
	src, tgt string // models of that pair
	stored   bool   // storePlanned stored such a pair: meta and weight are known
	meta     uint32 // with konst; else the receptor part alone
	weight   float64
	// ids [srcLo, srcHi) and [tgtLo, tgtHi) are known to have the models
	// src and tgt: the layers of the pair checked, whose nodes come from
	// one Create (a cheaper test than comparing the model names)
	srcLo, srcHi, tgtLo, tgtHi int
	last                       plasticTarget // of a plastic plan (connect_uniform_plastic.go)
}

func newUniformPlan(p *connPlan) uniformPlan {
	konst := func(s *paramSource) bool { return s.list == nil && s.expr == nil }
	return uniformPlan{ok: konst(p.rports) && p.defs.secondary == 0 &&
		uniformPlastic(p) && !p.defs.labelled && p.diffusion == nil && len(p.perConn) == 0,
		konst: konst(p.weights) && konst(p.delays)}
}

// same reports whether the connection s -> t (ids) is one the shortcut
// covers: the plan qualifies, both are neurons, and their models are
// those of the pair checked in full.
func (u *uniformPlan) same(k *Kernel, s, t int) bool {
	if s >= u.srcLo && s < u.srcHi && t >= u.tgtLo && t < u.tgtHi {
		return true
	}
	return u.ok && u.checked && !k.replica[s-1] && !k.replica[t-1] && k.modelOf[s-1] == u.src && k.modelOf[t-1] == u.tgt
}

// sameModelBlock returns ids around id that are known to share its model:
// its layer's, or id alone.
func (k *Kernel) sameModelBlock(id int) (int, int) {
	if l, _ := k.layerOf(id); l != nil {
		return l.First, l.First + l.Len()
	}
	return id, id + 1
}

// noteChecked records that s -> t passed checkPlanned.
func (u *uniformPlan) noteChecked(k *Kernel, s, t int) {
	if !u.ok || k.replica[s-1] || k.replica[t-1] {
		return
	}
	if _, perNode := k.nodes[t-1].(node.PerNodeReceptors); perNode {
		return
	}
	u.checked, u.src, u.tgt, u.stored = true, k.modelOf[s-1], k.modelOf[t-1], false
	u.srcLo, u.srcHi = k.sameModelBlock(s)
	u.tgtLo, u.tgtHi = k.sameModelBlock(t)
}

// count is checkPlanned for connection n, s -> t, a pair the shortcut
// covers: the draws of its values, the checks of its delay and its count.
func (u *uniformPlan) count(k *Kernel, p *connPlan, s, t, n int, prng *rand.Rand, counts []sourceCounts) error {
	if !u.konst {
		p.weights.value(n, prng)
		d := p.delays.value(n, prng)
		if p.constDelay < 0 {
			if err := k.checkDelay(d); err != nil {
				return err
			}
		}
		if err := checkPackable(k.base.DelayToSteps(d), d, metaRport(u.meta)); err != nil {
			return err
		}
	}
	if k.storedHere(s-1, t-1) {
		counts[k.threadIdx[t-1]].add(s - 1)
	}
	return nil
}

// noteStored records the entry storePlanned made for s -> t, if the
// shortcut covers that pair.
func (u *uniformPlan) noteStored(k *Kernel, p *connPlan, s, t int) {
	if u.stored || !u.same(k, s, t) || !k.storedHere(s-1, t-1) {
		return
	}
	if p.defs.typ != nil {
		u.notePlasticStored(k, p, s, t)
		return
	}
	tab := &k.threadOf(t - 1).tables[p.synID]
	last := tab.lenOf(s-1) - 1
	u.meta, u.weight, u.stored = tab.metaOf(s-1, last), tab.weightOf(s-1, last), true
	if !u.konst {
		u.meta = packMeta(0, metaRport(u.meta))
	}
}

// add is storePlanned for connection i, s -> t, a pair the shortcut
// covers, once noteStored has seen one.
func (u *uniformPlan) add(k *Kernel, p *connPlan, s, t, i int, prng *rand.Rand) {
	if p.defs.typ != nil { // constant weight and delay (uniformPlastic)
		if k.storedHere(s-1, t-1) {
			u.addPlastic(k, p, s, t)
		}
		return
	}
	meta, weight := u.meta, u.weight
	if !u.konst {
		weight = p.weights.value(i, prng)
		steps := k.base.DelayToSteps(p.delays.value(i, prng))
		k.minDelayConn, k.maxDelayConn = min(k.minDelayConn, steps), max(k.maxDelayConn, steps)
		meta |= packMeta(steps, 0)
	}
	if k.storedHere(s-1, t-1) {
		k.threadOf(t - 1).tables[p.synID].add(s-1, conn{target: uint32(t - 1), meta: meta}, weight)
	}
}
