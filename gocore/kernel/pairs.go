package kernel

import (
	"unsafe"

	"github.com/gonest/gonest/gocore/node"
)

// prefetchAhead is how many nodes ahead of the one it updates the update
// loop asks for the first lines of a node's object (the models put what
// their update reads first there). In a network larger than the caches,
// sliced into single steps (a min delay of one step, as in
// benchmarks/compare.py's cortical network), the update otherwise waits
// for each neuron's state in turn: under perf, the first load of each
// iaf_psc_exp was most of the update's time there.
const prefetchAhead = 8

// prefetchNode prefetches the first lines of n's object.
func prefetchNode(n node.Node) {
	// An interface value is two words, the second the object's address.
	prefetchLines((*[2]unsafe.Pointer)(unsafe.Pointer(&n))[1])
}

// buildPairs records, by position in t.nodes, the nodes that may update
// together with the next one (node.PairUpdater) or the next ones
// (node.GroupUpdater), and in t.paired whether there is any, so that the
// update loop of other networks stays as it is. The slices are kept from
// call to call (no allocation per Simulate).
func (t *thread) buildPairs(k *Kernel) {
	t.pairs, t.groups, t.ordered = t.pairs[:0], t.groups[:0], t.ordered[:0]
	found := false
	for _, i := range t.nodes {
		n := k.nodes[i]
		p, _ := n.(node.PairUpdater)
		g, _ := n.(node.GroupUpdater)
		t.pairs, t.groups, t.ordered = append(t.pairs, p), append(t.groups, g), append(t.ordered, n)
		found = found || p != nil || g != nil
	}
	t.paired = found
}

// updatePlain updates the thread's nodes in order, several at a time
// where the first is a GroupUpdater, two where it is a PairUpdater that
// accepts the second.
func (t *thread) updatePlain(k *Kernel, origin int64, from, to int) {
	nodes := t.nodes
	ahead := 0 // the nodes before nodes[ahead] have been prefetched
	for j := 0; j < len(nodes); j++ {
		for ; ahead < len(nodes) && ahead <= j+prefetchAhead; ahead++ {
			prefetchNode(t.ordered[ahead])
		}
		i := nodes[j]
		t.ctx.Index = i
		if g := t.groups[j]; g != nil {
			j += g.UpdateGroup(&t.ctx, t.ordered[j+1:], nodes[j+1:], origin, from, to)
			continue
		}
		if p := t.pairs[j]; p != nil && j+1 < len(nodes) {
			if p.UpdatePair(&t.ctx, t.ordered[j+1], nodes[j+1], origin, from, to) {
				j++
				continue
			}
		}
		t.ordered[j].Update(&t.ctx, origin, from, to)
	}
}
