package kernel

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// connKind says how a checked connection is carried.
type connKind int

const (
	spikeConn     connKind = iota // spikes, through the source's connection table
	currentConn                   // currents, through the same tables
	observeConn                   // multimeter -> node, kept by the multimeter
	secondaryConn                 // secondary events (secondary.go), through the source's connection table
)

// Connect connects pre to post (node ids) with the rule in connSpec and the
// synapse in synSpec. Every connection is checked before any is made, so a
// rejected call leaves the network as it was. Random rules and parameter
// distributions draw from streams derived from rng_seed and the number of
// Connect calls so far, so the same script builds the same network.
func (k *Kernel) Connect(pre, post []int, connSpec, synSpec dict.Dict) error {
	return k.ConnectCollocated(pre, post, connSpec, []dict.Dict{synSpec})
}

// ConnectCollocated is Connect with several synapse specifications for
// the same pairs (NEST's CollocatedSynapses): the rule chooses its pairs
// once, and each pair gets one connection per specification, in the
// order of synSpecs.
func (k *Kernel) ConnectCollocated(pre, post []int, connSpec dict.Dict, synSpecs []dict.Dict) error {
	if !k.timers.connecting {
		k.timers.connecting = true
		defer func() { k.timers.connecting = false }()
		if shortConnect(pre, post, connSpec) {
			defer stopwatchShort(&k.timers.connect, &k.timers.connectCPU).stop()
		} else {
			defer stopwatch(&k.timers.connect, &k.timers.connectCPU).stop()
		}
	}
	synSpecs, elems, err := splitElementNames(connSpec, synSpecs)
	if err != nil {
		return err
	}
	if err := k.connectCollocated(pre, post, connSpec, synSpecs, false); err != nil {
		return err
	}
	return k.bindElements(pre, post, connSpec, elems)
}

// shortConnectPairs is the number of pairs up to which an all_to_all or
// one_to_one Connect counts as short (see stopwatchShort).
const shortConnectPairs = 4096

// shortConnect reports whether a Connect of pre to post by connSpec is
// sure to be short: a deterministic rule of few pairs.
func shortConnect(pre, post []int, connSpec dict.Dict) bool {
	switch connSpec["rule"] {
	case "one_to_one":
		return len(pre) <= shortConnectPairs
	case "all_to_all", nil:
		return len(pre)*len(post) <= shortConnectPairs
	}
	return false
}

// connectCollocated is ConnectCollocated; symmetricHalf is true for the
// two halves of a make_symmetric call, whose symmetry needs no further
// check.
func (k *Kernel) connectCollocated(pre, post []int, connSpec dict.Dict, synSpecs []dict.Dict, symmetricHalf bool) error {
	if len(synSpecs) == 0 {
		return nesterr.New(nesterr.ErrBadProperty, "CollocatedSynapses needs at least one synapse specification.")
	}
	for _, ids := range [][]int{pre, post} {
		for _, id := range ids {
			if _, err := k.node(id); err != nil {
				return err
			}
		}
	}
	// The streams of this call; the count advances only when the call
	// succeeds, so a rejected Connect leaves later networks unchanged.
	call := k.connectCalls + 1
	seed := [2]uint64{k.rngSeed, 1<<40 + 2*call}
	paramSeed := [2]uint64{k.rngSeed, 1<<40 + 2*call + 1}
	var (
		rl        rule
		symmetric bool
		at        *spatialPair // the pair a spatial rule is connecting
		err       error
	)
	spatial := false
	for _, spec := range synSpecs {
		spatial = spatial || isSpatialConnect(connSpec, spec)
	}
	if spatial {
		sr, err := k.newSpatialRule(connSpec, pre, post, seed)
		if err != nil {
			return err
		}
		rl, at = sr, sr.at
	} else if rl, symmetric, err = newRule(dict.NewReader(connSpec), pre, post, seed); err != nil {
		return err
	}
	switch rl.(type) {
	case fixedIndegree, fixedOutdegree, fixedTotal, pairwiseBernoulli, pairwisePoisson, symmetricBernoulli:
		// As in NEST: recorders have no proxies on other threads and
		// processes, so random rules cannot target them.
		for _, t := range post {
			if n := k.nodes[t-1]; n.ElementType() == node.Recorder {
				return nesterr.New(nesterr.ErrIllegalConnection,
					"%s (node %d) cannot be the target of a connection made by a probabilistic rule; use all_to_all or one_to_one.", n.Model(), t)
			}
		}
	}
	for _, spec := range synSpecs {
		m, ok := k.secondaryModelIn(spec)
		if !ok || symmetricHalf {
			continue
		}
		if err := k.checkSecondarySpec(m, rl, symmetric, pre, post, spec); err != nil {
			return err
		}
		if symmetric {
			// NEST reports a refused reverse connection first.
			if err := rl.forEach(func(s, t int) error { return k.classifySecondary(t, s, 0, m.secondary) }); err != nil {
				return err
			}
		}
	}
	if symmetric {
		// make_symmetric for one_to_one, as NEST does it: the same call
		// again with sources and targets swapped, parameter arrays from
		// their start. Random values cannot be mirrored.
		for _, spec := range synSpecs {
			p, err := k.newConnPlan(spec)
			if err != nil {
				return err
			}
			if p.random() {
				return nesterr.New(nesterr.ErrNotImplemented,
					"Connect doesn't support the symmetric creation of connections with random parameters (synapse model %s); give arrays or constants.", p.model)
			}
		}
		plain := connSpec.Clone()
		delete(plain, "make_symmetric")
		if err := k.connectCollocated(pre, post, plain, synSpecs, true); err != nil {
			return err
		}
		return k.connectCollocated(post, pre, plain, synSpecs, true)
	}
	job, err := k.prepareJob(rl, len(pre), synSpecs, at, paramSeed)
	if err != nil {
		return err
	}
	k.connectCalls = call
	// NEST numbers the nodes of each thread when it connects (also when
	// the call then fails; gonest leaves a rejected call without trace).
	k.noteThreadLids()
	err = job.store()
	job.release()
	return err
}

