package kernel

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"unsafe"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
	"github.com/gonest/gonest/gocore/synapses"
)

// thread is one worker of the scheduler, one virtual process: node id n
// belongs to VP n % V, which is thread VP / P of process VP % P (see
// distribute.go). A thread updates its nodes, owns the connections whose target is
// one of its nodes, and delivers into their input buffers, so no two
// threads ever write the same memory during a phase.
type thread struct {
	id      int
	nodes   []int             // indices of the nodes this thread updates, ascending
	tables  []connTable       // static connections to this thread's nodes, by synapse model id
	cols    *columnMaps       // the mapped columns of tables (colmem.go)
	plastic []synapses.Table  // connections with state, by synapse model id (nil for static models)
	labels  map[int][][]int32 // synapse_label by model id and source, in table order (_lbl models only; see labels.go)
	// reports for weight recorders collected during a delivery phase, and
	// the connection numbering they use (see weightrec.go)
	weightEvents []weightEvent
	ports        map[int]*portIndex
	meters       []*devices.Multimeter

	// pairs[j] is t.nodes[j] if it is a node.PairUpdater, groups[j] if
	// it is a node.GroupUpdater, ordered[j] the node itself (see
	// buildPairs); paired says whether any node is either
	pairs   []node.PairUpdater
	groups  []node.GroupUpdater
	ordered []node.Node
	paired  bool

	// what this thread's nodes emitted during the current slice; read by
	// every thread at the start of the next slice
	spikes   []emitted
	flushes  []emitted      // NEST's flush events of silent e-prop neurons (eprop.go)
	weighted []weightedEmit // of the spikes marked weightedMult (weighted_spikes.go)
	nSpikes  int64          // spikes emitted since the current Simulate started (local_spike_counter)
	replica  []bool         // by node index: a device NEST replicates; its spikes are not counted
	// calcium traces of the neurons (shared with the kernel during a run)
	ca        []caState
	caNeuron  []bool
	caPrecise []bool // by node index: precise (off-grid) neurons
	base      simtime.Base
	currents  []emittedCurrent
	// values of per-target currents (SendCurrents), referred to by
	// emittedCurrent.first
	currentValues []float64
	// layouts maps each per-target current sender to how its targets
	// were numbered at the last prepare (shared by all threads, read only)
	layouts map[int32]*targetLayout

	// devConns lists, by source index, this thread's spike connections to
	// devices (spike_recorder): NEST hands spikes to devices as they are
	// sent, not at the next slice, so these are delivered right after each
	// update phase (deliverToDevices) and skipped by deliver.
	devConns map[int32][]devConn
	// devDone counts this thread's spikes already handed to devices.
	devDone int

	rng *rand.Rand
	// pcg is rng's source, drawn from directly by the Poisson drive
	// (poisson_drive.go) so that the draw inlines; set and reset with rng
	pcg *rand.PCG
	// poisson is the Poisson drive's sampler of the last mean it used
	poisson poissonLookup
	ctx     node.Context
	env     node.Env // what prepare shows this thread's nodes, reused from call to call

	// distributed runs (distribute.go): pseudo are the slots of other
	// processes' VPs whose devices this thread updates, emitTo tells by
	// node index which of them a device emits into; incoming and merged
	// are a stand-in slot's received spikes and scratch space.
	pseudo   []*thread
	emitTo   map[int]*thread
	incoming []emitted
	merged   []emitted

	perTargetSpikes // per-target spike emissions (pertarget_spikes.go)

	// arena holds the input buffers of this thread's nodes; fast gives, by
	// node index, where spikes to nodes with a FastSpikeInput go in it.
	arena *node.Arena
	fast  []fastInput

	// spike is the event handed to the receivers of one spike during
	// delivery (a HandleSpike reads it during the call only); kept here so
	// that delivering does not allocate one per spike.
	spike node.SpikeEvent
}

// fastInput locates a node's spike input in the arena: the lane for
// positive weights and the lane for the others; both are -1 for nodes
// that handle spikes themselves. Eight bytes, so that the random look-ups
// of spike delivery touch few cache lines.
type fastInput struct {
	pos, other int32
}

