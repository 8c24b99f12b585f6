package models

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("pp_psc_delta", func() node.Node { return NewPpPscDelta() }) }

// PpPscDelta is NEST's pp_psc_delta: a point-process neuron whose leaky
// membrane (delta-pulse synapses, potential relative to rest) sets an
// escape rate
//
//	rate = c_1*V' + c_2*exp(c_3*V')   (1/s),  V' = V_m - E_sfa,
//
// where E_sfa, the spike-frequency adaptation, is a sum of exponentially
// decaying terms, one per pair (tau_sfa[i], q_sfa[i]), each raised by
// q_sfa[i] at every spike. After a spike the neuron is dead for
// dead_time (fixed, or gamma distributed with mean dead_time and shape
// dead_time_shape when dead_time_random), and its potential is set to 0
// if with_reset. With dead_time 0 it emits a Poisson number of spikes
// per step; otherwise at most one, with probability
// 1 - exp(-rate*h).
//
// Parameters (status keys, defaults, units):
//
//	tau_m             10.0   ms    membrane time constant
//	C_m              250.0   pF    membrane capacitance
//	I_e                0.0   pA    constant input current
//	dead_time          1.0   ms    dead time (raised to one step if shorter but not 0)
//	dead_time_random   false       draw the dead time from a gamma distribution
//	dead_time_shape    1     -     its shape (integer, >= 1)
//	t_ref_remaining    0.0   ms    dead time left at the start of the first run
//	with_reset         true        set V_m to 0 after a spike
//	c_1                0.0   1/(s mV)  linear part of the rate
//	c_2                1.238 1/s   exponential part of the rate
//	c_3                0.25  1/mV  slope of the exponential part
//	tau_sfa            []    ms    adaptation time constants
//	q_sfa              []    mV    adaptation jumps (as many as tau_sfa)
//
// tau_sfa and q_sfa may also be set to single numbers, which NEST appends
// to the lists and then reports as numbers (the first entries).
// State: V_m (mV relative to rest, starts at 0), E_sfa (mV; recomputed
// every step), spike archive (tau_minus, tau_minus_triplet, t_spike).
// Receptors: 0 for spikes (weights in mV) and currents.
// Recordables: V_m, E_sfa.
//
// Random numbers come from the stream of the thread that updates the
// neuron.
type PpPscDelta struct {
	P PpPscDeltaParams
	S ppPscDeltaState
	v ppPscDeltaInternals
	plainNeuron
	input [deltaChannels]float64
}

// PpPscDeltaParams are the user-settable parameters.
type PpPscDeltaParams struct {
	TauM          float64   // tau_m, ms
	Cm            float64   // C_m, pF
	DeadTime      float64   // dead_time, ms
	DeadRandom    bool      // dead_time_random
	DeadShape     int64     // dead_time_shape
	WithReset     bool      // with_reset
	TauSfa        []float64 // tau_sfa, ms
	QSfa          []float64 // q_sfa, mV
	MultiParam    bool      // tau_sfa and q_sfa were given (and are reported) as lists
	C1, C2, C3    float64   // c_1, c_2, c_3
	Ie            float64   // I_e, pA
	TRefRemaining float64   // t_ref_remaining, ms
}

// DefaultPpPscDeltaParams returns NEST 3.10's defaults.
func DefaultPpPscDeltaParams() PpPscDeltaParams {
	return PpPscDeltaParams{
		TauM: 10, Cm: 250, DeadTime: 1, DeadRandom: false, DeadShape: 1, WithReset: true,
		TauSfa: []float64{}, QSfa: []float64{}, MultiParam: true,
		C1: 0, C2: 1.238, C3: 0.25, Ie: 0, TRefRemaining: 0,
	}
}

func (p *PpPscDeltaParams) clone() PpPscDeltaParams {
	c := *p
	c.TauSfa, c.QSfa = slices.Clone(p.TauSfa), slices.Clone(p.QSfa)
	return c
}

// Validate checks the rules NEST enforces, in NEST's order.
func (p *PpPscDeltaParams) Validate() error {
	switch {
	case len(p.TauSfa) != len(p.QSfa):
		return nesterr.New(nesterr.ErrBadProperty, "tau_sfa and q_sfa must have the same length (%d and %d).", len(p.TauSfa), len(p.QSfa))
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.DeadTime < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The dead time must not be negative (dead_time = %g ms).", p.DeadTime)
	case p.DeadShape < 1:
		return nesterr.New(nesterr.ErrBadProperty, "The shape of the dead time distribution must be at least 1 (dead_time_shape = %d).", p.DeadShape)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_m = %g ms).", p.TauM)
	}
	for _, tau := range p.TauSfa {
		if tau <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_sfa = %v ms).", p.TauSfa)
		}
	}
	switch {
	case p.TRefRemaining < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The remaining dead time must not be negative (t_ref_remaining = %g ms).", p.TRefRemaining)
	case p.C3 < 0:
		return nesterr.New(nesterr.ErrBadProperty, "c_3 must not be negative (c_3 = %g/mV).", p.C3)
	}
	return nil
}

