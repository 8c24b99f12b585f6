package kernel

import (
	"math/rand/v2"
	"slices"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
	"github.com/gonest/gonest/gocore/simtime"
	"github.com/gonest/gonest/gocore/spatial"
)

// DefaultRNGSeed is NEST 3.10's default rng_seed.
const DefaultRNGSeed = 143202461

// Kernel is one simulation. Its methods are not safe for concurrent use,
// except Interrupt, which may be called while Simulate runs.
type Kernel struct {
	alloc memory.Allocator

	layers []*spatial.Layer // spatial layers by first node id (spatial.go)

	// spareJob is the work space of the last Connect call, which the
	// next one reuses (connect.go), nil when none is free.
	spareJob *connectJob

	base       simtime.Base
	rngSeed    uint64
	numThreads int
	printTime  bool

	prototypes       map[string]node.Node
	nodeModelIDs     map[string]int    // model_id of each node model
	typeOf           map[string]string // the built-in model each node model is (a copy of)
	nextNodeModelID  int
	nextSynModelID   int
	protoGeneric     map[string]nodeGeneric // generic entries of node models that differ from defaultGeneric
	genericOf        map[int]nodeGeneric    // by node index: generic entries that differ from defaultGeneric
	ca               []caState              // by node index: the calcium trace and synaptic elements (neurons)
	protoElems       map[string]synElements // synaptic elements of node models that have some
	sp               spState                // structural plasticity (structural.go)
	frozen           []bool                 // by node index: not updated (NEST's frozen)
	anyFrozen        bool
	nodeRoles        nodeRoles      // nodes by what Simulate does with them besides updating them
	neuronOf         []bool         // by node index: a neuron (see neuronMask)
	preciseOf        []bool         // by node index: an off-grid (precise) model (see neuronMask)
	synModels        []synapseModel // by synapse model id
	synIndex         map[string]int
	defaultsModified bool
	connectCalls     uint64 // numbers the streams of random connection rules

	nodes     []node.Node
	modelOf   []string               // model name of each node (copies keep their own name)
	spikeRecv []node.SpikeReceiver   // by node index; nil if the node takes no spikes
	sec       secondaryState         // secondary events and waveform relaxation (secondary.go)
	currRecv  []node.CurrentReceiver // by node index; nil if the node takes no currents
	threads   []*thread
	threadIdx []int32 // by node index: the thread that updates it; -1 if not on this process
	replica   []bool  // by node index: a device, copied on every process
	nextLocal int     // local nodes so far, to deal them out to threads
	observers int     // multimeter -> node connections, stored in the multimeters
	io        node.IOConfig

	hasDevConns bool // some spike connection goes to a device (see thread.devConns)

	// parallelWork is the estimated work of a slice (see sliceWork) above
	// which its phases run on one goroutine per thread; smaller slices run
	// their threads one after another on the caller's goroutine.
	parallelWork float64

	// distribution over processes (see distribute.go)
	comm       Comm
	slots      []*thread // emissions by VP, for delivery (see makeSlots)
	devSources []*thread // this process's threads and stand-in slots, for deliverToDevices
	sendBuf    []byte
	recvBuf    []byte
	spikeChunk int // records per rank in the exchange buffers (see exchange)
	spikeMax   int // the largest spike count of a rank in the last exchange

	// delay extrema over all connections, in steps; 0 while there are none
	minDelayConn, maxDelayConn int64
	// min_delay and max_delay as set by the user (userDelays): connections
	// must keep within them; kept in ms too, to be rounded anew on a change
	// of resolution
	userDelays           bool
	userMinD, userMaxD   int64
	userMinMs, userMaxMs float64

	// kernel properties NEST has that are accepted and stored but change
	// nothing here (see compatKernelKeys)
	compat dict.Dict

	// scheduler state, as in NEST's SimulationManager
	clock        int64 // origin of the current slice, steps
	fromStep     int   // position inside the current slice
	slice        int64 // number of completed slices
	minDelay     int   // slice length used by the current/last run, steps
	maxDelay     int
	simulated    bool
	inconsistent bool // a simulation panicked half-way; only Reset helps
	lids         threadLids
	// deviceSynapse is the synapse model of the first connection from
	// each spike-sending device without proxies that is not a
	// SingleSynapseSender (see bindSenderSynapse).
	deviceSynapse map[int32]int32

	interrupt atomic.Bool

	offGridSpiking bool // NEST's off_grid_spiking (offgrid.go)

	prepared bool // between Prepare and Cleanup: recorders keep their files open

	// memoryLimit is the kernel property memory_limit: a cap in bytes on
	// the process's resident memory, stricter than the machine's limits
	// (0: none; see memlimit.go)
	memoryLimit int64
	// keepSourceTable is NEST's keep_source_table, stored only
	keepSourceTable bool
	// dictMissIsError is NEST's dict_miss_is_error: when false, status
	// keys a node does not have are ignored instead of refused.
	dictMissIsError bool

	// fingerprint of the models of the first fingerprintNodes nodes, for
	// the processes' check that they built the same network (distribute.go)
	fingerprint      uint64
	fingerprintNodes int

	timers   kernelTimers // NEST's time_* keys (timers.go)
	progress progress     // of the running Simulate, read concurrently
}

