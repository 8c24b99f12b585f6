package synapses

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// epropBsshslm is NEST's eprop_synapse_bsshslm_2020 (and its _hpc twin,
// the same rule in NEST's smaller storage): the synapse of e-prop
// learning after Bellec et al. (2020). It transmits spikes like a static
// synapse of delay one step and collects the intervals between them; at
// its first spike (or flush event) of a later update interval it asks its
// target (node.EpropBsshslmTarget) for the gradient of the interval it
// last saw and hands the summed gradient to its optimizer, which changes
// the weight at the end of every batch. Spikes that reach a recurrent
// neuron at the first step of an update interval are dropped, as in NEST.
//
// Model-level parameters (SetDefaults or CopyModel only):
//
//	average_gradient  false  divide the gradient by the learning window
//	optimizer         {}     the weight optimizer (see EpropOptimizer)
//
// Per-connection: tau_m_readout 10.0 ms, the readout's membrane time
// constant, which filters the eligibility trace (kappa = exp(-h/tau)),
// and the optimizer's per-connection entries (m, v for adam). The delay
// must be one step.
type epropBsshslm struct {
	name  string
	model *epropBsshslmModel
	def   epropBsshslmDefaults
}

// epropBsshslmModel is the model-level state, shared by every table of
// the model (and so changed for connections made already).
type epropBsshslmModel struct {
	averageGradient bool
	optimizer       EpropOptimizer
	connections     int // the model's connections, as the kernel last told (SetConnectionCount)
}

type epropBsshslmDefaults struct {
	tauMReadout float64
}

// newEpropBsshslm returns the synapse model name with NEST's defaults
// (the kernel makes the _hpc twin from it).
func newEpropBsshslm(name string) *epropBsshslm {
	return &epropBsshslm{name: name, model: &epropBsshslmModel{optimizer: NewEpropOptimizer(OptimizerGradientDescent)},
		def: epropBsshslmDefaults{tauMReadout: 10}}
}

// Name implements Type.
func (t *epropBsshslm) Name() string { return t.name }

// Defaults implements Type.
func (t *epropBsshslm) Defaults() dict.Dict {
	return dict.Dict{"average_gradient": t.model.averageGradient, "optimizer": t.model.optimizer.Status(),
		"tau_m_readout": t.def.tauMReadout}
}

// SetConnectionCount implements ConnectionCounted.
func (t *epropBsshslm) SetConnectionCount(n int) { t.model.connections = n }

// SetDefaults implements Type: the model-level parameters, then the
// per-connection defaults; nothing changes on error.
func (t *epropBsshslm) SetDefaults(r *dict.Reader) error {
	avg := t.model.averageGradient
	if _, err := r.Bool("average_gradient", &avg); err != nil {
		return err
	}
	opt := t.model.optimizer
	if d, ok, err := OptimizerDict(r); err != nil {
		return err
	} else if ok {
		if opt, err = opt.Set(d, t.model.connections); err != nil {
			return err
		}
	}
	def := t.def
	if err := readTauReadout(r, &def.tauMReadout); err != nil {
		return err
	}
	t.model.averageGradient, t.model.optimizer, t.def = avg, opt, def
	return nil
}

func readTauReadout(r *dict.Reader, tau *float64) error {
	v := *tau
	if got, err := r.Float("tau_m_readout", &v); err != nil {
		return err
	} else if got && v <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant of readout neuron tau_m_readout > 0 required (got %g ms).", v)
	}
	*tau = v
	return nil
}

// Clone implements Type: the copy has its own model-level parameters.
func (t *epropBsshslm) Clone() Type {
	m := &epropBsshslmModel{averageGradient: t.model.averageGradient, optimizer: t.model.optimizer}
	return &epropBsshslm{name: t.name, model: m, def: t.def}
}

