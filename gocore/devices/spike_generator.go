package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("spike_generator", func() node.Node { return NewSpikeGenerator() }) }

// SpikeGenerator is NEST's spike_generator: it emits spikes at the times
// listed in spike_times (ms, relative to origin), each reaching a target
// after the connection's delay exactly as a neuron's spike stamped with
// that time would.
//
// Parameters (status keys, defaults, units):
//
//	spike_times          []     ms  sorted (non-descending); repeated times give separate spikes
//	spike_weights        []     -   per-spike factors of the connection weight (empty: all 1)
//	spike_multiplicities []     -   per-spike multiplicities, >= 0 (empty: all 1)
//	precise_times        false  -   keep off-grid times as grid stamp plus offset
//	allow_offgrid_times  false  -   round off-grid times up to the end of their step
//	shift_now_spikes     false  -   move a spike at the current time one step later (and allow t = 0)
//	origin, start, stop  0, 0, +inf ms  active window: origin+start < t <= origin+stop
//	label                ""     -
//
// A spike time t must lie on the simulation grid unless precise_times or
// allow_offgrid_times is set, and must not be 0 unless shift_now_spikes
// is set. precise_times excludes the two other options, and the options
// can only change together with spike_times or while no spikes are set.
// Setting spike_times, spike_weights, spike_multiplicities or origin
// starts the list over.
//
// A spike at t (a stamp of s = t/h steps) is sent in the update of step
// s-1, as a neuron that crossed threshold in that step; a connection of
// delay d delivers it to the target's update of step s-1+d, which sees it
// at time t+d. Spikes whose stamp lies before the current update are
// skipped.
//
// With spike_weights, spike i reaches every target with the weight its
// connection delivers (after a plastic rule's update) times
// spike_weights[i], as NEST's DSSpikeEvent does; the connections' own
// weights do not change.
type SpikeGenerator struct {
	W     Window
	Label string // label

	PreciseTimes      bool // precise_times
	AllowOffgridTimes bool // allow_offgrid_times
	ShiftNowSpikes    bool // shift_now_spikes

	// stamps are the spike stamps in steps relative to origin; timesMs the
	// spike times reported as spike_times; offsets (precise_times only)
	// how far, in ms, each spike lies before the end of its step.
	stamps  []int64
	timesMs []float64
	offsets []float64
	mults   []int64   // spike_multiplicities; empty: all 1
	weights []float64 // spike_weights; empty: all 1

	position int // index of the next spike to send

	originSteps, tMin, tMax int64
}

// NewSpikeGenerator returns a spike_generator with NEST's defaults and no
// spikes.
func NewSpikeGenerator() *SpikeGenerator { return &SpikeGenerator{W: DefaultWindow()} }

// Model implements node.Node.
func (g *SpikeGenerator) Model() string { return "spike_generator" }

// ElementType implements node.Node.
func (g *SpikeGenerator) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node. The spike lists are shared: SetStatus
// always replaces them and never writes into them.
func (g *SpikeGenerator) Clone() node.Node { c := *g; return &c }

// Status implements node.Node.
func (g *SpikeGenerator) Status() dict.Dict {
	// []int, like the other integer lists the Python boundary carries.
	multiplicities := make([]int, len(g.mults))
	for i, m := range g.mults {
		multiplicities[i] = int(m)
	}
	d := dict.Dict{
		"spike_times":          append([]float64{}, g.timesMs...),
		"spike_weights":        append([]float64{}, g.weights...),
		"spike_multiplicities": multiplicities,
		"precise_times":        g.PreciseTimes,
		"allow_offgrid_times":  g.AllowOffgridTimes,
		"shift_now_spikes":     g.ShiftNowSpikes,
		"label":                g.Label,
	}
	g.W.status(d)
	return d
}

// SetStatus implements node.Node. The spike parameters are checked first,
// then the window and the label, as in NEST; nothing changes unless all
// of them are valid.
func (g *SpikeGenerator) SetStatus(r *dict.Reader, env *node.Env) error {
	return g.set(r, env, "spike_generator", true)
}

