package models

import (
	"math"
	"sort"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/simtime"
)

// The e-prop history shared by eprop_iaf, eprop_iaf_adapt,
// eprop_iaf_psc_delta, eprop_iaf_psc_delta_adapt and eprop_readout
// (NEST's EpropArchivingNode without the history shift of the
// _bsshslm_2020 models). Every step an e-prop neuron with incoming
// eprop_synapse connections appends an entry to its history (the
// surrogate gradient, learning signal and firing-rate regularization of a
// recurrent neuron; the error signal of a readout). When a presynaptic
// event reaches one of those connections, the neuron computes the
// connection's gradient from the entries since the connection's previous
// event (at most eprop_isi_trace_cutoff of them) and then forgets the
// entries no connection needs any more: the update history counts, for
// each step at which some connection's previous event lies, how many
// connections wait there.

// epropEntry is one entry of an e-prop history, stamped with its step.
type epropEntry interface {
	stamp() int64
}

// epropUpdate is a step at which count connections had their last event.
type epropUpdate struct {
	t     int64
	count int64
}

// epropHistory is the part of NEST's EpropArchivingNode that is the same
// for recurrent and readout neurons.
type epropHistory[E epropEntry] struct {
	indegree   int     // incoming eprop_synapse connections
	cutoffMs   float64 // eprop_isi_trace_cutoff, ms
	cutoff     int64   // the same in steps (set in prepare)
	resolution float64 // ms, for eprop_history_duration
	updates    []epropUpdate
	hist       []E
}

func newEpropHistory[E epropEntry]() epropHistory[E] {
	return epropHistory[E]{cutoffMs: math.Inf(1), cutoff: math.MaxInt64, resolution: 0.1}
}

// copyHistory returns the settings of h without its entries (a model
// prototype's copy).
func (h *epropHistory[E]) copyHistory() epropHistory[E] {
	return epropHistory[E]{indegree: h.indegree, cutoffMs: h.cutoffMs, cutoff: h.cutoff, resolution: h.resolution}
}

// epropMsToSteps is NEST's Time(Time::ms(ms)).get_steps(), whose infinity
// is the largest long.
func epropMsToSteps(b simtime.Base, ms float64) int64 {
	if math.IsInf(ms, 1) || ms >= math.MaxFloat64/2 {
		return math.MaxInt64
	}
	return b.MsToSteps(ms)
}

func (h *epropHistory[E]) prepareHistory(b simtime.Base) {
	h.cutoff = epropMsToSteps(b, h.cutoffMs)
	h.resolution = b.Resolution
}

// readCutoff reads eprop_isi_trace_cutoff into *ms (the caller's copy).
func readEpropCutoff(r *dict.Reader, ms *float64) error {
	v := *ms
	if _, err := r.Float("eprop_isi_trace_cutoff", &v); err != nil {
		return err
	}
	if v < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "eprop_isi_trace_cutoff ≥ 0 required (eprop_isi_trace_cutoff = %g).", v)
	}
	*ms = v
	return nil
}

// RegisterEpropConnection counts an incoming eprop_synapse; a neuron
// without one keeps no history.
func (h *epropHistory[E]) RegisterEpropConnection() { h.indegree++ }

// at is the position of the first entry at or after step t.
func (h *epropHistory[E]) at(t int64) int {
	return sort.Search(len(h.hist), func(i int) bool { return h.hist[i].stamp() >= t })
}

// updateAt is the position of the first update mark at or after step t.
func (h *epropHistory[E]) updateAt(t int64) int {
	return sort.Search(len(h.updates), func(i int) bool { return h.updates[i].t >= t })
}

// duration is eprop_history_duration: the time the history spans, ms.
func (h *epropHistory[E]) duration() float64 { return h.resolution * float64(len(h.hist)) }

// EpropEraseUsedHistory is NEST's erase_used_eprop_history(t_spike,
// t_spike_previous) after a connection's event at tSpike: the connection
// now waits at tSpike instead of tSpikePrevious, and the entries of the
// window it used ([tSpikePrevious-1, tSpikePrevious-1+cutoff)) go unless
// another connection's window overlaps them; finally what lies before
// the oldest waiting connection's window goes.
func (h *epropHistory[E]) EpropEraseUsedHistory(tSpike, tSpikePrevious int64) {
	i := h.updateAt(tSpike)
	if i < len(h.updates) && h.updates[i].t == tSpike {
		h.updates[i].count++
	} else {
		h.updates = append(h.updates, epropUpdate{})
		copy(h.updates[i+1:], h.updates[i:])
		h.updates[i] = epropUpdate{t: tSpike, count: 1}
	}
	if tSpikePrevious > 0 {
		if j := h.updateAt(tSpikePrevious); j < len(h.updates) && h.updates[j].t == tSpikePrevious {
			if h.updates[j].count > 0 {
				h.updates[j].count--
			}
			if h.updates[j].count == 0 {
				h.updates = append(h.updates[:j], h.updates[j+1:]...)
			}
		}
		cutoff := h.cutoff
		// NEST's arithmetic on long: an infinite cutoff wraps around and
		// leaves nothing to erase.
		candBegin := tSpikePrevious - 1
		candEnd := candBegin + cutoff
		eraseBegin, eraseEnd := candBegin, candEnd
		searchBegin := max(0, candBegin-cutoff)
		searchEnd := candEnd
		first := h.updateAt(searchBegin)
		last := first + sort.Search(len(h.updates)-first, func(k int) bool { return h.updates[first+k].t >= searchEnd+1 })
		for k := first; k < last && eraseBegin < eraseEnd; k++ {
			reqBegin := h.updates[k].t - 1
			reqEnd := reqBegin + cutoff
			if reqBegin >= candBegin && reqBegin <= candEnd {
				eraseEnd = min(eraseEnd, reqBegin)
			}
			if reqEnd >= candBegin && reqEnd <= candEnd {
				eraseBegin = max(eraseBegin, reqEnd)
			}
		}
		from, to := h.at(eraseBegin), h.at(eraseEnd)
		if from < to {
			h.hist = append(h.hist[:from], h.hist[to:]...)
		}
	}
	if len(h.updates) == 0 || len(h.hist) == 0 {
		return
	}
	keep := h.updates[0].t - 1
	if k := h.at(keep); k < len(h.hist) && h.hist[k].stamp() == keep && k != 0 {
		h.hist = h.hist[:copy(h.hist, h.hist[k:])]
	}
}

// epropCursor walks the history entries of a gradient computation: NEST
// expects one entry per step and stops with a KernelException otherwise;
// here the computation stops early (ok false) and the kernel is told.
func (h *epropHistory[E]) entryAt(pos int, t int64) (*E, bool) {
	if pos >= len(h.hist) || h.hist[pos].stamp() != t {
		return nil, false
	}
	return &h.hist[pos], true
}