// ok reports whether the node has its spike input in the arena.
func (f *fastInput) ok() bool { return f.pos >= 0 }

// resetEmissions empties what the thread emitted in the last slice.
func (t *thread) resetEmissions() {
	t.spikes = t.spikes[:0]
	t.flushes = t.flushes[:0]
	t.weighted = t.weighted[:0]
	t.devDone = 0
	t.currents = t.currents[:0]
	t.currentValues = t.currentValues[:0]
	t.resetPerTarget()
}

// buildFastInputs fills t.fast after the arena is laid out.
func (t *thread) buildFastInputs(k *Kernel) {
	t.fast = slices.Grow(t.fast[:0], len(k.nodes))[:len(k.nodes)]
	for i := range t.fast {
		t.fast[i] = fastInput{pos: -1, other: -1}
	}
	for _, i := range t.nodes {
		f, ok := k.nodes[i].(node.FastSpikeInput)
		lane := t.arena.Lane(i)
		if !ok || lane < 0 {
			continue
		}
		pos, other := f.SpikeChannels()
		t.fast[i] = fastInput{pos: int32(lane + pos), other: int32(lane + other)}
	}
}

// devConn locates one connection to a device in the connection tables.
type devConn struct {
	syn, pos int32
}

// emittedCurrent is a current waiting for delivery at the start of the
// next slice. Currents take effect at least min_delay steps after emission,
// so delivering them with the spikes gives the same result as sending them
// at once, and keeps every ring buffer written by one thread only.
type emittedCurrent struct {
	src     int32
	step    int64
	current float64
	// first >= 0: one value per target, starting at currentValues[first]
	// of the emitting thread, numbered as layout says
	first  int
	layout *targetLayout
}

// targetLayout numbers the targets of a per-target current sender:
// thread by thread, then synapse model by synapse model, then in creation
// order. offsets[thread][syn] is the number of the first target in that
// table and counts[thread][syn] how many it had. An emission keeps the
// layout it was made with, so targets connected later (between two
// Simulate calls that split a slice) get nothing from it, as they were not
// connected when it was sent.
type targetLayout struct {
	offsets, counts [][]int
}

// caSpike advances the calcium trace of a neuron that spiked in step, at
// the spike's time as NEST logs it (set_spiketime): the precise models
// (node.OffGridNode) at the stamp minus the offset, the grid models at the
// step's end even when their event carries an offset, which is model data
// for iaf_tum_2000 (u*x), iaf_chxk_2008 (the threshold crossing) and
// iaf_bw_2001 (the NMDA jump). Each node is on one thread, so threads
// write disjoint entries.
func (t *thread) caSpike(idx int, step int64, offset float64) {
	if t.ca != nil && t.caNeuron[idx] {
		ms := t.base.StepsToMs(step + 1)
		if t.caPrecise[idx] {
			ms -= offset
		}
		t.ca[idx].spike(ms, t.base.Resolution)
	}
}

// replicated reports whether node idx is a device without proxies:
// NEST's local_spike_counter counts the spikes that go through the
// kernel's spike exchange, which such devices bypass.
func (t *thread) replicated(idx int) bool { return idx < len(t.replica) && t.replica[idx] }

// EmitSpike implements node.Emitter.
func (t *thread) EmitSpike(idx int, step int64, offset float64) {
	t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: offset, mult: 1})
	if !t.replicated(idx) {
		t.nSpikes++
	}
	t.caSpike(idx, step, offset)
}

// EmitSpikes implements node.Emitter.
func (t *thread) EmitSpikes(idx int, step int64, offset float64, multiplicity int) {
	if multiplicity > 0 {
		t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: offset, mult: int32(multiplicity)})
		if !t.replicated(idx) {
			t.nSpikes += int64(multiplicity)
		}
		t.caSpike(idx, step, offset)
	}
}

