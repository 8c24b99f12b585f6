package synapses

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

// plHomTable stores the stdp_pl_synapse_hom connections of one thread as
// columns by source: a connection is its target (4 bytes) and its weight
// (8 bytes); the packed delay and receptor are one value for the table
// until a connection with another arrives, as in the kernel's static
// tables. A source's weights column is made only once its connections'
// weights differ from the table's first one (at its first spike, usually):
// a large Connect then writes one column, not two, source by source.
//
// The presynaptic trace K+ and the time of the last presynaptic spike are
// kept once per source. NEST keeps both in every connection, but a spike
// updates them from the spike's stamp alone (the delay enters only where
// the postsynaptic history is read), so connections of one source that
// started with the same K+ and last spike hold the same values ever after,
// whatever their delays. A source whose connections part (one made after
// a Simulate, when its siblings have seen spikes, or one whose Kplus is
// set) keeps the two values per connection instead, in own.
type plHomTable struct {
	r       stdpPLHom
	targets [][]uint32
	weights [][]float64 // by source: nil while all its connections have weight
	weight  float64
	metas   [][]uint32 // nil while every connection has meta
	meta    uint32
	shared  []stdpPLHomState   // by source, while own[src] is nil
	own     [][]stdpPLHomState // by source: per-connection state, nil while shared (own itself nil while no source needs it)
	// archives caches, by target node index, the archive the kernel
	// reports for the target (filled on the first delivery to it)
	archives []*node.Archive
	count    int
}

// newTable gives stdp_pl_synapse_hom its columnar table.
func (m stdpPLHom) newTable() Table { return &plHomTable{r: m} }

// ArchiveView is implemented by the Post the kernel gives for a target
// that keeps a node.Archive: the archive and the dendritic delay (ms)
// through which the synapse sees it.
type ArchiveView interface {
	ViewedArchive() (a *node.Archive, delay float64)
}

// SourceUpdater is implemented by the tables whose rule reads nothing of
// a target but its archive (stdp_pl_synapse_hom). The kernel lets such a
// table update all connections of a spiking source at once and then
// delivers the weights they leave, as it delivers a static table's.
type SourceUpdater interface {
	// UpdateSource applies a presynaptic spike of src at t (ms) to each
	// of src's connections: archive gives a target's archive (asked once
	// per target), delay the dendritic delay (ms) of a packed meta.
	UpdateSource(src int, t float64, archive func(target uint32) *node.Archive, delay func(meta uint32) float64)
	// Columns returns src's targets and weights and their metas: one per
	// connection, or nil and the one they share.
	Columns(src int) (targets []uint32, weights []float64, metas []uint32, meta uint32)
}

func (t *plHomTable) Grow(nodes int) {
	if more := nodes - len(t.targets); more > 0 {
		t.targets = append(t.targets, make([][]uint32, more)...)
		t.weights = append(t.weights, make([][]float64, more)...)
		t.shared = append(t.shared, make([]stdpPLHomState, more)...)
		if t.metas != nil {
			t.metas = append(t.metas, make([][]uint32, more)...)
		}
		if t.own != nil {
			t.own = append(t.own, make([][]stdpPLHomState, more)...)
		}
	}
	if more := nodes - len(t.archives); more > 0 {
		t.archives = append(t.archives, make([]*node.Archive, more)...)
	}
}

// Reserve grows src's columns as the generic table does (see table.Reserve).
func (t *plHomTable) Reserve(src, n int) {
	if cap(t.targets[src])-len(t.targets[src]) >= n {
		return
	}
	t.targets[src] = growBy(t.targets[src], n)
	if t.weights[src] != nil {
		t.weights[src] = growBy(t.weights[src], n)
	}
	if t.metas != nil {
		t.metas[src] = growBy(t.metas[src], n)
	}
	if t.own != nil && t.own[src] != nil {
		t.own[src] = growBy(t.own[src], n)
	}
}

// growBy returns s with room for n more elements: exactly n for an empty
// s or a large n, else half as many again as s holds.
func growBy[T any](s []T, n int) []T {
	grown := make([]T, len(s), len(s)+max(n, len(s)/2))
	copy(grown, s)
	return grown
}

