package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("gif_psc_exp", func() node.Node { return NewGifPscExp() }) }

// GifPscExp is NEST's gif_psc_exp: the generalized integrate-and-fire
// neuron of Mensi et al. (2012) and Pozzorini et al. (2015) with
// exponentially decaying synaptic currents. The membrane obeys
//
//	C_m dV/dt = -g_L (V - E_L) - I_stc + I_syn_ex + I_syn_in + I_e + I_stim
//
// and is integrated exactly over each step. I_stc is a sum of
// spike-triggered currents, each decaying with its tau_stc and jumping
// by its q_stc at every spike. The neuron fires stochastically with the
// hazard lambda_0*exp((V - E_sfa)/Delta_V), where the threshold E_sfa is
// V_T_star plus a sum of components decaying with tau_sfa and jumping by
// q_sfa at every spike; after a spike V is held at V_reset for t_ref.
// A spike of weight w (pA) adds w to I_syn_ex if w >= 0, to I_syn_in
// otherwise.
//
// Parameters (status keys, defaults, units):
//
//	C_m          80.0   pF    membrane capacitance
//	g_L           4.0   nS    leak conductance
//	E_L         -70.0   mV    resting potential
//	V_reset     -55.0   mV    potential held during the refractory period
//	t_ref         4.0   ms    refractory period
//	I_e           0.0   pA    constant input current
//	Delta_V       0.5   mV    noise level of the escape rate
//	V_T_star    -35.0   mV    base threshold
//	lambda_0      1.0   1/s   escape rate at threshold
//	tau_stc       []    ms    time constants of the spike-triggered currents
//	q_stc         []    pA    jumps of the spike-triggered currents
//	tau_sfa       []    ms    time constants of the threshold adaptation
//	q_sfa         []    mV    jumps of the threshold adaptation
//	tau_syn_ex    2.0   ms    excitatory synaptic current time constant
//	tau_syn_in    2.0   ms    inhibitory synaptic current time constant
//
// State: V_m (mV, starts at -70 whatever E_L), E_sfa (mV) and I_stc (pA),
// both 0 until the first step. Like every NEST neuron it keeps a spike
// archive for STDP synapses (tau_minus, tau_minus_triplet, t_spike).
// Receptors: 0 for spikes and currents.
// Recordables: V_m, E_sfa, I_stc, I_syn_ex, I_syn_in.
type GifPscExp struct {
	P GifPscExpParams
	S gifPscExpState
	v gifPscExpInternals
	plainNeuron
	input [gifPscExpChannels]float64
}

// GifPscExpParams are the user-settable parameters.
type GifPscExpParams struct {
	gifParams
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
}

// DefaultGifPscExpParams returns NEST 3.10's defaults.
func DefaultGifPscExpParams() GifPscExpParams {
	return GifPscExpParams{gifParams: defaultGifParams(), TauSynEx: 2, TauSynIn: 2}
}

// Validate checks the rules NEST enforces, in NEST's order.
func (p *GifPscExpParams) Validate() error {
	if err := p.validate(); err != nil {
		return err
	}
	if p.TauSynEx <= 0 || p.TauSynIn <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Synapse time constants must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms).",
			p.TauSynEx, p.TauSynIn)
	}
	return nil
}

// gifPscExpState is the dynamic state.
type gifPscExpState struct {
	V        float64 // membrane potential, mV
	ISynEx   float64 // pA
	ISynIn   float64 // pA
	IStim    float64 // current input read in the previous step, pA
	RefSteps int64   // remaining refractory steps
	A        gifAdaptation
}

// gifPscExpInternals are derived in Prepare.
type gifPscExpInternals struct {
	h               float64 // step, ms
	p11ex, p11in    float64 // synaptic current decay over one step
	p21ex, p21in    float64 // synaptic current -> membrane potential
	p30, p31, p33   float64 // input, E_L and V -> membrane potential
	decay           gifDecay
	refractorySteps int64
	rng             *rand.Rand
	stepToMs        func(int64) float64
}

// Input ring-buffer channels.
const (
	gifPscExpSpikeEx = iota
	gifPscExpSpikeIn
	gifPscExpCurrent
	gifPscExpChannels
)

var gifPscExpRecordables = []string{"V_m", "E_sfa", "I_stc", "I_syn_ex", "I_syn_in"}

