package synapses

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Post is what a synapse may know of its target neuron: its spike history
// (for spike-timing-dependent rules).
type Post interface {
	// History calls fn for each postsynaptic spike time t with
	// t1 < t <= t2 (up to NEST's stdp_eps), oldest first.
	History(t1, t2 float64, fn func(t float64))
	// KMinus returns the postsynaptic trace just before time t.
	KMinus(t float64) float64
	// HistoryTriplet is History with each spike's triplet trace (decaying
	// with the target's tau_minus_triplet) just after it.
	HistoryTriplet(t1, t2 float64, fn func(t, kTriplet float64))
	// KValues returns, just before t, K-, the nearest-neighbour trace (the
	// last postsynaptic spike alone) and the triplet trace.
	KValues(t float64) (k, nearest, triplet float64)
}

// Type is a synapse model: its defaults and a factory for its tables.
type Type interface {
	// Name is the built-in model name.
	Name() string
	// Defaults returns the model's parameters (weight and delay are the
	// kernel's business and not included).
	Defaults() dict.Dict
	// SetDefaults changes the defaults from r; on error nothing changes.
	// Model-level parameters (see modelParams) change in place: the
	// connections already in the Type's tables follow them.
	SetDefaults(r *dict.Reader) error
	// Clone returns an independent copy (CopyModel), with its own
	// model-level parameters.
	Clone() Type
	// Template reads per-connection parameters from r over the defaults
	// and checks them. The result is passed to Table.Add. A model-level
	// parameter in r is a NotImplemented error, as in NEST's Connect.
	Template(r *dict.Reader) (any, error)
	// CheckWeight checks a connection's weight against its parameters
	// (tpl from Template), as NEST does when a connection's own
	// parameters are set.
	CheckWeight(tpl any, weight float64) error
	// NeedsHistory reports whether targets must keep their spike history.
	NeedsHistory() bool
	// NewTable returns empty connection storage for this model.
	NewTable() Table
}

// Table stores the connections of one synapse model to one thread's
// targets, grouped by source node index.
type Table interface {
	Grow(nodes int)
	Reserve(src, n int)
	// Add appends a connection; tpl comes from Type.Template.
	Add(src int, target, meta uint32, weight float64, tpl any)
	Count() int
	// Deliver applies a spike of src at time t (ms) to every connection
	// of src: the rule updates the connection's state and send receives
	// the position of the connection among src's, and the weight to
	// deliver (stochastic rules may transmit nothing). rng
	// is the random stream of the thread that owns the table; only
	// stochastic rules draw from it.
	Deliver(src int, t float64, rng *rand.Rand, post func(target, meta uint32) Post, send func(pos int, target, meta uint32, weight float64))
	// Len returns the number of connections of src.
	Len(src int) int
	// Each visits the connections of src in creation order.
	Each(src int, fn func(target, meta uint32, weight float64, state dict.Dict))
	// Prepared returns the state connection i of src would have after the
	// model parameters in r are applied, or the broken rule; nothing
	// changes. Apply commits such a state with a weight and a meta.
	Prepared(src, i int, r *dict.Reader) (any, error)
	Apply(src, i int, state any, weight float64, meta uint32)
	// At returns the weight and meta of connection i of src.
	At(src, i int) (weight float64, meta uint32)
	// TargetAt returns the target of connection i of src.
	TargetAt(src, i int) uint32
	// Remove deletes the connections of src at the positions drop
	// (ascending, distinct); the others keep their order and state.
	Remove(src int, drop []int)
}

// rule is the behaviour of one synapse model over its state S.
type rule[S any] interface {
	name() string
	defaults() S
	// set reads parameters into s (a copy) and validates the result.
	set(s *S, r *dict.Reader) error
	status(s *S, d dict.Dict)
	// send updates s for a presynaptic spike at t and returns the weight
	// to deliver; it may change the stored weight w.
	send(s *S, w *float64, t float64, post Post) float64
	needsHistory() bool
}

// modelParams is implemented by rules with model-level parameters (NEST's
// common synapse properties): one set per synapse model, shared by all of
// its connections, set only through SetDefaults or CopyModel. The rule
// value holds them behind a pointer, so every table made by a Type sees a
// change made to that Type's defaults; Clone gives the copy its own set.
type modelParams[S any] interface {
	// modelStatus adds the model-level parameters to d.
	modelStatus(d dict.Dict)
	// setModel reads model-level parameters from r and checks them. It
	// returns the function that commits them; nothing changes before.
	setModel(r *dict.Reader) (commit func(), err error)
	// modelKeys names the model-level parameters.
	modelKeys() []string
	// cloneModel returns the rule with its own copy of the parameters.
	cloneModel() rule[S]
}

