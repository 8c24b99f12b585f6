package models

import (
	"math"
	"sort"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// This file holds what the three bsshslm_2020 e-prop neurons share: the
// update marks their synapses leave (NEST's update history), the step
// history the gradients are computed from, trimmed at the start of every
// update interval as NEST trims it, the firing-rate regularization of the
// recurrent neurons, the flush events and forced spikes of the recurrent
// neurons, and the surrogate gradients.

// The transmission delays the bsshslm_2020 models assume (steps): from
// the generators' first step, input to recurrent, recurrent to readout,
// between readouts (normalization) and readout to recurrent.
// (epropDelayRecOut and epropDelayOutRec are eprop_recurrent.go's.)
const (
	epropOffsetGen   = 1
	epropDelayInRec  = 1
	epropDelayOutNrm = 1
)

// epropUpdateMark is one update of the synapses of a neuron: the first
// step of an update interval (shifted by the model's history shift) and
// how many synapses still have to compute it.
type epropUpdateMark struct {
	t     int64
	count int
}

// epropStep is what a step leaves in the history: for recurrent neurons
// the surrogate gradient and the learning signal, for readouts the error
// signal (in a).
type epropStep struct {
	t    int64
	a, b float64 // recurrent: surrogate gradient, learning signal; readout: error signal, unused
}

// epropArchive is the e-prop archive of a bsshslm_2020 neuron.
type epropArchive struct {
	indegree int // incoming e-prop synapses
	updates  []epropUpdateMark
	hist     []epropStep
	shift    int64 // the model's history shift (NEST's get_shift)
	set      node.EpropSettings
	h        float64 // resolution, ms
}

// copyArchive returns a fresh archive with a's shift and settings: copies
// of a node (Create from a prototype) start without synapses or history.
func (a *epropArchive) copyArchive() epropArchive {
	return epropArchive{shift: a.shift, set: a.set, h: a.h}
}

func (a *epropArchive) prepare(env *node.Env) {
	a.set = env.Eprop
	a.h = env.Base.Resolution
}

// histAt is NEST's lower bound of the history: the first entry at t or
// later.
func (a *epropArchive) histAt(t int64) int {
	return sort.Search(len(a.hist), func(i int) bool { return a.hist[i].t >= t })
}

func (a *epropArchive) updateAt(t int64) int {
	return sort.Search(len(a.updates), func(i int) bool { return a.updates[i].t >= t })
}

// EpropShift implements node.EpropBsshslmTarget.
func (a *epropArchive) EpropShift() int64 { return a.shift }

// EpropSettings implements node.EpropBsshslmTarget.
func (a *epropArchive) EpropSettings() node.EpropSettings { return a.set }

// EpropResolution implements node.EpropBsshslmTarget.
func (a *epropArchive) EpropResolution() float64 { return a.h }

// EpropRegister implements node.EpropBsshslmTarget: a new synapse first
// computes the update at the model's shift.
func (a *epropArchive) EpropRegister() {
	a.indegree++
	i := a.updateAt(a.shift)
	if i == len(a.updates) || a.updates[i].t != a.shift {
		a.updates = append(a.updates, epropUpdateMark{t: a.shift, count: 1})
	} else {
		a.updates[i].count++
	}
}

// EpropWriteUpdate implements node.EpropBsshslmTarget.
func (a *epropArchive) EpropWriteUpdate(tPrevious, tCurrent int64, isFlush, previousWasFlush bool) {
	if a.indegree == 0 {
		return
	}
	cur, prev := tCurrent+a.shift, tPrevious+a.shift
	if !isFlush {
		if i := a.updateAt(cur); i < len(a.updates) && a.updates[i].t == cur {
			a.updates[i].count++
		} else {
			a.updates = append(a.updates, epropUpdateMark{t: cur, count: 1})
		}
	}
	if !previousWasFlush {
		if i := a.updateAt(prev); i < len(a.updates) && a.updates[i].t == prev {
			a.updates[i].count--
			if a.updates[i].count == 0 {
				a.updates = append(a.updates[:i], a.updates[i+1:]...)
			}
		}
	}
}

// eraseHistory is NEST's erase_used_eprop_history of the bsshslm_2020
// models, run at the start of every update interval: the steps of the
// intervals no synapse will compute, and those before the earliest
// update still to compute, go.
func (a *epropArchive) eraseHistory() {
	if len(a.hist) == 0 || len(a.updates) == 0 {
		return
	}
	interval := a.set.UpdateInterval
	u := 0
	last := a.updates[len(a.updates)-1].t
	for t := a.updates[0].t; t <= last && u < len(a.updates); t += interval {
		if a.updates[u].t == t {
			u++
			continue
		}
		from, to := a.histAt(t), a.histAt(t+interval)
		a.hist = append(a.hist[:from], a.hist[to:]...)
	}
	if n := a.histAt(a.updates[0].t); n > 0 {
		a.hist = append(a.hist[:0], a.hist[n:]...)
	}
}

// appendStep starts the history entry of step t (only with e-prop
// synapses, as NEST).
func (a *epropArchive) appendStep(t int64) {
	if a.indegree > 0 {
		a.hist = append(a.hist, epropStep{t: t})
	}
}

// setA writes the first value of the entry of step t (the surrogate
// gradient or error signal).
func (a *epropArchive) setA(t int64, v float64) {
	if a.indegree == 0 {
		return
	}
	if i := a.histAt(t); i < len(a.hist) {
		a.hist[i].a = v
	}
}

// historyDuration is the recordable eprop_history_duration (ms).
func (a *epropArchive) historyDuration() float64 { return a.h * float64(len(a.hist)) }

// hasStep reports whether the history has an entry for step t at index i,
// which NEST requires (a KernelException there); the gradients stop at the
// first entry missing.
func (a *epropArchive) hasStep(i int, t int64) bool { return i < len(a.hist) && a.hist[i].t == t }

// epropBsshslmRecurrent is the archive of the recurrent neurons, with the
// firing-rate regularization and their flush and forced-spike mechanisms.
type epropBsshslmRecurrent struct {
	epropArchive
	nSpikes int
	regHist []epropUpdateMarkReg

	// surrogate gradient function and its name
	surrogate     func(r int64, v, vth, height, width float64) float64
	surrogateName string

	// flush events (NEST's FlushEventMechanism), ms and steps
	flushInterval      float64
	flushIntervalSteps int64
	lastEventTime      int64

	// forced spikes (NEST's IgnoreAndSpikeMechanism)
	ignoreAndSpike  bool
	forcedOffset    float64 // ms
	forcedInterval  float64 // ms
	stepsUntilSpike int64
	intervalSteps   int64
	base            simtime.Base
}

type epropUpdateMarkReg struct {
	t   int64
	reg float64
}

func newEpropBsshslmRecurrent() epropBsshslmRecurrent {
	e := epropBsshslmRecurrent{
		epropArchive:  epropArchive{shift: epropOffsetGen + epropDelayInRec},
		surrogateName: "piecewise_linear", surrogate: epropSurrogates["piecewise_linear"],
		flushInterval: math.Inf(1), forcedOffset: 1, forcedInterval: 100,
		base: simtime.DefaultBase(),
	}
	e.flushIntervalSteps = msToStepsInf(e.base, e.flushInterval)
	e.stepsUntilSpike = msToStepsInf(e.base, e.forcedOffset)
	e.intervalSteps = msToStepsInf(e.base, e.forcedInterval)
	return e
}

// copyRecurrent is the recurrent archive of a new node made from n.
func (e *epropBsshslmRecurrent) copyRecurrent() epropBsshslmRecurrent {
	c := *e
	c.epropArchive = e.copyArchive()
	c.nSpikes, c.regHist, c.lastEventTime = 0, nil, 0
	c.stepsUntilSpike = msToStepsInf(e.base, e.forcedOffset)
	c.intervalSteps = msToStepsInf(e.base, e.forcedInterval)
	return c
}

// msToStepsInf is NEST's Time(Time::ms(x)).get_steps(), infinite for an
// infinite duration.
func msToStepsInf(b simtime.Base, ms float64) int64 {
	if math.IsInf(ms, 1) || ms > float64(math.MaxInt64)/1e6 {
		return math.MaxInt64
	}
	return b.MsToSteps(ms)
}

// EpropRecurrent implements node.EpropBsshslmTarget.
func (e *epropBsshslmRecurrent) EpropRecurrent() bool { return true }

func (e *epropBsshslmRecurrent) prepareRecurrent(env *node.Env) {
	e.prepare(env)
	e.base = env.Base
	e.flushIntervalSteps = msToStepsInf(env.Base, e.flushInterval)
}

// status adds the mechanisms' keys.
func (e *epropBsshslmRecurrent) status(d dict.Dict) {
	d["flush_event_send_interval"] = e.flushInterval
	d["ignore_and_spike"] = e.ignoreAndSpike
	d["ignore_and_spike_offset"] = e.forcedOffset
	d["ignore_and_spike_interval"] = e.forcedInterval
}

// readMechanisms reads the flush and forced-spike keys into c (a copy),
// in NEST's order and with its rules; env gives eprop_update_interval,
// which a flush interval may not undercut.
func (c *epropBsshslmRecurrent) readMechanisms(r *dict.Reader, env *node.Env) error {
	flush := c.flushInterval
	if _, err := r.Float("flush_event_send_interval", &flush); err != nil {
		return err
	}
	if flush <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "flush_event_send_interval > 0 required (got %g ms).", flush)
	}
	if env != nil && flush < float64(env.Eprop.UpdateInterval)*env.Base.Resolution {
		return nesterr.New(nesterr.ErrBadProperty, "flush_event_send_interval ≥ eprop_update_interval required (got %g ms).", flush)
	}
	c.flushInterval = flush
	if env != nil {
		c.base = env.Base
	}
	c.flushIntervalSteps = msToStepsInf(c.base, flush)
	if _, err := r.Bool("ignore_and_spike", &c.ignoreAndSpike); err != nil {
		return err
	}
	offset, interval := c.forcedOffset, c.forcedInterval
	gotOffset, err := r.Float("ignore_and_spike_offset", &offset)
	if err != nil {
		return err
	}
	gotInterval, err := r.Float("ignore_and_spike_interval", &interval)
	if err != nil {
		return err
	}
	if offset <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_offset > 0 required (got %g ms).", offset)
	}
	if interval <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_interval > 0 required (got %g ms).", interval)
	}
	c.forcedOffset, c.forcedInterval = offset, interval
	if gotOffset {
		c.stepsUntilSpike = msToStepsInf(c.base, offset)
	}
	if gotInterval {
		c.intervalSteps = msToStepsInf(c.base, interval)
	}
	return nil
}