// emitted is a spike waiting for delivery at the start of the next slice.
type emitted struct {
	src    int32
	mult   int32 // multiplicity; poissonMult: drawn per target with mean offset
	step   int64 // step in which the threshold was crossed; stamp is step+1
	offset float64
}

// The multiplicities below 1 mark emitted entries that are not "mult
// copies of one spike"; each kind has its own value, all kept here so
// that no two collide.
const (
	poissonMult       = -1 // multiplicity drawn per target (poisson_generator)
	perTargetMult     = -2 // see pertarget_spikes.go
	offGridTargetMult = -3 // see offgrid_targets.go
	weightedMult      = -4 // see weighted_spikes.go
	flushMult         = -5 // an e-prop flush event in the spike exchange (distribute.go)
)

// New returns a fresh kernel whose recordings allocate from alloc (C
// memory in production, see record.CountingAllocator).
func New(alloc memory.Allocator) *Kernel {
	k := &Kernel{alloc: alloc}
	k.init()
	return k
}

func (k *Kernel) init() {
	k.base = simtime.DefaultBase()
	k.rngSeed = DefaultRNGSeed
	k.numThreads = 1
	k.printTime = false
	k.memoryLimit = 0
	k.keepSourceTable = true
	k.dictMissIsError = true
	k.fingerprint, k.fingerprintNodes = 0, 0
	k.timers = newKernelTimers()
	k.parallelWork = parallelSliceWork
	k.progress.done.Store(0)
	k.progress.total.Store(0)
	k.progress.startStep.Store(0)
	k.prototypes = make(map[string]node.Node, len(nodeModels))
	for name, mk := range nodeModels {
		k.prototypes[name] = mk()
	}
	k.initModelIDs()
	k.initSynapseModels()
	k.defaultsModified = false
	k.connectCalls = 0
	k.nodes = nil
	k.modelOf = nil
	k.spikeRecv = nil
	k.currRecv = nil
	k.sec = secondaryState{}
	k.makeThreads()
	k.threadIdx, k.replica, k.nextLocal = nil, nil, 0
	k.hasDevConns = false
	k.spikeChunk, k.spikeMax = 2, 0
	k.io = node.IOConfig{NumVPs: k.numVPs(), Rank: k.Rank(), NumProcs: k.NumProcesses()}
	k.observers = 0
	k.ca, k.frozen, k.anyFrozen, k.neuronOf, k.preciseOf = nil, nil, false, nil, nil
	k.nodeRoles = nodeRoles{}
	k.protoElems, k.sp = map[string]synElements{}, spState{}
	k.minDelayConn, k.maxDelayConn = 0, 0
	k.userDelays, k.userMinD, k.userMaxD, k.userMinMs, k.userMaxMs = false, 0, 0, 0, 0
	k.compat = compatDefaults()
	k.clock, k.fromStep, k.slice = 0, 0, 0
	k.minDelay, k.maxDelay = 1, 1
	k.simulated = false
	k.lids = threadLids{}
	k.deviceSynapse = nil
	k.inconsistent = false
	k.interrupt.Store(false)
	k.offGridSpiking = false
	k.prepared = false
	k.layers = nil
}