// EmitPoisson implements node.Emitter: the multiplicity is drawn per
// target at delivery, from the delivering thread's random stream.
func (t *thread) EmitPoisson(idx int, step int64, lambda float64) {
	if lambda > 0 {
		t.spikes = append(t.spikes, emitted{src: int32(idx), step: step, offset: lambda, mult: poissonMult})
	}
}

// SendCurrent implements node.Emitter.
func (t *thread) SendCurrent(idx int, step int64, current float64) {
	t.currents = append(t.currents, emittedCurrent{src: int32(idx), step: step, current: current, first: -1})
}

// SendCurrents implements node.Emitter.
func (t *thread) SendCurrents(idx int, step int64, values []float64) {
	layout := t.layouts[int32(idx)]
	if layout == nil {
		return // not prepared as a per-target sender: it has no targets
	}
	t.currents = append(t.currents, emittedCurrent{src: int32(idx), step: step, first: len(t.currentValues), layout: layout})
	t.currentValues = append(t.currentValues, values...)
}

// table returns the static connection table of synapse model id, making
// it if needed.
func (t *thread) table(id int) *connTable {
	for len(t.tables) <= id {
		if t.cols == nil {
			t.cols = newColumnMaps(t)
		}
		t.tables = append(t.tables, connTable{cols: t.cols})
	}
	return &t.tables[id]
}

// plasticTable returns the table of the plastic synapse model id.
func (t *thread) plasticTable(id int, typ synapses.Type, nodes int) synapses.Table {
	for len(t.plastic) <= id {
		t.plastic = append(t.plastic, nil)
	}
	if t.plastic[id] == nil {
		t.plastic[id] = typ.NewTable()
	}
	t.plastic[id].Grow(nodes)
	return t.plastic[id]
}

// deliver hands everything emitted during the previous slice by all threads
// to this thread's targets, in thread order and then emission order, so
// the result does not depend on timing.
func (t *thread) deliver(k *Kernel, all []*thread) {
	ring := int64(k.minDelay + k.maxDelay)
	for ti := range t.tables {
		tab := &t.tables[ti]
		if tab.count == 0 || k.synModels[ti].secondary != 0 {
			continue // secondary events go their own way (deliverSecondary)
		}
		for _, from := range all {
			for _, c := range from.currents {
				first, targets := -1, tab.targetsOf(int(c.src))
				if c.first >= 0 {
					if t.id >= len(c.layout.offsets) || ti >= len(c.layout.offsets[t.id]) {
						continue
					}
					first = c.first + c.layout.offsets[t.id][ti]
					targets = targets[:min(len(targets), c.layout.counts[t.id][ti])]
				}
				for i, tgt := range targets {
					r := k.currRecv[tgt]
					if r == nil {
						continue
					}
					current := c.current
					if first >= 0 {
						current = from.currentValues[first+i]
					}
					meta := tab.metaOf(int(c.src), i)
					r.HandleCurrent(int((c.step+metaDelay(meta))%ring), metaRport(meta), tab.weightOf(int(c.src), i)*current)
				}
			}
			recorded := k.synModels[ti].weightRecorder != 0
			for i := range from.spikes {
				sp := &from.spikes[i]
				if tab.lenOf(int(sp.src)) == 0 {
					continue
				}
				if sp.mult == perTargetMult {
					t.deliverPerTarget(k, tab, ti, from, sp, ring)
					continue
				}
				if sp.mult == offGridTargetMult {
					t.deliverOffGridTarget(k, tab, ti, from, sp, ring)
					continue
				}
				if sp.mult == weightedMult {
					plain, factor := unweighted(from, *sp)
					t.deliverGeneral(k, tab, &plain, ring, ti, recorded, factor)
					continue
				}
				uniform := !recorded && tab.metas == nil && tab.weights == nil && metaRport(tab.meta) == 0
				switch {
				case uniform && sp.mult == 1:
					t.deliverUniform(k, tab, sp, ring)
				case uniform && sp.mult == poissonMult:
					t.deliverPoissonUniform(k, tab, sp, ring, ti)
				default:
					t.deliverGeneral(k, tab, sp, ring, ti, recorded, 1)
				}
			}
		}
	}
	t.deliverPlastic(k, all, ring)
	for _, m := range t.meters {
		m.Collect()
	}
}

