package kernel

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonest/gonest/gocore/comm"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Structural plasticity, as NEST 3.10's SPManager does it.
//
// The kernel property structural_plasticity_synapses names, for each
// structural synapse, a synapse model and the pre- and postsynaptic
// synaptic elements it binds (synaptic_element.go). While structural
// plasticity is enabled, at every slice that starts on a multiple of
// structural_plasticity_update_interval (also at time 0), before the nodes
// are updated, every neuron's elements are brought up to date, and then,
// synapse by synapse:
//
//  1. each neuron with fewer presynaptic elements than synapses loses
//     that many of its synapses, drawn at random among those whose target
//     has the postsynaptic element;
//  2. likewise for the postsynaptic elements, among all sources;
//  3. the vacant elements are listed one entry per element, by node id;
//     the longer list is cut to the length of the shorter by drawing
//     without replacement, and entry i of one list connects to entry i of
//     the other (autapses are skipped unless allowed).
//
// Finally every element loses tau_vacant of its vacant part. The random
// draws come from one stream of the kernel, derived from rng_seed, that
// all processes share (NEST's rank-synchronised generator), so a seed
// gives the same network every time. The connections are those of the
// synapse model (its defaults, or the weight and delay of the entry),
// stored like any other.
//
// Distributed over several processes, each process counts the elements
// of its own neurons, and the lists of steps 1 to 3 (the nodes with too
// many or vacant elements, the candidates for deletion of each of them)
// are gathered from all processes and concatenated in rank order, as
// NEST's communicate does. Every process thus sees the same lists and
// makes the same draws from the shared stream; each then changes only
// what it owns: the elements of its neurons and the connections to them.
// As in NEST, the lists (and so the network that grows) depend on the
// number of processes, since each process lists its neurons in node
// order after those of the processes before it; the numbers of elements
// and of synapses created do not.

// spBuilder is one entry of structural_plasticity_synapses.
type spBuilder struct {
	name                string
	synID               int
	pre, post           string // synaptic element names
	autapses, multapses bool
	weight, delay       float64
	hasWeight, hasDelay bool
}

// spState is the kernel's structural plasticity state.
type spState struct {
	enabled  bool
	builders []spBuilder // in name order
	rng      *rand.Rand  // the shared stream; nil until first used
	// asRanks > 1 makes a single process order its lists as a run over
	// asRanks processes gathers them (node n's entries with those of
	// process n % asRanks, processes in rank order): the tests compare
	// such a run with a distributed one, which must be the same.
	asRanks int
}

// spInRankOrder orders v, whose entries belong to the nodes idx(i), as
// the lists gathered from sp.asRanks processes are (see spState).
func spInRankOrder[T any](k *Kernel, v []T, idx func(T) int) {
	if p := k.sp.asRanks; p > 1 && k.NumProcesses() == 1 {
		slices.SortStableFunc(v, func(a, b T) int { return (idx(a)+1)%p - (idx(b)+1)%p })
	}
}

// EnableStructuralPlasticity turns the structural updates on, as NEST's
// EnableStructuralPlasticity.
func (k *Kernel) EnableStructuralPlasticity() error {
	switch {
	case k.numThreads > 1:
		return nesterr.New(nesterr.ErrKernelException, "Structural plasticity can not be used with multiple threads (local_num_threads is %d).", k.numThreads)
	case !k.keepSourceTable:
		return nesterr.New(nesterr.ErrKernelException, "Structural plasticity can not be enabled if keep_source_table has been set to false.")
	case k.compat["use_compressed_spikes"] == false:
		return nesterr.New(nesterr.ErrKernelException, "Structural plasticity can not be enabled if use_compressed_spikes has been set to false.")
	}
	k.sp.enabled = true
	return nil
}

// DisableStructuralPlasticity turns the structural updates off.
func (k *Kernel) DisableStructuralPlasticity() { k.sp.enabled = false }

// spInterval is structural_plasticity_update_interval (ms).
func (k *Kernel) spInterval() float64 {
	v, _ := k.compat["structural_plasticity_update_interval"].(float64)
	return v
}

