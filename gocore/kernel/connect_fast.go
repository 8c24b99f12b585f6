package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/node"
)

// fastWalk is Connect's fast path for the commonest large calls:
// fixed_indegree and fixed_total_number (multapses allowed) with one
// synapse specification that the uniform shortcut covers (Brunel's,
// hpc_benchmark's and the cortical microcircuit's projections). Both
// passes draw the connections from the rule's one stream in the rule's
// order, and weights and delays from the call's parameter stream in the
// connections' order, as the general walk does, so the network is the
// same connection for connection; what the fast path saves is the
// per-connection work of the general one.
//
// The connections are walked in the general way until the shortcut has
// seen one checked (pass 1) or stored (pass 2) in full; when every
// source and every target of the rule then has the models of that pair,
// the rest are tight loops over batches of connections: pass 1 checks
// the drawn weights and delays, keeps them (stage: 12 bytes per
// connection of the call, for the call only) and counts sources per
// thread; pass 2 writes the connections into the runs pass 1 reserved.
// With several threads pass 2 runs on all of them, each storing the
// connections to its own targets: fixed_indegree's threads draw the
// sources of their own targets only (from pass 1's marks), those of
// fixed_total_number walk the whole stream of pairs; no two threads
// write to one table or target.
type fastWalk struct {
	stream  pairStream
	stopped func() bool
	pre     []int
	post    []int
	total   int // connections the rule makes
	p       *connPlan
	u       *uniformPlan
	// with weights or delays drawn: pass 1's values of the connections
	// from number stageFrom on, and the extreme delays among them
	stageFrom        int
	weights          []float64
	steps            []uint32
	minStep, maxStep int64
}

const (
	// parallelConnections is the number of connections from which pass 2
	// is shared among the threads.
	parallelConnections = 1 << 16
	// fastBatch is the number of connections drawn at a time.
	fastBatch = 4096
	// maxStaged is the largest number of connections whose drawn values
	// the fast path keeps; a larger call takes the general walk.
	maxStaged = 1 << 27
)

// pair is a connection a rule makes: source and target ids and its
// number in the rule's order.
type pair struct{ s, t, n int }

// pairStream yields a rule's connections in the rule's order.
type pairStream interface {
	// fill puts the next connections into buf and returns their number
	// (0 when there are no more).
	fill(buf []pair) int
	// clone returns a stream at the same point that draws on its own.
	clone() pairStream
}

// indegreePairs is fixed_indegree's stream with multapses: for each
// target in turn, n sources drawn uniformly, the target itself skipped
// without autapses (drawFrom's draws).
//
// Pass 1 walks it recording the generator's state at the start of every
// target (marks); from those a walk of pass 2 can jump over the targets
// of other threads instead of drawing their sources.
type indegreePairs struct {
	pcg       rand.PCG
	rng       *rand.Rand // over pcg
	f         fixedIndegree
	ti, drawn int // the target and the sources drawn for it so far
	marks     []rand.PCG
	record    bool // fill marks (else read them)
	// threads, if not nil, is the kernel's threadIdx: the stream then
	// yields the connections to the targets on thread only (and those of
	// a target it was in the middle of)
	threads []int32
	only    int32
}

func (p *indegreePairs) clone() pairStream {
	c := &indegreePairs{pcg: p.pcg, f: p.f, ti: p.ti, drawn: p.drawn, marks: p.marks}
	c.rng = rand.New(&c.pcg)
	return c
}

// ownTargets returns a copy of the stream that yields the connections to
// the targets on thread only, jumping over the others by their marks, or
// nil without marks.
func (p *indegreePairs) ownTargets(threads []int32, only int) *indegreePairs {
	if len(p.marks) != len(p.f.post) {
		return nil
	}
	c := p.clone().(*indegreePairs)
	c.threads, c.only = threads, int32(only)
	return c
}

func (p *indegreePairs) fill(buf []pair) int {
	pre, np, post := p.f.pre, len(p.f.pre), p.f.post
	m := 0
	for m < len(buf) && p.ti < len(post) {
		t := post[p.ti]
		if p.drawn == 0 {
			if p.record {
				p.marks[p.ti] = p.pcg
			}
			if p.threads != nil && p.threads[t-1] != p.only {
				if p.ti++; p.ti < len(post) {
					p.pcg = p.marks[p.ti]
				}
				continue
			}
		}
		s := pre[p.rng.IntN(np)]
		if s == t && !p.f.autapses {
			continue
		}
		buf[m] = pair{s, t, p.ti*p.f.n + p.drawn}
		m++
		if p.drawn++; p.drawn == p.f.n {
			p.drawn, p.ti = 0, p.ti+1
		}
	}
	return m
}

