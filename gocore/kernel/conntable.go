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

// spread makes a per-connection column filled with v, each source's
// slice as long and with as much room as its targets. The slices are
// carved from one backing array: one allocation for the whole table, not
// one per source (a million sources with a connection each would
// otherwise be a million small objects for the garbage collector).
func spread[T any](targets [][]uint32, v T) [][]T {
	col := make([][]T, len(targets))
	total := 0
	for _, ts := range targets {
		total += cap(ts)
	}
	arena := make([]T, total)
	for src, ts := range targets {
		if cap(ts) == 0 {
			continue
		}
		c := arena[:len(ts):cap(ts)]
		arena = arena[cap(ts):]
		for i := range c {
			c[i] = v
		}
		col[src] = c
	}
	return col
}

// reserve makes room for counts' connections (per source), so that a
// large Connect grows each source's slices once instead of by repeated
// doubling. The grown slices of each column are carved from one backing
// array (see spread), each with exactly its own capacity, so that a
// later append to one source reallocates that source alone.
func (t *connTable) reserve(counts *sourceCounts) {
	total := 0
	counts.each(func(src, n int) {
		if s := t.targets[src]; cap(s)-len(s) < n {
			total += grownCap(len(s), n)
		}
	})
	if total == 0 {
		return
	}
	targets := make([]uint32, total)
	var metas []uint32
	if t.metas != nil {
		metas = make([]uint32, total)
	}
	var weights []float64
	if t.weights != nil {
		weights = make([]float64, total)
	}
	counts.each(func(src, n int) {
		s := t.targets[src]
		if cap(s)-len(s) >= n {
			return
		}
		c := grownCap(len(s), n)
		t.targets[src] = carve(&targets, s, c)
		if t.metas != nil {
			t.metas[src] = carve(&metas, t.metas[src], c)
		}
		if t.weights != nil {
			t.weights[src] = carve(&weights, t.weights[src], c)
		}
	})
}

// grownCap is the capacity reserve gives a source with length values
// that needs room for n more: exactly n more for an empty source or a
// large n, else half as many again as it holds, so that many small
// Connect calls from one source (a generator connected to neurons one by
// one) copy its connections O(log) times, not once per call.
func grownCap(length, n int) int { return length + max(n, length/2) }

// carve takes the first c elements of *arena as s's new storage, copies
// s into it and returns it (length len(s), capacity c).
func carve[T any](arena *[]T, s []T, c int) []T {
	grown := (*arena)[:len(s):c]
	*arena = (*arena)[c:]
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
// densely when the call's sources are a large part of the network, else
// in a short list (a call from a few sources, the common small Connect)
// that becomes a map when it grows, so that connecting one pair does not
// cost O(network).
type sourceCounts struct {
	dense  []int32
	few    []sourceCount
	sparse map[int]int
}

// sourceCount is the count of one source in sourceCounts.few.
type sourceCount struct{ src, n int }

// fewSources is the number of sources sourceCounts lists before it
// takes a map.
const fewSources = 16

func newSourceCounts(sources, nodes int) sourceCounts {
	if sources*8 >= nodes {
		return sourceCounts{dense: make([]int32, nodes)}
	}
	return sourceCounts{}
}

func (c *sourceCounts) add(src int) {
	switch {
	case c.dense != nil:
		c.dense[src]++
		return
	case c.sparse != nil:
		c.sparse[src]++
		return
	}
	for i := range c.few {
		if c.few[i].src == src {
			c.few[i].n++
			return
		}
	}
	if len(c.few) < fewSources {
		c.few = append(c.few, sourceCount{src, 1})
		return
	}
	c.sparse = make(map[int]int, 2*fewSources)
	for _, e := range c.few {
		c.sparse[e.src] = e.n
	}
	c.few = nil
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
	if c.sparse == nil {
		slices.SortFunc(c.few, func(a, b sourceCount) int { return a.src - b.src })
		for _, e := range c.few {
			fn(e.src, e.n)
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