// readSPSynapses reads a structural_plasticity_synapses dictionary.
func (k *Kernel) readSPSynapses(v any, userDelays bool) ([]spBuilder, error) {
	m, ok := asDict(v)
	if !ok {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "structural_plasticity_synapses must be a dictionary, got %s.", dict.Describe(v))
	}
	var out []spBuilder
	for _, name := range m.Keys() {
		spec, ok := asDict(m[name])
		if !ok {
			return nil, nesterr.New(nesterr.ErrTypeMismatch, "structural_plasticity_synapses %s must be a dictionary, got %s.", name, dict.Describe(m[name]))
		}
		r := dict.NewReader(spec)
		b := spBuilder{name: name, autapses: true, multapses: true}
		model := "static_synapse"
		if _, err := r.String("synapse_model", &model); err != nil {
			return nil, err
		}
		id, ok := k.synIndex[model]
		if !ok {
			return nil, nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse with name %s does not exist.", model)
		}
		b.synID = id
		if _, err := r.String("pre_synaptic_element", &b.pre); err != nil {
			return nil, err
		}
		if _, err := r.String("post_synaptic_element", &b.post); err != nil {
			return nil, err
		}
		if b.pre == "" || b.post == "" {
			return nil, nesterr.New(nesterr.ErrBadProperty, "pre_synaptic_element and/or post_synaptic_elements is missing (structural synapse %s).", name)
		}
		if _, err := r.Bool("allow_autapses", &b.autapses); err != nil {
			return nil, err
		}
		if _, err := r.Bool("allow_multapses", &b.multapses); err != nil {
			return nil, err
		}
		var err error
		if b.hasWeight, err = r.Float("weight", &b.weight); err != nil {
			return nil, err
		}
		if b.hasDelay, err = r.Float("delay", &b.delay); err != nil {
			return nil, err
		}
		if b.hasDelay {
			if !userDelays {
				return nil, nesterr.New(nesterr.ErrBadProperty,
					"Structural Plasticity: to use different delays for synapses you must specify the min and max delay in the kernel parameters.")
			}
			if err := k.checkDelay(b.delay); err != nil {
				return nil, err
			}
		}
		if err := r.CheckAllUsed("structural_plasticity_synapses " + name); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// spStatus is structural_plasticity_synapses as GetKernelStatus shows it.
func (k *Kernel) spStatus() dict.Dict {
	d := dict.Dict{}
	for _, b := range k.sp.builders {
		d[b.name] = dict.Dict{
			"synapse_model":         k.synModels[b.synID].name,
			"pre_synaptic_element":  b.pre,
			"post_synaptic_element": b.post,
			"allow_autapses":        b.autapses,
			"allow_multapses":       b.multapses,
		}
	}
	return d
}

// spDelayExtrema widens min and max (steps; 0: no connections yet) by
// the default delays of the structural synapses' models, as NEST
// respects them unless the user set the extrema.
func (k *Kernel) spDelayExtrema(minD, maxD int64) (int64, int64) {
	for _, b := range k.sp.builders {
		if b.hasDelay {
			continue
		}
		d := k.base.MsToSteps(k.synModels[b.synID].delay)
		if minD == 0 || d < minD {
			minD = d
		}
		maxD = max(maxD, d)
	}
	return minD, maxD
}

// spDue reports whether a structural update is due at the start of the
// slice beginning at step (NEST tests the time in ms modulo the interval).
func (k *Kernel) spDue(step int64) bool {
	return k.sp.enabled && math.Mod(k.base.StepsToMs(step), k.spInterval()) == 0
}

// spUpdate is the structural plasticity update at time now (ms).
func (k *Kernel) spUpdate(now float64) error {
	// Every neuron's trace, with elements or not, is brought up to date
	// (NEST's update_synaptic_elements), so Ca decays in the same steps.
	h := k.base.Resolution
	isNeuron, _ := k.neuronMask()
	for i := range k.ca {
		if isNeuron[i] && k.isLocal(i) {
			k.ca[i].advance(now, h)
		}
	}
	if k.sp.rng == nil {
		k.sp.rng = rand.New(rand.NewPCG(k.rngSeed, 1<<42))
	}
	for i := range k.sp.builders {
		if err := k.spUpdateSynapse(&k.sp.builders[i]); err != nil {
			return err
		}
	}
	for i := range k.ca {
		if !k.isLocal(i) {
			continue
		}
		for j := range k.ca[i].elems {
			k.ca[i].elems[j].decayVacant()
		}
	}
	return nil
}

// element returns element name of node index i, or nil.
func (k *Kernel) element(i int, name string) *synElement {
	if i >= len(k.ca) {
		return nil
	}
	return k.ca[i].elems.find(name)
}

// spCounts lists, by node index, this process's nodes with vacant
// elements of name and how many, and those with more bound elements than
// they have (NEST's get_synaptic_elements).
func (k *Kernel) spCounts(name string) (vacant, deficit []idCount) {
	for i := range k.ca {
		e := k.ca[i].elems.find(name)
		if e == nil || !k.isLocal(i) {
			continue
		}
		switch n := e.vacant(); {
		case n > 0:
			vacant = append(vacant, idCount{i, n})
		case n < 0:
			deficit = append(deficit, idCount{i, -n})
		}
	}
	return vacant, deficit
}

type idCount struct{ idx, n int }

// spGlobalCounts is spCounts over all processes, in rank order.
func (k *Kernel) spGlobalCounts(name string) (vacant, deficit []idCount, err error) {
	vacant, deficit = k.spCounts(name)
	if k.NumProcesses() == 1 {
		byNode := func(c idCount) int { return c.idx }
		spInRankOrder(k, vacant, byNode)
		spInRankOrder(k, deficit, byNode)
		return vacant, deficit, nil
	}
	lists := [][]int{nil, nil}
	for j, v := range [][]idCount{vacant, deficit} {
		for _, c := range v {
			lists[j] = append(lists[j], c.idx, c.n)
		}
	}
	if lists, err = k.spGatherLists(lists); err != nil {
		return nil, nil, err
	}
	out := [2][]idCount{}
	for j, l := range lists {
		for i := 0; i+1 < len(l); i += 2 {
			out[j] = append(out[j], idCount{l[i], l[i+1]})
		}
	}
	return out[0], out[1], nil
}

// spGatherLists gathers lists from all processes, which all give the
// same number of lists: list j of the result is the concatenation, in
// rank order, of every process's list j (NEST's communicate, one per
// list, done here in one exchange). In a single process it returns lists.
func (k *Kernel) spGatherLists(lists [][]int) ([][]int, error) {
	if k.NumProcesses() == 1 {
		return lists, nil
	}
	var send []int64
	for _, l := range lists {
		send = append(send, int64(len(l)))
		for _, v := range l {
			send = append(send, int64(v))
		}
	}
	parts, err := comm.AllgatherInt64s(k.comm, send)
	if err != nil {
		return nil, nesterr.New(nesterr.ErrKernelException, "Structural plasticity: gathering the synaptic elements of all processes failed: %v", nesterr.Message(err))
	}
	out := make([][]int, len(lists))
	for r, part := range parts {
		for j := range out {
			if len(part) == 0 {
				return nil, nesterr.New(nesterr.ErrKernelException,
					"Structural plasticity: process %d sent %d of %d lists; every process must run the same script.", r, j, len(lists))
			}
			n := int(part[0])
			for _, v := range part[1 : 1+n] {
				out[j] = append(out[j], int(v))
			}
			part = part[1+n:]
		}
	}
	return out, nil
}

func (k *Kernel) spUpdateSynapse(b *spBuilder) error {
	_, preDeficit, err := k.spGlobalCounts(b.pre)
	if err != nil {
		return err
	}
	if len(preDeficit) > 0 {
		if err := k.spDeleteFromPre(preDeficit, b); err != nil {
			return err
		}
	}
	_, postDeficit, err := k.spGlobalCounts(b.post)
	if err != nil {
		return err
	}
	if len(postDeficit) > 0 {
		if err := k.spDeleteFromPost(postDeficit, b); err != nil {
			return err
		}
	}
	preVacant, _, err := k.spGlobalCounts(b.pre)
	if err != nil {
		return err
	}
	postVacant, _, err := k.spGlobalCounts(b.post)
	if err != nil {
		return err
	}
	if len(preVacant) == 0 || len(postVacant) == 0 {
		return nil
	}
	return k.spCreate(preVacant, postVacant, b)
}

// spDraw draws n of v without replacement, in the order drawn: each draw
// takes the r-th of the entries still in v (in their order), r uniform,
// as NEST's global_shuffle does by erasing drawn entries. Long lists find
// the r-th remaining entry in a Fenwick tree instead of closing the gap,
// which gives the same draws in O(n log len(v)).
func (k *Kernel) spDraw(v []int, n int) []int {
	out := make([]int, 0, n)
	if n*len(v) <= 1<<16 {
		for range n {
			r := k.sp.rng.IntN(len(v))
			out = append(out, v[r])
			v = slices.Delete(v, r, r+1)
		}
		return out
	}
	// tree[i] (1-based) counts the remaining entries in (i - lowbit(i), i].
	size := len(v)
	tree := make([]int32, size+1)
	for i := 1; i <= size; i++ {
		tree[i]++
		if j := i + i&-i; j <= size {
			tree[j] += tree[i]
		}
	}
	top := 1
	for top*2 <= size {
		top *= 2
	}
	for left := size; len(out) < n; left-- {
		r := int32(k.sp.rng.IntN(left)) // 0-based rank among the remaining
		pos := 0
		for step := top; step > 0; step /= 2 {
			if next := pos + step; next <= size && tree[next] <= r {
				pos = next
				r -= tree[next]
			}
		}
		// entry pos (0-based) is the r-th remaining one
		out = append(out, v[pos])
		for i := pos + 1; i <= size; i += i & -i {
			tree[i]--
		}
	}
	return out
}

// spTargets returns the targets (node indices) of src's connections of
// model syn, in their order.
func (k *Kernel) spTargets(src, syn int) []int {
	var out []int
	for _, th := range k.threads {
		n, targetAt := k.sourceList(th, syn, src)
		for pos := range n {
			out = append(out, int(targetAt(pos)))
		}
	}
	return out
}

// spDeleteFromPre deletes synapses of the sources that lost presynaptic
// elements. Every source's candidates (on all processes) are listed
// before any synapse goes.
func (k *Kernel) spDeleteFromPre(deficit []idCount, b *spBuilder) error {
	lists := make([][]int, len(deficit))
	for j, d := range deficit {
		for _, t := range k.spTargets(d.idx, b.synID) {
			if e := k.element(t, b.post); e != nil && e.count() != 0 {
				lists[j] = append(lists[j], t)
			}
		}
		spInRankOrder(k, lists[j], func(t int) int { return t }) // kept by the targets' processes
	}
	lists, err := k.spGatherLists(lists)
	if err != nil {
		return err
	}
	for j, d := range deficit {
		for _, t := range k.spDraw(lists[j], min(d.n, len(lists[j]))) {
			k.spDeleteSynapse(d.idx, t, b)
		}
	}
	return nil
}

// spDeleteFromPost deletes synapses of the targets that lost postsynaptic
// elements; only the process of a target has its sources, but all draw.
func (k *Kernel) spDeleteFromPost(deficit []idCount, b *spBuilder) error {
	row := make(map[int]int, len(deficit))
	for j, d := range deficit {
		row[d.idx] = j
	}
	lists := make([][]int, len(deficit))
	for src := range k.nodes {
		for _, t := range k.spTargets(src, b.synID) {
			if j, ok := row[t]; ok {
				lists[j] = append(lists[j], src)
			}
		}
	}
	lists, err := k.spGatherLists(lists)
	if err != nil {
		return err
	}
	for j, d := range deficit {
		for _, s := range k.spDraw(lists[j], min(d.n, len(lists[j]))) {
			k.spDeleteSynapse(s, d.idx, b)
		}
	}
	return nil
}

// spDeleteSynapse removes the first synapse of model b from src to tgt
// (node indices) and releases the elements it bound: the process of src
// its presynaptic element, that of tgt (which keeps the synapse) the
// synapse and its postsynaptic element.
func (k *Kernel) spDeleteSynapse(src, tgt int, b *spBuilder) {
	if e := k.element(src, b.pre); e != nil && k.isLocal(src) {
		e.connect(-1)
	}
	for _, th := range k.threads {
		n, targetAt := k.sourceList(th, b.synID, src)
		for pos := range n {
			if int(targetAt(pos)) == tgt {
				k.removeConnections(map[removal][]int{{th.id, b.synID, src}: {pos}})
				if e := k.element(tgt, b.post); e != nil {
					e.connect(-1)
				}
				return
			}
		}
	}
}

func (k *Kernel) spCreate(preVacant, postVacant []idCount, b *spBuilder) error {
	serial := func(v []idCount) []int {
		var out []int
		for _, c := range v {
			for range c.n {
				out = append(out, c.idx)
			}
		}
		return out
	}
	pre, post := serial(preVacant), serial(postVacant)
	if len(pre) > len(post) {
		pre = k.spDraw(pre, len(post))
	} else {
		post = k.spDraw(post, len(pre))
	}
	var srcIDs, tgtIDs []int
	for i := range pre {
		if pre[i] == post[i] && !b.autapses {
			continue
		}
		// Each process binds the elements of its own neurons; the
		// connection is kept by the process of the target.
		if e := k.element(pre[i], b.pre); e != nil && k.isLocal(pre[i]) {
			e.connect(1)
		}
		if e := k.element(post[i], b.post); e != nil && k.isLocal(post[i]) {
			e.connect(1)
		}
		srcIDs, tgtIDs = append(srcIDs, pre[i]+1), append(tgtIDs, post[i]+1)
	}
	if len(srcIDs) == 0 {
		return nil
	}
	spec := dict.Dict{"synapse_model": k.synModels[b.synID].name}
	if b.hasWeight {
		spec["weight"] = b.weight
	}
	if b.hasDelay {
		spec["delay"] = b.delay
	}
	// The structural synapses are not a Connect call of the script: they
	// leave the numbering of the random streams of later calls alone.
	calls := k.connectCalls
	err := k.connectCollocated(srcIDs, tgtIDs, dict.Dict{"rule": "one_to_one"}, []dict.Dict{spec}, false)
	k.connectCalls = calls
	return err
}

// spRelease lets the synaptic elements of the structural synapse of model
// syn (if there is one) go with a connection from src to tgt (node
// indices) that Disconnect removes, as NEST's Disconnect does. It reports
// whether syn is a structural synapse's model.
func (k *Kernel) spRelease(syn, src, tgt int) bool {
	for i := range k.sp.builders {
		if b := &k.sp.builders[i]; b.synID == syn {
			k.releasePair(elementNames{b.pre, b.post}, src, tgt)
			return true
		}
	}
	return false
}

// releasePair releases one presynaptic element of src and one
// postsynaptic element of tgt (node indices).
func (k *Kernel) releasePair(names elementNames, src, tgt int) {
	if e := k.element(src, names.pre); e != nil {
		e.connect(-1)
	}
	if e := k.element(tgt, names.post); e != nil {
		e.connect(-1)
	}
}

// elementNames are the synaptic elements a Connect call binds for one
// synapse specification (NEST's pre_synaptic_element and
// post_synaptic_element in a syn_spec).
type elementNames struct{ pre, post string }

// splitElementNames takes the synaptic element names out of the synapse
// specifications. Connections that bind elements can be made by the
// one_to_one and all_to_all rules only, as in NEST.
func splitElementNames(connSpec dict.Dict, synSpecs []dict.Dict) ([]dict.Dict, []elementNames, error) {
	var elems []elementNames
	out := synSpecs
	for i, spec := range synSpecs {
		_, hasPre := spec["pre_synaptic_element"]
		_, hasPost := spec["post_synaptic_element"]
		if !hasPre && !hasPost {
			continue
		}
		r := dict.NewReader(spec)
		var names elementNames
		if _, err := r.String("pre_synaptic_element", &names.pre); err != nil {
			return nil, nil, err
		}
		if _, err := r.String("post_synaptic_element", &names.post); err != nil {
			return nil, nil, err
		}
		if names.pre == "" || names.post == "" {
			return nil, nil, nesterr.New(nesterr.ErrBadProperty, "synaptic element names cannot be empty (pre %q, post %q).", names.pre, names.post)
		}
		rule := "all_to_all"
		if _, err := dict.NewReader(connSpec).String("rule", &rule); err != nil {
			return nil, nil, err
		}
		if rule != "one_to_one" && rule != "all_to_all" {
			return nil, nil, nesterr.New(nesterr.ErrNotImplemented,
				"This connection rule is not implemented for structural plasticity (rule %s; use one_to_one or all_to_all).", rule)
		}
		if elems == nil {
			out = slices.Clone(synSpecs)
		}
		c := spec.Clone()
		delete(c, "pre_synaptic_element")
		delete(c, "post_synaptic_element")
		out[i] = c
		elems = append(elems, names)
	}
	return out, elems, nil
}

// bindElements counts the connections a Connect call made from pre to
// post as bound synaptic elements of their sources and targets.
func (k *Kernel) bindElements(pre, post []int, connSpec dict.Dict, elems []elementNames) error {
	if len(elems) == 0 {
		return nil
	}
	rl, _, err := newRule(dict.NewReader(connSpec), pre, post, [2]uint64{})
	if err != nil {
		return err
	}
	return rl.forEach(func(s, t int) error {
		for _, names := range elems {
			if e := k.element(s-1, names.pre); e != nil {
				e.connect(1)
			}
			if e := k.element(t-1, names.post); e != nil {
				e.connect(1)
			}
		}
		return nil
	})
}