// Reset brings the kernel back to its freshly created state. Recorded data
// is released; arrays already exported stay valid until their consumers
// release them.
func (k *Kernel) Reset() {
	for _, n := range k.nodes {
		if r, ok := n.(recorder); ok {
			r.ReleaseRecording()
		}
	}
	for _, t := range k.threads {
		t.cols.releaseAll() // now rather than when the collector finds the thread
	}
	k.init()
}

// recorder is implemented by recording devices.
type recorder interface {
	InitRecording(alloc memory.Allocator, io *node.IOConfig, id int, model string)
	OpenOutput() error
	FlushOutput() error
	CloseOutput()
	Recording() *record.Table
	ReleaseRecording()
}

// NumNodes returns the number of nodes.
func (k *Kernel) NumNodes() int { return len(k.nodes) }

// NumConnections returns the number of connections, those of multimeters
// included.
func (k *Kernel) NumConnections() int {
	n := k.observers
	for id := range k.synModels {
		n += k.countConnections(id)
	}
	return n
}

// countConnections returns the number of connections of synapse model id.
func (k *Kernel) countConnections(id int) int {
	n := 0
	for _, t := range k.threads {
		if id < len(t.tables) {
			n += t.tables[id].count
		}
		if id < len(t.plastic) && t.plastic[id] != nil {
			n += t.plastic[id].Count()
		}
	}
	return n
}

// makeThreads sets up k.threads empty threads; nodes are dealt out as they
// are created.
func (k *Kernel) makeThreads() {
	k.threads = make([]*thread, max(k.numThreads, 1))
	for i := range k.threads {
		k.threads[i] = &thread{id: i}
	}
	k.makeSlots()
}

// threadOf returns the thread that updates node index i, which must be
// local to this process.
func (k *Kernel) threadOf(i int) *thread { return k.threads[k.threadIdx[i]] }

// Models returns the node and synapse model names, sorted.
func (k *Kernel) Models() (nodes, synapses []string) {
	return sortedKeys(k.prototypes), k.synapseNames()
}

// env describes the current time grid to nodes; threadEnv adds the random
// stream of the thread that updates them.
func (k *Kernel) env() *node.Env { return k.threadEnv(nil) }

func (k *Kernel) threadEnv(t *thread) *node.Env {
	env := &node.Env{}
	k.fillEnv(env, t)
	return env
}

// fillEnv sets every exported field of env for thread t (nil: no random
// stream). What Env caches itself (StepsToMs) survives, so a thread's Env
// can serve one Simulate after another.
func (k *Kernel) fillEnv(env *node.Env, t *thread) {
	var rng *rand.Rand
	if t != nil {
		rng = t.rng
	}
	env.Base = k.base
	env.RingLen = k.minDelay + k.maxDelay
	env.MinDelay = k.minDelay
	env.Now = k.clock + int64(k.fromStep)
	env.SliceOrigin = k.clock
	env.RNG = rng
	env.Arena, env.Index = nil, 0
	env.WFR = k.wfrSettings()
	env.Eprop = k.epropSettings()
}

// node returns the node with id, or UnknownNode.
func (k *Kernel) node(id int) (node.Node, error) {
	if id < 1 || id > len(k.nodes) {
		return nil, nesterr.New(nesterr.ErrUnknownNode, "Node with id %d does not exist (the network has %d nodes).", id, len(k.nodes))
	}
	return k.nodes[id-1], nil
}