// set is SetStatus for model; spike_train_injector, which has neither
// spike_weights nor label, leaves those keys unread (withExtras false).
func (g *SpikeGenerator) set(r *dict.Reader, env *node.Env, model string, withExtras bool) error {
	c := *g
	// The "now" test of shift_now_spikes needs the origin, which may be
	// set in this very call; Window.set reads and checks it again below.
	originMs := g.W.Origin
	if v, ok := r.Raw("origin"); ok {
		if f, err := dict.ToFloat("origin", v); err == nil {
			originMs = f
		}
	}

	flagsGiven := false
	for _, f := range []struct {
		key string
		dst *bool
	}{
		{"precise_times", &c.PreciseTimes}, {"shift_now_spikes", &c.ShiftNowSpikes}, {"allow_offgrid_times", &c.AllowOffgridTimes},
	} {
		ok, err := r.Bool(f.key, f.dst)
		if err != nil {
			return err
		}
		flagsGiven = flagsGiven || ok
	}
	if c.PreciseTimes && (c.AllowOffgridTimes || c.ShiftNowSpikes) {
		return nesterr.New(nesterr.ErrBadProperty,
			"Option precise_times cannot be set to true when either allow_offgrid_times or shift_now_spikes is set to true (allow_offgrid_times = %t, shift_now_spikes = %t).",
			c.AllowOffgridTimes, c.ShiftNowSpikes)
	}
	var times []float64
	timesGiven, err := r.Floats("spike_times", &times)
	if err != nil {
		return err
	}
	if flagsGiven && !timesGiven && len(g.stamps) > 0 {
		return nesterr.New(nesterr.ErrBadProperty,
			"Options can only be set together with spike times or if no spike times have been set (%d spike times are set).", len(g.stamps))
	}
	if timesGiven {
		if err := c.setTimes(times, env.Base, env.Now, originMs, model); err != nil {
			return err
		}
	}

	var weights []float64
	weightsGiven := false
	if withExtras {
		if weightsGiven, err = r.Floats("spike_weights", &weights); err != nil {
			return err
		}
	}
	if weightsGiven && len(weights) > 0 {
		if len(weights) != len(c.stamps) {
			return nesterr.New(nesterr.ErrBadProperty,
				"spike_weights must have the same number of elements as spike_times, or 0 elements to clear the property (%d weights, %d spike times).",
				len(weights), len(c.stamps))
		}
	}
	if weightsGiven {
		c.weights = weights
	}

	multsGiven, err := readCounts(r, "spike_multiplicities", &c.mults)
	if err != nil {
		return err
	}
	if multsGiven && len(c.mults) > 0 && len(c.mults) != len(c.stamps) {
		return nesterr.New(nesterr.ErrBadProperty,
			"spike_multiplicities must have the same number of elements as spike_times or 0 elements to clear the property (%d multiplicities, %d spike times).",
			len(c.mults), len(c.stamps))
	}
	if timesGiven && !multsGiven && len(c.mults) > 0 && len(c.stamps) > 0 && len(c.mults) != len(c.stamps) {
		// NEST keeps the old list and fails at the next update; refusing
		// now names the problem while it can still be fixed.
		return nesterr.New(nesterr.ErrBadProperty,
			"spike_multiplicities has %d elements but spike_times now has %d; set both together (or clear spike_multiplicities).",
			len(g.mults), len(c.stamps))
	}

	if timesGiven && !weightsGiven && len(c.weights) > 0 && len(c.stamps) > 0 && len(c.weights) != len(c.stamps) {
		// As for the multiplicities: NEST would fail at the next update.
		return nesterr.New(nesterr.ErrBadProperty,
			"spike_weights has %d elements but spike_times now has %d; set both together (or clear spike_weights).",
			len(g.weights), len(c.stamps))
	}

	if timesGiven || weightsGiven || multsGiven || r.Has("origin") {
		c.position = 0
	}

	w, err := g.W.set(r, env.Base)
	if err != nil {
		return err
	}
	c.W = w
	if withExtras {
		if _, err := r.String("label", &c.Label); err != nil {
			return err
		}
	}
	*g = c
	return nil
}