type ppPscDeltaState struct {
	Y0    float64   // current input during this step, pA
	Y3    float64   // membrane potential, mV
	Q     float64   // E_sfa, mV
	QElem []float64 // the adaptation terms
	Dead  int64     // remaining dead steps
	// started: the dead time left from t_ref_remaining has been set (NEST
	// does it once, when the node is first initialised).
	started bool
}

type ppPscDeltaInternals struct {
	stepToMs  func(int64) float64
	base      simtime.Base // for the random dead times, drawn in ms
	h         float64
	p30, p33  float64
	q33       []float64 // decay of each adaptation term
	deadSteps int64
	dtRate    float64 // dead_time_shape/dead_time, 1/ms
	rng       *rand.Rand
}

var ppPscDeltaRecordables = []string{"V_m", "E_sfa"}

// NewPpPscDelta returns a neuron with default parameters at rest.
func NewPpPscDelta() *PpPscDelta {
	return &PpPscDelta{P: DefaultPpPscDeltaParams(), plainNeuron: newPlainNeuron("pp_psc_delta", deltaChSpikes, deltaChSpikes, deltaChI0)}
}

// Model implements node.Node.
func (n *PpPscDelta) Model() string { return "pp_psc_delta" }

// Clone implements node.Node; the copy has no loggers and empty buffers
// and starts its dead time from t_ref_remaining again.
func (n *PpPscDelta) Clone() node.Node {
	c := &PpPscDelta{P: n.P.clone(), S: n.S, plainNeuron: n.copyPlain()}
	c.S.QElem = slices.Clone(n.S.QElem)
	c.S.started = false
	return c
}

// Status implements node.Node.
func (n *PpPscDelta) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"I_e": p.Ie, "C_m": p.Cm, "tau_m": p.TauM, "dead_time": p.DeadTime,
		"dead_time_random": p.DeadRandom, "dead_time_shape": p.DeadShape, "with_reset": p.WithReset,
		"c_1": p.C1, "c_2": p.C2, "c_3": p.C3, "t_ref_remaining": p.TRefRemaining,
		"V_m": n.S.Y3, "E_sfa": n.S.Q,
		"recordables": append([]string(nil), ppPscDeltaRecordables...),
	}
	switch {
	case p.MultiParam:
		d["tau_sfa"], d["q_sfa"] = slices.Clone(p.TauSfa), slices.Clone(p.QSfa)
	case len(p.TauSfa) == 0:
		d["tau_sfa"], d["q_sfa"] = 0.0, 0.0
	default:
		d["tau_sfa"], d["q_sfa"] = p.TauSfa[0], p.QSfa[0]
	}
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional.
func (n *PpPscDelta) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P.clone()
	if err := readFloats(r, []floatField{{"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM}, {"dead_time", &p.DeadTime}}); err != nil {
		return err
	}
	if _, err := r.Bool("dead_time_random", &p.DeadRandom); err != nil {
		return err
	}
	if _, err := r.Int("dead_time_shape", &p.DeadShape); err != nil {
		return err
	}
	if _, err := r.Bool("with_reset", &p.WithReset); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{{"c_1", &p.C1}, {"c_2", &p.C2}, {"c_3", &p.C3}, {"t_ref_remaining", &p.TRefRemaining}}); err != nil {
		return err
	}
	if err := p.readSfa(r); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{{"V_m", &s.Y3}, {"E_sfa", &s.Q}}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// readSfa reads tau_sfa and q_sfa as NEST does: as lists, which replace
// the old ones; or, if either is not a list, both as single numbers
// appended to the lists (a missing q_sfa then appends 0, where NEST
// appends an undefined value), which also switches the status to report
// numbers.
func (p *PpPscDeltaParams) readSfa(r *dict.Reader) error {
	tau, q := p.TauSfa, p.QSfa
	_, errT := r.Floats("tau_sfa", &tau)
	var errQ error
	if errT == nil {
		_, errQ = r.Floats("q_sfa", &q)
	}
	if errT == nil && errQ == nil {
		p.TauSfa, p.QSfa = tau, q
		return nil
	}
	p.MultiParam = false
	var tauOne, qOne float64
	if err := readFloats(r, []floatField{{"tau_sfa", &tauOne}, {"q_sfa", &qOne}}); err != nil {
		return err
	}
	p.TauSfa = append(p.TauSfa, tauOne)
	p.QSfa = append(p.QSfa, qOne)
	return nil
}

// Prepare implements node.Node. As in NEST a non-zero dead time shorter
// than one step becomes one step (and is reported so).
func (n *PpPscDelta) Prepare(env *node.Env) {
	p, s, v := &n.P, &n.S, &n.v
	v.h = env.Base.Resolution
	v.rng = env.RNG
	v.p33 = libm.Exp(-v.h / p.TauM)
	v.p30 = 1 / p.Cm * (1 - v.p33) * p.TauM
	if p.DeadTime != 0 && p.DeadTime < v.h {
		p.DeadTime = v.h
	}
	if !s.started {
		s.Dead = env.Base.MsToSteps(p.TRefRemaining)
		s.started = true
	}
	v.q33 = resizeState(v.q33, len(p.TauSfa))
	for i, tau := range p.TauSfa {
		v.q33[i] = libm.Exp(-v.h / tau)
	}
	s.QElem = resizeState(s.QElem, len(p.TauSfa))
	if p.DeadRandom {
		v.dtRate = float64(p.DeadShape) / p.DeadTime
	} else {
		v.deadSteps = env.Base.MsToSteps(p.DeadTime)
	}
	v.base = env.Base
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, deltaChannels)
}

