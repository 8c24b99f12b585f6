package kernel

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Removing connections (NEST's Disconnect and SynapseCollection.disconnect).
//
// A connection is removed from its table at once: the columns of its
// source (targets, per-connection weights and delays, labels, the state of
// plastic synapses) close up behind it, so the remaining connections keep
// their order and delivery never meets a gap. NEST only disables the
// connection and compacts its tables before the next run; what scripts
// see (GetConnections, num_connections, the spikes delivered) is the same.
//
// As in NEST, only connections between neurons can be removed: those from
// or to devices (generators, recorders) are not found and the call fails
// with InexistentConnection. Unlike NEST, which removes the connections
// it finds before the missing one, a call that fails removes nothing.

// removal names the connections to remove from one source's list in one
// table: their positions, ascending and distinct.
type removal struct {
	thread, syn, src int
}

// Disconnect removes, for every (source, target) pair that the rule of
// connSpec (one_to_one or all_to_all) makes from pre and post, the first
// connection of that pair made with the synapse model of synSpec
// (static_synapse if none); a pair listed twice removes two. Other synapse
// parameters are accepted and ignored, as in NEST.
func (k *Kernel) Disconnect(pre, post []int, connSpec, synSpec dict.Dict) error {
	for _, ids := range [][]int{pre, post} {
		for _, id := range ids {
			if _, err := k.node(id); err != nil {
				return err
			}
		}
	}
	cr := dict.NewReader(connSpec)
	if !cr.Has("rule") {
		return nesterr.New(nesterr.ErrBadProperty, "Disconnection spec must contain disconnection rule.")
	}
	var name string
	if _, err := cr.String("rule", &name); err != nil {
		return err
	}
	switch name {
	case "one_to_one", "all_to_all":
	case "fixed_indegree", "fixed_outdegree", "fixed_total_number", "pairwise_bernoulli", "symmetric_pairwise_bernoulli",
		"pairwise_poisson", "tripartite_bernoulli_with_pool":
		return nesterr.New(nesterr.ErrNotImplemented, "This disconnection rule is not implemented (rule %s; use one_to_one or all_to_all).", name)
	default:
		return nesterr.New(nesterr.ErrBadProperty, "Unknown connectivity rule: %s", name)
	}
	rl, _, err := newRule(dict.NewReader(connSpec), pre, post, [2]uint64{})
	if err != nil {
		return err
	}
	model := "static_synapse"
	if _, err := dict.NewReader(synSpec).String("synapse_model", &model); err != nil {
		return err
	}
	_, elems, err := splitElementNames(connSpec, []dict.Dict{synSpec})
	if err != nil {
		return err
	}
	synID, ok := k.synIndex[model]
	if !ok {
		return nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse with name %s does not exist.", model)
	}

	// How many connections to remove per (source, target) pair of node
	// indices; pairs whose target another process keeps are not ours.
	type pair struct{ src, tgt int }
	want := map[pair]int{}
	// The sources of this process whose targets another process keeps:
	// their presynaptic elements are released here (NEST's
	// change_connected_synaptic_elements on the source's process).
	var remote []int
	err = rl.forEach(func(s, t int) error {
		if k.replica[s-1] || k.replica[t-1] {
			return inexistent(s, t, model)
		}
		if k.threadIdx[t-1] >= 0 {
			want[pair{s - 1, t - 1}]++
		} else if k.threadIdx[s-1] >= 0 {
			remote = append(remote, s-1)
		}
		return nil
	})
	if err != nil {
		return err
	}
	srcs := make([]int, 0, len(want))
	seen := map[int]bool{}
	for p := range want {
		if !seen[p.src] {
			seen[p.src] = true
			srcs = append(srcs, p.src)
		}
	}
	slices.Sort(srcs)
	// Walk each source's connections once per thread, taking the first
	// ones of every wanted pair.
	drops := map[removal][]int{}
	for _, src := range srcs {
		for _, th := range k.threads {
			n, targetAt := k.sourceList(th, synID, src)
			for pos := range n {
				tgt := int(targetAt(pos))
				p := pair{src, tgt}
				if want[p] > 0 && int(k.threadIdx[tgt]) == th.id {
					want[p]--
					key := removal{th.id, synID, src}
					drops[key] = append(drops[key], pos)
				}
			}
		}
	}
	for p, n := range want {
		if n > 0 {
			return inexistent(p.src+1, p.tgt+1, model)
		}
	}
	k.spReleaseDrops(drops, elems)
	k.spReleaseRemote(synID, remote, elems)
	k.removeConnections(drops)
	return nil
}

// DisconnectSelected removes the connections at positions of the selection
// that GetConnections(sources, targets, synapse) lists, as NEST's
// SynapseCollection.disconnect does. Every position is checked before any
// connection is removed. As in NEST 3.10, the synaptic elements the
// connections bound stay bound (only the rule-based Disconnect releases
// them).
func (k *Kernel) DisconnectSelected(sources, targets []int, synapse string, positions []int) error {
	var refs []connRef
	if err := k.selectConnections(sources, targets, synapse, Unlabelled, func(r *connRef) { refs = append(refs, *r) }); err != nil {
		return err
	}
	drops := map[removal][]int{}
	done := map[int]bool{}
	for _, p := range positions {
		if p < 0 || p >= len(refs) {
			return nesterr.New(nesterr.ErrKernelException, "Connection %d of the selection does not exist (it has %d).", p, len(refs))
		}
		if done[p] {
			continue
		}
		done[p] = true
		r := refs[p]
		if r.observer || k.replica[r.src] || k.replica[r.tgt-1] {
			return inexistent(r.src+1, r.tgt, k.synModels[r.syn].name)
		}
		key := removal{r.thread, r.syn, r.src}
		drops[key] = append(drops[key], r.pos)
	}
	k.removeConnections(drops)
	return nil
}

func inexistent(s, t int, model string) error {
	return nesterr.New(nesterr.ErrInexistentConnection,
		"Deletion of connection is not possible because it does not exist (no %s connection from node %d to node %d that can be removed).", model, s, t)
}

// sourceList returns the number of connections of src in model syn's
// table on thread th and a function giving their targets (node indices).
func (k *Kernel) sourceList(th *thread, syn, src int) (int, func(int) uint32) {
	if k.synModels[syn].typ != nil {
		if syn >= len(th.plastic) || th.plastic[syn] == nil {
			return 0, nil
		}
		tab := th.plastic[syn]
		return tab.Len(src), func(i int) uint32 { return tab.TargetAt(src, i) }
	}
	if syn >= len(th.tables) {
		return 0, nil
	}
	ts := th.tables[syn].targetsOf(src)
	return len(ts), func(i int) uint32 { return ts[i] }
}

// removeConnections deletes the connections drops names and closes up
// everything that numbers connections by position.
func (k *Kernel) removeConnections(drops map[removal][]int) {
	k.noteThreadLids()
	for key, pos := range drops {
		slices.Sort(pos)
		th := k.threads[key.thread]
		if k.synModels[key.syn].typ != nil {
			th.plastic[key.syn].Remove(key.src, pos)
		} else {
			th.tables[key.syn].remove(key.src, pos)
		}
		if col, ok := th.labels[key.syn]; ok && key.src < len(col) {
			col[key.src] = removeAt(col[key.src], pos)
		}
		// Connections to devices are never removed, but those after a
		// removed one move up.
		if dcs := th.devConns[int32(key.src)]; len(dcs) > 0 {
			for i := range dcs {
				if int(dcs[i].syn) == key.syn {
					before, _ := slices.BinarySearch(pos, int(dcs[i].pos))
					dcs[i].pos -= int32(before)
				}
			}
		}
		// The weight recorder's numbering of this model's connections.
		delete(th.ports, key.syn)
	}
}

// remove deletes the connections of src at positions drop (ascending).
// The run keeps its capacity.
func (t *connTable) remove(src int, drop []int) {
	r := &t.rows[src]
	lo, hi := r.off, r.off+r.n
	r.n = uint32(len(removeAt(t.targets[lo:hi], drop)))
	if t.metas != nil {
		removeAt(t.metas[lo:hi], drop)
	}
	if t.weights != nil {
		removeAt(t.weights[lo:hi], drop)
	}
	if t.aux != nil {
		removeAt(t.aux[lo:hi], drop)
	}
	t.count -= len(drop)
	if t.count == 0 {
		// Back to the shared weight and delay of an empty table.
		dropColumn(t.cols, t.metas)
		dropColumn(t.cols, t.weights)
		t.metas, t.weights = nil, nil
	}
}

// removeAt returns s without the elements at positions drop (ascending,
// distinct), in place.
func removeAt[T any](s []T, drop []int) []T {
	kept, next := s[:0], 0
	for i := range s {
		if next < len(drop) && drop[next] == i {
			next++
			continue
		}
		kept = append(kept, s[i])
	}
	return kept
}

// spReleaseRemote releases the presynaptic elements of the sources
// (node indices of this process) of connections that Disconnect removes
// on other processes: those of the structural synapse of model syn, else
// those the call names (elems).
func (k *Kernel) spReleaseRemote(syn int, sources []int, elems []elementNames) {
	names := elems
	for _, b := range k.sp.builders {
		if b.synID == syn {
			names = []elementNames{{b.pre, b.post}}
			break
		}
	}
	for _, src := range sources {
		for _, n := range names {
			if e := k.element(src, n.pre); e != nil {
				e.connect(-1)
			}
		}
	}
}

// spReleaseDrops releases the synaptic elements that the connections
// drops names bound: those of the structural synapse of their model, else
// those the Disconnect call names (elems), as NEST's Disconnect.
func (k *Kernel) spReleaseDrops(drops map[removal][]int, elems []elementNames) {
	if len(k.sp.builders) == 0 && len(elems) == 0 {
		return
	}
	for key, pos := range drops {
		_, targetAt := k.sourceList(k.threads[key.thread], key.syn, key.src)
		for _, p := range pos {
			if !k.spRelease(key.syn, key.src, int(targetAt(p))) {
				for _, names := range elems {
					k.releasePair(names, key.src, int(targetAt(p)))
				}
			}
		}
	}
}
