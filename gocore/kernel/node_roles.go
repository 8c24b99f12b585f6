package kernel

import "github.com/gonest/gonest/gocore/node"

// nodeRoles lists, in index order, the nodes that take part in the steps
// every Simulate call makes besides updating them (checking, opening and
// flushing files, numbering per-target senders), so that those steps visit
// these nodes rather than every node with a type assertion each. A node's
// type never changes and nodes are only appended (init empties the
// lists), so the lists grow with k.nodes.
type nodeRoles struct {
	seen           int   // nodes classified
	checkers       []int // node.PrepareChecker
	recorders      []int // recorder: files to open and flush
	currentSenders []int // node.PerTargetCurrentSender
	spikeSenders   []int // node.PerTargetSpikeSender
}

// roles classifies the nodes created since the last call and returns the
// lists.
func (k *Kernel) roles() *nodeRoles {
	r := &k.nodeRoles
	for i := r.seen; i < len(k.nodes); i++ {
		n := k.nodes[i]
		if _, ok := n.(node.PrepareChecker); ok {
			r.checkers = append(r.checkers, i)
		}
		if _, ok := n.(recorder); ok {
			r.recorders = append(r.recorders, i)
		}
		if _, ok := n.(node.PerTargetCurrentSender); ok {
			r.currentSenders = append(r.currentSenders, i)
		}
		if _, ok := n.(node.PerTargetSpikeSender); ok {
			r.spikeSenders = append(r.spikeSenders, i)
		}
	}
	r.seen = len(k.nodes)
	return r
}