func (t *plHomTable) Add(src int, target, meta uint32, weight float64, tpl any) {
	s := tpl.(stdpPLHomState)
	if t.count == 0 {
		t.meta, t.weight = meta, weight
	}
	if t.metas == nil && meta != t.meta {
		t.spreadMetas()
	}
	switch {
	case len(t.targets[src]) == 0:
		t.shared[src] = s
		if t.own != nil {
			t.own[src] = nil
		}
	case t.own != nil && t.own[src] != nil:
		t.own[src] = append(t.own[src], s)
	case !sameState(s, t.shared[src]):
		t.part(src)
		t.own[src] = append(t.own[src], s)
	}
	if t.weights[src] != nil || math.Float64bits(weight) != math.Float64bits(t.weight) {
		t.weights[src] = append(t.ownWeights(src), weight)
	}
	t.targets[src] = append(t.targets[src], target)
	if t.metas != nil {
		t.metas[src] = append(t.metas[src], meta)
	}
	t.count++
}

// spreadMetas gives every connection its own meta, the table's so far.
func (t *plHomTable) spreadMetas() {
	t.metas = make([][]uint32, len(t.targets))
	for i, ts := range t.targets {
		t.metas[i] = make([]uint32, len(ts), cap(ts))
		for j := range t.metas[i] {
			t.metas[i][j] = t.meta
		}
	}
}

// ownWeights gives each connection of src a weight of its own, the
// table's, unless they have one already.
func (t *plHomTable) ownWeights(src int) []float64 {
	if t.weights[src] == nil {
		w := make([]float64, len(t.targets[src]), cap(t.targets[src]))
		for i := range w {
			w[i] = t.weight
		}
		t.weights[src] = w
	}
	return t.weights[src]
}

// weightOf returns the weight of connection i of src.
func (t *plHomTable) weightOf(src, i int) float64 {
	if t.weights[src] == nil {
		return t.weight
	}
	return t.weights[src][i]
}

// sameState compares two states bit for bit.
func sameState(a, b stdpPLHomState) bool {
	return math.Float64bits(a.Kplus) == math.Float64bits(b.Kplus) && math.Float64bits(a.lastSpike) == math.Float64bits(b.lastSpike)
}

// part gives each connection of src its own copy of the shared state.
func (t *plHomTable) part(src int) {
	if t.own == nil {
		t.own = make([][]stdpPLHomState, len(t.targets))
	}
	own := make([]stdpPLHomState, len(t.targets[src]), cap(t.targets[src]))
	for i := range own {
		own[i] = t.shared[src]
	}
	t.own[src] = own
}

// stateOf returns the state of connection i of src.
func (t *plHomTable) stateOf(src, i int) *stdpPLHomState {
	if t.own != nil && t.own[src] != nil {
		return &t.own[src][i]
	}
	return &t.shared[src]
}

func (t *plHomTable) Count() int { return t.count }

func (t *plHomTable) Len(src int) int {
	if src >= len(t.targets) {
		return 0
	}
	return len(t.targets[src])
}

func (t *plHomTable) metaOf(src, i int) uint32 {
	if t.metas == nil {
		return t.meta
	}
	return t.metas[src][i]
}

// step is the rule for one connection of weight w whose presynaptic trace
// was kplus after its previous spike at tLast, for a spike at t, seeing
// archive a through the dendritic delay d: the weight after potentiation
// by the postsynaptic spikes since tLast and depression by K- at t (the
// same operations as send, in the same order).
func (p *plHomParams) step(w, kplus, tLast, t float64, a *node.Archive, d float64) float64 {
	start, end, kminus := a.WindowKMinus(tLast-d, t-d)
	for i := start; i < end; i++ {
		minusDt := tLast - (a.SpikeTime(i) + d)
		w = p.facilitate(w, kplus*libm.Exp(minusDt*p.tauPlusInv))
	}
	return p.depress(w, kminus)
}

// advance is K+ and the last spike after a presynaptic spike at t.
func (p *plHomParams) advance(s *stdpPLHomState, t float64) {
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)*p.tauPlusInv)) + 1
	s.lastSpike = t
}