// prepareConnect is the part of a Connect call after its rule is made:
// it checks every connection rl yields with each of synSpecs (nSources
// sources, at the spatial pair a spatial rule is at) and returns the
// function that stores them. Nothing changes before store is called.
func (k *Kernel) prepareConnect(rl rule, nSources int, synSpecs []dict.Dict, at *spatialPair, paramSeed [2]uint64) (store func() error, err error) {
	job, err := k.prepareJob(rl, nSources, synSpecs, at, paramSeed)
	if err != nil {
		return nil, err
	}
	return job.store, nil
}

// connectJob is a Connect call between its two passes: the plans, what
// pass 1 counted and learnt, and the walk it took. It is one allocation
// for a call of one synapse specification (its slices point into its own
// arrays), so that the many small Connect calls of a script cost little
// garbage.
type connectJob struct {
	k         *Kernel
	rl        rule
	plans     []*connPlan
	uniform   []*uniformPlan
	counts    [][]sourceCounts
	paramSeed [2]uint64
	kinds     kindCache
	fast      *fastWalk
	prng      *rand.Rand
	n         int          // connections walked so far (pass 1) or stored (pass 2)
	bulk      func() error // the store of bulkOneToOne, when it took the call
	// check and put as values, made once per job rather than per call
	checkFn, putFn func(s, t int) error

	// storage of the slices for a call of one synapse specification
	plan1    [1]*connPlan
	uniform1 [1]*uniformPlan
	counts1  [1][]sourceCounts
	threads2 [2]sourceCounts
	uplan1   uniformPlan
	plan     connPlan
	few      [2][fewSources]sourceCount
}