// Recording returns the event table of recorder id.
func (k *Kernel) Recording(id int) (*record.Table, error) {
	n, err := k.node(id)
	if err != nil {
		return nil, err
	}
	r, ok := n.(recorder)
	if !ok {
		return nil, nesterr.New(nesterr.ErrKeyError, "Node %d (%s) is not a recorder and has no events.", id, n.Model())
	}
	if r.Recording() == nil {
		r.InitRecording(k.alloc, &k.io, id, k.modelOf[id-1])
	}
	return r.Recording(), nil
}

// NodeStatus returns the status dictionary of node id: the model's
// parameters and state plus the entries the kernel adds.
func (k *Kernel) NodeStatus(id int) (dict.Dict, error) {
	n, err := k.node(id)
	if err != nil {
		return nil, err
	}
	if !k.isLocal(id - 1) {
		d := dict.Dict{}
		k.remoteEntries(id, n, node.DictSink{D: d})
		return d, nil
	}
	d := n.Status()
	rec, stim := ownEntries(d)
	k.nodeEntries(id, n, rec, stim, node.DictSink{D: d})
	return d, nil
}

// remoteEntries writes to s the entries of the status of node id (n)
// that another process updates: as NEST's proxy nodes, only what every
// process knows (global_id, local, model, model_id, vp, element_type);
// its parameters and state live on its own process, so get() gives None
// for them (a KeyError when no node of the collection has the key).
func (k *Kernel) remoteEntries(id int, n node.Node, s node.StatusSink) {
	s.Int("global_id", id)
	s.String("model", k.modelOf[id-1])
	s.String("element_type", string(n.ElementType()))
	s.Bool("local", false)
	s.Int("vp", k.vpOf(id-1))
	s.Int("model_id", k.nodeModelIDs[k.modelOf[id-1]])
}

// nodeEntries writes to s the entries the kernel adds to the status of
// node id (n) over its own, which has the recordables rec in name order
// (nil: none) and stimulus_source if stim (see kernelEntries); they
// replace own entries of the same keys.
func (k *Kernel) nodeEntries(id int, n node.Node, rec []string, stim bool, s node.StatusSink) {
	i := id - 1
	s.Int("global_id", id)
	s.String("model", k.modelOf[i])
	s.String("element_type", string(n.ElementType()))
	s.Bool("local", k.isLocal(i))
	s.Int("thread", max(int(k.threadIdx[i]), 0))
	s.Int("vp", k.vpOf(i))
	s.Bool("frozen", k.frozen[i])
	var elements any = noElements
	if i < len(k.ca) && len(k.ca[i].elems) > 0 {
		elements = k.ca[i].elems.status()
	}
	k.kernelEntries(s, n, k.modelOf[i], k.genericOfNode(i), k.threadLocalID(i), rec, stim, elements)
}

// SetNodeStatus sets the status of the nodes ids from params (one
// dictionary for all or one per node). Either all nodes change or none.
func (k *Kernel) SetNodeStatus(ids []int, params []dict.Dict) error {
	switch len(params) {
	case 1:
		p := params[0]
		return k.setNodes(ids, func(int) dict.Dict { return p }, true)
	case len(ids):
		return k.setNodes(ids, func(i int) dict.Dict { return params[i] }, false)
	}
	return nesterr.New(nesterr.ErrBadParameter, "Expected one status dictionary or one per node (%d nodes), got %d.", len(ids), len(params))
}

// SetNodeColumns sets, on every node ids[i], the entries of common and,
// for each key keys[c], the value value(c, i): SetNodeStatus with one
// dictionary per node, without making one. Either all nodes change or
// none.
func (k *Kernel) SetNodeColumns(ids []int, common dict.Dict, keys []string, value func(c, i int) any) error {
	scratch := make(dict.Dict, len(common)+len(keys))
	for key, v := range common {
		scratch[key] = v
	}
	return k.setNodes(ids, func(i int) dict.Dict {
		for c, key := range keys {
			scratch[key] = value(c, i)
		}
		return scratch
	}, true)
}

