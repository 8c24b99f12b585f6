package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() { register("gif_cond_exp", func() node.Node { return NewGifCondExp() }) }

// GifCondExp is NEST's gif_cond_exp: the generalized integrate-and-fire
// neuron of gif_psc_exp (see GifPscExp: spike-triggered currents I_stc,
// adaptive threshold E_sfa, escape noise) with exponentially decaying
// synaptic conductances:
//
//	C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - I_stc + I_e + I_stim
//
// A spike of weight w (nS) adds w to g_ex if w >= 0 and |w| to g_in
// otherwise. The system is integrated with the adaptive Runge-Kutta-
// Fehlberg 4(5) method (package ode) under an absolute error bound of
// gsl_error_tol on every state variable, as NEST does with GSL; the bound
// is taken when the node is first prepared. While refractory, V_m is held
// at V_reset (and the right-hand side uses V_reset).
//
// Parameters (status keys, defaults, units): those of gif_psc_exp but the
// synaptic time constants' meaning, and
//
//	tau_syn_ex      2.0    ms   excitatory conductance time constant
//	tau_syn_in      2.0    ms   inhibitory conductance time constant
//	E_ex            0.0    mV   excitatory reversal potential
//	E_in          -85.0    mV   inhibitory reversal potential
//	gsl_error_tol   0.001  -    error bound of the integration (>= 0)
//
// NEST accepts a negative gsl_error_tol and then aborts inside GSL when it
// simulates; gonest refuses it (BadProperty).
// State: V_m (mV, starts at E_L), g_ex and g_in (nS), E_sfa (mV), I_stc
// (pA). Like every NEST neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, E_sfa, I_stc, g_ex, g_in.
type GifCondExp struct {
	P GifCondExpParams
	S gifCondExpState
	v gifCondExpInternals
	plainNeuron
	input [gifCondExpChannels]float64
}

// GifCondExpParams are the user-settable parameters.
type GifCondExpParams struct {
	gifParams
	TauSynEx    float64 // tau_syn_ex, ms
	TauSynIn    float64 // tau_syn_in, ms
	Eex         float64 // E_ex, mV
	Ein         float64 // E_in, mV
	GslErrorTol float64 // gsl_error_tol
}

// DefaultGifCondExpParams returns NEST 3.10's defaults.
func DefaultGifCondExpParams() GifCondExpParams {
	return GifCondExpParams{gifParams: defaultGifParams(), TauSynEx: 2, TauSynIn: 2, Eex: 0, Ein: -85, GslErrorTol: 1e-3}
}

// Validate checks the rules NEST enforces, in NEST's order, then
// gonest's rule on gsl_error_tol.
func (p *GifCondExpParams) Validate() error {
	if err := p.validate(); err != nil {
		return err
	}
	if p.TauSynEx <= 0 || p.TauSynIn <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Synapse time constants must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms).",
			p.TauSynEx, p.TauSynIn)
	}
	return checkGifErrorTol(p.GslErrorTol)
}

// checkGifErrorTol refuses the negative error bounds that make NEST's GSL
// abort the process.
func checkGifErrorTol(tol float64) error {
	if !(tol >= 0) {
		return nesterr.New(nesterr.ErrBadProperty, "gsl_error_tol must not be negative (gsl_error_tol = %g).", tol)
	}
	return nil
}

// State vector elements, in NEST's order.
const (
	gifCondExpV = iota
	gifCondExpGEx
	gifCondExpGIn
	gifCondExpDim
)

// gifCondExpState is the dynamic state.
type gifCondExpState struct {
	Y        [gifCondExpDim]float64 // V_m (mV), g_ex (nS), g_in (nS)
	IStim    float64                // current input read in the previous step, pA
	RefSteps int64                  // remaining refractory steps
	A        gifAdaptation
}

// gifCondExpInternals are derived in Prepare.
type gifCondExpInternals struct {
	integrator
	f               ode.Func
	h               float64
	decay           gifDecay
	refractorySteps int64
	rng             *rand.Rand
	stepToMs        func(int64) float64
}

// Input ring-buffer channels.
const (
	gifCondExpSpikeEx = iota
	gifCondExpSpikeIn // sum of the negative weights
	gifCondExpCurrent
	gifCondExpChannels
)

var gifCondExpRecordables = []string{"V_m", "E_sfa", "I_stc", "g_ex", "g_in"}