// stochastic is implemented by rules whose transmission is random
// (bernoulli_synapse, quantal_stp_synapse). sendRandom replaces send: it
// updates s for a presynaptic spike at t, drawing only from rng, and
// reports whether anything is transmitted and with what weight.
type stochastic[S any] interface {
	sendRandom(s *S, w *float64, t float64, rng *rand.Rand) (weight float64, ok bool)
}

// synType implements Type for a rule.
type synType[S any] struct {
	r   rule[S]
	def S
}

func newType[S any](r rule[S]) *synType[S] { return &synType[S]{r: r, def: r.defaults()} }

func (t *synType[S]) Name() string { return t.r.name() }

func (t *synType[S]) Defaults() dict.Dict {
	d := dict.Dict{}
	t.r.status(&t.def, d)
	// model-level entries last: where a key is both (the e-prop
	// "optimizer"), the defaults report the model's
	if mp, ok := t.r.(modelParams[S]); ok {
		mp.modelStatus(d)
	}
	return d
}

// SetDefaults reads the model-level parameters first and then the
// per-connection defaults, as NEST does; it changes the model-level
// parameters in place, for the connections made already too.
func (t *synType[S]) SetDefaults(r *dict.Reader) error {
	commit := func() {}
	if mp, ok := t.r.(modelParams[S]); ok {
		var err error
		if commit, err = mp.setModel(r); err != nil {
			return err
		}
	}
	s := t.def
	set := t.r.set
	if ds, ok := t.r.(defaultsSetter[S]); ok {
		set = ds.setDefault
	}
	if err := set(&s, r); err != nil {
		return err
	}
	commit()
	t.def = s
	return nil
}

// defaultsSetter is implemented by rules whose default connection reads
// fewer keys than a connection (NEST's eprop_synapse: its default
// connection has no optimizer of its own).
type defaultsSetter[S any] interface {
	setDefault(s *S, r *dict.Reader) error
}

func (t *synType[S]) Clone() Type {
	c := *t
	if mp, ok := t.r.(modelParams[S]); ok {
		c.r = mp.cloneModel()
	}
	return &c
}

// Template refuses model-level parameters with NEST's NotImplemented: they
// belong to the model, not to a connection.
func (t *synType[S]) Template(r *dict.Reader) (any, error) {
	if mp, ok := t.r.(modelParams[S]); ok {
		for _, key := range mp.modelKeys() {
			if r.Has(key) {
				return nil, nesterr.New(nesterr.ErrNotImplemented, "Synapse parameter \"%s\" can only be set via SetDefaults() or CopyModel().", key)
			}
		}
	}
	s := t.def
	if err := t.r.set(&s, r); err != nil {
		return nil, err
	}
	return s, nil
}

// weightChecker is implemented by rules whose parameters constrain the
// weight.
type weightChecker[S any] interface {
	checkWeight(s *S, weight float64) error
}

func (t *synType[S]) CheckWeight(tpl any, weight float64) error {
	if c, ok := t.r.(weightChecker[S]); ok {
		s := tpl.(S)
		return c.checkWeight(&s, weight)
	}
	return nil
}

func (t *synType[S]) NeedsHistory() bool { return t.r.needsHistory() }

// tableLocal is implemented by rules that keep working space for the
// deliveries of one table (tables are used by one thread at a time); each
// new table gets its own rule value from forTable.
type tableLocal[S any] interface {
	forTable() rule[S]
}

// tableMaker is implemented by rules with a table of their own (see
// plHomTable).
type tableMaker interface {
	newTable() Table
}

func (t *synType[S]) NewTable() Table {
	if tm, ok := t.r.(tableMaker); ok {
		return tm.newTable()
	}
	r := t.r
	if tl, ok := r.(tableLocal[S]); ok {
		r = tl.forTable()
	}
	st, _ := r.(stochastic[S])
	_, eprop := any(r).(epropRequirer)
	return &table[S]{r: r, st: st, needsPost: r.needsHistory() || eprop}
}

// pconn is one connection with state.
type pconn[S any] struct {
	target uint32
	meta   uint32
	weight float64
	s      S
}

type table[S any] struct {
	r  rule[S]
	st stochastic[S] // r, when its transmission is random
	// needsPost: the rule reads its target (spike history, e-prop history)
	needsPost bool
	bySource  [][]pconn[S]
	count     int
}

func (t *table[S]) Grow(nodes int) {
	for len(t.bySource) < nodes {
		t.bySource = append(t.bySource, nil)
	}
}