// readSurrogate reads surrogate_gradient_function into c.
func (c *epropBsshslmRecurrent) readSurrogate(r *dict.Reader) error {
	name := c.surrogateName
	got, err := r.String("surrogate_gradient_function", &name)
	if err != nil || !got {
		return err
	}
	f, ok := epropSurrogates[name]
	if !ok {
		return nesterr.New(nesterr.ErrBadProperty, "Surrogate gradient / pseudo-derivate function surrogate_gradient_function from "+
			"[ \"%s\" ] required (got %q).", strings.Join(epropSurrogateNames, "\", \""), name)
	}
	c.surrogateName, c.surrogate = name, f
	return nil
}

// spikeDue is NEST's spike_event_is_due: with ignore_and_spike the
// neuron spikes on its own schedule only.
func (e *epropBsshslmRecurrent) spikeDue(dynamic bool) bool {
	if !e.ignoreAndSpike {
		return dynamic
	}
	e.stepsUntilSpike--
	if e.stepsUntilSpike == 0 {
		e.stepsUntilSpike = e.intervalSteps
		return true
	}
	return false
}

// flushDue is NEST's flush_event_is_due.
func (e *epropBsshslmRecurrent) flushDue(t int64) bool {
	return e.lastEventTime > 0 && t-e.lastEventTime >= e.flushIntervalSteps
}