// deliverToDevices hands the spikes emitted since the last call by every
// thread's nodes to this thread's devices, as NEST does when a spike is
// sent; so a spike_recorder holds every spike of a run when Simulate
// returns.
func (t *thread) deliverToDevices(k *Kernel, all []*thread) {
	ring := int64(k.minDelay + k.maxDelay)
	for _, from := range all {
		for si := range from.spikes[from.devDone:] {
			sp := &from.spikes[from.devDone+si]
			dcs := t.devConns[sp.src]
			if len(dcs) == 0 {
				continue
			}
			plain, factor := unweighted(from, *sp)
			sp = &plain
			ev := &t.spike
			*ev = node.SpikeEvent{Sender: int(sp.src) + 1, Stamp: sp.step + 1, Offset: sp.offset, Multiplicity: int(sp.mult)}
			var sampler poissonSampler
			switch sp.mult {
			case poissonMult:
				ev.Offset = 0
				sampler = newPoissonSampler(sp.offset)
			case perTargetMult, offGridTargetMult:
				ev.Offset = 0
			}
			for _, dc := range dcs {
				tab := &t.tables[dc.syn]
				src, pos := int(sp.src), int(dc.pos)
				switch sp.mult {
				case poissonMult:
					if ev.Multiplicity = sampler.draw(t.rng); ev.Multiplicity == 0 {
						continue
					}
				case perTargetMult:
					if ev.Multiplicity = t.perTargetDeviceMult(from, sp, dc); ev.Multiplicity == 0 {
						continue
					}
				case offGridTargetMult:
					if ev.Multiplicity, ev.Offset = t.offGridDeviceSpike(from, sp, dc); ev.Multiplicity == 0 {
						continue
					}
				}
				meta := tab.metaOf(src, pos)
				ev.Slot = int((sp.step + metaDelay(meta)) % ring)
				ev.Rport = metaRport(meta)
				ev.Weight = tab.weightOf(src, pos) * factor
				handToDevice(k, tab.targetsOf(src)[pos], sp, ev)
			}
		}
	}
}

// markDevicesDone records that this thread's spikes so far reached the
// devices; it runs after every thread's deliverToDevices.
func (t *thread) markDevicesDone() { t.devDone = len(t.spikes) }

// deliverUniform is the hot path: one spike to connections that all share
// weight, delay and receptor 0. Targets with a FastSpikeInput get the
// weight added straight into the arena row of the arrival slot.
func (t *thread) deliverUniform(k *Kernel, tab *connTable, sp *emitted, ring int64) {
	slot := (sp.step + metaDelay(tab.meta)) % ring
	row := t.arena.Row(int(slot))
	w := tab.weight
	fast, positive := t.fast, w > 0
	var ev *node.SpikeEvent // made for the first receiver that is not fast
	for _, tgt := range tab.targetsOf(int(sp.src)) {
		if f := fast[tgt]; f.ok() {
			lane := f.other
			if positive {
				lane = f.pos
			}
			row[lane] += w
			continue
		}
		r := k.spikeRecv[tgt]
		if r == nil || k.replica[tgt] {
			continue // devices got it when it was sent (deliverToDevices)
		}
		if ev == nil {
			ev = &t.spike
			*ev = node.SpikeEvent{Sender: int(sp.src) + 1, Stamp: sp.step + 1, Offset: sp.offset,
				Multiplicity: 1, Slot: int(slot), Weight: w}
		}
		r.HandleSpike(ev)
	}
}