func (t *table[S]) Reserve(src, n int) {
	s := t.bySource[src]
	if cap(s)-len(s) >= n {
		return
	}
	// Exactly n more for a first or large reservation; else half as many
	// again as s holds, so that many small Connect calls from one source
	// copy its connections O(log) times (as kernel.grownCap).
	grown := make([]pconn[S], len(s), len(s)+max(n, len(s)/2))
	copy(grown, s)
	t.bySource[src] = grown
}

func (t *table[S]) Add(src int, target, meta uint32, weight float64, tpl any) {
	t.bySource[src] = append(t.bySource[src], pconn[S]{target: target, meta: meta, weight: weight, s: tpl.(S)})
	t.count++
}

func (t *table[S]) Count() int { return t.count }

func (t *table[S]) Len(src int) int {
	if src >= len(t.bySource) {
		return 0
	}
	return len(t.bySource[src])
}

func (t *table[S]) Deliver(src int, at float64, rng *rand.Rand, post func(target, meta uint32) Post, send func(pos int, target, meta uint32, weight float64)) {
	cs := t.bySource[src]
	if t.st != nil {
		for i := range cs {
			c := &cs[i]
			if w, ok := t.st.sendRandom(&c.s, &c.weight, at, rng); ok {
				send(i, c.target, c.meta, w)
			}
		}
		return
	}
	for i := range cs {
		c := &cs[i]
		var p Post
		if t.needsPost {
			p = post(c.target, c.meta)
		}
		w := t.r.send(&c.s, &c.weight, at, p)
		send(i, c.target, c.meta, w)
	}
}

func (t *table[S]) Prepared(src, i int, r *dict.Reader) (any, error) {
	s := t.bySource[src][i].s
	if err := t.r.set(&s, r); err != nil {
		return nil, err
	}
	return s, nil
}

func (t *table[S]) Apply(src, i int, state any, weight float64, meta uint32) {
	c := &t.bySource[src][i]
	c.s, c.weight, c.meta = state.(S), weight, meta
}

func (t *table[S]) TargetAt(src, i int) uint32 { return t.bySource[src][i].target }

func (t *table[S]) Remove(src int, drop []int) {
	cs := t.bySource[src]
	kept, next := cs[:0], 0
	for i := range cs {
		if next < len(drop) && drop[next] == i {
			next++
			continue
		}
		kept = append(kept, cs[i])
	}
	clear(cs[len(kept):]) // no stale state behind the end
	t.bySource[src] = kept
	t.count -= len(cs) - len(kept)
}

func (t *table[S]) At(src, i int) (float64, uint32) {
	c := &t.bySource[src][i]
	return c.weight, c.meta
}

func (t *table[S]) Each(src int, fn func(target, meta uint32, weight float64, state dict.Dict)) {
	for i := range t.bySource[src] {
		c := &t.bySource[src][i]
		d := dict.Dict{}
		t.r.status(&c.s, d)
		fn(c.target, c.meta, c.weight, d)
	}
}

// Builtin returns the synapse models of this package by name.
func Builtin() []Type {
	return []Type{newType[tsodyksState](tsodyks{}), newType[tsodyks2State](tsodyks2{}), newType[stdpState](stdp{}),
		newType[stdpPLHomState](newSTDPPLHom()), newType[tsodyksHomState](newTsodyksHom()), newType[stdpHomState](newSTDPHom()),
		newType[quantalSTPState](quantalSTP{}), newType[bernoulliState](bernoulli{}),
		newType[contDelayState](contDelay{}), newType[stdpState](stdpNNSymm{}), newType[stdpState](stdpNNPreCentered{}),
		newType[stdpState](stdpNNRestr{}), newType[stdpTripletState](stdpTriplet{}), newType[vogelsSprekelerState](vogelsSprekeler{}),
		newType[jonkeState](newJonke()), newType[facetsState](newSTDPFacetsHW()),
		newType[dopaState](newSTDPDopamine()), newType[clopathState](clopath{}),
		newType[urbanczikState](urbanczik{}), newType[htState](ht{}),
		newType[epropState](newEprop("eprop_synapse")),
		newEpropBsshslm("eprop_synapse_bsshslm_2020")}
}

// floatField names a numeric status key and where its value goes.
type floatField struct {
	key string
	dst *float64
}

// readFloats reads every field present in r, stopping at the first value
// that is not a number.
func readFloats(r *dict.Reader, fields []floatField) error {
	for _, f := range fields {
		if _, err := r.Float(f.key, f.dst); err != nil {
			return err
		}
	}
	return nil
}
