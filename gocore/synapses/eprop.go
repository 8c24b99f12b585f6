package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
)

// EpropTrace is the per-connection state an e-prop target neuron reads
// and updates when it computes the connection's gradient (the arguments
// of NEST's compute_gradient): the previous presynaptic event, the
// low-pass filtered presynaptic spikes and eligibility traces, the
// gradient summed since then and the bookkeeping of the cutoff.
type EpropTrace struct {
	TSpikePrevious   int64 // step stamp of the previous presynaptic event (0: none yet)
	PreviousWasFlush bool  // that event was a flush event
	ZPreviousBuffer  float64
	ZBar             float64 // low-pass filtered presynaptic spikes
	EBar             float64 // low-pass filtered eligibility trace
	EBarReg          float64 // the same for the firing-rate regularization
	Epsilon          float64 // adaptive-threshold part of the eligibility vector
	Gradient         float64 // summed since the previous event
	RemainingSteps   int64   // steps left before the cutoff (eprop_isi_trace_cutoff)
	DecaySteps       int64   // steps the traces still have to decay
	Opt              EpropOptimizerState
}

// EpropPost is what eprop_synapse needs of its target, an e-prop neuron
// (NEST's EpropArchivingNode): the neuron computes the gradient of a
// connection over the steps since its previous presynaptic event and
// hands it to the optimizer, and it forgets the history no connection
// needs any more.
type EpropPost interface {
	// EpropSteps converts a spike time in ms to its step stamp.
	EpropSteps(t float64) int64
	// EpropComputeGradient is NEST's compute_gradient for a presynaptic
	// event stamped tSpike (a flush event when flush is set).
	EpropComputeGradient(tSpike int64, c *EpropTrace, weight *float64, o *EpropOptimizer, flush bool)
	// EpropEraseUsedHistory is NEST's erase_used_eprop_history(t_spike,
	// t_spike_previous).
	EpropEraseUsedHistory(tSpike, tSpikePrevious int64)
}

// RequiresEprop reports whether connections of t need e-prop targets
// (NEST's REQUIRES_EPROP_ARCHIVING).
func RequiresEprop(t Type) bool {
	st, ok := t.(interface{ rule() any })
	if !ok {
		return false
	}
	_, ok = st.rule().(epropRequirer)
	return ok
}

type epropRequirer interface{ requiresEprop() }

// ConnectionCounted is implemented by synapse types whose model-level
// parameters depend on whether connections exist (the e-prop optimizer
// type cannot change then); the kernel tells them the count before
// SetDefaults.
type ConnectionCounted interface {
	SetConnectionCount(n int)
}

// epropModel is the model-level part of eprop_synapse: its optimizer and
// the number of its connections, which the kernel keeps current.
type epropModel struct {
	opt         EpropOptimizer
	connections int
}

// eprop is NEST's eprop_synapse (and eprop_synapse_hpc, the same rule
// stored by the kernel under its own name): the synapse of e-prop
// learning (Bellec et al. 2020, with the event-based additions of
// Korcsak-Gorzo et al. 2025). At each presynaptic event the target
// neuron computes the connection's gradient over the steps since the
// previous one (up to the target's eprop_isi_trace_cutoff) from its
// e-prop history and the model's optimizer changes the weight; then the
// spike is transmitted with the new weight. A flush event (sent by an
// e-prop neuron silent for flush_event_send_interval) computes the
// gradient so far without changing the weight and transmits nothing.
// The connection's delay must be one step (checked by the kernel).
//
// Model-level parameters (SetDefaults only): optimizer, a dictionary
// (see eprop_optimizer.go). Per connection: weight (within the
// optimizer's [Wmin, Wmax]), delay, and optimizer (m and v for adam).
type eprop struct {
	name_ string
	m     *epropModel
}

type epropState struct {
	trace EpropTrace
}

func newEprop(name string) eprop {
	return eprop{name_: name, m: &epropModel{opt: NewEpropOptimizer(OptimizerGradientDescent)}}
}