// deliverGeneral handles everything else: per-connection weights or
// delays, receptors, multiplicities and Poisson draws.
// When recorded, each transmission is reported to model syn's weight
// recorder. Every weight is multiplied by factor (spike_weights; 1 for
// other spikes), as NEST's event hook scales the weight the connection
// set.
func (t *thread) deliverGeneral(k *Kernel, tab *connTable, sp *emitted, ring int64, syn int, recorded bool, factor float64) {
	ev := &t.spike
	*ev = node.SpikeEvent{Sender: int(sp.src) + 1, Stamp: sp.step + 1, Offset: sp.offset, Multiplicity: int(sp.mult)}
	poisson := sp.mult == poissonMult
	// A poisson_generator's spike: one Poisson number per target, by the
	// thread's table look-up (poissonLookup, the numbers rng.Float64 and
	// inversion give) for means up to 8, else by sampler.
	var sampler poissonSampler
	var lookup *poissonLookup
	if poisson {
		ev.Offset = 0
		if sp.offset <= 8 && t.pcg != nil {
			lookup = &t.poisson
			lookup.reset(sp.offset)
		} else {
			sampler = newPoissonSampler(sp.offset)
		}
	}
	mult := float64(sp.mult)
	base := sp.step % ring
	src := int(sp.src)
	if !recorded && src < len(tab.rows) {
		switch {
		case !poisson && tab.metas != nil:
			t.deliverScattered(k, tab, src, base, ring, mult, factor)
			return
		case lookup != nil:
			t.deliverPoissonColumns(k, tab, src, base, ring, factor)
			return
		}
	}
	targets := tab.targetsOf(src)
	// Connections with delays of their own write to arena cells all over
	// the ring: each cell is asked for deliverAhead connections before it
	// is written (a generator's targets are written in lane order, which
	// the processor foresees itself).
	scattered := tab.metas != nil && !poisson
	for i, tgt := range targets {
		if j := i + deliverAhead; scattered && j < len(targets) {
			t.prefetchCell(tab, src, j, targets[j], base, ring)
		}
		if poisson {
			if lookup != nil {
				x := t.pcg.Uint64()
				if ev.Multiplicity = lookup.drawBits(x); ev.Multiplicity == poissonTable {
					ev.Multiplicity = lookup.tail(x)
				}
			} else {
				ev.Multiplicity = sampler.draw(t.rng)
			}
			if ev.Multiplicity == 0 {
				continue
			}
			mult = float64(ev.Multiplicity)
		}
		meta := tab.metaOf(src, i)
		slot := base + metaDelay(meta)
		if slot >= ring {
			slot -= ring
		}
		weight := tab.weightOf(src, i) * factor
		if recorded && !k.replica[tgt] {
			t.recordWeight(k, syn, src, i, tgt, meta, sp.step+1, weight)
		}
		t.sendSpike(k, ev, tgt, slot, meta, weight, mult)
	}
}

// sendSpike delivers the spike of ev, of multiplicity mult, through one
// connection to tgt arriving in slot: weight times mult added to the
// arena lane of a target that takes its spike input there (receptor 0),
// else ev handed to the target's receiver (not to devices: they got the
// spike when it was sent, deliverToDevices).
func (t *thread) sendSpike(k *Kernel, ev *node.SpikeEvent, tgt uint32, slot int64, meta uint32, weight, mult float64) {
	if f := t.fast[tgt]; f.ok() && metaRport(meta) == 0 {
		w := weight * mult
		lane := f.other
		if w > 0 {
			lane = f.pos
		}
		t.arena.Row(int(slot))[lane] += w
		return
	}
	r := k.spikeRecv[tgt]
	if r == nil || k.replica[tgt] {
		return
	}
	ev.Slot, ev.Rport, ev.Weight = int(slot), metaRport(meta), weight
	r.HandleSpike(ev)
}

