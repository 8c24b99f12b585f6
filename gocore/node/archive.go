package node

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdpEps is NEST's stdp_eps: spike times closer than this count as equal
// when the history is searched.
const stdpEps = 1e-6

// Archive keeps a neuron's spike history and its postsynaptic trace K-
// for spike-timing-dependent synapses (NEST's ArchivingNode). Neurons
// embed it, report its keys (tau_minus, tau_minus_triplet) and call Spike
// whenever they fire.
//
// The history is kept only while some plastic connection needs it.
type Archive struct {
	TauMinus        float64 // tau_minus, ms: decay of K-
	TauMinusTriplet float64 // tau_minus_triplet, ms (reported; no triplet rule yet)

	kminus    float64
	lastSpike float64 // ms; -1 before the first spike
	history   []histEntry
	incoming  int // plastic connections that read the history
}

type histEntry struct {
	t      float64 // spike time, ms
	kminus float64 // K- just after the spike
}

// DefaultArchive returns NEST's defaults (tau_minus 20 ms, tau_minus_triplet
// 110 ms).
func DefaultArchive() Archive { return Archive{TauMinus: 20, TauMinusTriplet: 110, lastSpike: -1} }

// Status adds the archive's keys to d.
func (a *Archive) Status(d dict.Dict) {
	d["tau_minus"] = a.TauMinus
	d["tau_minus_triplet"] = a.TauMinusTriplet
	d["t_spike"] = a.lastSpike
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

// Register notes one more plastic connection reading this history.
func (a *Archive) Register() { a.incoming++ }

// Reset forgets the history (a copy of a node starts without one).
func (a *Archive) Reset() {
	a.kminus, a.lastSpike, a.history, a.incoming = 0, -1, nil, 0
}

// Spike records a spike at t ms.
func (a *Archive) Spike(t float64) {
	if a.incoming > 0 {
		a.kminus = a.kminus*math.Exp((a.lastSpike-t)/a.TauMinus) + 1
		a.history = append(a.history, histEntry{t: t, kminus: a.kminus})
	}
	a.lastSpike = t
}

// History calls fn for every spike time t with t1 < t <= t2 (to within
// stdpEps), oldest first.
func (a *Archive) History(t1, t2 float64, fn func(t float64)) {
	lo, hi := t1+stdpEps, t2+stdpEps
	end := len(a.history)
	for end > 0 && a.history[end-1].t >= hi {
		end--
	}
	start := end
	for start > 0 && a.history[start-1].t >= lo {
		start--
	}
	for _, h := range a.history[start:end] {
		fn(h.t)
	}
}

// KMinus returns K- just before t: the trace of the last spike earlier than
// t - stdpEps, decayed to t.
func (a *Archive) KMinus(t float64) float64 {
	for i := len(a.history) - 1; i >= 0; i-- {
		if t-a.history[i].t > stdpEps {
			return a.history[i].kminus * math.Exp((a.history[i].t-t)/a.TauMinus)
		}
	}
	return 0
}

// Archiving is implemented by neurons that keep an Archive.
type Archiving interface {
	Archive() *Archive
}