// totalPairs is fixed_total_number's stream with multapses: n pairs of
// a source and a target drawn uniformly, self pairs drawn again without
// autapses (fixedTotal's draws).
type totalPairs struct {
	pcg  rand.PCG
	rng  *rand.Rand // over pcg
	f    fixedTotal
	made int
}

func (p *totalPairs) clone() pairStream {
	c := &totalPairs{pcg: p.pcg, f: p.f, made: p.made}
	c.rng = rand.New(&c.pcg)
	return c
}

func (p *totalPairs) fill(buf []pair) int {
	pre, post := p.f.pre, p.f.post
	m := 0
	for m < len(buf) && p.made < p.f.n {
		s := pre[p.rng.IntN(len(pre))]
		t := post[p.rng.IntN(len(post))]
		if s == t && !p.f.autapses {
			continue
		}
		buf[m] = pair{s, t, p.made}
		m++
		p.made++
	}
	return m
}

// newFastWalk returns the fast path for a Connect call of rule rl with
// plans, or nil where it does not apply.
func newFastWalk(rl rule, plans []*connPlan, uniform []*uniformPlan) *fastWalk {
	if len(plans) != 1 || !uniform[0].ok {
		return nil
	}
	switch rl.(type) {
	case fixedIndegree, fixedTotal:
	default:
		return nil // without allocating: small Connect calls come here too
	}
	w := &fastWalk{p: plans[0], u: uniform[0]}
	switch f := rl.(type) {
	case fixedIndegree:
		if !f.multapses || f.n == 0 {
			return nil
		}
		s := &indegreePairs{pcg: *f.pcg(), f: f}
		s.rng = rand.New(&s.pcg)
		w.stream, w.stopped, w.pre, w.post, w.total = s, f.stopped, f.pre, f.post, f.n*len(f.post)
	case fixedTotal:
		if !f.multapses || f.n == 0 {
			return nil
		}
		s := &totalPairs{pcg: *f.pcg(), f: f}
		s.rng = rand.New(&s.pcg)
		w.stream, w.stopped, w.pre, w.post, w.total = s, f.stopped, f.pre, f.post, f.n
	default:
		return nil
	}
	// Fewer than two sources could leave a target none to draw (the
	// general walk reports that); lists of values are indexed by it.
	if len(w.pre) < 2 || len(w.post) == 0 || w.p.weights.list != nil || w.p.delays.list != nil ||
		(!w.u.konst && w.total > maxStaged) {
		return nil
	}
	return w
}

// fits reports whether every source and every target have the models of
// the pair the shortcut checked (uniformPlan.same for each connection the
// rule can make).
func (w *fastWalk) fits(k *Kernel) bool {
	u := w.u
	if !u.checked {
		return false
	}
	for _, s := range w.pre {
		if !(s >= u.srcLo && s < u.srcHi) && (k.replica[s-1] || k.modelOf[s-1] != u.src) {
			return false
		}
	}
	for _, t := range w.post {
		if !(t >= u.tgtLo && t < u.tgtHi) && (k.replica[t-1] || k.modelOf[t-1] != u.tgt) {
			return false
		}
	}
	return true
}