// deliverScattered is deliverGeneral for a spike of multiplicity mult
// (not a Poisson generator's), not recorded, through connections with
// delays of their own: the same additions in the same order, with the
// source's columns sliced once and each arena cell prefetched
// deliverAhead connections before it is written.
func (t *thread) deliverScattered(k *Kernel, tab *connTable, src int, base, ring int64, mult, factor float64) {
	targets, metas, weights := tab.columnsOf(src)
	fast, ev := t.fast, &t.spike
	for i, tgt := range targets {
		if j := i + deliverAhead; j < len(targets) {
			if f := fast[targets[j]]; f.ok() {
				slot := base + metaDelay(metas[j])
				if slot >= ring {
					slot -= ring
				}
				prefetchLine(unsafe.Pointer(&t.arena.Row(int(slot))[f.pos]))
			}
		}
		meta, slot, weight := tab.connAt(metas, weights, i, base, ring)
		t.sendSpike(k, ev, tgt, slot, meta, weight*factor, mult)
	}
}

// deliverPoissonColumns is deliverGeneral for a poisson_generator's
// spike whose numbers come from the thread's look-up table (t.poisson,
// reset for the spike), not recorded: for each connection in order its
// Poisson number from the thread's stream, then the same addition or
// hand-over, with the source's columns sliced once. As in
// deliverPoissonUniform, a target with its input in the arena that draws
// 0 gets a zero added (no sum changes: the lanes never hold -0), which
// spares the branch that a third of the draws would mispredict; a weight
// that is not finite (inf times 0) takes sendSpike's route, which skips
// the zeros.
func (t *thread) deliverPoissonColumns(k *Kernel, tab *connTable, src int, base, ring int64, factor float64) {
	targets, metas, weights := tab.columnsOf(src)
	fast, ev, lookup, pcg := t.fast, &t.spike, &t.poisson, t.pcg
	for i, tgt := range targets {
		x := pcg.Uint64()
		n := lookup.drawBits(x)
		if n == poissonTable {
			n = lookup.tail(x)
		}
		meta, slot, weight := tab.connAt(metas, weights, i, base, ring)
		weight *= factor
		if f := fast[tgt]; f.ok() && metaRport(meta) == 0 && weight-weight == 0 {
			w := weight * float64(n)
			lane := f.other
			if w > 0 {
				lane = f.pos
			}
			t.arena.Row(int(slot))[lane] += w
			continue
		}
		if n == 0 {
			continue
		}
		ev.Multiplicity = n
		t.sendSpike(k, ev, tgt, slot, meta, weight, float64(n))
	}
}

// deliverAhead is how many connections ahead of the one it delivers
// deliverGeneral asks for the arena cell of a connection.
const deliverAhead = 8

// prefetchCell prefetches the arena cell that connection i (to tgt) of
// src writes for a spike sent in the slot base.
func (t *thread) prefetchCell(tab *connTable, src, i int, tgt uint32, base, ring int64) {
	f := &t.fast[tgt]
	if !f.ok() {
		return
	}
	slot := base + metaDelay(tab.metaOf(src, i))
	if slot >= ring {
		slot -= ring
	}
	prefetchLine(unsafe.Pointer(&t.arena.Row(int(slot))[f.pos]))
}