// NewGifCondExp returns a neuron with default parameters at rest.
func NewGifCondExp() *GifCondExp {
	n := &GifCondExp{
		P:           DefaultGifCondExpParams(),
		plainNeuron: newPlainNeuron("gif_cond_exp", gifCondExpSpikeEx, gifCondExpSpikeIn, gifCondExpCurrent),
	}
	n.S.Y[gifCondExpV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *GifCondExp) Model() string { return "gif_cond_exp" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *GifCondExp) Clone() node.Node {
	c := &GifCondExp{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
	c.S.A = n.S.A.clone()
	return c
}

// Status implements node.Node.
func (n *GifCondExp) Status() dict.Dict {
	p, y := &n.P, &n.S.Y
	d := dict.Dict{
		"tau_syn_ex": p.TauSynEx, "tau_syn_in": p.TauSynIn, "E_ex": p.Eex, "E_in": p.Ein,
		"gsl_error_tol": p.GslErrorTol,
		"V_m":           y[gifCondExpV], "g_ex": y[gifCondExpGEx], "g_in": y[gifCondExpGIn],
		"E_sfa": n.S.A.Sfa, "I_stc": n.S.A.Stc,
		"recordables": append([]string(nil), gifCondExpRecordables...),
	}
	p.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, state and archive are
// changed on copies and committed only when every rule holds.
func (n *GifCondExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.readScalars(r); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"E_ex", &p.Eex}, {"E_in", &p.Ein},
		{"gsl_error_tol", &p.GslErrorTol},
	}); err != nil {
		return err
	}
	if err := p.readAdaptation(r); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	y := n.S.Y
	arch, err := n.readStateArchive(r, []floatField{
		{"V_m", &y[gifCondExpV]}, {"g_ex", &y[gifCondExpGEx]}, {"g_in", &y[gifCondExpGIn]},
	}...)
	if err != nil {
		return err
	}
	n.P, n.S.Y, n.arch = p, y, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the adaptation and the refractory
// period follow the parameters in every run.
func (n *GifCondExp) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	if !v.ready() {
		// NEST: gsl_odeiv_control_y_new(gsl_error_tol, 0.0).
		v.init(gifCondExpDim, mustControl(p.GslErrorTol, 0, 1, 0), h)
	}
	v.f = n.derivs
	v.h = h
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.decay.prepare(&p.gifParams, h)
	n.S.A.resize(&p.gifParams)
	v.rng = env.RNG
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, gifCondExpChannels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter, the input current and I_stc from the node, as NEST's does.
func (n *GifCondExp) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	v := y[gifCondExpV]
	if refractory {
		v = p.Vreset
	}
	// Products rounded before they are summed, in NEST's order.
	iSynEx := float64(y[gifCondExpGEx] * (v - p.Eex))
	iSynIn := float64(y[gifCondExpGIn] * (v - p.Ein))
	iLeak := float64(p.GL * (v - p.EL))
	if refractory {
		f[gifCondExpV] = 0
	} else {
		f[gifCondExpV] = (-iLeak + n.S.IStim + p.Ie - iSynEx - iSynIn - n.S.A.Stc) / p.Cm
	}
	f[gifCondExpGEx] = -y[gifCondExpGEx] / p.TauSynEx
	f[gifCondExpGIn] = -y[gifCondExpGIn] / p.TauSynIn
	return nil
}

// Update implements node.Node. NEST's order inside a step: the adaptation
// sums and their decay, the integration over the step, the conductance
// jumps of the spikes arriving in it, then (unless refractory) the spike
// decision, else the refractory count and the clamp at V_reset, then the
// current for the next step and logging.
func (n *GifCondExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.A.step(p.VTStar, &v.decay)
		v.advance("gif_cond_exp", v.f, s.Y[:])

		n.ring.Take(ctx.Slot(step), in[:])
		s.Y[gifCondExpGEx] += in[gifCondExpSpikeEx]
		s.Y[gifCondExpGIn] += -in[gifCondExpSpikeIn]

		if s.RefSteps == 0 {
			if gifFires(&p.gifParams, s.Y[gifCondExpV], s.A.Sfa, v.h, v.rng) {
				s.A.jump(&p.gifParams)
				s.RefSteps = v.refractorySteps
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.RefSteps--
			s.Y[gifCondExpV] = p.Vreset
		}

		s.IStim = in[gifCondExpCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *GifCondExp) Recordables() []string { return gifCondExpRecordables }

// RecordableValue implements node.Recordable.
func (n *GifCondExp) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Y[gifCondExpV]
	case 1:
		return n.S.A.Sfa
	case 2:
		return n.S.A.Stc
	case 3:
		return n.S.Y[gifCondExpGEx]
	case 4:
		return n.S.Y[gifCondExpGIn]
	}
	return math.NaN()
}
