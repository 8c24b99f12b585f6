package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
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
	W         Window
	times     corrTimes
	nChannels int64

	countCov   [][][]int64
	incoming   []spinPulse // kept pulses, by end
	currState  []bool
	lastChange []int64
	lastI      int
	tentative  bool
	tLast      int64 // stamp of the last event, steps
	haveLast   bool
	sized      bool
	base       simtime.Base
	minDelay   int64
	tMin, tMax int64
	noEvents
}

// spinPulse is an on-period of a channel, from tOn to tOff (steps).
type spinPulse struct {
	tOn, tOff int64
	channel   int
}

// NewCorrelospinmatrixDetector returns a correlospinmatrix_detector with
// NEST's defaults.
func NewCorrelospinmatrixDetector() *CorrelospinmatrixDetector {
	b := simtime.DefaultBase()
	return &CorrelospinmatrixDetector{W: DefaultWindow(), times: defaultCorrTimes(b, 1), base: b, nChannels: 1}
}

// Model implements node.Node.
func (c *CorrelospinmatrixDetector) Model() string { return "correlospinmatrix_detector" }

// ElementType implements node.Node.
func (c *CorrelospinmatrixDetector) ElementType() node.ElementType { return node.Recorder }

// Clone implements node.Node: the copy starts with an empty matrix.
func (c *CorrelospinmatrixDetector) Clone() node.Node {
	return &CorrelospinmatrixDetector{W: c.W, times: c.times, base: c.base, nChannels: c.nChannels}
}

// Status implements node.Node.
func (c *CorrelospinmatrixDetector) Status() dict.Dict {
	count := make([]any, c.nChannels)
	for i := range c.nChannels {
		ni := make([]any, c.nChannels)
		for j := range c.nChannels {
			if c.sized {
				ni[j] = intList(c.countCov[i][j])
			} else {
				ni[j] = []int{}
			}
		}
		count[i] = ni
	}
	d := dict.Dict{"N_channels": int(c.nChannels), "count_covariance": count}
	c.W.status(d)
	c.times.status(d, c.base)
	return d
}

// SetStatus implements node.Node, with NEST's checks in NEST's order;
// nothing changes unless every entry is valid.
func (c *CorrelospinmatrixDetector) SetStatus(r *dict.Reader, env *node.Env) error {
	n := c.nChannels
	reset := false
	if ok, err := r.Int("N_channels", &n); err != nil {
		return err
	} else if ok {
		if n < 1 {
			return nesterr.New(nesterr.ErrBadProperty, "/N_channels can only be larger than zero (N_channels = %d).", n)
		}
		reset = true
	}
	times, changed, err := c.times.set(r, env.Base, "correlospinmatrix_detector", true)
	if err != nil {
		return err
	}
	w, err := c.W.set(r, env.Base)
	if err != nil {
		return err
	}
	c.base = env.Base
	c.W, c.times, c.nChannels = w, times, n
	if reset || changed {
		c.reset()
	}
	return nil
}

func (c *CorrelospinmatrixDetector) reset() {
	dt, tm := c.times.steps(c.base)
	bins := int(1 + 2.0*float64(tm)/float64(dt))
	c.lastI, c.tentative, c.haveLast = 0, false, false
	c.incoming = nil
	c.countCov = make([][][]int64, c.nChannels)
	c.currState = make([]bool, c.nChannels)
	c.lastChange = make([]int64, c.nChannels)
	for i := range c.nChannels {
		c.countCov[i] = make([][]int64, c.nChannels)
		for j := range c.nChannels {
			c.countCov[i][j] = make([]int64, bins)
		}
	}
	c.sized = true
}

// Prepare implements node.Node.
func (c *CorrelospinmatrixDetector) Prepare(env *node.Env) {
	c.base = env.Base
	c.minDelay = int64(env.MinDelay)
	c.tMin, c.tMax = c.W.bounds(env.Base)
	if !c.sized {
		c.reset()
	}
}

// Update implements node.Node; spikes arrive through HandleSpike.
func (c *CorrelospinmatrixDetector) Update(*node.Context, int64, int, int) {}

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 0 to
// N_channels-1.
func (c *CorrelospinmatrixDetector) CheckSpikeReceptor(_ string, rport int) error {
	if rport < 0 || int64(rport) > c.nChannels-1 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in correlospinmatrix_detector (N_channels = %d).", rport, c.nChannels)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver with NEST's decoding and
// counting.
func (c *CorrelospinmatrixDetector) HandleSpike(e *node.SpikeEvent) {
	if !(c.tMin < e.Stamp && e.Stamp <= c.tMax) || !c.sized || int64(e.Rport) >= c.nChannels {
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
	pos := len(c.incoming)
	for k, p := range c.incoming {
		if p.tOff > tOff {
			pos = k
			break
		}
	}
	c.incoming = append(c.incoming, spinPulse{})
	copy(c.incoming[pos+1:], c.incoming[pos:])
	c.incoming[pos] = spinPulse{tOn: tOn, tOff: tOff, channel: i}

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
