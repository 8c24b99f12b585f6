package devices

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("pulsepacket_generator", func() node.Node { return NewPulsePacketGenerator() }) }

// PulsePacketGenerator is NEST's pulsepacket_generator: around every
// pulse time it emits a packet of `activity` spikes whose times are drawn
// from a Gaussian centred on the pulse time with standard deviation sdev.
//
// Parameters (status keys, defaults, units):
//
//	pulse_times          []     ms  centres of the packets (kept sorted)
//	activity             0      -   spikes per packet, >= 0
//	sdev                 0.0    ms  standard deviation of the spike times, >= 0
//	origin, start, stop  0, 0, +inf ms  active window
//	label                ""     -
//
// A packet is drawn once the generator's update reaches its centre within
// sdev*10 ms (1 ms when sdev is 0). A drawn time x becomes the step
// Time::ms(x).get_steps() (rounded to tics, then up to the step end) and
// is sent in that step, so it is stamped one step later; times before the
// current slice are dropped. Spikes that fall into the same step go out as
// one event with that multiplicity, the same to every target.
//
// NEST files this model as a current generator and checks its window
// only at the start of each slice: a whole slice of min_delay steps is
// active when t_min < origin+2 <= t_max (see currentGeneratorActive), and
// a slice that is not active neither draws nor sends (its spikes wait).
//
// Besides NEST's rules (activity and sdev not negative) a non-finite
// sdev or pulse time and an activity above 2^31-1 are refused: they
// would stall or overflow the drawing.
//
// Setting pulse_times, activity or sdev drops the spikes drawn but not yet
// sent. As in NEST, every Simulate call starts by taking every packet
// whose centre lies within the tolerance of the current time as not yet
// drawn, so a packet that straddles the boundary between two Simulate
// calls is drawn a second time.
type PulsePacketGenerator struct {
	PulseTimes []float64 // pulse_times, ms, sorted
	Activity   int64     // activity, spikes per packet
	Sdev       float64   // sdev, ms
	W          Window
	Label      string // label

	// pending are the steps of the drawn spikes not yet sent, sorted.
	pending []int64
	// Packets before startIdx are drawn; those from startIdx to stopIdx-1
	// are due to be drawn.
	startIdx, stopIdx int
	tolerance         float64 // ms
	base              simtime.Base
	rng               *rand.Rand
	tMin, tMax        int64
}

// sdevTolerance is how many standard deviations ahead a packet is drawn.
const sdevTolerance = 10.0

// NewPulsePacketGenerator returns a pulsepacket_generator with NEST's
// defaults.
func NewPulsePacketGenerator() *PulsePacketGenerator {
	return &PulsePacketGenerator{W: DefaultWindow()}
}

// Model implements node.Node.
func (g *PulsePacketGenerator) Model() string { return "pulsepacket_generator" }

// ElementType implements node.Node.
func (g *PulsePacketGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node. The copy has drawn nothing yet; the pulse
// list is shared, since SetStatus replaces it and never writes into it.
func (g *PulsePacketGenerator) Clone() node.Node {
	c := *g
	c.pending = nil
	c.startIdx, c.stopIdx = 0, 0
	return &c
}

// Status implements node.Node.
func (g *PulsePacketGenerator) Status() dict.Dict {
	d := dict.Dict{
		"pulse_times": append([]float64{}, g.PulseTimes...),
		"activity":    int(g.Activity),
		"sdev":        g.Sdev,
		"label":       g.Label,
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node: activity and sdev, then pulse_times,
// then the window and the label, as in NEST; nothing changes unless all
// are valid.
func (g *PulsePacketGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *g
	activityGiven, err := r.Int("activity", &c.Activity)
	if err != nil {
		return err
	}
	sdevGiven, err := r.Float("sdev", &c.Sdev)
	if err != nil {
		return err
	}
	if c.Activity < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The activity cannot be negative (activity = %d).", c.Activity)
	}
	if c.Activity > math.MaxInt32 {
		return nesterr.New(nesterr.ErrBadProperty, "The activity must be at most %d spikes per packet (activity = %d).", math.MaxInt32, c.Activity)
	}
	if c.Sdev < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The standard deviation cannot be negative (sdev = %g ms).", c.Sdev)
	}
	if math.IsNaN(c.Sdev) || math.IsInf(c.Sdev, 0) {
		return nesterr.New(nesterr.ErrBadProperty, "The standard deviation must be a finite number (sdev = %g ms).", c.Sdev)
	}
	var times []float64
	timesGiven, err := r.Floats("pulse_times", &times)
	if err != nil {
		return err
	}
	for i, t := range times {
		if math.IsNaN(t) || math.Abs(t*env.Base.TicsPerMs) >= float64(simtime.MaxSteps) {
			return nesterr.New(nesterr.ErrBadProperty,
				"pulse_times[%d] = %g ms is not a finite time the simulation can represent.", i, t)
		}
	}
	if timesGiven {
		slices.Sort(times)
		c.PulseTimes = times
	}
	if timesGiven || activityGiven || sdevGiven {
		c.pending = nil
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*g = c
	return nil
}

// Prepare implements node.Node: the tolerance, and which packets are due
// relative to the current time.
func (g *PulsePacketGenerator) Prepare(env *node.Env) {
	g.base = env.Base
	g.rng = env.RNG
	g.tMin, g.tMax = g.W.bounds(env.Base)
	g.tolerance = 1.0
	if g.Sdev > 0 {
		g.tolerance = g.Sdev * sdevTolerance
	}
	now := env.Base.StepsToMs(env.Now)
	// Packets that end long before now are done; those around now are
	// (again) due; later ones wait.
	g.startIdx, g.stopIdx = 0, 0
	for g.stopIdx < len(g.PulseTimes) && g.PulseTimes[g.stopIdx]-now <= g.tolerance {
		if math.Abs(g.PulseTimes[g.stopIdx]-now) > g.tolerance {
			g.startIdx++
		}
		g.stopIdx++
	}
}

// SendsSpikes implements node.SpikeSender.
func (g *PulsePacketGenerator) SendsSpikes() bool { return true }

// Update implements node.Node. Like NEST's, it looks at the slice as a
// whole: from only matters through the slice origin.
func (g *PulsePacketGenerator) Update(ctx *node.Context, origin int64, _, to int) {
	if (g.startIdx == len(g.PulseTimes) && len(g.pending) == 0) || !currentGeneratorActive(origin, g.tMin, g.tMax) {
		return
	}
	originTics := origin * g.base.TicsPerStep
	for g.stopIdx < len(g.PulseTimes) &&
		float64(g.base.MsToTics(g.PulseTimes[g.stopIdx])-originTics)*g.base.MsPerTic <= g.tolerance {
		g.stopIdx++
	}
	if g.startIdx < g.stopIdx {
		for ; g.startIdx < g.stopIdx; g.startIdx++ {
			centre := g.PulseTimes[g.startIdx]
			for range g.Activity {
				x := g.Sdev*g.rng.NormFloat64() + centre
				if tics := g.base.MsToTics(x); tics >= originTics {
					g.pending = append(g.pending, g.base.TicsToSteps(tics))
				}
			}
		}
		slices.Sort(g.pending)
	}
	end := origin + int64(to)
	sent := 0
	for sent < len(g.pending) && g.pending[sent] < end {
		step := g.pending[sent]
		n := 1
		for sent+n < len(g.pending) && g.pending[sent+n] == step {
			n++
		}
		ctx.Emit.EmitSpikes(ctx.Index, step, 0, n)
		sent += n
	}
	g.pending = g.pending[sent:]
}
