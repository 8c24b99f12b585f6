package kernel

import (
	"math"
	"runtime/debug"
	"sync"

	"github.com/gonest/gonest/gocore/node"
)

// The bulk one_to_one path: a one_to_one Connect of neurons of one pair
// of models with one static synapse specification whose weights and
// delays are numbers or lists (issue #12: a million pairs with weight and
// delay arrays). Its check pass runs checkPlanned on the first pair
// only, which the rest share everything with but the delay (as for
// uniformPlan), and checks the delays by their extremes; its store pass
// reserves every column once, from the counts, and writes each
// connection into its place in a plain loop, with no closure, parameter
// source or per-connection table decision on the way. A call it does not
// cover, or one that fails a check, takes the general path, which finds
// the same connections and reports the same first error.

// bulkOneToOne is prepareConnect for a call the bulk path covers: handled
// is false when it does not cover the call (nothing is changed or
// counted then); else err is the check's error or store stores the
// connections.
func (k *Kernel) bulkOneToOne(rl rule, plans []*connPlan, uniform []*uniformPlan,
	kinds *kindCache) (store func() error, handled bool, err error) {
	o, ok := rl.(oneToOne)
	if !ok || len(plans) != 1 || len(o.pre) == 0 || k.NumProcesses() != 1 {
		return nil, false, nil
	}
	p, u := plans[0], uniform[0]
	// What the check learns about the pair of models is forgotten when
	// the general path takes over.
	saved := *u
	defer func() {
		if !handled {
			*u = saved
		}
	}()
	n := len(o.pre)
	wl, dl := p.weights.list, p.delays.list
	// static models only: plastic ones also pass uniformPlan (with
	// constant parameters) but are stored by their own tables
	if !u.ok || p.defs.typ != nil || p.weights.random() || p.delays.random() || wl != nil && len(wl) != n || dl != nil && len(dl) != n {
		return nil, false, nil
	}
	s0, t0 := o.pre[0], o.post[0]
	if _, single := k.nodes[s0-1].(node.SingleSynapseSender); single || !o.autapses && s0 == t0 {
		return nil, false, nil
	}
	counts := make([]sourceCounts, len(k.threads))
	for i := range counts {
		counts[i] = newSourceCounts(n, len(k.nodes))
	}
	// The first pair in full: it gives the answer for its two models, or
	// the error the general path would report first.
	if err := k.checkPlanned(p, s0, t0, 0, nil, kinds, counts); err != nil {
		return nil, true, err
	}
	u.noteChecked(k, s0, t0)
	if !u.checked {
		return nil, false, nil
	}
	// The others: same models, their delays' extremes and their count.
	lo, hi, finite := 0, 0, true
	for i := 1; i < n; i++ {
		s, t := o.pre[i], o.post[i]
		if !u.same(k, s, t) || !o.autapses && s == t {
			return nil, false, nil
		}
		if dl != nil {
			d := dl[i]
			finite = finite && !math.IsNaN(d) && !math.IsInf(d, 0)
			if d < dl[lo] {
				lo = i
			} else if d > dl[hi] {
				hi = i
			}
		}
		counts[k.threadIdx[t-1]].add(s - 1)
	}
	rport := int(p.rports.konst)
	steps := k.base.DelayToSteps(p.delays.konst)
	minSteps, maxSteps := steps, steps
	if dl != nil {
		// The checks of a delay hold for every delay between two that
		// pass them (DelayToSteps is monotonic); else the general path
		// finds the first delay that fails.
		for _, d := range []float64{dl[lo], dl[hi]} {
			if !finite || k.checkDelay(d) != nil || checkPackable(k.base.DelayToSteps(d), d, rport) != nil {
				return nil, false, nil
			}
		}
		minSteps, maxSteps = k.base.DelayToSteps(dl[lo]), k.base.DelayToSteps(dl[hi])
	}
	return func() error {
		if n >= bulkStoreMin {
			defer pauseGC()()
		}
		k.storeOneToOne(o, p, counts, rport, minSteps, maxSteps)
		return nil
	}, true, nil
}

// storeOneToOne is the store pass of bulkOneToOne: the connections of o
// with plan p, counted per thread in counts, their delays between
// minSteps and maxSteps.
func (k *Kernel) storeOneToOne(o oneToOne, p *connPlan, counts []sourceCounts, rport int, minSteps, maxSteps int64) {
	wl, dl := p.weights.list, p.delays.list
	meta := packMeta(minSteps, rport)
	if dl != nil {
		meta = packMeta(k.base.DelayToSteps(dl[0]), rport) // the first connection's, as connTable.add keeps it
	}
	weightsVary := false
	for _, w := range wl {
		if math.Float64bits(w) != math.Float64bits(wl[0]) {
			weightsVary = true
			break
		}
	}
	weight := p.weights.konst
	if wl != nil {
		weight = wl[0]
	}
	tabs := make([]*connTable, len(k.threads))
	for ti, th := range k.threads {
		tab := th.table(p.synID)
		tabs[ti] = tab
		// The table stays compact (one meta, one weight) as long as all
		// its connections agree, as connTable.add keeps it.
		if tab.count == 0 {
			tab.meta, tab.weight = meta, weight
		}
		if tab.metas == nil && (minSteps != maxSteps || tab.meta != meta) {
			tab.metas = filled(tab.cols, tab.targets, tab.meta)
		}
		if tab.weights == nil && (weightsVary || math.Float64bits(tab.weight) != math.Float64bits(weight)) {
			tab.weights = filled(tab.cols, tab.targets, tab.weight)
		}
		tab.reserve(&counts[ti])
	}
	for i, s := range o.pre {
		t := o.post[i]
		tab := tabs[k.threadIdx[t-1]]
		r := &tab.rows[s-1]
		j := r.off + r.n
		r.n++
		tab.targets[j] = uint32(t - 1)
		if tab.metas != nil {
			m := meta
			if dl != nil {
				m = packMeta(k.base.DelayToSteps(dl[i]), rport)
			}
			tab.metas[j] = m
		}
		if tab.weights != nil {
			w := weight
			if wl != nil {
				w = wl[i]
			}
			tab.weights[j] = w
		}
		tab.count++
	}
	if k.minDelayConn == 0 || minSteps < k.minDelayConn {
		k.minDelayConn = minSteps
	}
	k.maxDelayConn = max(k.maxDelayConn, maxSteps)
}

// bulkStoreMin is the number of connections from which a store pass runs
// with the garbage collector paused (see pauseGC).
const bulkStoreMin = 1 << 16

// gcPause counts the store passes that run with the collector paused, in
// all kernels of the process: the collector's setting is the process's,
// so the first pass to start pauses it and the last to end restores it.
var gcPause struct {
	sync.Mutex
	active  int
	percent int
}

// pauseGC stops the garbage collector's pacing until the returned
// function is called. A store pass allocates almost nothing but the
// columns it fills, which stay alive: a collection during it would mark
// the whole heap (the nodes, the tables) to free next to nothing, and
// with a large network one would start every few hundred megabytes. The
// memory limit (runtime/debug.SetMemoryLimit, which checkMemory keeps
// below what the process may use) still starts a collection when the
// heap nears it; the store's size was checked against that budget
// before.
func pauseGC() (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.active == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.active++
	return func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		gcPause.active--
		if gcPause.active == 0 {
			debug.SetGCPercent(gcPause.percent)
		}
	}
}