// setTimes checks times (sorted, on the grid unless an option allows
// otherwise, not 0 unless shift_now_spikes) and stores their stamps.
// now is the current time in steps, originMs the origin that applies.
func (g *SpikeGenerator) setTimes(times []float64, base simtime.Base, now int64, originMs float64, model string) error {
	stamps := make([]int64, 0, len(times))
	timesMs := make([]float64, 0, len(times))
	var offsets []float64
	if g.PreciseTimes {
		offsets = make([]float64, 0, len(times))
	}
	originSteps := base.TicsToSteps(base.MsToTics(originMs))
	for i, t := range times {
		if i > 0 && times[i-1] > t {
			return nesterr.New(nesterr.ErrBadProperty,
				"Spike times must be sorted in non-descending order (spike_times[%d] = %g ms follows %g ms).", i, t, times[i-1])
		}
		if math.IsNaN(t) || math.Abs(t*base.TicsPerMs) >= float64(simtime.MaxSteps) {
			return nesterr.New(nesterr.ErrBadProperty, "%s: Time point %g is not a finite time the simulation can represent.", model, t)
		}
		if t == 0 && !g.ShiftNowSpikes {
			return nesterr.New(nesterr.ErrBadProperty, "spike time cannot be set to 0 (spike_times[%d]); set shift_now_spikes to send it at the first step.", i)
		}
		tics := base.MsToTics(t)
		switch onGrid := tics%base.TicsPerStep == 0; {
		case g.PreciseTimes:
			// Precise times are not rounded to tics first.
			tics = msStampTics(base, t)
		case !onGrid && g.AllowOffgridTimes:
			tics = msStampTics(base, t)
		case !onGrid:
			return nesterr.New(nesterr.ErrBadProperty,
				"%s: Time point %g is not representable in current resolution (%g ms); set allow_offgrid_times or precise_times to accept it.",
				model, t, base.Resolution)
		}
		stamp := tics / base.TicsPerStep
		if !g.PreciseTimes && g.ShiftNowSpikes && originSteps+stamp == now {
			stamp++
		}
		stamps = append(stamps, stamp)
		stampMs := base.StepsToMs(stamp)
		if !g.PreciseTimes {
			timesMs = append(timesMs, stampMs)
			continue
		}
		offset := stampMs - t
		// A difference of a few ulp is the rounding of a time on the grid.
		if math.Abs(offset) < 0x1p-52*math.Abs(stampMs+t)*2 || math.Abs(offset) < 0x1p-1022 {
			offset = 0
		}
		offsets = append(offsets, offset)
		timesMs = append(timesMs, stampMs-offset)
	}
	g.stamps, g.timesMs, g.offsets = stamps, timesMs, offsets
	return nil
}

// msStampTics is NEST's Time::ms_stamp: the end of the step in which t
// lies, in tics (t itself when it lies on the grid).
func msStampTics(base simtime.Base, t float64) int64 {
	n := int64(t * base.TicsPerMs)
	n -= n % base.TicsPerStep
	msPerStep := float64(base.TicsPerStep) / base.TicsPerMs
	if float64(n)*(1/float64(base.TicsPerStep))*msPerStep < t {
		n += base.TicsPerStep
	}
	return n
}

// readCounts reads a list of non-negative whole numbers.
func readCounts(r *dict.Reader, key string, dst *[]int64) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	case []int64:
		for _, e := range x {
			list = append(list, e)
		}
	case []float64:
		for _, e := range x {
			list = append(list, e)
		}
	default:
		return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a list of integers, got %s.", key, dict.Describe(v))
	}
	out := make([]int64, len(list))
	for i, e := range list {
		n, err := dict.ToInt(key, e)
		if err != nil {
			return false, err
		}
		if n < 0 || n > math.MaxInt32 {
			return false, nesterr.New(nesterr.ErrBadProperty, "%s must be in [0, %d] (%s[%d] = %d).", key, math.MaxInt32, key, i, n)
		}
		out[i] = n
	}
	*dst = out
	return true, nil
}

// Prepare implements node.Node.
func (g *SpikeGenerator) Prepare(env *node.Env) {
	g.originSteps = env.Base.TicsToSteps(env.Base.MsToTics(g.W.Origin))
	g.tMin, g.tMax = g.W.bounds(env.Base)
}

// SendsSpikes implements node.SpikeSender.
func (g *SpikeGenerator) SendsSpikes() bool { return true }

// Update implements node.Node: it sends every spike whose stamp lies in
// (origin+from, origin+to] and in the active window, in the step before
// its stamp.
func (g *SpikeGenerator) Update(ctx *node.Context, origin int64, from, to int) {
	tStart, tStop := origin+int64(from), origin+int64(to)
	for ; g.position < len(g.stamps); g.position++ {
		stamp := g.originSteps + g.stamps[g.position]
		if stamp <= tStart {
			continue // in the past
		}
		if stamp > tStop {
			return
		}
		if stamp <= g.tMin || stamp > g.tMax {
			continue
		}
		mult := int64(1)
		if len(g.mults) > 0 {
			mult = g.mults[g.position]
		}
		if mult == 0 {
			// NEST would send an event that adds nothing anywhere.
			continue
		}
		offset := 0.0
		if g.PreciseTimes {
			offset = g.offsets[g.position]
		}
		// Each listed time is its own event, so a repeated time reaches a
		// target as two separate inputs, as in NEST.
		if len(g.weights) > 0 {
			if we, ok := ctx.Emit.(node.WeightedSpikeEmitter); ok {
				we.EmitWeightedSpikes(ctx.Index, stamp-1, offset, int(mult), g.weights[g.position])
				continue
			}
		}
		ctx.Emit.EmitSpikes(ctx.Index, stamp-1, offset, int(mult))
	}
}
