package node

// PairUpdater is a node whose Update may run together with that of the
// node after it in its thread, interleaving the work of the two so that
// the processor overlaps them (the adaptive ODE integrations of
// conductance-based neurons are chains of dependent operations, each
// too short to keep the processor busy).
//
// UpdatePair updates the node (ctx.Index) and other (node index
// otherIndex) over lags from..to and reports true, with every result,
// every state and the order of all emissions exactly as the two calls
// Update(ctx, ...), other.Update(ctx with otherIndex, ...) would give;
// or it does nothing and reports false, and the caller updates the two
// one after the other.
type PairUpdater interface {
	UpdatePair(ctx *Context, other Node, otherIndex int, origin int64, from, to int) bool
}

// GroupUpdater is a node whose Update may run together with those of
// several nodes after it in its thread, as a PairUpdater's with one.
//
// UpdateGroup updates the node (ctx.Index) and the first k nodes of next
// (node indices ids[:k]), k >= 0 of its choosing, over lags from..to and
// returns k, with every result, every state and the order of all
// emissions exactly as the k+1 calls of Update in thread order would give.
type GroupUpdater interface {
	UpdateGroup(ctx *Context, next []Node, ids []int, origin int64, from, to int) int
}