// prepareJob is prepareConnect, returning the job whose store method
// runs pass 2.
func (k *Kernel) prepareJob(rl rule, nSources int, synSpecs []dict.Dict, at *spatialPair, paramSeed [2]uint64) (*connectJob, error) {
	job := k.spareJob
	if job == nil {
		job = new(connectJob)
	}
	k.spareJob = nil
	job.k, job.rl, job.paramSeed, job.kinds = k, rl, paramSeed, kindCache{k: k}
	if job.checkFn == nil {
		job.checkFn, job.putFn = job.check, job.put
	}
	// A call of one synapse specification keeps everything in the job's
	// own arrays.
	single := len(synSpecs) == 1
	if single {
		job.plans, job.uniform, job.counts = job.plan1[:], job.uniform1[:], job.counts1[:]
	} else {
		job.plans = make([]*connPlan, len(synSpecs))
		job.uniform = make([]*uniformPlan, len(synSpecs))
		job.counts = make([][]sourceCounts, len(synSpecs))
	}
	plans, uniform, counts := job.plans, job.uniform, job.counts
	for j, spec := range synSpecs {
		var err error
		if single {
			plans[j], err = k.readConnPlan(&job.plan, spec)
		} else {
			plans[j], err = k.newConnPlan(spec)
		}
		if err != nil {
			return nil, err
		}
		p := plans[j]
		p.weights.at, p.delays.at, p.rports.at = at, at, at
		if sr, ok := rl.(*spatialRule); ok && p.readsPositions() {
			sr.replayPositions = true
		}
		varying := p.weights.list != nil || p.weights.random() || p.delays.list != nil || p.delays.random()
		if err := k.checkConnectMemory(rl, p.model, p.defs.typ != nil, varying); err != nil {
			return nil, err
		}
	}

	// Pass 1: check every connection and count them per thread and source.
	for j := range plans {
		if single && len(k.threads) <= len(job.threads2) {
			counts[j] = job.threads2[:len(k.threads)]
		} else {
			counts[j] = make([]sourceCounts, len(k.threads))
		}
		for i := range counts[j] {
			counts[j][i] = newSourceCounts(nSources, len(k.nodes))
			if single && i < len(job.few) && counts[j][i].dense == nil {
				counts[j][i].few = job.few[i][:0]
			}
		}
	}
	job.prng = paramStream(plans, paramSeed)

	// Checking is the long part of a big Connect and changes nothing: an
	// interrupt stops it here (not in pass 2, which must finish).
	for j, p := range plans {
		if single {
			job.uplan1 = newUniformPlan(p)
			uniform[j] = &job.uplan1
		} else {
			u := newUniformPlan(p)
			uniform[j] = &u
		}
	}
	if store, handled, err := k.bulkOneToOne(rl, plans, uniform, &job.kinds); handled {
		if err != nil {
			return nil, err
		}
		job.bulk = store
		return job, nil
	}
	var err error
	stopping := withStop(rl, &k.interrupt)
	job.fast = newFastWalk(stopping, plans, uniform)
	if job.fast != nil {
		var m int
		m, err = job.fast.count(k, counts[0], job.prng, job.checkFn)
		job.n += m
	} else {
		err = stopping.forEach(job.checkFn)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if err := p.checkCounts(job.n); err != nil {
			return nil, err
		}
	}
	return job, nil
}

// release gives the job to the next Connect call, keeping nothing of
// this one (a large call's staged values would otherwise stay alive).
func (job *connectJob) release() {
	k := job.k
	*job = connectJob{checkFn: job.checkFn, putFn: job.putFn}
	k.spareJob = job
}

// check is pass 1 for one pair s -> t of the rule's walk: each plan's
// connection checked and counted.
func (job *connectJob) check(s, t int) error {
	k, n := job.k, job.n
	for j, p := range job.plans {
		if p.beyondArrays(n) {
			continue // reported below with the total count
		}
		if u := job.uniform[j]; u.same(k, s, t) {
			if err := u.count(k, p, s, t, n, job.prng, job.counts[j]); err != nil {
				return err
			}
			continue
		}
		if err := k.checkPlanned(p, s, t, n, job.prng, &job.kinds, job.counts[j]); err != nil {
			return err
		}
		job.uniform[j].noteChecked(k, s, t)
	}
	job.n++
	return nil
}

// kindCache is the check of one connection on its receptor (classify)
// with a memo: the answer depends on the models and the receptor only,
// except for multimeters and targets whose receptors differ from node to
// node, so the last answer for a pair of models is kept.
type kindCache struct {
	k                  *Kernel
	cacheSrc, cacheTgt string
	cacheRport         int
	cacheKind          connKind
	cacheErr           error
	cached             bool
}