func (t *plHomTable) UpdateSource(src int, at float64, archive func(target uint32) *node.Archive, delay func(meta uint32) float64) {
	p := t.r.p
	targets, weights := t.targets[src], t.ownWeights(src)
	d := delay(t.meta)
	if t.own != nil && t.own[src] != nil {
		own := t.own[src]
		for i, tgt := range targets {
			if t.metas != nil {
				d = delay(t.metas[src][i])
			}
			weights[i] = p.step(weights[i], own[i].Kplus, own[i].lastSpike, at, t.archiveOf(tgt, archive), d)
			p.advance(&own[i], at)
		}
		return
	}
	s := &t.shared[src]
	kplus, last := s.Kplus, s.lastSpike
	if t.metas == nil {
		for i, tgt := range targets {
			weights[i] = p.step(weights[i], kplus, last, at, t.archiveOf(tgt, archive), d)
		}
	} else {
		metas := t.metas[src]
		for i, tgt := range targets {
			weights[i] = p.step(weights[i], kplus, last, at, t.archiveOf(tgt, archive), delay(metas[i]))
		}
	}
	p.advance(s, at)
}

func (t *plHomTable) archiveOf(tgt uint32, archive func(uint32) *node.Archive) *node.Archive {
	a := t.archives[tgt]
	if a == nil {
		a = archive(tgt)
		t.archives[tgt] = a
	}
	return a
}

func (t *plHomTable) Columns(src int) ([]uint32, []float64, []uint32, uint32) {
	if t.metas == nil {
		return t.targets[src], t.ownWeights(src), nil, t.meta
	}
	return t.targets[src], t.ownWeights(src), t.metas[src], t.meta
}

// Deliver is UpdateSource with the archive and delay each connection's
// Post reports (the kernel's views implement ArchiveView), followed by a
// send of every connection's weight.
func (t *plHomTable) Deliver(src int, at float64, _ *rand.Rand, post func(target, meta uint32) Post, send func(pos int, target, meta uint32, weight float64)) {
	p := t.r.p
	targets, weights := t.targets[src], t.ownWeights(src)
	own := t.own != nil && t.own[src] != nil
	for i, tgt := range targets {
		a, d := post(tgt, t.metaOf(src, i)).(ArchiveView).ViewedArchive()
		s := t.stateOf(src, i)
		weights[i] = p.step(weights[i], s.Kplus, s.lastSpike, at, a, d)
		if own {
			p.advance(s, at)
		}
	}
	if !own && len(targets) > 0 {
		p.advance(&t.shared[src], at)
	}
	for i, tgt := range targets {
		send(i, tgt, t.metaOf(src, i), weights[i])
	}
}

func (t *plHomTable) Each(src int, fn func(target, meta uint32, weight float64, state dict.Dict)) {
	for i, tgt := range t.targets[src] {
		d := dict.Dict{}
		t.r.status(t.stateOf(src, i), d)
		fn(tgt, t.metaOf(src, i), t.weightOf(src, i), d)
	}
}

func (t *plHomTable) Prepared(src, i int, r *dict.Reader) (any, error) {
	s := *t.stateOf(src, i)
	if err := t.r.set(&s, r); err != nil {
		return nil, err
	}
	return s, nil
}

func (t *plHomTable) Apply(src, i int, state any, weight float64, meta uint32) {
	if s := state.(stdpPLHomState); !sameState(s, *t.stateOf(src, i)) {
		if t.own == nil || t.own[src] == nil {
			t.part(src)
		}
		t.own[src][i] = s
	}
	if t.weights[src] != nil || math.Float64bits(weight) != math.Float64bits(t.weight) {
		t.ownWeights(src)[i] = weight
	}
	if t.metas == nil && meta != t.meta {
		t.spreadMetas()
	}
	if t.metas != nil {
		t.metas[src][i] = meta
	}
}

func (t *plHomTable) At(src, i int) (float64, uint32) { return t.weightOf(src, i), t.metaOf(src, i) }

func (t *plHomTable) TargetAt(src, i int) uint32 { return t.targets[src][i] }

func (t *plHomTable) Remove(src int, drop []int) {
	n := len(t.targets[src])
	t.targets[src] = removeAt(t.targets[src], drop)
	if t.weights[src] != nil {
		t.weights[src] = removeAt(t.weights[src], drop)
	}
	if t.metas != nil {
		t.metas[src] = removeAt(t.metas[src], drop)
	}
	if t.own != nil && t.own[src] != nil {
		t.own[src] = removeAt(t.own[src], drop)
	}
	t.count -= n - len(t.targets[src])
}

// removeAt deletes the elements at the positions drop (ascending,
// distinct) from s, keeping the order of the others.
func removeAt[T any](s []T, drop []int) []T {
	kept, next := s[:0], 0
	for i := range s {
		if next < len(drop) && drop[next] == i {
			next++
			continue
		}
		kept = append(kept, s[i])
	}
	clear(s[len(kept):])
	return kept
}
