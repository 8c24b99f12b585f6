package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("correlospinmatrix_detector", func() node.Node { return NewCorrelospinmatrixDetector() })
}

// CorrelospinmatrixDetector is NEST's correlospinmatrix_detector: the
// correlation matrix of the binary states (on/off) of the neurons whose
// signalling arrives on receptors 0 to N_channels-1, decoded as the
// spin_detector decodes it (a spike of multiplicity 2, or two spikes at one
// time: on; one spike: off).
//
// Parameters (status keys, defaults, units):
//
//	N_channels           1             -   number of receptors, >= 1
//	delta_tau            resolution    ms  bin width, a multiple of the resolution, >= 0
//	tau_max              10*delta_tau  ms  largest lag, a multiple of delta_tau, >= 0
//	Tstart, Tstop        0, +inf       ms  kept and reported (NEST does not use them either)
//	origin, start, stop  0, 0, +inf    ms  active window
//
// State: count_covariance[i][j], 1 + 2*tau_max/delta_tau bins of lag
// -tau_max to tau_max: the time (in steps) for which channel i was on
// while channel j was on that lag later. Setting a parameter clears it.
//
// As in NEST, an on-pulse of a channel is known when its down transition
// is: a single spike is taken as tentative down transition, confirmed by
// the next event unless that is the second spike of the same channel and
// time. Each completed pulse is kept (until tau_max + delta_tau +
// min_delay before the earliest start of a pulse still on) and its overlap
// with every kept pulse, itself included, is added for each lag.
type CorrelospinmatrixDetector struct {
	corrMatrix

	countCov   [][][]int64
	incoming   []spinPulse // kept pulses, by end
	currState  []bool
	lastChange []int64
	lastI      int
	tentative  bool
	tLast      int64 // stamp of the last event, steps
	haveLast   bool
}

// spinPulse is an on-period of a channel, from tOn to tOff (steps).
type spinPulse struct {
	tOn, tOff int64
	channel   int
}

// NewCorrelospinmatrixDetector returns a correlospinmatrix_detector with
// NEST's defaults.
func NewCorrelospinmatrixDetector() *CorrelospinmatrixDetector {
	return &CorrelospinmatrixDetector{corrMatrix: newCorrMatrix("correlospinmatrix_detector", 1)}
}

// Clone implements node.Node: the copy starts with an empty matrix.
func (c *CorrelospinmatrixDetector) Clone() node.Node {
	return &CorrelospinmatrixDetector{corrMatrix: c.copySettings()}
}

// Status implements node.Node.
func (c *CorrelospinmatrixDetector) Status() dict.Dict {
	d := dict.Dict{"N_channels": int(c.nChannels), "count_covariance": matrixStatus(&c.corrMatrix, c.countCov, intList)}
	c.status(d)
	return d
}

// SetStatus implements node.Node, with NEST's checks in NEST's order
// (negative times refused first); nothing changes unless every entry is
// valid.
func (c *CorrelospinmatrixDetector) SetStatus(r *dict.Reader, env *node.Env) error {
	return c.set(r, env, true, nil, c.reset)
}

func (c *CorrelospinmatrixDetector) reset() {
	dt, tm := c.times.steps(c.base)
	bins := int(1 + 2.0*float64(tm)/float64(dt))
	c.lastI, c.tentative, c.haveLast = 0, false, false
	c.incoming = nil
	c.countCov = newMatrix[int64](c.nChannels, bins)
	c.currState = make([]bool, c.nChannels)
	c.lastChange = make([]int64, c.nChannels)
	c.sized = true
}

// Prepare implements node.Node.
func (c *CorrelospinmatrixDetector) Prepare(env *node.Env) { c.prepare(env, c.reset) }

// HandleSpike implements node.SpikeReceiver with NEST's decoding and
// counting.
func (c *CorrelospinmatrixDetector) HandleSpike(e *node.SpikeEvent) {
	if !c.accepts(e) {
		return
	}
	cur := e.Rport
	stamp := e.Stamp
	m := max(e.Multiplicity, 1)
	down := false
	switch m {
	case 1:
		if cur == c.lastI && c.haveLast && stamp == c.tLast {
			c.currState[cur] = true
			c.lastChange[cur] = stamp
			c.tentative = false
		} else {
			down = c.tentative
			c.tentative = true
		}
	case 2:
		c.currState[cur] = true
		down = c.tentative
		c.currState[c.lastI] = false
		c.lastChange[cur] = stamp
		c.tentative = false
	}
	if down {
		c.countPulse()
	}
	c.lastI = cur
	c.tLast, c.haveLast = stamp, true
}

// countPulse completes the pulse of the channel that last sent, which has
// just been confirmed to have switched off, and counts its overlaps.
func (c *CorrelospinmatrixDetector) countPulse() {
	i := c.lastI
	tOn, tOff := c.lastChange[i], c.tLast
	minOn := tOn
	for n, on := range c.currState {
		if on && c.lastChange[n] < minOn {
			minOn = c.lastChange[n]
		}
	}
	dtSteps, tm := c.times.steps(c.base)
	tauEdge := float64(tm + dtSteps)
	drop := 0
	for drop < len(c.incoming) && float64(minOn-c.incoming[drop].tOff) >= tauEdge+float64(c.minDelay) {
		drop++
	}
	c.incoming = c.incoming[drop:]
	c.incoming = insertSorted(c.incoming, spinPulse{tOn: tOn, tOff: tOff, channel: i},
		func(p spinPulse) bool { return p.tOff > tOff })

	t0 := tm / dtSteps
	overlap := func(shift int64, p spinPulse) int64 {
		return min(tOff, p.tOff-shift) - max(tOn, p.tOn-shift)
	}
	for _, p := range c.incoming {
		j := p.channel
		dMin := max(p.tOn-tOff, -tm)
		dMax := min(p.tOff-tOn, tm)
		if lag := overlap(0, p); lag > 0 {
			c.countCov[i][j][t0] += lag
			if i != j {
				c.countCov[j][i][t0] += lag
			}
		}
		for d := dMin / dtSteps; d < 0; d++ {
			if lag := overlap(d*dtSteps, p); lag > 0 {
				c.countCov[i][j][t0-d] += lag
				c.countCov[j][i][t0+d] += lag
			}
		}
		if i != j {
			for d := int64(1); d <= dMax/dtSteps; d++ {
				if lag := overlap(d*dtSteps, p); lag > 0 {
					c.countCov[i][j][t0-d] += lag
					c.countCov[j][i][t0+d] += lag
				}
			}
		}
	}
	c.lastChange[i] = tOff
}