func (c *kindCache) of(s, t, rport int) (connKind, error) {
	k := c.k
	ms, mt := k.modelOf[s-1], k.modelOf[t-1]
	if c.cached && ms == c.cacheSrc && mt == c.cacheTgt && rport == c.cacheRport {
		// Only pairs of models whose nodes all answer alike are
		// cached (a model makes nodes of one type).
		return c.cacheKind, c.cacheErr
	}
	if _, isMeter := k.nodes[s-1].(*devices.Multimeter); isMeter {
		return k.classify(s, t, rport)
	}
	if _, perNode := k.nodes[t-1].(node.PerNodeReceptors); perNode {
		return k.classify(s, t, rport)
	}
	c.cacheKind, c.cacheErr = k.classify(s, t, rport)
	c.cacheSrc, c.cacheTgt, c.cacheRport, c.cached = ms, mt, rport, true
	return c.cacheKind, c.cacheErr
}

// paramStream is the parameter stream of a Connect call, nil when none of
// its plans draws values.
func paramStream(plans []*connPlan, paramSeed [2]uint64) *rand.Rand {
	for _, p := range plans {
		if p.random() {
			return rand.New(rand.NewPCG(paramSeed[0], paramSeed[1]))
		}
	}
	return nil
}

// store is pass 2 of prepareConnect: it stores the connections checked
// in pass 1, with the same parameter stream and receptor check.
func (job *connectJob) store() error {
	if job.bulk != nil {
		return job.bulk()
	}
	k := job.k
	for j, p := range job.plans {
		for ti, th := range k.threads {
			if p.defs.typ != nil {
				tab := th.plasticTable(p.synID, p.defs.typ, len(k.nodes))
				job.counts[j][ti].each(func(src, c int) { tab.Reserve(src, c) })
				continue
			}
			tab := th.table(p.synID)
			tab.reserve(&job.counts[j][ti])
		}
	}
	job.prng = paramStream(job.plans, job.paramSeed)
	job.n = 0
	if w := newFastWalk(job.rl, job.plans, job.uniform); w != nil {
		// a walk of its own that no interrupt stops, with pass 1's values
		w.takePass1(job.fast)
		return w.store(k, job.putFn)
	}
	return job.rl.forEach(job.putFn)
}

// put is pass 2 for one pair s -> t: each plan's connection stored.
func (job *connectJob) put(s, t int) error {
	k, i := job.k, job.n
	for j, p := range job.plans {
		if u := job.uniform[j]; u.stored && u.same(k, s, t) {
			u.add(k, p, s, t, i, job.prng)
			continue
		}
		if err := k.storePlanned(p, s, t, i, job.prng, &job.kinds); err != nil {
			return err
		}
		job.uniform[j].noteStored(k, p, s, t)
	}
	job.n++
	return nil
}

// connPlan is one synapse specification of a Connect call, read and
// checked: its model, the sources of weight, delay and receptor, and the
// connections' own parameters (the same for all, in template, or one per
// connection, in perConn).
type connPlan struct {
	model                   string
	synID                   int
	defs                    synapseModel
	weights, delays, rports *paramSource
	diffusion               *paramSource // diffusion_connection's diffusion_factor, else nil
	label                   int64
	template                any
	checkWeight             bool
	constDelay              float64 // -1: delays differ between connections
	// perConn holds the model parameters given as arrays (one value per
	// connection) or as random parameters (drawn per connection, after
	// weight, delay and receptor), in key order; scalars is the rest of
	// the specification, over which each connection's values are read.
	perConn []connPlanParam
	scalars dict.Dict
	// The target model last found fit for the plastic synapse (a memo of
	// the per-connection check).
	targetChecked bool
	checkedTarget string
	// sources holds weights, delays and rports, so that a plan is one
	// allocation.
	sources [3]paramSource
}

// connPlanParam is a model parameter of a synapse specification that
// differs between connections: a list of values, or a random source.
type connPlanParam struct {
	key  string
	list []any
	src  *paramSource
}

// connPlanFixedKeys are the keys of a synapse specification that are not
// parameters of the synapse model.
var connPlanFixedKeys = map[string]bool{"synapse_model": true, "weight": true, "delay": true, "receptor_type": true,
	// a dictionary that is no parameter expression: the e-prop optimizer,
	// which the synapse model refuses in Connect as NEST does
	"optimizer": true}

func (k *Kernel) newConnPlan(synSpec dict.Dict) (*connPlan, error) {
	return k.readConnPlan(new(connPlan), synSpec)
}