// deliverPlastic lets each plastic connection of a spiking source compute
// the weight it transmits, then delivers like a static connection.
//
// The synapses see times as NEST's do, not as the recorders report them:
// a spike's time is its stamp in tics times ms_per_tic (Time::get_ms) and
// the dendritic delay is its steps times ms_per_step
// (Time::delay_steps_to_ms). Both can differ from the double nearest the
// decimal time (StepsToMs) in the last place, which the rules' exp and
// expm1 would carry into the transmitted weights.
//
// A neuron's spike of multiplicity m reaches plastic connections as m
// spikes of multiplicity 1, one after the other, as NEST unrolls it when
// it buffers spikes of nodes with proxies ("plastic synapses only handle
// individual spikes"). Devices send their events directly, so a
// spike_generator's multiple spike passes a synapse once, with its
// multiplicity.
func (t *thread) deliverPlastic(k *Kernel, all []*thread, ring int64) {
	// Without plastic connections there is nothing to do, and the closures
	// below (whose variables live on the heap) are not made: no allocation
	// per slice.
	if !slices.ContainsFunc(t.plastic, func(tab synapses.Table) bool { return tab != nil && tab.Count() > 0 }) {
		return
	}
	var ev node.SpikeEvent
	var sp emitted
	var sampler poissonSampler
	syn := 0      // the model being delivered
	factor := 1.0 // spike_weights factor of the spike being delivered
	send := func(pos int, target, meta uint32, weight float64) {
		weight *= factor
		r := k.spikeRecv[target]
		if r == nil {
			return
		}
		if sp.mult == poissonMult {
			if ev.Multiplicity = sampler.draw(t.rng); ev.Multiplicity == 0 {
				return
			}
		}
		t.recordWeight(k, syn, int(sp.src), pos, target, meta, ev.Stamp, weight)
		c := conn{target: target, meta: meta}
		ev.Slot = int((sp.step + c.delay()) % ring)
		ev.Rport = c.rport()
		ev.Weight = weight
		r.HandleSpike(&ev)
	}
	// One view reused for every connection (a synapse uses it only during
	// its send), so that a delivery allocates nothing.
	var hist shiftedHistory
	var chist clopathShifted
	var uhist urbanczikShifted
	var ehist epropView
	post := func(target, meta uint32) synapses.Post {
		if e, ok := k.nodes[target].(epropTarget); ok {
			ehist = epropView{e: e, resolution: k.base.Resolution}
			return &ehist
		}
		a, _ := k.nodes[target].(node.Archiving)
		hist = shiftedHistory{a: a.Archive(), d: nestDelayMs(k.base, metaDelay(meta))}
		if c, ok := k.nodes[target].(node.ClopathArchiving); ok {
			chist = clopathShifted{shiftedHistory: hist, c: c}
			return &chist
		}
		if u, ok := k.nodes[target].(node.UrbanczikArchiving); ok {
			uhist = urbanczikShifted{shiftedHistory: hist, u: u}
			return &uhist
		}
		return &hist
	}
	for id, tab := range t.plastic {
		if tab == nil || tab.Count() == 0 {
			continue
		}
		syn = id
		if et, ok := tab.(synapses.EpropBsshslmTable); ok {
			t.deliverEpropBsshslm(k, et, all, &sp, &ev, send)
			continue
		}
		if su, ok := tab.(synapses.SourceUpdater); ok {
			t.deliverUpdated(k, su, id, all, ring)
			continue
		}
		for _, from := range all {
			for _, s := range from.spikes {
				if s.mult == perTargetMult || s.mult == offGridTargetMult {
					continue // refused at Connect (checkSenderSynapse)
				}
				sp, factor = unweighted(from, s)
				ev.Sender = int(sp.src) + 1
				ev.Stamp = sp.step + 1
				ev.Offset = sp.offset
				ev.Multiplicity = int(sp.mult)
				repeats := 1
				switch {
				case sp.mult == poissonMult:
					ev.Offset = 0
					sampler = newPoissonSampler(sp.offset)
				case sp.mult > 1 && k.nodes[sp.src].ElementType() == node.Neuron:
					repeats, ev.Multiplicity = int(sp.mult), 1
				}
				at := nestStampMs(k.base, ev.Stamp)
				for range repeats {
					tab.Deliver(int(sp.src), at, t.rng, post, send)
				}
			}
		}
	}
	t.deliverFlushes(k, all, post)
}

// nestStampMs is NEST's Time::get_ms of a stamp in steps: tics times
// ms_per_tic.
func nestStampMs(b simtime.Base, steps int64) float64 {
	return b.MsPerTic * float64(steps*b.TicsPerStep)
}

// nestDelayMs is NEST's Time::delay_steps_to_ms: steps times ms_per_step,
// where ms_per_step is tics_per_step / tics_per_ms.
func nestDelayMs(b simtime.Base, steps int64) float64 {
	return float64(steps) * (float64(b.TicsPerStep) / b.TicsPerMs)
}

// shiftedHistory shows a target's spike history through the dendritic
// delay d: a postsynaptic spike at t is seen by the synapse at t + d.
type shiftedHistory struct {
	a *node.Archive
	d float64
}

