package kernel

import (
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// uniformPlastic reports whether the uniform shortcut (uniformPlan) may
// cover the model of plan p as far as plasticity goes: a static model,
// or a plastic one whose weight and delay are constant (all connections
// are then alike, checked once per pair of models), except the e-prop
// models, which register every connection with its target in their own
// way.
func uniformPlastic(p *connPlan) bool {
	typ := p.defs.typ
	if typ == nil {
		return true
	}
	konst := func(s *paramSource) bool { return s.list == nil && s.expr == nil }
	return konst(p.weights) && konst(p.delays) && !synapses.RequiresEprop(typ) && !synapses.IsEpropBsshslm(typ)
}

// plasticTarget is what the uniform shortcut keeps of the last target of
// a plastic connection it stored: consecutive connections often share
// their target (fixed_indegree draws the sources of one target at a
// time).
type plasticTarget struct {
	id      int
	archive *node.Archive
}

// notePlasticStored is noteStored for a plastic plan: the entry
// storePlanned made for s -> t.
func (u *uniformPlan) notePlasticStored(k *Kernel, p *connPlan, s, t int) {
	tab := k.threadOf(t - 1).plastic[p.synID]
	u.weight, u.meta = tab.At(s-1, tab.Len(s-1)-1)
	u.stored = true
}

// addPlastic is add for a plastic plan: the connection with the plan's
// template, registered with the target's history as storePlanned does.
func (u *uniformPlan) addPlastic(k *Kernel, p *connPlan, s, t int) {
	k.threadOf(t - 1).plastic[p.synID].Add(s-1, uint32(t-1), u.meta, u.weight, p.template)
	if !p.defs.typ.NeedsHistory() {
		return
	}
	if u.last.id != t {
		u.last = plasticTarget{id: t, archive: k.nodes[t-1].(node.Archiving).Archive()}
	}
	d := nestDelayMs(k.base, metaDelay(u.meta))
	u.last.archive.RegisterConnection(0-d, d, k.base)
}
