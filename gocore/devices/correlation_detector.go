package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("correlation_detector", func() node.Node { return NewCorrelationDetector() }) }

// CorrelationDetector is NEST's correlation_detector: the cross-correlation
// histogram of the spikes arriving on receptor 0 and receptor 1.
//
// Parameters (status keys, defaults, units):
//
//	delta_tau            5*resolution  ms  bin width, a multiple of the resolution
//	tau_max              10*delta_tau  ms  largest lag, a multiple of delta_tau
//	Tstart, Tstop        0, +inf       ms  only spikes with Tstart <= t <= Tstop are counted
//	origin, start, stop  0, 0, +inf    ms  active window (origin+start < t <= origin+stop)
//
// State: histogram (weighted, 1 + 2*tau_max/delta_tau bins, lag -tau_max
// to tau_max, a spike on receptor 1 after one on receptor 0 counting as a
// positive lag), histogram_correction (the Kahan compensation terms NEST
// keeps for histogram), count_histogram (the same, unweighted), n_events
// (spikes counted per receptor; only [0, 0] can be set, which clears
// everything). Setting any time parameter clears the histograms too.
//
// As in NEST, every spike inside the active window is kept for pairing;
// one inside [Tstart, Tstop] also counts and is paired with every kept
// spike of the other receptor within tau_max + delta_tau/2, its weight
// being multiplicity times connection weight. Spikes reach the detector as
// they are sent, in NEST's order.
//
// Deviation from NEST: NEST 3.10 clears the histograms after a SetStatus
// with the parameters from before the call, so their size is stale until
// the first Simulate (and wrong after it); this model sizes them for the
// new parameters at once.
type CorrelationDetector struct {
	corrDetector

	nEvents   [2]int64
	incoming  [2][]corrSpike // kept spikes by receptor, in time order
	hist      []float64
	histCorr  []float64
	countHist []int64
}

// corrSpike is a kept spike: its stamp in steps and weight.
type corrSpike struct {
	step    int64
	weight  float64
	channel int // receptor (correlomatrix_detector)
}

// NewCorrelationDetector returns a correlation_detector with NEST's
// defaults.
func NewCorrelationDetector() *CorrelationDetector {
	return &CorrelationDetector{corrDetector: newCorrDetector("correlation_detector", 5)}
}

// Clone implements node.Node: the copy starts with empty histograms.
func (c *CorrelationDetector) Clone() node.Node {
	return &CorrelationDetector{corrDetector: c.copySettings()}
}

// Status implements node.Node.
func (c *CorrelationDetector) Status() dict.Dict {
	d := dict.Dict{
		"n_events":             []int{int(c.nEvents[0]), int(c.nEvents[1])},
		"histogram":            append([]float64{}, c.hist...),
		"histogram_correction": append([]float64{}, c.histCorr...),
		"count_histogram":      intList(c.countHist),
	}
	c.status(d)
	return d
}

func intList(xs []int64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x)
	}
	return out
}

// SetStatus implements node.Node; nothing changes unless every entry is
// valid.
func (c *CorrelationDetector) SetStatus(r *dict.Reader, env *node.Env) error {
	c.base = env.Base
	times, reset, err := c.times.set(r, env.Base, c.model, false)
	if err != nil {
		return err
	}
	var nev []int64
	if ok, err := readCounts(r, "n_events", &nev); err != nil {
		return err
	} else if ok {
		if len(nev) != 2 || nev[0] != 0 || nev[1] != 0 {
			return nesterr.New(nesterr.ErrBadProperty, "/n_events can only be set to [0 0] (got %v).", nev)
		}
		reset = true
	}
	w, err := c.W.set(r, env.Base)
	if err != nil {
		return err
	}
	c.W, c.times = w, times
	if reset {
		c.reset()
	}
	return nil
}

// reset clears the counts and sizes the histograms for the parameters.
func (c *CorrelationDetector) reset() {
	dt, tm := c.times.steps(c.base)
	n := 1 + 2*tm/dt
	c.nEvents = [2]int64{}
	c.incoming = [2][]corrSpike{}
	c.hist = make([]float64, n)
	c.histCorr = make([]float64, n)
	c.countHist = make([]int64, n)
	c.sized = true
}

// Prepare implements node.Node: the histograms get their size before the
// first run, as NEST's buffers do.
func (c *CorrelationDetector) Prepare(env *node.Env) { c.prepare(env, c.reset) }

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 0 and 1.
func (c *CorrelationDetector) CheckSpikeReceptor(_ string, rport int) error {
	if rport < 0 || rport > 1 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in correlation_detector.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver with NEST's algorithm.
func (c *CorrelationDetector) HandleSpike(e *node.SpikeEvent) {
	if !c.active(e.Stamp) {
		return
	}
	sender := e.Rport
	other := 1 - sender
	dt, tm := c.times.steps(c.base)
	tauEdge := float64(tm) + 0.5*float64(dt)
	spike := e.Stamp
	others := c.incoming[other]
	drop := 0
	for drop < len(others) && float64(spike-others[drop].step)-0.5*float64(other) >= tauEdge {
		drop++
	}
	c.incoming[other] = others[drop:]
	mult := float64(max(e.Multiplicity, 1))
	if c.times.counts(spike, c.base) {
		c.nEvents[sender]++
		sign := float64(2*sender - 1)
		for _, o := range c.incoming[other] {
			bin := int(math.Floor((tauEdge + sign*float64(spike-o.step)) / float64(dt)))
			// Kahan summation, with NEST's correction terms.
			y := mult*e.Weight*o.weight - c.histCorr[bin]
			t := c.hist[bin] + y
			c.histCorr[bin] = (t - c.hist[bin]) - y
			c.hist[bin] = t
			c.countHist[bin] += int64(max(e.Multiplicity, 1))
		}
	}
	// Keep the spike, after every kept spike of its receptor that is not
	// later.
	c.incoming[sender] = insertSorted(c.incoming[sender], corrSpike{step: spike, weight: mult * e.Weight},
		func(s corrSpike) bool { return s.step > spike })
}