func (h shiftedHistory) History(t1, t2 float64, fn func(float64)) {
	h.a.History(t1-h.d, t2-h.d, func(t float64) { fn(t + h.d) })
}

func (h shiftedHistory) KMinus(t float64) float64 { return h.a.KMinus(t - h.d) }

func (h shiftedHistory) HistoryTriplet(t1, t2 float64, fn func(t, kTriplet float64)) {
	h.a.HistoryTriplet(t1-h.d, t2-h.d, func(t, k float64) { fn(t+h.d, k) })
}

func (h shiftedHistory) KValues(t float64) (k, nearest, triplet float64) { return h.a.KValues(t - h.d) }

// update advances this thread's nodes over [from, to) of the slice at
// origin. It first forgets what it emitted in the previous slice, which
// every thread has delivered by now.
func (t *thread) update(k *Kernel, origin int64, from, to int) {
	if from == 0 {
		t.resetEmissions()
		for _, s := range t.pseudo {
			s.resetEmissions()
		}
	}
	if t.emitTo != nil {
		for _, i := range t.nodes {
			if k.anyFrozen && k.frozen[i] {
				continue
			}
			t.ctx.Index = i
			if s := t.emitTo[i]; s != nil {
				t.ctx.Emit = s
				k.nodes[i].Update(&t.ctx, origin, from, to)
				t.ctx.Emit = t
				continue
			}
			k.nodes[i].Update(&t.ctx, origin, from, to)
		}
		return
	}
	if k.anyFrozen {
		for _, i := range t.nodes {
			if !k.frozen[i] && (k.sec.isDevice == nil || !k.sec.isDevice[i]) {
				t.ctx.Index = i
				k.nodes[i].Update(&t.ctx, origin, from, to)
			}
		}
		return
	}
	if dev := k.sec.isDevice; dev != nil {
		for _, i := range t.nodes {
			if !dev[i] { // secondary-event devices were updated first (updateDevices)
				t.ctx.Index = i
				k.nodes[i].Update(&t.ctx, origin, from, to)
			}
		}
		return
	}
	if t.paired {
		t.updatePlain(k, origin, from, to)
		return
	}
	for _, i := range t.nodes {
		t.ctx.Index = i
		k.nodes[i].Update(&t.ctx, origin, from, to)
	}
}

// pool runs a phase on every thread at once and waits for all of them.
// With one thread, or when not parallel, it runs the threads inline, one
// after another. A panic on a worker is caught there and
// raised again in the caller, so the caller's recover (pybind's guard)
// sees it instead of the process dying.
type pool struct {
	work   []chan func(*thread)
	done   sync.WaitGroup
	mu     sync.Mutex
	failed any // first panic value of the current phase
}

func startPool(threads []*thread, parallel bool) *pool {
	p := &pool{}
	if len(threads) == 1 || !parallel {
		return p
	}
	p.work = make([]chan func(*thread), len(threads))
	for i, t := range threads {
		ch := make(chan func(*thread))
		p.work[i] = ch
		go func(t *thread) {
			for f := range ch {
				p.call(f, t)
			}
		}(t)
	}
	return p
}

func (p *pool) call(f func(*thread), t *thread) {
	defer p.done.Done()
	defer func() {
		if r := recover(); r != nil {
			p.mu.Lock()
			if p.failed == nil {
				p.failed = r
			}
			p.mu.Unlock()
		}
	}()
	f(t)
}

func (p *pool) run(threads []*thread, f func(*thread)) {
	if p.work == nil {
		for _, t := range threads {
			f(t)
		}
		return
	}
	p.done.Add(len(threads))
	for _, ch := range p.work {
		ch <- f
	}
	p.done.Wait()
	if p.failed != nil {
		if err, ok := p.failed.(error); ok {
			panic(err) // keep the error, so a model's NEST error survives
		}
		panic(fmt.Sprintf("on a worker thread: %v", p.failed))
	}
}

func (p *pool) stop() {
	for _, ch := range p.work {
		close(ch)
	}
}