// Template implements Type.
func (t *epropBsshslm) Template(r *dict.Reader) (any, error) {
	for _, key := range []string{"average_gradient", "optimizer"} {
		if r.Has(key) {
			return nil, nesterr.New(nesterr.ErrNotImplemented, "Synapse parameter \"%s\" can only be set via SetDefaults() or CopyModel().", key)
		}
	}
	c := epropBsshslmConn{tauMReadout: t.def.tauMReadout, opt: NewEpropOptimizerState()}
	if err := readTauReadout(r, &c.tauMReadout); err != nil {
		return nil, err
	}
	return c, nil
}

// CheckWeight implements Type: the weight must lie in the optimizer's
// bounds.
func (t *epropBsshslm) CheckWeight(_ any, weight float64) error {
	return t.model.optimizer.CheckWeight(weight)
}

// NeedsHistory implements Type: the target's spike history is not used.
func (t *epropBsshslm) NeedsHistory() bool { return false }

// NewTable implements Type.
func (t *epropBsshslm) NewTable() Table {
	return &epropBsshslmTable{model: t.model}
}

// EpropBsshslmTable is implemented by the tables of
// eprop_synapse_bsshslm_2020: the kernel delivers spikes and flush events
// to them with their stamps in steps.
type EpropBsshslmTable interface {
	// DeliverSteps applies a spike (or flush event) of src stamped stamp
	// (steps) to src's connections; send receives those that transmit.
	DeliverSteps(src int, stamp int64, flush bool, target func(uint32) node.EpropBsshslmTarget, send func(pos int, target, meta uint32, weight float64))
	// StartLast sets the first update of src's newest connection (NEST's
	// t_next_update, the update interval at Connect, steps).
	StartLast(src int, nextUpdate int64)
}

// epropBsshslmConn is one connection and its learning state (times in
// steps).
type epropBsshslmConn struct {
	target, meta     uint32
	weight, gradient float64
	tauMReadout      float64
	tSpikePrevious   int64
	tPreviousUpdate  int64
	tNextUpdate      int64
	tPreviousTrigger int64
	previousWasFlush bool
	isis             []int64 // presynaptic intervals since the last update
	opt              EpropOptimizerState
}

type epropBsshslmTable struct {
	model    *epropBsshslmModel
	bySource [][]epropBsshslmConn
	count    int
}

func (t *epropBsshslmTable) Grow(nodes int) {
	for len(t.bySource) < nodes {
		t.bySource = append(t.bySource, nil)
	}
}

func (t *epropBsshslmTable) Reserve(src, n int) {
	s := t.bySource[src]
	if cap(s)-len(s) >= n {
		return
	}
	grown := make([]epropBsshslmConn, len(s), len(s)+n)
	copy(grown, s)
	t.bySource[src] = grown
}

func (t *epropBsshslmTable) Add(src int, target, meta uint32, weight float64, tpl any) {
	c := tpl.(epropBsshslmConn)
	c.target, c.meta, c.weight = target, meta, weight
	t.bySource[src] = append(t.bySource[src], c)
	t.count++
}

func (t *epropBsshslmTable) StartLast(src int, nextUpdate int64) {
	cs := t.bySource[src]
	cs[len(cs)-1].tNextUpdate = nextUpdate
}

func (t *epropBsshslmTable) Count() int { return t.count }

func (t *epropBsshslmTable) Len(src int) int {
	if src >= len(t.bySource) {
		return 0
	}
	return len(t.bySource[src])
}

// Deliver implements Table; the kernel uses DeliverSteps instead.
func (t *epropBsshslmTable) Deliver(int, float64, *rand.Rand, func(target, meta uint32) Post, func(pos int, target, meta uint32, weight float64)) {
}