func (r eprop) name() string     { return r.name_ }
func (eprop) needsHistory() bool { return false }
func (eprop) requiresEprop()     {}

func (eprop) defaults() epropState {
	return epropState{trace: EpropTrace{Opt: NewEpropOptimizerState()}}
}

func (r eprop) status(s *epropState, d dict.Dict) {
	d["optimizer"] = s.trace.Opt.Status(&r.m.opt)
}

// set reads a connection's optimizer entries (m and v of adam); in a
// SetDefaults call the model-level part has read the dictionary already.
func (r eprop) set(s *epropState, rd *dict.Reader) error {
	od, ok, err := OptimizerDict(rd)
	if err != nil || !ok {
		return err
	}
	return s.trace.Opt.Set(&r.m.opt, od)
}

// setDefault is set for the model's default connection, which has no
// optimizer state in NEST: the "optimizer" entry is the model's.
func (eprop) setDefault(*epropState, *dict.Reader) error { return nil }

func (r eprop) checkWeight(_ *epropState, weight float64) error { return r.m.opt.CheckWeight(weight) }

func (r eprop) modelStatus(d dict.Dict) { d["optimizer"] = r.m.opt.Status() }

func (eprop) modelKeys() []string { return []string{"optimizer"} }

func (r eprop) setModel(rd *dict.Reader) (func(), error) {
	od, ok, err := OptimizerDict(rd)
	if err != nil || !ok {
		return func() {}, err
	}
	o, err := r.m.opt.Set(od, r.m.connections)
	if err != nil {
		return nil, err
	}
	return func() { r.m.opt = o }, nil
}

func (r eprop) cloneModel() rule[epropState] {
	m := *r.m
	return eprop{name_: r.name_, m: &m}
}

// send is a presynaptic spike at t: the target computes the gradient
// since the previous event and may change the weight, which is then
// transmitted.
func (r eprop) send(s *epropState, w *float64, t float64, post Post) float64 {
	r.event(s, w, t, post, false)
	return *w
}

// flush is NEST's flush event: the gradient is computed, nothing is sent.
func (r eprop) flush(s *epropState, w *float64, t float64, post Post) {
	r.event(s, w, t, post, true)
}

func (r eprop) event(s *epropState, w *float64, t float64, post Post, flush bool) {
	ep, _ := post.(EpropPost)
	if ep == nil {
		return
	}
	c := &s.trace
	tSpike := ep.EpropSteps(t)
	if c.TSpikePrevious != 0 {
		ep.EpropComputeGradient(tSpike, c, w, &r.m.opt, flush)
	}
	ep.EpropEraseUsedHistory(tSpike, c.TSpikePrevious)
	c.TSpikePrevious = tSpike
	c.PreviousWasFlush = flush
}

// SetConnectionCount implements ConnectionCounted for the e-prop types.
func (t *synType[S]) SetConnectionCount(n int) {
	if e, ok := any(t.r).(eprop); ok {
		e.m.connections = n
	}
}

// flushRule is implemented by rules whose connections take NEST's flush
// events.
type flushRule[S any] interface {
	flush(s *S, w *float64, t float64, post Post)
}

// Flusher is implemented by the tables of every rule; TakesFlush says
// whether DeliverFlush does anything.
type Flusher interface {
	TakesFlush() bool
	// DeliverFlush hands a flush event of src at t (ms) to each of its
	// connections; nothing is transmitted.
	DeliverFlush(src int, t float64, post func(target, meta uint32) Post)
}

func (t *table[S]) TakesFlush() bool {
	_, ok := t.r.(flushRule[S])
	return ok
}

func (t *table[S]) DeliverFlush(src int, at float64, post func(target, meta uint32) Post) {
	f, ok := t.r.(flushRule[S])
	if !ok || src >= len(t.bySource) {
		return
	}
	cs := t.bySource[src]
	for i := range cs {
		c := &cs[i]
		f.flush(&c.s, &c.weight, at, post(c.target, c.meta))
	}
}
