package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_delta", func() node.Node { return NewIafPscDelta() }) }

// IafPscDelta is NEST's iaf_psc_delta: a leaky integrate-and-fire neuron
// whose synaptic input is a train of delta pulses. A spike of weight w
// (mV) makes the membrane potential jump by w in the step in which it
// arrives; between inputs the potential relaxes towards E_L + I*tau_m/C_m,
// integrated exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L               -70.0   mV    resting potential
//	I_e                 0.0   pA    constant input current
//	V_th              -55.0   mV    spike threshold
//	V_reset           -70.0   mV    reset potential
//	V_min        -1.8e308     mV    lower bound of the membrane potential (-DBL_MAX: none)
//	C_m               250.0   pF    membrane capacitance
//	tau_m              10.0   ms    membrane time constant
//	t_ref               2.0   ms    absolute refractory period
//	refractory_input  false   -     keep spikes that arrive while refractory
//
// State: V_m (mV, starts at E_L). Like every NEST neuron it keeps a
// spike archive for STDP synapses (tau_minus 20 ms, tau_minus_triplet
// 110 ms, t_spike).
// Receptors: 0 for spikes and currents.
// Recordables: V_m.
//
// Spikes arriving during the refractory period are dropped unless
// refractory_input is set; then each is discounted by exp(-r*h/tau_m), r
// being the refractory steps left at its arrival, and the sum is added in
// the first step after the refractory period.
//
// With ignore_and_spike (a generic neuron entry, with ignore_and_spike_offset
// and ignore_and_spike_interval) the threshold test is replaced by spikes
// forced every interval, the first offset after the switch's times were
// set; a forced spike resets and makes refractory as a real one does.
type IafPscDelta struct {
	P IafPscDeltaParams
	S iafPscDeltaState
	v iafPscDeltaInternals
	plainNeuron
	ias node.IgnoreAndSpike
}

// IafPscDeltaParams are the user-settable parameters, all absolute values.
type IafPscDeltaParams struct {
	EL              float64 // E_L, mV
	Ie              float64 // I_e, pA
	Vth             float64 // V_th, mV
	Vreset          float64 // V_reset, mV
	Vmin            float64 // V_min, mV
	Cm              float64 // C_m, pF
	TauM            float64 // tau_m, ms
	TRef            float64 // t_ref, ms
	RefractoryInput bool    // refractory_input
}

// DefaultIafPscDeltaParams returns NEST 3.10's defaults. NEST keeps V_min
// as -DBL_MAX relative to E_L; its absolute value rounds to -DBL_MAX too.
func DefaultIafPscDeltaParams() IafPscDeltaParams {
	return IafPscDeltaParams{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Vmin: -math.MaxFloat64,
		Cm: 250, TauM: 10, TRef: 2, RefractoryInput: false,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *IafPscDeltaParams) Validate() error {
	switch {
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be > 0 (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant must be > 0 (tau_m = %g ms).", p.TauM)
	}
	return nil
}

// iafPscDeltaState is the dynamic state. The membrane potential is kept
// relative to E_L, as NEST propagates it.
type iafPscDeltaState struct {
	VRel     float64 // membrane potential minus E_L, mV
	I0       float64 // current input during this step, pA
	RefSteps int64   // remaining refractory steps
	// RefrSpikes collects the discounted spike input that arrived while
	// refractory (refractory_input only), mV.
	RefrSpikes float64
}

// iafPscDeltaInternals are derived in Prepare from the parameters and the
// step.
type iafPscDeltaInternals struct {
	stepToMs        func(int64) float64 // step count -> ms, for the spike archive
	h               float64             // step, ms
	p33             float64             // membrane decay over one step
	p30             float64             // constant current -> membrane potential
	refractorySteps int64
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	minRel          float64 // V_min - E_L
}

// Input ring-buffer channels.
const (
	iafPscDeltaSpikes = iota
	iafPscDeltaI0
	iafPscDeltaChannels
)

var iafPscDeltaRecordables = []string{"V_m"}

// NewIafPscDelta returns a neuron with default parameters at rest.
func NewIafPscDelta() *IafPscDelta {
	return &IafPscDelta{
		P: DefaultIafPscDeltaParams(), ias: node.DefaultIgnoreAndSpike(),
		plainNeuron: newPlainNeuron("iaf_psc_delta", iafPscDeltaSpikes, iafPscDeltaSpikes, iafPscDeltaI0),
	}
}

// Model implements node.Node.
func (n *IafPscDelta) Model() string { return "iaf_psc_delta" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafPscDelta) Clone() node.Node {
	c := &IafPscDelta{P: n.P, S: n.S, plainNeuron: n.copyPlain(), ias: n.ias.Copy()}
	return c
}

// SetIgnoreAndSpike implements node.IgnoreAndSpiker.
func (n *IafPscDelta) SetIgnoreAndSpike(on bool, offset, interval float64, offsetSet, intervalSet bool) {
	n.ias.Set(on, offset, interval, offsetSet, intervalSet)
}

// Status implements node.Node.
func (n *IafPscDelta) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscDelta) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafPscDeltaRecordables, n.P.fields())
	w.Bool("refractory_input", n.P.RefractoryInput)
	w.Float("V_m", n.S.VRel+n.P.EL)
}

