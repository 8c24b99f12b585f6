package node

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/simtime"
)

// stdpEps is NEST's stdp_eps: spike times closer than this count as equal
// when the history is searched.
const stdpEps = 1e-6

// Archive keeps a neuron's spike history and its postsynaptic trace K-
// for spike-timing-dependent synapses (NEST's ArchivingNode). Neurons
// embed it, report its keys (tau_minus, tau_minus_triplet, t_spike) and
// call Spike whenever they fire; the kernel calls Register once for every
// plastic connection made to the neuron.
//
// As in NEST, the history is kept only once some plastic connection
// reads it, and an entry is dropped when every reader has passed it and
// no spike still in transit can reach back to it.
type Archive struct {
	TauMinus        float64 // tau_minus, ms: decay of K-
	TauMinusTriplet float64 // tau_minus_triplet, ms: decay of the triplet trace (stdp_triplet_synapse)

	kminus    float64
	kTriplet  float64 // the triplet trace, as K- with tau_minus_triplet
	lastSpike float64 // ms, as the neuron reported it; -1 before the first spike
	history   []histEntry
	incoming  int     // plastic connections that read the history
	maxDelay  float64 // ms: the longest delay of those connections

	// NEST's tic length, known once a connection has registered: spike
	// times in the history are held as NEST holds them (see nestTime).
	ticsPerMs, msPerTic float64
}

type histEntry struct {
	t        float64 // spike time, ms (NEST's representation)
	kminus   float64 // K- just after the spike
	kTriplet float64 // the triplet trace just after the spike
	reads    int     // readers that have passed this entry (NEST's access_counter_)
}

// DefaultArchive returns NEST's defaults (tau_minus 20 ms, tau_minus_triplet
// 110 ms).
func DefaultArchive() Archive { return Archive{TauMinus: 20, TauMinusTriplet: 110, lastSpike: -1} }

// Status adds the archive's keys to d.
func (a *Archive) Status(d dict.Dict) { a.StatusTo(DictSink{d}) }

// StatusTo writes the archive's keys to s.
func (a *Archive) StatusTo(s StatusSink) {
	s.Float("tau_minus", a.TauMinus)
	s.Float("tau_minus_triplet", a.TauMinusTriplet)
	s.Float("t_spike", a.lastSpike)
}

// Set reads tau_minus and tau_minus_triplet from r into a copy of a and
// returns it; a is unchanged on error.
func (a *Archive) Set(r *dict.Reader) (Archive, error) {
	c := *a
	if _, err := r.Float("tau_minus", &c.TauMinus); err != nil {
		return c, err
	}
	if _, err := r.Float("tau_minus_triplet", &c.TauMinusTriplet); err != nil {
		return c, err
	}
	if c.TauMinus <= 0 || c.TauMinusTriplet <= 0 {
		return c, nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_minus = %g ms, tau_minus_triplet = %g ms).",
			c.TauMinus, c.TauMinusTriplet)
	}
	return c, nil
}

// Register notes one more plastic connection reading this history, one
// that has read nothing yet and has no delay (see RegisterConnection).
func (a *Archive) Register() { a.incoming++ }

// RegisterConnection notes one more plastic connection reading this
// history, as NEST's register_stdp_connection: the entries up to
// tFirstRead (ms; the connection's last presynaptic spike minus its delay)
// count as read by it, and delay (ms) widens the time span the history
// must cover. b is the kernel's time base.
func (a *Archive) RegisterConnection(tFirstRead, delay float64, b simtime.Base) {
	for i := range a.history {
		if !(tFirstRead-a.history[i].t > -stdpEps) {
			break
		}
		a.history[i].reads++
	}
	a.incoming++
	a.maxDelay = max(a.maxDelay, delay)
	a.ticsPerMs, a.msPerTic = b.TicsPerMs, b.MsPerTic
}

// Reset forgets the history and its readers (a copy of a node starts
// without either).
func (a *Archive) Reset() {
	a.kminus, a.kTriplet, a.lastSpike, a.history, a.incoming, a.maxDelay = 0, 0, -1, nil, 0, 0
}