// setNodes sets node ids[i] from pick(i). pick is called twice per node
// (checking, then changing) and must give the same entries both times;
// the dictionary it returns is read during the call only, so it may be
// reused. sameKeys says that every dictionary has the same keys: then
// when none is an entry the kernel handles (frozen, Ca, ...), the checks
// of those entries are skipped.
func (k *Kernel) setNodes(ids []int, pick func(i int) dict.Dict, sameKeys bool) error {
	env := k.env()
	plain := sameKeys && len(ids) > 0 && !hasKernelKeys(pick(0))
	reader := &dict.Reader{} // read during each SetStatus only
	var scratch scratchCopies
	// First apply every change, in order, to one working copy per node, so
	// that a rejected entry (also one that only fails after an earlier
	// dictionary for the same node) leaves all nodes as they were. With
	// each id once (the common case), the copy lives for one dictionary.
	unique := slices.IsSorted(ids) && !hasAdjacentRepeat(ids)
	var copies map[int]node.Node
	if !unique {
		copies = make(map[int]node.Node, len(ids))
	}
	generic := map[int]nodeGeneric{}
	elems := map[int]synElements{}
	genericSet := map[int]dict.Dict{} // the generic entries named, per node
	frozen := map[int]bool{}
	for i, id := range ids {
		n, err := k.node(id)
		if err != nil {
			return err
		}
		var c node.Node
		if unique && plain {
			c = scratch.of(n)
		} else if unique {
			c = n.Clone()
		} else if c = copies[id]; c == nil {
			c = n.Clone()
			copies[id] = c
		}
		d := pick(i)
		if plain {
			reader.Reset(d)
			if err := c.SetStatus(reader, env); err != nil {
				return err
			}
			if err := checkAllUsed(reader, n.Model(), k.dictMissIsError); err != nil {
				return err
			}
			continue
		}
		if hasGeneric(n) {
			cur, ok := elems[id]
			if !ok && id-1 < len(k.ca) {
				cur = k.ca[id-1].elems
			}
			next, changed, err := withSynElements(cur, d)
			if err != nil {
				return err
			}
			if changed {
				elems[id] = next
			}
		} else if err := checkSynapticElements(n, d); err != nil {
			return err
		}
		if err := checkModelOnlyNodeKeys(k.modelOf[id-1], id, n, d); err != nil {
			return err
		}
		if f, ok, err := readFrozen(d, n); err != nil {
			return err
		} else if ok {
			frozen[id] = f
		}
		if hasGeneric(n) {
			var gen dict.Dict
			if d, gen = splitGeneric(d); gen != nil {
				g, ok := generic[id]
				if !ok {
					g = k.genericOfNode(id - 1)
				}
				if generic[id], err = g.with(gen); err != nil {
					return err
				}
			}
			genericSet[id] = mergeNamed(genericSet[id], gen)
		}
		// The copy is dropped on any error, so no second copy is needed
		// to keep it unchanged.
		r := dict.NewReader(withoutKernelKeys(d))
		if err := c.SetStatus(r, env); err != nil {
			return err
		}
		if err := checkAllUsed(r, n.Model(), k.dictMissIsError); err != nil {
			return err
		}
	}
	for i, id := range ids {
		n := k.nodes[id-1]
		d := pick(i)
		if !plain {
			if hasGeneric(n) {
				d, _ = splitGeneric(d)
			}
			d = withoutKernelKeys(d)
		}
		reader.Reset(d)
		if err := n.SetStatus(reader, env); err != nil {
			return nesterr.New(nesterr.ErrInternal, "node %d accepted a status change on a copy but not in place: %v", id, err)
		}
	}
	for id, g := range generic {
		k.setGeneric(id-1, g)
		passIgnoreAndSpike(k.nodes[id-1], g, genericSet[id])
	}
	for id, el := range elems {
		k.ca[id-1].elems = el
	}
	for id, f := range frozen {
		k.frozen[id-1] = f
	}
	if len(frozen) > 0 {
		k.anyFrozen = slices.Contains(k.frozen, true)
	}
	return nil
}