// DeliverSteps implements EpropBsshslmTable with NEST's send of
// eprop_synapse_bsshslm_2020.
func (t *epropBsshslmTable) DeliverSteps(src int, tSpike int64, flush bool, target func(uint32) node.EpropBsshslmTarget, send func(pos int, target, meta uint32, weight float64)) {
	if src >= len(t.bySource) {
		return
	}
	m := t.model
	for i := range t.bySource[src] {
		c := &t.bySource[src][i]
		post := target(c.target)
		if post == nil {
			continue
		}
		if c.previousWasFlush {
			if flush {
				continue
			}
			c.tSpikePrevious, c.tPreviousTrigger = tSpike, tSpike
		}
		set := post.EpropSettings()
		interval := set.UpdateInterval
		shift := post.EpropShift()
		if post.EpropRecurrent() && (tSpike-shift)%interval == 0 {
			continue
		}
		if c.tPreviousTrigger == 0 {
			c.tPreviousTrigger = tSpike
		}
		next := c.tNextUpdate + shift
		if c.tSpikePrevious > 0 {
			if isi := min(tSpike, next) - min(c.tSpikePrevious, next); isi > 0 {
				c.isis = append(c.isis, isi)
			}
		}
		if tSpike > next {
			idx := (tSpike - shift) / interval
			current := idx * interval
			post.EpropWriteUpdate(c.tPreviousUpdate, current, flush, c.previousWasFlush)
			if len(c.isis) > 0 && c.tSpikePrevious > 0 {
				kappa := libm.Exp(-post.EpropResolution() / c.tauMReadout)
				c.gradient += post.EpropGradient(&c.isis, c.tPreviousUpdate, c.tPreviousTrigger, kappa, m.averageGradient)
			}
			if !flush {
				c.weight = c.opt.OptimizedWeight(&m.optimizer, idx, c.gradient, c.weight)
				c.gradient = 0
			}
			c.tPreviousUpdate, c.tNextUpdate, c.tPreviousTrigger = current, current+interval, tSpike
		} else if !flush && c.previousWasFlush {
			idx := (tSpike - shift) / interval
			post.EpropWriteUpdate(c.tPreviousUpdate, idx*interval, flush, c.previousWasFlush)
			c.weight = c.opt.OptimizedWeight(&m.optimizer, idx, c.gradient, c.weight)
			c.gradient = 0
		}
		if !flush {
			c.tSpikePrevious = tSpike
			send(i, c.target, c.meta, c.weight)
		}
		c.previousWasFlush = flush
	}
}

func (t *epropBsshslmTable) Prepared(src, i int, r *dict.Reader) (any, error) {
	c := t.bySource[src][i]
	if d, ok, err := OptimizerDict(r); err != nil {
		return nil, err
	} else if ok {
		if err := c.opt.Set(&t.model.optimizer, d); err != nil {
			return nil, err
		}
	}
	if err := readTauReadout(r, &c.tauMReadout); err != nil {
		return nil, err
	}
	return c, nil
}

func (t *epropBsshslmTable) Apply(src, i int, state any, weight float64, meta uint32) {
	c := state.(epropBsshslmConn)
	c.weight, c.meta = weight, meta
	t.bySource[src][i] = c
}

func (t *epropBsshslmTable) At(src, i int) (float64, uint32) {
	c := &t.bySource[src][i]
	return c.weight, c.meta
}

func (t *epropBsshslmTable) TargetAt(src, i int) uint32 { return t.bySource[src][i].target }

func (t *epropBsshslmTable) Remove(src int, drop []int) {
	cs := t.bySource[src]
	kept, next := cs[:0], 0
	for i := range cs {
		if next < len(drop) && drop[next] == i {
			next++
			continue
		}
		kept = append(kept, cs[i])
	}
	clear(cs[len(kept):])
	t.bySource[src] = kept
	t.count -= len(cs) - len(kept)
}

func (t *epropBsshslmTable) Each(src int, fn func(target, meta uint32, weight float64, state dict.Dict)) {
	for i := range t.bySource[src] {
		c := &t.bySource[src][i]
		fn(c.target, c.meta, c.weight, dict.Dict{"tau_m_readout": c.tauMReadout, "optimizer": c.opt.Status(&t.model.optimizer)})
	}
}

// IsEpropBsshslm reports whether t is eprop_synapse_bsshslm_2020 (or a
// copy of it).
func IsEpropBsshslm(t Type) bool {
	_, ok := t.(*epropBsshslm)
	return ok
}