// NewGifPscExp returns a neuron with default parameters.
func NewGifPscExp() *GifPscExp {
	return &GifPscExp{
		P:           DefaultGifPscExpParams(),
		S:           gifPscExpState{V: -70},
		plainNeuron: newPlainNeuron("gif_psc_exp", gifPscExpSpikeEx, gifPscExpSpikeIn, gifPscExpCurrent),
	}
}

// Model implements node.Node.
func (n *GifPscExp) Model() string { return "gif_psc_exp" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *GifPscExp) Clone() node.Node {
	c := &GifPscExp{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
	c.S.A = n.S.A.clone()
	return c
}

// Status implements node.Node.
func (n *GifPscExp) Status() dict.Dict {
	d := dict.Dict{
		"tau_syn_ex": n.P.TauSynEx, "tau_syn_in": n.P.TauSynIn,
		"V_m": n.S.V, "E_sfa": n.S.A.Sfa, "I_stc": n.S.A.Stc,
		"recordables": append([]string(nil), gifPscExpRecordables...),
	}
	n.P.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, state and archive are
// changed on copies and committed only when every rule holds.
func (n *GifPscExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.readScalars(r); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}}); err != nil {
		return err
	}
	if err := p.readAdaptation(r); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	v := n.S.V
	arch, err := n.readStateArchive(r, floatField{"V_m", &v})
	if err != nil {
		return err
	}
	n.P, n.S.V, n.arch = p, v, arch
	return nil
}

// Prepare implements node.Node: the propagators for the step, and the
// adaptation elements sized to the kernels (NEST does both before every
// run).
func (n *GifPscExp) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	v.h = h
	tauM := p.Cm / p.GL
	v.p11ex = libm.Exp(-h / p.TauSynEx)
	v.p11in = libm.Exp(-h / p.TauSynIn)
	v.p21ex = expPropagator(p.TauSynEx, tauM, p.Cm, h)
	v.p21in = expPropagator(p.TauSynIn, tauM, p.Cm, h)
	v.p30, v.p31, v.p33 = gifMembranePropagators(&p.gifParams, h)
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.decay.prepare(&p.gifParams, h)
	n.S.A.resize(&p.gifParams)
	v.rng = env.RNG
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, gifPscExpChannels)
}

// gifMembranePropagators returns the exact one-step propagators of the
// leaky membrane with tau_m = C_m/g_L: p30 carries a constant current, p31
// E_L and p33 the potential itself.
func gifMembranePropagators(p *gifParams, h float64) (p30, p31, p33 float64) {
	tauM := p.Cm / p.GL
	em1 := nestExpm1(-h / tauM)
	return -1 / p.Cm * em1 * tauM, -em1, libm.Exp(-h / tauM)
}

// Update implements node.Node. NEST's order inside a step: the adaptation
// sums and their decay, the decay of the synaptic currents and the
// spikes arriving in the step, then (unless refractory) the membrane and
// the spike decision, else the refractory count and the clamp at
// V_reset, then the current for the next step, then logging.
func (n *GifPscExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.A.step(p.VTStar, &v.decay)

		n.ring.Take(ctx.Slot(step), in[:])
		s.ISynEx = float64(s.ISynEx*v.p11ex) + in[gifPscExpSpikeEx]
		s.ISynIn = float64(s.ISynIn*v.p11in) + in[gifPscExpSpikeIn]

		if s.RefSteps == 0 {
			// Products rounded before they are summed, in NEST's order.
			s.V = float64(v.p30*(s.IStim+p.Ie-s.A.Stc)) + float64(v.p33*s.V) + float64(v.p31*p.EL) +
				float64(s.ISynEx*v.p21ex) + float64(s.ISynIn*v.p21in)
			if gifFires(&p.gifParams, s.V, s.A.Sfa, v.h, v.rng) {
				s.A.jump(&p.gifParams)
				s.RefSteps = v.refractorySteps
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.RefSteps--
			s.V = p.Vreset
		}

		s.IStim = in[gifPscExpCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *GifPscExp) Recordables() []string { return gifPscExpRecordables }

// RecordableValue implements node.Recordable.
func (n *GifPscExp) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.V
	case 1:
		return n.S.A.Sfa
	case 2:
		return n.S.A.Stc
	case 3:
		return n.S.ISynEx
	case 4:
		return n.S.ISynIn
	}
	return math.NaN()
}