// hasKernelKeys reports whether d has an entry the kernel handles
// itself when node status is set (see setNodes).
func hasKernelKeys(d dict.Dict) bool {
	for _, keys := range [][]string{genericKeys, kernelNodeKeys, modelOnlyNodeKeys} {
		for _, key := range keys {
			if _, ok := d[key]; ok {
				return true
			}
		}
	}
	return false
}

// checkAllUsed reports the entries r did not read if missIsError (NEST's
// dict_miss_is_error); else unknown entries are ignored, as in NEST.
func checkAllUsed(r *dict.Reader, model string, missIsError bool) error {
	if !missIsError {
		return nil
	}
	return r.CheckAllUsed(model)
}

// hasAdjacentRepeat reports whether two neighbours of ids are equal.
func hasAdjacentRepeat(ids []int) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return true
		}
	}
	return false
}

// trySet applies d to n and, if missIsError (NEST's dict_miss_is_error),
// reports keys n does not know. n is changed
// only when the result is nil; callers that need atomicity over several
// nodes validate on clones first.
func trySet(n node.Node, d dict.Dict, env *node.Env, missIsError bool) error {
	r := dict.NewReader(withoutKernelKeys(d))
	probe := n.Clone()
	if err := probe.SetStatus(r, env); err != nil {
		return err
	}
	if err := r.CheckAllUsed(n.Model()); err != nil && missIsError {
		return err
	}
	return n.SetStatus(dict.NewReader(withoutKernelKeys(d)), env)
}

// kernelNodeKeys are the status entries of every node that the kernel
// itself handles when they are set (frozen, and an empty
// synaptic_elements), so the model must not see them. The other entries
// the kernel reports (global_id, model, element_type, local, thread, vp,
// recordables, model_id, ...) are read-only: as in NEST, setting one is an
// UnaccessedDictionaryEntry, even to the value it has.
var kernelNodeKeys = []string{"frozen", "synaptic_elements", "synaptic_elements_param"}

func withoutKernelKeys(d dict.Dict) dict.Dict {
	hit := false
	for _, key := range kernelNodeKeys {
		if _, ok := d[key]; ok {
			hit = true
			break
		}
	}
	if !hit {
		return d
	}
	c := d.Clone()
	for _, key := range kernelNodeKeys {
		delete(c, key)
	}
	return c
}

