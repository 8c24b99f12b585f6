package kernel

import "github.com/gonest/gonest/gocore/node"

// buildPairs records, by position in t.nodes, the nodes that may update
// together with the next one (node.PairUpdater), and in t.paired whether
// there is any, so that the update loop of other networks stays as it is.
// The slice is kept from call to call (no allocation per Simulate).
func (t *thread) buildPairs(k *Kernel) {
	t.pairs = t.pairs[:0]
	found := false
	for _, i := range t.nodes {
		p, _ := k.nodes[i].(node.PairUpdater)
		t.pairs = append(t.pairs, p)
		found = found || p != nil
	}
	t.paired = found
}

// updatePlain updates the thread's nodes in order, two at a time where
// the first is a PairUpdater that accepts the second.
func (t *thread) updatePlain(k *Kernel, origin int64, from, to int) {
	nodes := t.nodes
	for j := 0; j < len(nodes); j++ {
		i := nodes[j]
		t.ctx.Index = i
		if p := t.pairs[j]; p != nil && j+1 < len(nodes) {
			if p.UpdatePair(&t.ctx, k.nodes[nodes[j+1]], nodes[j+1], origin, from, to) {
				j++
				continue
			}
		}
		k.nodes[i].Update(&t.ctx, origin, from, to)
	}
}
