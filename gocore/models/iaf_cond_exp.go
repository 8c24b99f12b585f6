package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_cond_exp", func() node.Node { return NewIafCondExp() }) }

// IafCondExp is NEST's iaf_cond_exp: a leaky integrate-and-fire neuron
// with exponentially decaying synaptic conductances. A spike of weight w
// (nS) adds w to the excitatory conductance if w > 0 and |w| to the
// inhibitory one otherwise; the conductances decay with tau_syn_ex and
// tau_syn_in and drive the membrane through the reversal potentials E_ex
// and E_in:
//
//	C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//
// The system is integrated with the adaptive Runge-Kutta-Fehlberg 4(5)
// method (package ode) under an absolute error bound of 1e-3 on every
// state variable, as NEST does with GSL. Inside the right-hand side V is
// clamped to V_th (and held at V_reset while refractory).
//
// Parameters (status keys, defaults, units):
//
//	V_th        -55.0     mV   spike threshold
//	V_reset     -60.0     mV   reset potential
//	t_ref         2.0     ms   absolute refractory period
//	g_L          16.6667  nS   leak conductance
//	C_m         250.0     pF   membrane capacitance
//	E_ex          0.0     mV   excitatory reversal potential
//	E_in        -85.0     mV   inhibitory reversal potential
//	E_L         -70.0     mV   leak reversal potential
//	tau_syn_ex    0.2     ms   excitatory conductance time constant
//	tau_syn_in    2.0     ms   inhibitory conductance time constant
//	I_e           0.0     pA   constant input current
//
// State: V_m (mV, starts at E_L), g_ex and g_in (nS, start at 0). All are
// absolute values: changing E_L does not move V_m. Like every NEST neuron
// it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, g_ex, g_in.
type IafCondExp struct {
	P IafCondExpParams
	S iafCondExpState
	v iafCondExpInternals
	plainNeuron
	input [iafCondExpChannels]float64
}

// IafCondExpParams are the user-settable parameters.
type IafCondExpParams struct {
	Vth      float64 // V_th, mV
	Vreset   float64 // V_reset, mV
	TRef     float64 // t_ref, ms
	GL       float64 // g_L, nS
	Cm       float64 // C_m, pF
	Eex      float64 // E_ex, mV
	Ein      float64 // E_in, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	Ie       float64 // I_e, pA
}

// DefaultIafCondExpParams returns NEST 3.10's defaults.
func DefaultIafCondExpParams() IafCondExpParams {
	return IafCondExpParams{
		Vth: -55, Vreset: -60, TRef: 2, GL: 16.6667, Cm: 250, Eex: 0, Ein: -85, EL: -70,
		TauSynEx: 0.2, TauSynIn: 2, Ie: 0,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault. NEST sets no rule on g_L.
func (p *IafCondExpParams) Validate() error {
	return validateCondIaf(p.Vreset, p.Vth, p.Cm, p.TRef, p.TauSynEx, p.TauSynIn)
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafCondExpParams) fields() []floatField {
	return []floatField{
		{"V_th", &p.Vth}, {"V_reset", &p.Vreset}, {"t_ref", &p.TRef}, {"E_L", &p.EL},
		{"E_ex", &p.Eex}, {"E_in", &p.Ein}, {"C_m", &p.Cm}, {"g_L", &p.GL},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"I_e", &p.Ie},
	}
}

// validateCondIaf holds the rules iaf_cond_exp and iaf_cond_alpha share.
func validateCondIaf(vReset, vTh, cM, tRef, tauEx, tauIn float64) error {
	switch {
	case vReset >= vTh:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", vReset, vTh)
	case cM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", cM)
	case tRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", tRef)
	case tauEx <= 0, tauIn <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms).", tauEx, tauIn)
	}
	return nil
}

// State vector elements, in NEST's order.
const (
	iafCondExpV = iota
	iafCondExpGEx
	iafCondExpGIn
	iafCondExpDim
)

