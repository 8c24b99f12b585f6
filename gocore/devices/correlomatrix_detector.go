package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("correlomatrix_detector", func() node.Node { return NewCorrelomatrixDetector() })
}

// CorrelomatrixDetector is NEST's correlomatrix_detector: the covariance
// matrix of the spike trains arriving on receptors 0 to N_channels-1, for
// lags 0 to tau_max.
//
// Parameters (status keys, defaults, units):
//
//	N_channels           1             -   number of receptors, >= 1
//	delta_tau            5*resolution  ms  bin width, an odd multiple of the resolution
//	tau_max              10*delta_tau  ms  largest lag, a multiple of delta_tau
//	Tstart, Tstop        0, +inf       ms  only spikes with Tstart <= t <= Tstop are counted
//	origin, start, stop  0, 0, +inf    ms  active window
//
// State: covariance[i][j] (weighted, 1 + tau_max/delta_tau bins; bin 0
// is centred on lag 0), count_covariance (unweighted), n_events (counted
// spikes per receptor). Setting a parameter clears them (as in NEST,
// n_events cannot be set).
//
// As in NEST, a spike inside the active window joins the kept spikes
// (which are forgotten tau_max + delta_tau/2 + min_delay after their
// time) and, when inside [Tstart, Tstop], is paired with every kept spike,
// itself included; a pair adds multiplicity times the two weights to the
// bin of its lag in the entry of the earlier spike's receptor, and to both
// entries for bin 0.
type CorrelomatrixDetector struct {
	corrMatrix

	nEvents  []int64
	incoming []corrSpike
	cov      [][][]float64
	countCov [][][]int64
}

// NewCorrelomatrixDetector returns a correlomatrix_detector with NEST's
// defaults.
func NewCorrelomatrixDetector() *CorrelomatrixDetector {
	return &CorrelomatrixDetector{corrMatrix: newCorrMatrix("correlomatrix_detector", 5)}
}

// Clone implements node.Node: the copy starts with empty matrices.
func (c *CorrelomatrixDetector) Clone() node.Node {
	return &CorrelomatrixDetector{corrMatrix: c.copySettings()}
}

// Status implements node.Node; before the first run the matrices are
// N_channels x N_channels empty lists, as NEST shows them.
func (c *CorrelomatrixDetector) Status() dict.Dict {
	cov := matrixStatus(&c.corrMatrix, c.cov, func(h []float64) []float64 { return append([]float64{}, h...) })
	count := matrixStatus(&c.corrMatrix, c.countCov, intList)
	nev := make([]int, c.nChannels)
	for i := range nev {
		if i < len(c.nEvents) {
			nev[i] = int(c.nEvents[i])
		}
	}
	d := dict.Dict{"N_channels": int(c.nChannels), "covariance": cov, "count_covariance": count, "n_events": nev}
	c.status(d)
	return d
}

// SetStatus implements node.Node, with NEST's checks; nothing changes
// unless every entry is valid.
func (c *CorrelomatrixDetector) SetStatus(r *dict.Reader, env *node.Env) error {
	oddDeltaTau := func(times corrTimes) error {
		if dt, _ := times.steps(env.Base); dt%2 != 1 {
			return nesterr.New(nesterr.ErrBadProperty, "/delta_tau must be odd multiple of resolution (delta_tau = %d steps).", dt)
		}
		return nil
	}
	return c.set(r, env, false, oddDeltaTau, c.reset)
}

func (c *CorrelomatrixDetector) reset() {
	dt, tm := c.times.steps(c.base)
	bins := 1 + tm/dt
	c.nEvents = make([]int64, c.nChannels)
	c.incoming = nil
	c.cov = newMatrix[float64](c.nChannels, int(bins))
	c.countCov = newMatrix[int64](c.nChannels, int(bins))
	c.sized = true
}

// Prepare implements node.Node.
func (c *CorrelomatrixDetector) Prepare(env *node.Env) { c.prepare(env, c.reset) }

// HandleSpike implements node.SpikeReceiver with NEST's algorithm.
func (c *CorrelomatrixDetector) HandleSpike(e *node.SpikeEvent) {
	if !c.accepts(e) {
		return
	}
	sender := e.Rport
	spike := e.Stamp
	mult := max(e.Multiplicity, 1)
	w := float64(mult) * e.Weight
	c.incoming = insertSorted(c.incoming, corrSpike{step: spike, weight: w, channel: sender},
		func(s corrSpike) bool { return s.step > spike })

	dt, tm := c.times.steps(c.base)
	tauEdge := float64(tm) + 0.5*float64(dt)
	drop := 0
	for drop < len(c.incoming) && float64(spike-c.incoming[drop].step) >= tauEdge+float64(c.minDelay) {
		drop++
	}
	c.incoming = c.incoming[drop:]
	if !c.times.counts(spike, c.base) {
		return
	}
	c.nEvents[sender]++
	fdt := float64(dt)
	for _, o := range c.incoming {
		si, oi := sender, o.channel
		if spike < o.step {
			si, oi = o.channel, sender
		}
		lag := math.Abs(float64(spike - o.step))
		var bin int
		if si <= oi {
			bin = int(-1 * math.Floor((0.5*fdt-lag)/fdt))
		} else {
			bin = int(math.Floor((0.5*fdt + lag) / fdt))
		}
		if bin >= len(c.cov[si][oi]) {
			continue
		}
		c.cov[si][oi][bin] += float64(mult) * e.Weight * o.weight
		both := bin == 0 && (spike != o.step || o.channel != sender)
		if both {
			c.cov[oi][si][bin] += float64(mult) * e.Weight * o.weight
		}
		c.countCov[si][oi][bin] += int64(mult)
		if both {
			c.countCov[oi][si][bin] += int64(mult)
		}
	}
}