// Create makes n nodes of model and returns the id of the first; the ids
// are contiguous. params is nil, one dictionary for all nodes, or one per
// node. Nothing is created if any dictionary is rejected.
func (k *Kernel) Create(model string, n int, params []dict.Dict) (int, error) {
	defer stopwatch(&k.timers.create, &k.timers.createCPU).stop()
	proto, ok := k.prototypes[model]
	if !ok {
		return 0, nesterr.New(nesterr.ErrUnknownModelName, "%s is not a known model name.", model)
	}
	if n < 1 {
		return 0, nesterr.New(nesterr.ErrBadParameter, "n must be a positive number of nodes, got %d.", n)
	}
	if len(params) > 1 && len(params) != n {
		return 0, nesterr.New(nesterr.ErrBadParameter, "Expected one parameter dictionary or one per node (%d), got %d.", n, len(params))
	}
	if err := k.checkCreateMemory(model, proto, n); err != nil {
		return 0, err
	}
	env := k.env()
	made := make([]node.Node, n)
	gens := make([]nodeGeneric, n)
	elemsNew := make([]synElements, n)
	frozenNew := make([]bool, n)
	for i := range gens {
		gens[i] = k.genericOfModel(model)
	}
	for i := range made {
		if i%createCheckEvery == createCheckEvery-1 && k.interrupt.Load() {
			return 0, errCreateInterrupted
		}
		made[i] = proto.Clone()
		var d dict.Dict
		switch len(params) {
		case 1:
			d = params[0]
		case n:
			d = params[i]
		}
		if len(d) == 0 {
			continue
		}
		if hasGeneric(proto) {
			var gen dict.Dict
			d, gen = splitGeneric(d)
			g, err := k.genericOfModel(model).with(gen)
			if err != nil {
				return 0, err
			}
			gens[i] = g
			passIgnoreAndSpike(made[i], g, gen)
			el, changed, err := withSynElements(k.protoElems[model], d)
			if err != nil {
				return 0, err
			}
			if changed {
				elemsNew[i] = el
			}
		} else if err := checkSynapticElements(proto, d); err != nil {
			return 0, err
		}
		if err := checkModelOnlyNodeKeys(model, len(k.nodes)+1+i, proto, d); err != nil {
			return 0, err
		}
		if f, ok, err := readFrozen(d, proto); err != nil {
			return 0, err
		} else if ok {
			frozenNew[i] = f
		}
		if _, ok := d["frozen"]; ok {
			d = d.Clone()
			delete(d, "frozen")
		}
		for _, key := range []string{"synaptic_elements", "synaptic_elements_param"} {
			if _, ok := d[key]; ok {
				d = d.Clone()
				delete(d, key)
			}
		}
		r := dict.NewReader(d)
		if err := made[i].SetStatus(r, env); err != nil {
			return 0, err
		}
		if err := r.CheckAllUsed(model); err != nil && k.dictMissIsError {
			return 0, err
		}
	}
	first := len(k.nodes) + 1
	// Recorders get their tables before any node joins the network, so
	// that nothing is half-made if that fails.
	for i, m := range made {
		if r, ok := m.(recorder); ok {
			r.InitRecording(k.alloc, &k.io, first+i, model)
		}
	}
	for i, m := range made {
		idx := len(k.nodes)
		k.setGeneric(idx, gens[i])
		if elemsNew[i] != nil {
			k.ca[idx].elems = elemsNew[i]
		} else if el := k.protoElems[model]; len(el) > 0 && hasGeneric(m) {
			k.ca[idx].elems = slices.Clone(el)
		}
		k.frozen = append(k.frozen, frozenNew[i])
		k.anyFrozen = k.anyFrozen || frozenNew[i]
		k.replica = append(k.replica, replicated(m))
		k.threadIdx = append(k.threadIdx, -1)
		if k.isLocal(idx) {
			// As NEST places nodes: node id modulo the virtual processes
			// gives the VP, VP / processes its thread. A device of
			// another process's VP is updated by the same thread, which
			// emits for it into that VP's slot.
			vp := k.vpOf(idx)
			k.threadIdx[idx] = int32(vp / k.NumProcesses())
			if vp%k.NumProcesses() != k.Rank() {
				t := k.threadOf(idx)
				if t.emitTo == nil {
					t.emitTo = map[int]*thread{}
				}
				t.emitTo[idx] = k.slots[vp]
			}
			t := k.threadOf(idx)
			t.nodes = append(t.nodes, idx)
			if mm, ok := m.(*devices.Multimeter); ok {
				t.meters = append(t.meters, mm)
			}
		}
		k.nodes = append(k.nodes, m)
		k.modelOf = append(k.modelOf, model)
		k.io.NumNodes = len(k.nodes)
		sr, _ := m.(node.SpikeReceiver)
		cr, _ := m.(node.CurrentReceiver)
		k.spikeRecv = append(k.spikeRecv, sr)
		k.currRecv = append(k.currRecv, cr)
	}
	k.noteOffGrid(model, proto)
	for _, t := range k.threads {
		for _, p := range t.plastic {
			if p != nil {
				p.Grow(len(k.nodes))
			}
		}
	}
	return first, nil
}

// setGeneric records the generic entries of node index i.
func (k *Kernel) setGeneric(i int, g nodeGeneric) {
	for len(k.ca) <= i {
		k.ca = append(k.ca, caState{tau: defaultGeneric.tauCa, beta: defaultGeneric.betaCa})
	}
	c := &k.ca[i]
	c.minus, c.tau, c.beta = g.ca, g.tauCa, g.betaCa
	g.ca, g.tauCa, g.betaCa = defaultGeneric.ca, defaultGeneric.tauCa, defaultGeneric.betaCa
	if g == defaultGeneric {
		delete(k.genericOf, i)
		return
	}
	k.genericOf[i] = g
}