// fields are the float parameters' status keys, in NEST's reading order
// (refractory_input, a bool, is read after they are checked).
func (p *IafPscDeltaParams) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"V_th", &p.Vth}, {"V_min", &p.Vmin},
		{"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM}, {"t_ref", &p.TRef},
	}
}

// SetStatus implements node.Node. Parameters and state are changed on
// copies and committed only when every rule holds. Potentials given
// without E_L keep their absolute values when E_L changes, as in NEST.
func (n *IafPscDelta) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if _, err := r.Bool("refractory_input", &p.RefractoryInput); err != nil {
		return err
	}

	s := n.S
	arch, err := n.readMembraneArchive(r, &s.VRel, n.P.EL, p.EL)
	if err != nil {
		return err
	}

	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node: it computes the propagators for the step
// and sizes the input buffer.
func (n *IafPscDelta) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	v.h = h
	v.p33 = libm.Exp(-h / p.TauM)
	v.p30 = 1 / p.Cm * (1 - v.p33) * p.TauM
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.minRel = p.Vmin - p.EL
	v.stepToMs = env.StepsToMs()
	n.ias.Prepare(env.Base.MsToSteps)
	n.bindBuffers(env, iafPscDeltaChannels)
}

// Update implements node.Node. NEST's order inside a step: unless
// refractory, the membrane decays, integrates the current of this step
// and jumps by the spikes that arrive now (plus, with refractory_input,
// what arrived while refractory), bounded below by V_min; while
// refractory, input is dropped or stored and the counter runs down. Then
// the threshold test, then the current for the next step, then logging.
//
// The state lives in locals during the loop (the compiler keeps them in
// registers, which it cannot do for fields written through a pointer) and
// is stored back before a logger samples it and at the end.
func (n *IafPscDelta) Update(ctx *node.Context, origin int64, from, to int) {
	p, v := &n.P, &n.v
	vRel, i0, refSteps := n.S.VRel, n.S.I0, n.S.RefSteps
	p30, p33, ie, minRel, thetaRel := v.p30, v.p33, p.Ie, v.minRel, v.thetaRel
	refrInput := p.RefractoryInput
	slot := ctx.Slot(origin + int64(from))
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		in := n.ring.Lanes(slot)
		spikes, current := in[iafPscDeltaSpikes], in[iafPscDeltaI0]
		in[iafPscDeltaSpikes], in[iafPscDeltaI0] = 0, 0
		slot = ctx.NextSlot(slot)
		if refSteps == 0 {
			vRel = p30*(i0+ie) + p33*vRel + spikes
			if refrInput && n.S.RefrSpikes != 0 {
				vRel += n.S.RefrSpikes
				n.S.RefrSpikes = 0
			}
			if vRel < minRel {
				vRel = minRel
			}
		} else {
			if refrInput {
				n.S.RefrSpikes += spikes * libm.Exp(-float64(refSteps)*v.h/p.TauM)
			}
			refSteps--
		}

		if n.ias.Due(vRel >= thetaRel) {
			refSteps = v.refractorySteps
			vRel = v.resetRel
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}

		i0 = current
		if n.logs.Len() != 0 {
			n.S.VRel, n.S.I0, n.S.RefSteps = vRel, i0, refSteps
			n.logs.Record(step, n)
		}
	}
	n.S.VRel, n.S.I0, n.S.RefSteps = vRel, i0, refSteps
}

// Recordables implements node.Recordable.
func (n *IafPscDelta) Recordables() []string { return iafPscDeltaRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscDelta) RecordableValue(i int) float64 {
	if i == 0 {
		return n.S.VRel + n.P.EL
	}
	return math.NaN()
}