// Update implements node.Node, in NEST's order: membrane and spike input,
// adaptation, then (outside the dead time) the escape draw, then the
// current for the next step, logging.
func (n *PpPscDelta) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), in[:])
		s.Y3 = v.p30*(s.Y0+p.Ie) + v.p33*s.Y3 + in[deltaChSpikes]
		q := 0.0
		for i := range s.QElem {
			s.QElem[i] = v.q33[i] * s.QElem[i]
			q += s.QElem[i]
		}
		s.Q = q

		if s.Dead == 0 {
			vEff := s.Y3 - s.Q
			rate := p.C1*vEff + p.C2*libm.Exp(p.C3*vEff)
			if rate > 0 {
				spikes := 0
				lambda := rate * v.h * 1e-3
				if p.DeadTime > 0 {
					if v.rng.Float64() <= -nestExpm1(-lambda) {
						spikes = 1
					}
				} else {
					spikes = poissonDraw(v.rng, lambda)
				}
				if spikes > 0 {
					n.spike(ctx, step, spikes)
				}
			}
		} else {
			s.Dead--
		}
		s.Y0 = in[deltaChI0]
		n.logs.Record(step, n)
	}
}

// spike sends spikes (the multiplicity) in step and starts the dead time.
func (n *PpPscDelta) spike(ctx *node.Context, step int64, spikes int) {
	p, s, v := &n.P, &n.S, &n.v
	if p.DeadRandom {
		s.Dead = v.base.MsToSteps(gammaDraw(v.rng, p.DeadShape) / v.dtRate)
	} else {
		s.Dead = v.deadSteps
	}
	for i := range s.QElem {
		s.QElem[i] += p.QSfa[i] * float64(spikes)
	}
	if spikes == 1 {
		ctx.Emit.EmitSpike(ctx.Index, step, 0)
	} else {
		ctx.Emit.EmitSpikes(ctx.Index, step, 0, spikes)
	}
	t := v.stepToMs(step + 1)
	for range spikes {
		n.arch.Spike(t)
	}
	if p.WithReset {
		s.Y3 = 0
	}
}

// poissonDraw returns a Poisson number of mean lambda by inversion of its
// distribution function; a large mean is split into parts of at most 20,
// whose draws add up to a draw of the whole.
func poissonDraw(rng *rand.Rand, lambda float64) int {
	total := 0
	for lambda > 20 {
		total += poissonDraw(rng, 20)
		lambda -= 20
	}
	u := rng.Float64()
	k, pk := 0, libm.Exp(-lambda)
	cdf := pk
	for u > cdf && pk > 0 {
		k++
		pk *= lambda / float64(k)
		cdf += pk
	}
	return total + k
}

// gammaDraw returns a gamma-distributed number of integer shape k and
// scale 1: the sum of k exponential draws.
func gammaDraw(rng *rand.Rand, k int64) float64 {
	sum := 0.0
	for range k {
		sum += rng.ExpFloat64()
	}
	return sum
}

// Recordables implements node.Recordable.
func (n *PpPscDelta) Recordables() []string { return ppPscDeltaRecordables }

// RecordableValue implements node.Recordable.
func (n *PpPscDelta) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Y3
	case 1:
		return n.S.Q
	}
	return math.NaN()
}