// readFrozen reads "frozen" from d for node n: recording devices cannot be
// frozen, as in NEST.
func readFrozen(d dict.Dict, n node.Node) (frozen, ok bool, err error) {
	v, ok := d["frozen"]
	if !ok {
		return false, false, nil
	}
	f, isBool := v.(bool)
	if !isBool {
		return false, false, nesterr.New(nesterr.ErrTypeMismatch, "frozen expects a boolean, got %s.", dict.Describe(v))
	}
	if f && n.ElementType() == node.Recorder {
		return false, false, nesterr.New(nesterr.ErrBadProperty, "Recording devices (%s) cannot be frozen.", n.Model())
	}
	return f, true, nil
}

// Defaults returns the defaults of a node or synapse model.
func (k *Kernel) Defaults(model string) (dict.Dict, error) {
	if p, ok := k.prototypes[model]; ok {
		d := p.Status()
		d["model"] = model
		d["element_type"] = string(p.ElementType())
		k.putKernelEntries(d, p, model, k.genericOfModel(model), -1)
		if el := k.protoElems[model]; len(el) > 0 {
			d["synaptic_elements"] = el.status()
		}
		d["type_id"] = k.typeOf[model]
		d["global_id"], d["local"], d["thread"], d["vp"], d["frozen"] = 0, true, -1, -1, false
		k.putLayoutEntries(d, model, p)
		return d, nil
	}
	if id, ok := k.synIndex[model]; ok {
		return k.synapseDefaults(id), nil
	}
	return nil, nesterr.New(nesterr.ErrUnknownModelName, "%s is not a known model name.", model)
}

// SetDefaults changes the defaults of a node or synapse model; nodes
// created afterwards start from them.
func (k *Kernel) SetDefaults(model string, d dict.Dict) error {
	if p, ok := k.prototypes[model]; ok {
		c := p.Clone()
		g := k.genericOfModel(model)
		el, elChanged := k.protoElems[model], false
		var gen dict.Dict
		if hasGeneric(p) {
			var err error
			d, gen = splitGeneric(d)
			if g, err = g.with(gen); err != nil {
				return err
			}
			if el, elChanged, err = withSynElements(el, d); err != nil {
				return err
			}
		} else if err := checkSynapticElements(p, d); err != nil {
			return err
		}
		if err := trySet(c, d, k.env(), k.dictMissIsError); err != nil {
			return err
		}
		passIgnoreAndSpike(c, g, gen)
		if g == defaultGeneric {
			delete(k.protoGeneric, model)
		} else {
			k.protoGeneric[model] = g
		}
		if elChanged {
			k.protoElems[model] = el
		}
		k.prototypes[model] = c
		k.defaultsModified = true
		return nil
	}
	if id, ok := k.synIndex[model]; ok {
		if err := k.setSynapseDefaults(id, d); err != nil {
			return err
		}
		k.defaultsModified = true
		return nil
	}
	return nesterr.New(nesterr.ErrUnknownModelName, "%s is not a known model name.", model)
}

// modelOnlyNodeKeys are node parameters NEST accepts in a model's defaults
// (SetDefaults, CopyModel) but refuses on nodes (set, and the params of
// Create).
var modelOnlyNodeKeys = []string{"individual_spike_trains"}

// checkModelOnlyNodeKeys refuses, for node id (of model, made from or
// being n), a key of d that can only be set on the model, with NEST's
// message.
func checkModelOnlyNodeKeys(model string, id int, n node.Node, d dict.Dict) error {
	for _, key := range modelOnlyNodeKeys {
		if _, ok := d[key]; !ok {
			continue
		}
		if _, has := n.Status()[key]; has {
			return nesterr.New(nesterr.ErrBadProperty,
				"Setting status of a '%s' with node ID %d: The %s property can only be set as a model default using SetDefaults or upon CopyModel.",
				model, id, key)
		}
	}
	return nil
}