// readConnPlan is newConnPlan into p, which it returns (nil on error).
func (k *Kernel) readConnPlan(p *connPlan, synSpec dict.Dict) (*connPlan, error) {
	*p = connPlan{model: "static_synapse", constDelay: -1}
	scalars := synSpec
	for _, key := range perConnKeys(synSpec) {
		if connPlanFixedKeys[key] {
			continue
		}
		var pp connPlanParam
		switch v := synSpec[key].(type) {
		case []any:
			pp = connPlanParam{key: key, list: v}
		case map[string]any, dict.Dict:
			src, err := newParamSource(dict.NewReader(dict.Dict{key: v}), key, 0)
			if err != nil {
				return nil, err
			}
			pp = connPlanParam{key: key, src: src}
		default:
			continue
		}
		if p.perConn == nil {
			scalars = synSpec.Clone()
		}
		p.perConn = append(p.perConn, pp)
		delete(scalars, key)
	}
	p.scalars = scalars
	sr := dict.NewReader(scalars)
	if _, err := sr.String("synapse_model", &p.model); err != nil {
		return nil, err
	}
	synID, ok := k.synIndex[p.model]
	if !ok {
		return nil, nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", p.model, k.synapseNames())
	}
	p.synID, p.defs = synID, k.synModels[synID]
	if p.perConn != nil && p.defs.typ == nil {
		return nil, nesterr.New(nesterr.ErrUnaccessedDictionaryEntry, "%s has no parameter '%s'.", p.model, p.perConn[0].key)
	}
	if err := k.checkModelOnlyKeys(p.defs, dict.NewReader(synSpec)); err != nil {
		return nil, err
	}
	var err error
	weightKey, defWeight := "weight", p.defs.weight
	if p.defs.secondary == node.DiffusionRate {
		// diffusion_connection: drift_factor in the weight column,
		// diffusion_factor in the table's second one
		weightKey, defWeight = "drift_factor", 1.0
		if p.diffusion, err = newParamSource(sr, "diffusion_factor", 1.0); err != nil {
			return nil, err
		}
	}
	if p.weights, err = p.sources[0].read(sr, weightKey, defWeight); err != nil {
		return nil, err
	}
	defDelay := k.defaultDelay(p.defs)
	if p.defs.secondary != 0 && !secondaryOf(p.defs.secondary).hasDelay {
		// Connections without a delay take part in the delay extrema
		// with wfr_comm_interval, as in NEST.
		defDelay = k.compat["wfr_comm_interval"].(float64)
	}
	if p.delays, err = p.sources[1].read(sr, "delay", defDelay); err != nil {
		return nil, err
	}
	if p.rports, err = p.sources[2].read(sr, "receptor_type", float64(p.defs.rport)); err != nil {
		return nil, err
	}
	p.label = p.defs.label
	if err := readLabel(p.defs, sr, &p.label); err != nil {
		return nil, err
	}
	if p.defs.typ != nil {
		if p.template, err = p.defs.typ.Template(sr); err != nil {
			return nil, err
		}
	}
	if err := sr.CheckAllUsed(p.model); err != nil {
		return nil, err
	}
	// NEST sets a plastic connection's own parameters (and so checks them
	// against its weight) only when the synapse specification gives some
	// besides weight and delay.
	if p.defs.typ != nil {
		for key := range synSpec {
			if key != "synapse_model" && key != "weight" && key != "delay" {
				p.checkWeight = true
			}
		}
	}
	if p.delays.list == nil && !p.delays.random() {
		p.constDelay = p.delays.konst
		if err := k.checkDelay(p.constDelay); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// perConnKeys returns, sorted, the keys of synSpec that may hold values
// per connection (lists and parameter dictionaries), nil for none (the
// common case, found without sorting).
func perConnKeys(synSpec dict.Dict) []string {
	var keys []string
	for key, v := range synSpec {
		switch v.(type) {
		case []any, map[string]any, dict.Dict:
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return keys
}

// beyondArrays reports whether connection n has no entry in one of the
// plan's arrays (the count is checked once all are known).
func (p *connPlan) beyondArrays(n int) bool {
	if p.weights.list != nil && n >= len(p.weights.list) || p.delays.list != nil && n >= len(p.delays.list) ||
		p.rports.list != nil && n >= len(p.rports.list) {
		return true
	}
	for _, pp := range p.perConn {
		if pp.list != nil && n >= len(pp.list) {
			return true
		}
	}
	return false
}

// random reports whether a value of the plan is drawn per connection.
func (p *connPlan) random() bool {
	for _, pp := range p.perConn {
		if pp.src != nil {
			return true
		}
	}
	return p.weights.random() || p.delays.random() || p.rports.random()
}

func (p *connPlan) checkCounts(n int) error {
	for _, ps := range []*paramSource{p.weights, p.delays, p.rports} {
		if err := ps.checkCount(n); err != nil {
			return err
		}
	}
	for _, pp := range p.perConn {
		if pp.list != nil && len(pp.list) != n {
			return nesterr.New(nesterr.ErrBadProperty, "'%s' has %d values but %d connections are made.", pp.key, len(pp.list), n)
		}
		if pp.src != nil {
			if err := pp.src.checkCount(n); err != nil {
				return err
			}
		}
	}
	return nil
}

// templateOf is the own parameters of connection n, drawing those that
// are random from prng.
func (p *connPlan) templateOf(n int, prng *rand.Rand) (any, error) {
	if p.perConn == nil {
		return p.template, nil
	}
	d := p.scalars.Clone()
	for _, pp := range p.perConn {
		if pp.list != nil {
			d[pp.key] = pp.list[n]
		} else {
			d[pp.key] = pp.src.value(n, prng)
		}
	}
	return p.defs.typ.Template(dict.NewReader(d))
}

// checkPlanned checks connection n of plan p, from s to t, and counts it.
func (k *Kernel) checkPlanned(p *connPlan, s, t, n int, prng *rand.Rand, kinds *kindCache, counts []sourceCounts) error {
	w := p.weights.value(n, prng)
	d := p.delays.value(n, prng)
	r := p.rports.value(n, prng)
	if err := checkRport(r); err != nil {
		return err
	}
	rport := int(r)
	kind := secondaryConn
	if p.defs.secondary != 0 {
		if err := k.classifySecondary(s, t, rport, p.defs.secondary); err != nil {
			return err
		}
	} else {
		var err error
		if kind, err = kinds.of(s, t, rport); err != nil {
			return err
		}
	}
	typ := p.defs.typ
	if typ != nil && kind != spikeConn {
		return nesterr.New(nesterr.ErrIllegalConnection, "%s transmits spikes only; %s (node %d) sends %s.",
			p.model, k.modelOf[s-1], s, map[connKind]string{currentConn: "currents", observeConn: "data requests"}[kind])
	}
	if err := k.checkSenderSynapse(s, p.synID, typ != nil); err != nil {
		return err
	}
	if err := checkEpropTarget(typ, k.nodes[t-1], k.base.DelayToSteps(d)); err != nil {
		return err
	}
	if err := checkEpropBsshslmTarget(typ, k.nodes[t-1], k.base.DelayToSteps(d)); err != nil {
		return err
	}
	if typ != nil && (!p.targetChecked || p.checkedTarget != k.modelOf[t-1]) {
		// What a plastic synapse asks of its target depends on the
		// target's type only: checked once per run of one target model.
		if err := checkClopathTarget(typ, k.nodes[t-1]); err != nil {
			return err
		}
		if typ.NeedsHistory() {
			if _, ok := k.nodes[t-1].(node.Archiving); !ok {
				return nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) keeps no spike history, which %s needs.", k.modelOf[t-1], t, p.model)
			}
		}
		p.targetChecked, p.checkedTarget = true, k.modelOf[t-1]
	}
	if typ != nil && (p.checkWeight || p.perConn != nil) {
		tpl, err := p.templateOf(n, prng)
		if err != nil {
			return err
		}
		if err := typ.CheckWeight(tpl, w); err != nil {
			return err
		}
	}
	if p.constDelay < 0 {
		if err := k.checkDelay(d); err != nil {
			return err
		}
	}
	if err := checkPackable(k.base.DelayToSteps(d), d, rport); err != nil {
		return err
	}
	if kind != observeConn && k.storedHere(s-1, t-1) {
		counts[k.threadIdx[t-1]].add(s - 1)
	}
	return nil
}

// storePlanned makes connection i of plan p, checked by checkPlanned.
func (k *Kernel) storePlanned(p *connPlan, s, t, i int, prng *rand.Rand, kinds *kindCache) error {
	w := p.weights.value(i, prng)
	d := p.delays.value(i, prng)
	rport := int(p.rports.value(i, prng)) // drawn again as in pass 1, which checked it
	kind := secondaryConn
	if p.defs.secondary == 0 {
		kind, _ = kinds.of(s, t, rport)
	}
	var tpl any
	if p.defs.typ != nil {
		var err error
		if tpl, err = p.templateOf(i, prng); err != nil {
			return nesterr.New(nesterr.ErrInternal, "connection %d of %s rejected after the check: %v", i, p.model, err)
		}
	}
	steps := k.base.DelayToSteps(d)
	if k.minDelayConn == 0 || steps < k.minDelayConn {
		k.minDelayConn = steps
	}
	if steps > k.maxDelayConn {
		k.maxDelayConn = steps
	}
	k.bindSenderSynapse(s, p.synID)
	if !k.storedHere(s-1, t-1) {
		return nil // another process keeps it
	}
	synID := p.synID
	switch {
	case kind == observeConn:
		mm := k.nodes[s-1].(*devices.Multimeter)
		if err := mm.Attach(t, k.nodes[t-1].(node.Recordable), k.env()); err != nil {
			return nesterr.New(nesterr.ErrInternal, "multimeter %d rejected target %d after the check: %v", s, t, err)
		}
		k.observers++
	case p.defs.typ != nil:
		k.threadOf(t - 1).plastic[synID].Add(s-1, uint32(t-1), packMeta(steps, rport), w, tpl)
		registerEprop(p.defs.typ, k.nodes[t-1])
		k.registerEpropBsshslm(k.threadOf(t - 1).plastic[synID], s-1, k.nodes[t-1])
		if p.defs.labelled {
			k.threadOf(t-1).addLabel(synID, s-1, p.label, len(k.nodes))
		}
		if p.defs.typ.NeedsHistory() {
			// A new connection's last presynaptic spike is at 0 ms, so
			// it first reads the history after -delay (NEST's
			// register_stdp_connection(t_lastspike - delay, delay)).
			d := nestDelayMs(k.base, steps)
			k.nodes[t-1].(node.Archiving).Archive().RegisterConnection(0-d, d, k.base)
		}
	default:
		th := k.threadOf(t - 1)
		pos := th.tables[synID].lenOf(s - 1)
		th.tables[synID].add(s-1, conn{target: uint32(t - 1), meta: packMeta(steps, rport)}, w)
		if p.diffusion != nil {
			th.tables[synID].addAux(s-1, p.diffusion.value(i, prng))
		}
		if p.defs.labelled {
			th.addLabel(synID, s-1, p.label, len(k.nodes))
		}
		if k.replica[t-1] && kind == spikeConn {
			if th.devConns == nil {
				th.devConns = map[int32][]devConn{}
			}
			th.devConns[int32(s-1)] = append(th.devConns[int32(s-1)], devConn{syn: int32(synID), pos: int32(pos)})
			k.hasDevConns = true
		}
	}
	return nil
}

// checkRport refuses a receptor_type that is not a whole number (NEST's
// receptor types are integers, also those drawn from a parameter).
func checkRport(r float64) error {
	if r != math.Trunc(r) || math.IsInf(r, 0) || math.Abs(r) > 1<<31 {
		return nesterr.New(nesterr.ErrTypeMismatch, "receptor_type must be an integer, got %g.", r)
	}
	return nil
}

// checkDelay enforces NEST's delay rules: at least one step, and within the
// delay range already used once the network has been simulated.
func (k *Kernel) checkDelay(ms float64) error {
	if math.IsNaN(ms) || math.IsInf(ms, 0) || ms*k.base.StepsPerMs > maxDelay {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be a finite number of at most %d steps (delay = %g ms).", maxDelay, ms)
	}
	steps := k.base.DelayToSteps(ms)
	if steps < 1 {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to resolution (delay = %g ms, resolution = %g ms).", ms, k.base.Resolution)
	}
	if k.userDelays && steps < k.userMinD {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to min_delay. You may set min_delay before creating connections (delay = %g ms, min_delay = %g ms).",
			ms, k.base.StepsToMs(k.userMinD))
	}
	if k.userDelays && steps > k.userMaxD {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be smaller than or equal to max_delay. You may set max_delay before creating connections (delay = %g ms, max_delay = %g ms).",
			ms, k.base.StepsToMs(k.userMaxD))
	}
	if k.simulated && (steps < int64(k.minDelay) || steps > int64(k.maxDelay)) {
		return nesterr.New(nesterr.ErrBadDelay, "Minimum and maximum delay cannot be changed after Simulate has been called (delay = %g ms, allowed %g to %g ms).",
			ms, k.base.StepsToMs(int64(k.minDelay)), k.base.StepsToMs(int64(k.maxDelay)))
	}
	return nil
}

// classify checks that source id s may connect to target id t on rport
// and says how the connection is carried.
func (k *Kernel) classify(s, t, rport int) (connKind, error) {
	src, tgt := k.nodes[s-1], k.nodes[t-1]
	if _, ok := tgt.(*devices.VolumeTransmitter); ok && k.replica[s-1] {
		// NEST has no path from a device without proxies to a device
		// that collects from all processes.
		return 0, nesterr.New(nesterr.ErrIllegalConnection,
			"%s (node %d) has no proxies and cannot be connected to %s (node %d), which receives globally.", src.Model(), s, tgt.Model(), t)
	}
	if _, ok := tgt.(*devices.Multimeter); ok {
		return 0, nesterr.New(nesterr.ErrIllegalConnection,
			"%s (node %d) cannot receive connections: a %s observes neurons and must be the source, as in Connect(%s, neuron).",
			tgt.Model(), t, tgt.Model(), tgt.Model())
	}
	if mm, ok := src.(*devices.Multimeter); ok {
		rec, ok := tgt.(node.Recordable)
		if !ok {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) has nothing a %s can record.", tgt.Model(), t, mm.Model())
		}
		if rport != 0 {
			return 0, nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available for recording from %s.", rport, tgt.Model())
		}
		if _, rateDevice := tgt.(node.SecondarySender); k.replica[t-1] && !rateDevice && len(k.threads) > 1 {
			// As in NEST: a device without proxies has one instance per
			// thread, and a multimeter can observe only one of them
			// (step_rate_generator has proxies in NEST).
			return 0, nesterr.New(nesterr.ErrIllegalConnection,
				"%s can record from %s (node %d) only in single-threaded mode.", mm.Model(), tgt.Model(), t)
		}
		if mm.Observes(t) {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) records from node %d already; it can be connected to a node only once.", mm.Model(), s, t)
		}
		return observeConn, checkRecordable(mm, rec, t)
	}
	if _, ok := src.(*devices.SpikeRecorder); ok {
		return 0, nesterr.New(nesterr.ErrIllegalConnection,
			"spike_recorder (node %d) cannot send events: it records spikes and must be the target, as in Connect(neuron, spike_recorder).", s)
	}
	if err := checkSignals(src, tgt); err != nil {
		return 0, err
	}
	if cs, ok := src.(node.CurrentSender); ok && cs.SendsCurrents() {
		cr := k.currRecv[t-1]
		if cr == nil {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept currents from %s.", tgt.Model(), t, src.Model())
		}
		return currentConn, cr.CheckCurrentReceptor(rport)
	}
	if ss, ok := src.(node.SpikeSender); ok && ss.SendsSpikes() {
		rr := k.spikeRecv[t-1]
		if rr == nil {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept spikes from %s.", tgt.Model(), t, src.Model())
		}
		return spikeConn, rr.CheckSpikeReceptor(src.Model(), rport)
	}
	return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) cannot be the source of a connection to %s.", src.Model(), s, tgt.Model())
}

func checkRecordable(mm *devices.Multimeter, rec node.Recordable, id int) error {
	avail := rec.Recordables()
	for _, name := range mm.RecordFrom {
		found := false
		for _, a := range avail {
			if a == name {
				found = true
				break
			}
		}
		if !found {
			return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\nCannot connect with unknown recordable %s (node %d offers %v).", name, id, avail)
		}
	}
	return nil
}

// delayExtrema returns min_delay and max_delay in steps as NEST reports
// them: one step each while there are no connections; the structural
// synapses' delays count as connections.
func (k *Kernel) delayExtrema() (int64, int64) {
	if k.userDelays {
		return k.userMinD, k.userMaxD
	}
	minD, maxD := k.spDelayExtrema(k.minDelayConn, k.maxDelayConn)
	if minD == 0 {
		return 1, 1
	}
	return minD, maxD
}