// iafCondExpState is the dynamic state.
type iafCondExpState struct {
	Y        [iafCondExpDim]float64 // V_m (mV), g_ex (nS), g_in (nS)
	RefSteps int64                  // remaining refractory steps
	IStim    float64                // current input read in the previous step, pA
}

// fields are the state's status keys, in NEST's reading order.
func (s *iafCondExpState) fields() []floatField {
	return []floatField{
		{"V_m", &s.Y[iafCondExpV]}, {"g_ex", &s.Y[iafCondExpGEx]}, {"g_in", &s.Y[iafCondExpGIn]},
	}
}

// iafCondExpInternals are derived in Prepare.
type iafCondExpInternals struct {
	condODE
}

// Input ring-buffer channels.
const (
	iafCondExpSpikeEx = iota
	iafCondExpSpikeIn // sum of the (zero or negative) weights
	iafCondExpCurrent
	iafCondExpChannels
)

var iafCondExpRecordables = []string{"V_m", "g_ex", "g_in"}

// NewIafCondExp returns a neuron with default parameters at rest.
func NewIafCondExp() *IafCondExp {
	n := &IafCondExp{P: DefaultIafCondExpParams(), plainNeuron: newPlainNeuron("iaf_cond_exp", iafCondExpSpikeEx, iafCondExpSpikeIn, iafCondExpCurrent)}
	n.S.Y[iafCondExpV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *IafCondExp) Model() string { return "iaf_cond_exp" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *IafCondExp) Clone() node.Node {
	return &IafCondExp{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *IafCondExp) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafCondExp) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafCondExpRecordables, n.P.fields(), n.S.fields())
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafCondExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	return setFieldStatus(&n.neuron, r, &n.P, &n.S)
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period follows t_ref
// in every run.
func (n *IafCondExp) Prepare(env *node.Env) {
	n.v.prepareODE(env, iafCondExpDim, 1e-3, n.derivs, n.P.TRef)
	n.bindBuffers(env, iafCondExpChannels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does.
func (n *IafCondExp) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	v := clampedV(refractory, y[iafCondExpV], p.Vth, p.Vreset)
	// Products are rounded before they are summed (no fused
	// multiply-add), and the sum is taken in NEST's order.
	iSynEx := float64(y[iafCondExpGEx] * (v - p.Eex))
	iSynIn := float64(y[iafCondExpGIn] * (v - p.Ein))
	iLeak := float64(p.GL * (v - p.EL))
	if refractory {
		f[iafCondExpV] = 0
	} else {
		f[iafCondExpV] = (-iLeak + n.S.IStim + p.Ie - iSynEx - iSynIn) / p.Cm
	}
	f[iafCondExpGEx] = -y[iafCondExpGEx] / p.TauSynEx
	f[iafCondExpGIn] = -y[iafCondExpGIn] / p.TauSynIn
	return nil
}

// Update implements node.Node. NEST's order inside a step: integrate over
// the step, add the conductance jumps of the spikes arriving in it, then
// either count down the refractory period (holding V_m at V_reset) or
// test the threshold, then take the current for the next step, then log.
func (n *IafCondExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("iaf_cond_exp", v.f, s.Y[:])

		n.ring.Take(ctx.Slot(step), in[:])
		s.Y[iafCondExpGEx] += in[iafCondExpSpikeEx]
		s.Y[iafCondExpGIn] += -in[iafCondExpSpikeIn]

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[iafCondExpV], p.Vth, p.Vreset) {
			v.fire(ctx, &n.arch, step, 0)
		}

		s.IStim = in[iafCondExpCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafCondExp) Recordables() []string { return iafCondExpRecordables }

// RecordableValue implements node.Recordable.
func (n *IafCondExp) RecordableValue(i int) float64 {
	if i >= 0 && i < iafCondExpDim {
		return n.S.Y[i]
	}
	return math.NaN()
}
