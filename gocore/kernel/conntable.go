package kernel

import (
	"math"
	"slices"

	"github.com/gonest/gonest/gocore/nesterr"
)

// conn describes one static connection: its target and its packed delay
// and receptor. Tables store these as columns (see connTable).
type conn struct {
	target uint32 // node index of the target
	meta   uint32 // delay in steps << rportBits | receptor port
}

// Packing of conn.meta.
const (
	rportBits = 8
	maxRport  = 1<<rportBits - 1
	maxDelay  = 1<<(32-rportBits) - 1 // steps
)

func packMeta(delay int64, rport int) uint32 { return uint32(delay)<<rportBits | uint32(rport) }

func metaDelay(meta uint32) int64 { return int64(meta >> rportBits) }
func metaRport(meta uint32) int   { return int(meta & maxRport) }

func (c *conn) delay() int64 { return metaDelay(c.meta) }
func (c *conn) rport() int   { return metaRport(c.meta) }

// checkPackable reports a delay or receptor the packed form cannot hold.
func checkPackable(delaySteps int64, delayMs float64, rport int) error {
	if delaySteps > maxDelay {
		return nesterr.New(nesterr.ErrBadDelay, "Delay %g ms is longer than the %d steps a connection can hold.", delayMs, maxDelay)
	}
	if rport < 0 || rport > maxRport {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is out of range (0 to %d).", rport, maxRport)
	}
	return nil
}

// connTable holds the static connections of one synapse model to the
// targets of one thread, grouped by source node index in creation order.
//
// Networks usually give all connections of a synapse model one weight and
// one delay (Brunel: J and 1.5 ms for "excitatory"), so the table keeps a
// single weight and a single delay/receptor until a connection with other
// values arrives; only then does it store them per connection, in columns
// parallel to targets. In the common case a connection costs 4 bytes and
// delivery reads nothing but target indices.
type connTable struct {
	targets [][]uint32  // by source: target node indices
	metas   [][]uint32  // nil while every connection has meta
	weights [][]float64 // nil while every connection has weight
	// aux is a second number per connection for the models that have one
	// (diffusion_connection's diffusion_factor, see secondary.go); nil
	// for the others
	aux    [][]float64
	meta   uint32
	weight float64
	count  int
}

// grow makes room for sources up to index nodes-1.
// Each column is extended once, not source by source: with a million
// sources that is one copy instead of a growth per doubling of each.
func (t *connTable) grow(nodes int) {
	more := nodes - len(t.targets)
	if more <= 0 {
		return
	}
	t.targets = extendNil(t.targets, more)
	if t.metas != nil {
		t.metas = extendNil(t.metas, more)
	}
	if t.weights != nil {
		t.weights = extendNil(t.weights, more)
	}
	if t.aux != nil {
		t.aux = extendNil(t.aux, more)
	}
}

// extendNil appends more nil slices to s.
func extendNil[T any](s [][]T, more int) [][]T {
	return append(slices.Grow(s, more), make([][]T, more)...)
}

// weightOf returns the weight of connection i of src.
func (t *connTable) weightOf(src, i int) float64 {
	if t.weights == nil {
		return t.weight
	}
	return t.weights[src][i]
}

// metaOf returns the packed delay and receptor of connection i of src.
func (t *connTable) metaOf(src, i int) uint32 {
	if t.metas == nil {
		return t.meta
	}
	return t.metas[src][i]
}

// spread makes a per-connection column filled with v.
func spread[T any](targets [][]uint32, v T) [][]T {
	col := make([][]T, len(targets))
	for src, ts := range targets {
		c := make([]T, len(ts), cap(ts))
		for i := range c {
			c[i] = v
		}
		col[src] = c
	}
	return col
}

// reserve makes room for n more connections from src, so that a large
// Connect grows each source's slices once instead of by repeated doubling.
func (t *connTable) reserve(src int, n int) {
	if cap(t.targets[src])-len(t.targets[src]) >= n {
		return
	}
	t.targets[src] = growTo(t.targets[src], n)
	if t.metas != nil {
		t.metas[src] = growTo(t.metas[src], n)
	}
	if t.weights != nil {
		t.weights[src] = growTo(t.weights[src], n)
	}
}

// growTo returns s with room for n more elements: exactly n more for an
// empty s or a large n, else half as many again as s holds, so that many
// small Connect calls from one source (a generator connected to neurons
// one by one) copy its connections O(log) times, not once per call.
func growTo[T any](s []T, n int) []T {
	grown := make([]T, len(s), len(s)+max(n, len(s)/2))
	copy(grown, s)
	return grown
}

func (t *connTable) add(src int, c conn, weight float64) {
	if t.count == 0 {
		t.meta, t.weight = c.meta, weight
	}
	if t.metas == nil && c.meta != t.meta {
		t.metas = spread(t.targets, t.meta)
	}
	if t.weights == nil && math.Float64bits(weight) != math.Float64bits(t.weight) {
		t.weights = spread(t.targets, t.weight)
	}
	t.targets[src] = append(t.targets[src], c.target)
	if t.metas != nil {
		t.metas[src] = append(t.metas[src], c.meta)
	}
	if t.weights != nil {
		t.weights[src] = append(t.weights[src], weight)
	}
	t.count++
}

// sourceCounts counts connections per source node index during a Connect:
// densely when the call's sources are a large part of the network, in a
// map otherwise, so that connecting one pair does not cost O(network).
type sourceCounts struct {
	dense  []int32
	sparse map[int]int
}

func newSourceCounts(sources, nodes int) sourceCounts {
	if sources*8 >= nodes {
		return sourceCounts{dense: make([]int32, nodes)}
	}
	return sourceCounts{sparse: make(map[int]int, sources)}
}

func (c *sourceCounts) add(src int) {
	if c.dense != nil {
		c.dense[src]++
		return
	}
	c.sparse[src]++
}

// each calls fn for every source with connections, in increasing order.
func (c *sourceCounts) each(fn func(src, n int)) {
	if c.dense != nil {
		for src, n := range c.dense {
			if n > 0 {
				fn(src, int(n))
			}
		}
		return
	}
	srcs := make([]int, 0, len(c.sparse))
	for src := range c.sparse {
		srcs = append(srcs, src)
	}
	slices.Sort(srcs)
	for _, src := range srcs {
		fn(src, c.sparse[src])
	}
}

// setWeight changes the weight of connection i of src.
func (t *connTable) setWeight(src, i int, w float64) {
	if t.weights == nil {
		if math.Float64bits(w) == math.Float64bits(t.weight) {
			return
		}
		t.weights = spread(t.targets, t.weight)
	}
	t.weights[src][i] = w
}

// setMeta changes the packed delay and receptor of connection i of src.
func (t *connTable) setMeta(src, i int, meta uint32) {
	if t.metas == nil {
		if meta == t.meta {
			return
		}
		t.metas = spread(t.targets, t.meta)
	}
	t.metas[src][i] = meta
}