// writeLearningSignal adds a learning signal stamped at stamp to the
// entry it belongs to (the delays from recurrent to readout, between
// readouts and back before the stamp).
func (e *epropBsshslmRecurrent) writeLearningSignal(stamp int64, ls float64) {
	if e.indegree == 0 {
		return
	}
	const shift = epropDelayRecOut + epropDelayOutRec + epropDelayOutNrm
	from, to := e.histAt(stamp-shift), e.histAt(stamp-shift+epropDelayOutRec)
	for i := from; i < to; i++ {
		e.hist[i].b += ls
	}
}

// learningSignalAt is the learning signal for step t as the recordable
// shows it.
func (e *epropBsshslmRecurrent) learningSignalAt(t int64) float64 {
	const shift = epropDelayRecOut + epropDelayOutRec + epropDelayOutNrm
	i := e.histAt(t - shift)
	if i == len(e.hist) {
		return 0
	}
	return e.hist[i].b
}

// writeRateReg stores the firing-rate regularization of the interval
// that ends at step t.
func (e *epropBsshslmRecurrent) writeRateReg(t int64, fTarget, cReg float64) {
	if e.indegree == 0 {
		return
	}
	interval := float64(e.set.UpdateInterval)
	fAv := float64(e.nSpikes) / interval
	reg := cReg * (fAv - fTarget*e.h) / interval
	e.regHist = append(e.regHist, epropUpdateMarkReg{t: t + 1, reg: reg})
}

// rateRegAt is the regularization stored for step t or the first after.
func (e *epropBsshslmRecurrent) rateRegAt(t int64) float64 {
	i := sort.Search(len(e.regHist), func(i int) bool { return e.regHist[i].t >= t })
	if i == len(e.regHist) {
		return 0
	}
	return e.regHist[i].reg
}

// eraseRateReg is NEST's erase_used_firing_rate_reg_history: the two
// histories are walked side by side and an entry goes where the update
// at the same position is no longer needed.
func (e *epropBsshslmRecurrent) eraseRateReg() {
	u, g := 0, 0
	for u < len(e.updates) && g < len(e.regHist) {
		if e.updates[u].count == 0 {
			e.regHist = append(e.regHist[:g], e.regHist[g+1:]...)
		} else {
			g++
		}
		u++
	}
}
