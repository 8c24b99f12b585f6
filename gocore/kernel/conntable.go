package kernel

import (
	"fmt"
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
//
// The columns are flat: every source's connections are one run of each
// column, which rows[src] locates (12 bytes per source, whatever the
// number of columns, and none for the sources after the last one with
// connections here). A run has room for more connections than it holds;
// a source whose run is full moves to the end of the columns with room
// to grow (see grownCap), leaving a hole, and the columns are closed up
// (compact) when holes are most of them. The columns hold no pointers,
// so the garbage collector never scans them.
type connTable struct {
	rows    []connRow // by source, up to the last one with connections
	targets []uint32  // target node indices, in the runs rows locate
	metas   []uint32  // nil while every connection has meta
	weights []float64 // nil while every connection has weight
	// aux is a second number per connection for the models that have one
	// (diffusion_connection's diffusion_factor, see secondary.go); nil
	// for the others
	aux    []float64
	meta   uint32
	weight float64
	count  int
	// room is the sum of the rows' capacities; the rest of the columns
	// are holes left by moved runs
	room int
	// cols holds the mappings of the large columns (colmem.go); nil: all
	// in the Go heap
	cols *columnMaps
}

// connRow locates one source's run in the columns of a connTable: its
// first element, its length and its capacity.
type connRow struct{ off, n, cap uint32 }

// maxColumn is the number of elements the columns of one table can hold
// (offsets are 32 bits).
const maxColumn = math.MaxUint32

// row returns where src's connections are (an empty run when src has
// none).
func (t *connTable) row(src int) connRow {
	if src < len(t.rows) {
		return t.rows[src]
	}
	return connRow{}
}

// lenOf returns the number of connections of src.
func (t *connTable) lenOf(src int) int { return int(t.row(src).n) }

// targetsOf returns the targets of src's connections, in creation order.
// The slice is the table's; callers only read it.
func (t *connTable) targetsOf(src int) []uint32 {
	r := t.row(src)
	return t.targets[r.off : r.off+r.n : r.off+r.n]
}

// weightOf returns the weight of connection i of src.
func (t *connTable) weightOf(src, i int) float64 {
	if t.weights == nil {
		return t.weight
	}
	return t.weights[int(t.rows[src].off)+i]
}

// metaOf returns the packed delay and receptor of connection i of src.
func (t *connTable) metaOf(src, i int) uint32 {
	if t.metas == nil {
		return t.meta
	}
	return t.metas[int(t.rows[src].off)+i]
}

// columnsOf returns src's run of the targets, metas and weights columns
// (the last two nil while every connection has meta and weight), all as
// long as the targets; src has a row.
func (t *connTable) columnsOf(src int) (targets, metas []uint32, weights []float64) {
	r := t.rows[src]
	targets = t.targets[r.off : r.off+r.n]
	if t.metas != nil {
		metas = t.metas[r.off : r.off+r.n]
		metas = metas[:len(targets)]
	}
	if t.weights != nil {
		weights = t.weights[r.off : r.off+r.n]
		weights = weights[:len(targets)]
	}
	return targets, metas, weights
}

// connAt returns the meta, the arrival slot (for a spike sent in slot
// base of a ring of ring slots) and the weight of connection i of the
// columns columnsOf gave.
func (t *connTable) connAt(metas []uint32, weights []float64, i int, base, ring int64) (uint32, int64, float64) {
	meta, weight := t.meta, t.weight
	if metas != nil {
		meta = metas[i]
	}
	if weights != nil {
		weight = weights[i]
	}
	slot := base + metaDelay(meta)
	if slot >= ring {
		slot -= ring
	}
	return meta, slot, weight
}

// haveRow makes rows reach src.
func (t *connTable) haveRow(src int) {
	if src >= len(t.rows) {
		t.rows = append(t.rows, make([]connRow, src+1-len(t.rows))...)
	}
}

// filled returns a column as long as targets (with its capacity) whose
// elements are v: a per-connection column made when the first connection
// that differs arrives.
func filled[T any](m *columnMaps, targets []uint32, v T) []T {
	col := newColumn[T](m, len(targets), cap(targets))
	for i := range col {
		col[i] = v
	}
	return col
}

// moveRun copies the n elements of col at from to the n at to.
func moveRun[T any](col []T, from, to, n uint32) {
	copy(col[to:to+n], col[from:from+n])
}

// extendBy makes the columns longer by more elements (closing up their
// holes first if they would be most of them, see compactFor) and returns
// the offset of the first new one; moveRow then gives sources runs there.
// A large Connect extends each column once for all its sources, not once
// per source.
func (t *connTable) extendBy(more int) uint32 {
	if len(t.targets)+more > maxColumn {
		panic(fmt.Sprintf("connection table: %d connections of one synapse model on one thread exceed the %d the table can hold", len(t.targets)+more, maxColumn))
	}
	t.compactFor(more)
	off := uint32(len(t.targets))
	t.targets = growColumn(t.cols, t.targets, more)
	if t.metas != nil {
		t.metas = growColumn(t.cols, t.metas, more)
	}
	if t.weights != nil {
		t.weights = growColumn(t.cols, t.weights, more)
	}
	if t.aux != nil {
		t.aux = growColumn(t.cols, t.aux, more)
	}
	return off
}

// moveRow gives src the run of capacity c at offset to (new elements
// from extendBy), starting with the connections it had.
func (t *connTable) moveRow(src int, to uint32, c int) {
	r := &t.rows[src]
	moveRun(t.targets, r.off, to, r.n)
	if t.metas != nil {
		moveRun(t.metas, r.off, to, r.n)
	}
	if t.weights != nil {
		moveRun(t.weights, r.off, to, r.n)
	}
	if t.aux != nil {
		moveRun(t.aux, r.off, to, r.n)
	}
	t.room += c - int(r.cap)
	r.off, r.cap = to, uint32(c)
}

// compactSpare is the most elements of spare capacity compacted gives a
// column (256 KiB of uint32).
const compactSpare = 1 << 16

// compactFor closes up the holes of the columns before more elements are
// added, when the holes would be most of them: every run keeps its
// capacity and moves down, in source order. Each element is copied once
// per halving of the holes, so compaction costs O(1) per connection
// added.
func (t *connTable) compactFor(more int) {
	holes := len(t.targets) - t.room
	if holes < 1024 || holes < t.room+more {
		return
	}
	t.compact()
}

// compact lays the runs out one after the other in source order, each
// with its capacity, in new columns of exactly room elements.
func (t *connTable) compact() {
	t.targets = compacted(t.cols, t.targets, t.rows, t.room)
	if t.metas != nil {
		t.metas = compacted(t.cols, t.metas, t.rows, t.room)
	}
	if t.weights != nil {
		t.weights = compacted(t.cols, t.weights, t.rows, t.room)
	}
	if t.aux != nil {
		t.aux = compacted(t.cols, t.aux, t.rows, t.room)
	}
	off := uint32(0)
	for i := range t.rows {
		t.rows[i].off = off
		off += t.rows[i].cap
	}
}

// compacted returns col's runs (as rows locate them, room elements in
// all) one after the other in a new column, in source order; col is
// released. The new column has capacity to spare, half as much again up
// to compactSpare elements: runs outgrow their room again at once when a
// script connects source by source, and a column of exactly room
// elements would be copied whole at the next growth.
func compacted[T any](m *columnMaps, col []T, rows []connRow, room int) []T {
	out := newColumn[T](m, room, room+min(room/2, compactSpare))
	off := uint32(0)
	for _, r := range rows {
		copy(out[off:off+r.n], col[r.off:r.off+r.n])
		off += r.cap
	}
	dropColumn(m, col)
	return out
}

// reserve makes room for counts' connections (per source), so that a
// large Connect moves each source's run once instead of by repeated
// growth.
//
// When the runs that move would leave holes of more than a quarter of
// the columns (a second Connect from the same sources: every run moves),
// the columns are laid out anew instead, with the grown capacities: one
// copy of the connections into columns of exactly the room they need,
// as many as a move would make, and no holes left.
func (t *connTable) reserve(counts *sourceCounts) {
	total, moved, last := 0, 0, -1
	counts.each(func(src, n int) {
		last = src
		if r := t.row(src); int(r.cap-r.n) < n {
			total += grownCap(int(r.n), n)
			moved += int(r.cap)
		}
	})
	if total == 0 {
		return
	}
	t.haveRow(last)
	if holes, room := len(t.targets)-t.room+moved, t.room-moved+total; holes >= 1024 && 4*holes > room {
		if room > maxColumn {
			panic(fmt.Sprintf("connection table: %d connections of one synapse model on one thread exceed the %d the table can hold", room, maxColumn))
		}
		counts.each(func(src, n int) {
			if r := &t.rows[src]; int(r.cap-r.n) < n {
				r.cap = uint32(grownCap(int(r.n), n))
			}
		})
		t.room = room
		t.compact()
		return
	}
	off := t.extendBy(total)
	counts.each(func(src, n int) {
		if r := t.rows[src]; int(r.cap-r.n) < n {
			c := grownCap(int(r.n), n)
			t.moveRow(src, off, c)
			off += uint32(c)
		}
	})
}

// grownCap is the capacity reserve gives a source with length values
// that needs room for n more: exactly n for a source without any (the
// common case, one Connect per source); for a large addition to a source
// that has some (projections made population by population, as the
// cortical network of benchmarks/compare.py makes them) twice what it
// will hold, so that its run moves O(log) times, its connections copied
// about once in all instead of at every call; else half as many again as
// it holds, so that many small Connect calls from one source (a
// generator connected to neurons one by one) copy its connections O(log)
// times, not once per call, with less room to spare (spare room spreads
// the runs that delivery reads).
func grownCap(length, n int) int {
	switch {
	case length == 0:
		return n
	case n >= largeAddition:
		// no more than a table can hold, where the connections fit
		return min(2*(length+n), max(length+n, maxColumn))
	}
	return length + max(n, length/2)
}

// largeAddition is the number of connections from one source from which
// grownCap doubles.
const largeAddition = 64

// add appends connection c with weight to src's connections.
func (t *connTable) add(src int, c conn, weight float64) {
	if t.count == 0 {
		t.meta, t.weight = c.meta, weight
	}
	if t.metas == nil && c.meta != t.meta {
		t.metas = filled(t.cols, t.targets, t.meta)
	}
	if t.weights == nil && math.Float64bits(weight) != math.Float64bits(t.weight) {
		t.weights = filled(t.cols, t.targets, t.weight)
	}
	t.haveRow(src)
	if r := t.rows[src]; r.n == r.cap {
		c := grownCap(int(r.n), 1)
		t.moveRow(src, t.extendBy(c), c)
	}
	r := &t.rows[src]
	i := r.off + r.n
	r.n++
	t.targets[i] = c.target
	if t.metas != nil {
		t.metas[i] = c.meta
	}
	if t.weights != nil {
		t.weights[i] = weight
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

// makeDense turns c into the dense form over nodes node indices, with the
// counts it holds.
func (c *sourceCounts) makeDense(nodes int) {
	if c.dense != nil {
		return
	}
	dense := make([]int32, nodes)
	c.each(func(src, n int) { dense[src] = int32(n) })
	*c = sourceCounts{dense: dense}
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
		t.weights = filled(t.cols, t.targets, t.weight)
	}
	t.weights[int(t.rows[src].off)+i] = w
}

// setMeta changes the packed delay and receptor of connection i of src.
func (t *connTable) setMeta(src, i int, meta uint32) {
	if t.metas == nil {
		if meta == t.meta {
			return
		}
		t.metas = filled(t.cols, t.targets, t.meta)
	}
	t.metas[int(t.rows[src].off)+i] = meta
}