// nestTime returns spike time t (ms) as NEST's archive holds it: the
// time in tics times ms_per_tic (Time::get_ms). Neurons report the double
// nearest to the decimal time; the two can differ in the last place, which
// the K- trace and the synapses' exp would carry along.
func (a *Archive) nestTime(t float64) float64 {
	if a.ticsPerMs == 0 {
		return t
	}
	return math.Floor(t*a.ticsPerMs+0.5) * a.msPerTic
}

// Spike records a spike at t ms.
func (a *Archive) Spike(t float64) {
	a.lastSpike = t
	if a.incoming == 0 {
		return
	}
	t = a.nestTime(t)
	a.prune(t)
	// K- is 0 until the first archived spike, so the decay from "no spike"
	// does not matter; afterwards the last entry is NEST's last_spike_
	// (pruning always keeps it).
	last := -1.0
	if n := len(a.history); n > 0 {
		last = a.history[n-1].t
	}
	a.kminus = a.kminus*libm.Exp((last-t)*(1/a.TauMinus)) + 1
	a.kTriplet = a.kTriplet*libm.Exp((last-t)*(1/a.TauMinusTriplet)) + 1
	a.history = append(a.history, histEntry{t: t, kminus: a.kminus, kTriplet: a.kTriplet})
}

// prune drops the oldest entries that every reader has passed, as long as
// the entry after them is older than t by more than a spike in transit can
// look back. NEST's window is max_delay + min_delay; the kernel's
// min_delay never exceeds the delay of any connection, so 2*maxDelay
// covers it and may keep a few entries more than NEST, which cannot change
// a result.
func (a *Archive) prune(t float64) {
	drop := 0
	for len(a.history)-drop > 1 {
		if a.history[drop].reads < a.incoming || !(t-a.history[drop+1].t > 2*a.maxDelay+stdpEps) {
			break
		}
		drop++
	}
	if drop > 0 {
		a.history = append(a.history[:0], a.history[drop:]...)
	}
}

// History calls fn for every spike time t with t1 < t <= t2 (to within
// stdpEps), oldest first, and counts these entries as read by one more
// connection. Each plastic connection asks for the interval since its
// previous presynaptic spike, so every entry is counted once per reader.
func (a *Archive) History(t1, t2 float64, fn func(t float64)) {
	start, end := a.Window(t1, t2)
	for _, h := range a.history[start:end] {
		fn(h.t)
	}
}

// HistoryTriplet is History, with each spike's triplet trace just after
// it (stdp_triplet_synapse's ky + 1).
func (a *Archive) HistoryTriplet(t1, t2 float64, fn func(t, kTriplet float64)) {
	start, end := a.Window(t1, t2)
	for _, h := range a.history[start:end] {
		fn(h.t, h.kTriplet)
	}
}

// KValues returns, just before t, K-, the nearest-neighbour trace (the
// last spike earlier than t - stdpEps alone, decayed to t) and the triplet
// trace, as NEST's get_K_values.
func (a *Archive) KValues(t float64) (k, nearest, triplet float64) {
	for i := len(a.history) - 1; i >= 0; i-- {
		if h := &a.history[i]; t-h.t > stdpEps {
			return h.kminus * libm.Exp((h.t-t)*(1/a.TauMinus)), libm.Exp((h.t - t) * (1 / a.TauMinus)),
				h.kTriplet * libm.Exp((h.t-t)*(1/a.TauMinusTriplet))
		}
	}
	return 0, 0, 0
}

// KMinus returns K- just before t: the trace of the last spike earlier than
// t - stdpEps, decayed to t.
func (a *Archive) KMinus(t float64) float64 {
	for i := len(a.history) - 1; i >= 0; i-- {
		if t-a.history[i].t > stdpEps {
			return a.history[i].kminus * libm.Exp((a.history[i].t-t)*(1/a.TauMinus))
		}
	}
	return 0
}

// Len returns the number of spikes held in the history.
func (a *Archive) Len() int { return len(a.history) }

// Archiving is implemented by neurons that keep an Archive.
type Archiving interface {
	Archive() *Archive
}
