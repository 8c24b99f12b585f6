package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/node"
)

// indegreeWalk is Connect's fast path for the commonest large call:
// fixed_indegree (multapses allowed) with one synapse specification that
// the uniform shortcut covers with a constant weight and delay (Brunel's
// and hpc_benchmark's populations). Both passes draw the sources from the
// rule's one stream in the rule's order, as the general walk does, so
// the network is the same connection for connection; what the fast path
// saves is the per-connection work of the general one.
//
// The targets are walked in the general way until the shortcut has seen
// a connection checked (pass 1) or stored (pass 2) in full; when every
// source and every remaining target then has the models of that pair,
// the rest is a tight loop: pass 1 counts sources per thread, pass 2
// writes the connections into the runs pass 1 reserved. With several
// threads pass 2 runs on all of them, each walking the whole stream (the
// draws are cheap) and storing the connections to its own targets only;
// no two threads write to one table or one target.
type indegreeWalk struct {
	f fixedIndegree
	p *connPlan
	u *uniformPlan
}

// parallelConnections is the number of connections from which pass 2 is
// shared among the threads.
const parallelConnections = 1 << 16

// newIndegreeWalk returns the fast path for a Connect call of rule rl
// with plans, or nil where it does not apply.
func newIndegreeWalk(rl rule, plans []*connPlan, uniform []*uniformPlan) *indegreeWalk {
	f, ok := rl.(fixedIndegree)
	if !ok || len(plans) != 1 || !f.multapses || len(f.pre) < 2 || len(f.post) < 2 || f.n == 0 {
		return nil
	}
	if u := uniform[0]; u.ok && u.konst {
		return &indegreeWalk{f: f, p: plans[0], u: u}
	}
	return nil
}

// fits reports whether every source and every target in post have the
// models of the pair the shortcut checked (uniformPlan.same for each
// connection the rule can make).
func (w *indegreeWalk) fits(k *Kernel, post []int) bool {
	u := w.u
	if !u.checked {
		return false
	}
	for _, s := range w.f.pre {
		if !(s >= u.srcLo && s < u.srcHi) && (k.replica[s-1] || k.modelOf[s-1] != u.src) {
			return false
		}
	}
	for _, t := range post {
		if !(t >= u.tgtLo && t < u.tgtHi) && (k.replica[t-1] || k.modelOf[t-1] != u.tgt) {
			return false
		}
	}
	return true
}

// skip advances rng past the draws of target t.
func (w *indegreeWalk) skip(rng *rand.Rand, t int) {
	np := len(w.f.pre)
	for drawn := 0; drawn < w.f.n; {
		if w.f.pre[rng.IntN(np)] == t && !w.f.autapses {
			continue
		}
		drawn++
	}
}

// count is pass 1: general walks the targets until the shortcut has
// checked a pair; the others are counted into counts (dense, by thread).
// It returns the number of connections it counted itself.
func (w *indegreeWalk) count(k *Kernel, counts []sourceCounts, general func(s, t int) error) (int, error) {
	src, post := w.f.pcg(), w.f.post
	for len(post) > 0 && !w.u.checked {
		if err := w.f.walk(src, post[:1], general); err != nil {
			return 0, err
		}
		post = post[1:]
	}
	dense := true
	for i := range counts {
		dense = dense && counts[i].dense != nil
	}
	if !dense || !w.fits(k, post) {
		return 0, w.f.walk(src, post, general)
	}
	rng := rand.New(src)
	pre, np := w.f.pre, len(w.f.pre)
	for _, t := range post {
		if w.f.stopped() {
			return 0, errConnectInterrupted
		}
		if !k.isLocal(t - 1) {
			w.skip(rng, t)
			continue
		}
		c := counts[k.threadIdx[t-1]].dense
		for drawn := 0; drawn < w.f.n; {
			s := pre[rng.IntN(np)]
			if s == t && !w.f.autapses {
				continue
			}
			c[s-1]++
			drawn++
		}
	}
	return w.f.n * len(post), nil
}

// store is pass 2: general stores connections until the shortcut has
// seen one stored, the rest are written by storeThread.
func (w *indegreeWalk) store(k *Kernel, general func(s, t int) error) error {
	src, post := w.f.pcg(), w.f.post
	for len(post) > 0 && !w.u.stored {
		if err := w.f.walk(src, post[:1], general); err != nil {
			return err
		}
		post = post[1:]
	}
	if !w.fits(k, post) {
		return w.f.walk(src, post, general)
	}
	if len(k.threads) == 1 || w.f.n*len(post) < parallelConnections {
		w.storeThread(k, -1, *src, post)
		return nil
	}
	pool := startPool(k.threads, true)
	defer pool.stop()
	pool.run(k.threads, func(th *thread) { w.storeThread(k, th.id, *src, post) })
	return nil
}

// storeThread stores the connections to the targets in post drawn from
// src on thread only (all threads if only is -1).
func (w *indegreeWalk) storeThread(k *Kernel, only int, src rand.PCG, post []int) {
	rng := rand.New(&src)
	u, p := w.u, w.p
	pre, np := w.f.pre, len(w.f.pre)
	plastic := p.defs.typ != nil
	history := plastic && p.defs.typ.NeedsHistory()
	delay := nestDelayMs(k.base, metaDelay(u.meta))
	// static tables that keep one meta and weight for all connections
	// and already hold this call's, or none: their runs get targets only
	added := make([]int, len(k.threads))
	plain := make([]bool, len(k.threads))
	for i, th := range k.threads {
		if !plastic && (only < 0 || i == only) {
			tab := &th.tables[p.synID]
			plain[i] = tab.metas == nil && tab.weights == nil && (tab.count == 0 ||
				tab.meta == u.meta && math.Float64bits(tab.weight) == math.Float64bits(u.weight))
		}
	}
	for _, t := range post {
		ti := int(k.threadIdx[t-1])
		if ti < 0 || (only >= 0 && ti != only) || !k.isLocal(t-1) {
			w.skip(rng, t)
			continue
		}
		th := k.threads[ti]
		target := uint32(t - 1)
		switch {
		case plastic:
			tab := th.plastic[p.synID]
			for drawn := 0; drawn < w.f.n; {
				s := pre[rng.IntN(np)]
				if s == t && !w.f.autapses {
					continue
				}
				tab.Add(s-1, target, u.meta, u.weight, p.template)
				drawn++
			}
			if history {
				a := k.nodes[t-1].(node.Archiving).Archive()
				for range w.f.n {
					a.RegisterConnection(0-delay, delay, k.base)
				}
			}
		case plain[ti]:
			tab := &th.tables[p.synID]
			rows, targets := tab.rows, tab.targets
			for drawn := 0; drawn < w.f.n; {
				s := pre[rng.IntN(np)]
				if s == t && !w.f.autapses {
					continue
				}
				r := &rows[s-1]
				targets[r.off+r.n] = target
				r.n++
				drawn++
			}
			added[ti] += w.f.n
		default:
			tab := &th.tables[p.synID]
			for drawn := 0; drawn < w.f.n; {
				s := pre[rng.IntN(np)]
				if s == t && !w.f.autapses {
					continue
				}
				tab.add(s-1, conn{target: target, meta: u.meta}, u.weight)
				drawn++
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
