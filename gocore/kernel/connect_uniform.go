package kernel

import "github.com/gonest/gonest/gocore/node"

// uniformPlan is a shortcut of Connect for a plan whose connections are
// all alike: constant weight, delay and receptor, a model that is not
// secondary, not labelled and not e-prop, and no per-connection
// parameters (a plastic model's connections all get the plan's template).
// Between two neurons (nodes without replicas) whose model takes the same
// receptors in every node, checkPlanned's answer then depends on the two
// models only (the assumption kindOf makes), and storePlanned adds the
// same target entry each time; so both run in full for the first pair of
// each pair of models and the others are only counted and stored.
type uniformPlan struct {
	ok       bool   // the plan qualifies
	checked  bool   // the pair src, tgt passed checkPlanned
	src, tgt string // models of that pair
	stored   bool   // storePlanned stored such a pair: meta and weight are known
	meta     uint32
	weight   float64
	// ids [srcLo, srcHi) and [tgtLo, tgtHi) are known to have the models
	// src and tgt: the layers of the pair checked, whose nodes come from
	// one Create (a cheaper test than comparing the model names)
	srcLo, srcHi, tgtLo, tgtHi int
	last                       plasticTarget // of a plastic plan (connect_uniform_plastic.go)
}

func newUniformPlan(p *connPlan) *uniformPlan {
	konst := func(s *paramSource) bool { return s.list == nil && s.expr == nil }
	return &uniformPlan{ok: konst(p.weights) && konst(p.delays) && konst(p.rports) && p.defs.secondary == 0 &&
		uniformPlastic(p) && !p.defs.labelled && p.diffusion == nil && len(p.perConn) == 0}
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

// count is checkPlanned's counting for a pair the shortcut covers.
func (u *uniformPlan) count(k *Kernel, s, t int, counts []sourceCounts) {
	if k.storedHere(s-1, t-1) {
		counts[k.threadIdx[t-1]].add(s - 1)
	}
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
	last := len(tab.targets[s-1]) - 1
	u.meta, u.weight, u.stored = tab.metaOf(s-1, last), tab.weightOf(s-1, last), true
}

// add is storePlanned for a pair the shortcut covers, once noteStored
// has seen one.
func (u *uniformPlan) add(k *Kernel, p *connPlan, s, t int) {
	if !k.storedHere(s-1, t-1) {
		return
	}
	if p.defs.typ != nil {
		u.addPlastic(k, p, s, t)
	} else {
		k.threadOf(t - 1).tables[p.synID].add(s-1, conn{target: uint32(t - 1), meta: u.meta}, u.weight)
	}
}