// general walks the connections left with fn, until done says stop
// (after a connection) or the stream ends; it returns their number.
func (w *fastWalk) general(fn func(s, t int) error, done func() bool) (int, error) {
	var one [1]pair
	n := 0
	for !done() {
		if w.stopped() {
			return n, errConnectInterrupted
		}
		if w.stream.fill(one[:]) == 0 {
			break
		}
		if err := fn(one[0].s, one[0].t); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// count is pass 1: general (the general walk's check of one connection)
// until the shortcut has checked a pair, then the fast loop, which draws
// the parameters of connection n from prng as checkPlanned does. It
// returns the number of connections it checked itself.
func (w *fastWalk) count(k *Kernel, counts []sourceCounts, prng *rand.Rand, general func(s, t int) error) (int, error) {
	if s, ok := w.stream.(*indegreePairs); ok && len(k.threads) > 1 {
		s.marks, s.record = make([]rand.PCG, len(s.f.post)), true
	}
	g, err := w.general(general, func() bool { return w.u.checked })
	if err != nil {
		return 0, err
	}
	// Counting densely costs a counter per node and thread: worth it for
	// a call with many connections per node (sourceCounts chose by the
	// number of sources).
	dense := true
	for i := range counts {
		if counts[i].dense == nil && 8*w.total >= len(k.nodes) {
			counts[i].makeDense(len(k.nodes))
		}
		dense = dense && counts[i].dense != nil
	}
	if !dense || !w.fits(k) {
		_, err := w.general(general, func() bool { return false })
		return 0, err
	}
	p, u := w.p, w.u
	if !u.konst {
		w.stageFrom = g
		w.weights, w.steps = make([]float64, w.total-g), make([]uint32, w.total-g)
		w.minStep, w.maxStep = math.MaxInt64, 0
	}
	rport := metaRport(u.meta)
	buf := make([]pair, fastBatch)
	n := 0
	for {
		if w.stopped() {
			return 0, errConnectInterrupted
		}
		m := w.stream.fill(buf)
		if m == 0 {
			break
		}
		for _, c := range buf[:m] {
			if !u.konst {
				wt := p.weights.value(g+n, prng)
				d := p.delays.value(g+n, prng)
				if p.constDelay < 0 {
					if err := k.checkDelay(d); err != nil {
						return 0, err
					}
				}
				steps := k.base.DelayToSteps(d)
				if err := checkPackable(steps, d, rport); err != nil {
					return 0, err
				}
				w.weights[n], w.steps[n] = wt, uint32(steps)
				w.minStep, w.maxStep = min(w.minStep, steps), max(w.maxStep, steps)
			}
			n++
			if k.isLocal(c.t - 1) {
				counts[k.threadIdx[c.t-1]].dense[c.s-1]++
			}
		}
	}
	return n, nil
}

// store is pass 2: general (the general walk's store of one connection)
// until the shortcut has seen one stored, then storeThread.
func (w *fastWalk) store(k *Kernel, general func(s, t int) error) error {
	g, err := w.general(general, func() bool { return w.u.stored })
	if err != nil {
		return err
	}
	if !w.fits(k) || (!w.u.konst && (w.steps == nil || g < w.stageFrom)) {
		_, err := w.general(general, func() bool { return false })
		return err
	}
	if !w.u.konst {
		k.minDelayConn, k.maxDelayConn = min(k.minDelayConn, w.minStep), max(k.maxDelayConn, w.maxStep)
	}
	if len(k.threads) == 1 || w.total-g < parallelConnections {
		w.storeThread(k, -1, w.stream)
		return nil
	}
	pool := startPool(k.threads, true)
	defer pool.stop()
	pool.run(k.threads, func(th *thread) {
		var own pairStream = w.stream.clone()
		if s, ok := w.stream.(*indegreePairs); ok {
			if o := s.ownTargets(k.threadIdx, th.id); o != nil {
				own = o
			}
		}
		w.storeThread(k, th.id, own)
	})
	return nil
}

// storeThread stores the connections of stream on thread only (all
// threads if only is -1).
func (w *fastWalk) storeThread(k *Kernel, only int, stream pairStream) {
	u, p := w.u, w.p
	plastic := p.defs.typ != nil
	history := plastic && p.defs.typ.NeedsHistory()
	delay := nestDelayMs(k.base, metaDelay(u.meta))
	rport := metaRport(u.meta)
	// static tables that keep one meta and weight for all connections
	// and would keep this call's: their runs get targets only
	added := make([]int, len(k.threads))
	plain := make([]bool, len(k.threads))
	for i, th := range k.threads {
		if !plastic && u.konst && (only < 0 || i == only) {
			tab := &th.tables[p.synID]
			plain[i] = tab.metas == nil && tab.weights == nil && (tab.count == 0 ||
				tab.meta == u.meta && math.Float64bits(tab.weight) == math.Float64bits(u.weight))
		}
	}
	var last *node.Archive
	lastTarget := -1
	// one thread's plastic connections, and its static ones of one meta
	// and weight that its table keeps per connection, go to the table
	// source by source (bySource), when this call stores many for one
	// thread
	var sorted *bySource
	if (plastic || u.konst) && (only >= 0 || len(k.threads) == 1) && w.total >= bySourceMin {
		th := k.threads[max(only, 0)]
		add := func(src int, target uint32) {
			th.tables[p.synID].add(src, conn{target: target, meta: u.meta}, u.weight)
		}
		if plastic {
			tab := th.plastic[p.synID]
			add = func(src int, target uint32) { tab.Add(src, target, u.meta, u.weight, p.template) }
		}
		sorted = newBySource(len(k.nodes), min(w.total, bySourceBatch), add)
		defer sorted.flush()
	}
	buf := make([]pair, fastBatch)
	for {
		m := stream.fill(buf)
		if m == 0 {
			break
		}
		for _, c := range buf[:m] {
			ti := int(k.threadIdx[c.t-1])
			if ti < 0 || (only >= 0 && ti != only) {
				continue
			}
			th := k.threads[ti]
			target := uint32(c.t - 1)
			switch {
			case plastic:
				if sorted != nil {
					sorted.put(c.s-1, target)
				} else {
					th.plastic[p.synID].Add(c.s-1, target, u.meta, u.weight, p.template)
				}
				if history {
					if c.t != lastTarget {
						last, lastTarget = k.nodes[c.t-1].(node.Archiving).Archive(), c.t
					}
					last.RegisterConnection(0-delay, delay, k.base)
				}
			case plain[ti]:
				tab := &th.tables[p.synID]
				r := &tab.rows[c.s-1]
				tab.targets[r.off+r.n] = target
				r.n++
				added[ti]++
			case u.konst && sorted != nil:
				sorted.put(c.s-1, target)
			case u.konst:
				th.tables[p.synID].add(c.s-1, conn{target: target, meta: u.meta}, u.weight)
			default:
				i := c.n - w.stageFrom
				th.tables[p.synID].add(c.s-1, conn{target: target, meta: packMeta(int64(w.steps[i]), rport)}, w.weights[i])
			}
		}
	}
	for i, n := range added {
		if n > 0 {
			tab := &k.threads[i].tables[p.synID]
			if tab.count == 0 {
				tab.meta, tab.weight = u.meta, u.weight
			}
			tab.count += n
		}
	}
}

// bySource gathers the connections a Connect stores on one thread
// (plastic ones, or static ones of the call's meta and weight) and adds
// them to the table in batches, each batch in source order (stably: a
// source's connections keep the rule's order, so the table ends as it
// would). In the rule's order (fixed_indegree: target by target) nearly
// every connection goes to another source's run, each addition a miss of
// the caches and of the TLB; a batch adds runs of one source's.
type bySource struct {
	src, tgt, out []uint32
	first         []int32 // by source: the start of its connections in out
	add           func(src int, target uint32)
}

// bySourceBatch is the most connections bySource sorts at a time (12
// bytes each), bySourceMin the fewest a call must store for the sorting
// to be worth its buffers (variables for TestFastWalkIsTheGeneralWalk,
// which lowers them to sort in many batches and small calls too).
var (
	bySourceBatch = 1 << 19
	bySourceMin   = 1 << 16
)

// newBySource returns a bySource for node indices below nodes that sorts
// batch connections at a time and adds through add.
func newBySource(nodes, batch int, add func(src int, target uint32)) *bySource {
	return &bySource{
		src: make([]uint32, 0, batch), tgt: make([]uint32, 0, batch),
		out: make([]uint32, batch), first: make([]int32, nodes+1), add: add,
	}
}

// put adds a connection of source index src to target to the batch,
// adding the batch when it is full.
func (b *bySource) put(src int, target uint32) {
	b.src, b.tgt = append(b.src, uint32(src)), append(b.tgt, target)
	if len(b.src) == cap(b.src) {
		b.flush()
	}
}

// flush adds the batch source by source and empties it.
func (b *bySource) flush() {
	if len(b.src) == 0 {
		return
	}
	first := b.first
	clear(first)
	for _, s := range b.src {
		first[s+1]++
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	// first[s] is where source s's connections go; it ends as the start
	// of those of s+1
	out := b.out[:len(b.src)]
	for i, s := range b.src {
		out[first[s]] = b.tgt[i]
		first[s]++
	}
	start := int32(0)
	for s := range len(first) - 1 {
		for _, t := range out[start:first[s]] {
			b.add(s, t)
		}
		start = first[s]
	}
	b.src, b.tgt = b.src[:0], b.tgt[:0]
}

// takePass1 gives w, pass 2's walk, what pass 1's walk kept: the drawn
// values and the marks of the targets.
func (w *fastWalk) takePass1(pass1 *fastWalk) {
	if pass1 == nil {
		return
	}
	w.stageFrom, w.weights, w.steps, w.minStep, w.maxStep = pass1.stageFrom, pass1.weights, pass1.steps, pass1.minStep, pass1.maxStep
	if s, ok := pass1.stream.(*indegreePairs); ok {
		w.stream.(*indegreePairs).marks = s.marks
	}
}
