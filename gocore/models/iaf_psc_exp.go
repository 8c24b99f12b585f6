package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_exp", func() node.Node { return NewIafPscExp() }) }

// IafPscExp is NEST's iaf_psc_exp: a leaky integrate-and-fire neuron with
// exponentially decaying synaptic currents. A spike of weight w (pA) adds
// w to the excitatory current if w > 0 and to the inhibitory one
// otherwise; the currents decay with tau_syn_ex and tau_syn_in and drive
// the membrane, all integrated exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L        -70.0   mV    resting potential
//	I_e          0.0   pA    constant input current
//	V_th       -55.0   mV    spike threshold
//	V_reset    -70.0   mV    reset potential
//	C_m        250.0   pF    membrane capacitance
//	tau_m       10.0   ms    membrane time constant
//	tau_syn_ex   2.0   ms    excitatory synaptic current time constant
//	tau_syn_in   2.0   ms    inhibitory synaptic current time constant
//	t_ref        2.0   ms    absolute refractory period
//	rho          0.01  1/s   stochastic firing intensity at threshold
//	delta        0.0   mV    width of the soft threshold (0: hard threshold)
//
// State: V_m (mV, starts at E_L). Like every NEST neuron it keeps a
// spike archive for STDP synapses (tau_minus 20 ms, tau_minus_triplet
// 110 ms, t_spike).
// Receptors: spikes on 0; currents on 0 (enter the membrane directly) and
// on 1 (filtered through the excitatory synapse, so they show in
// I_syn_ex).
// Recordables: V_m, I_syn_ex, I_syn_in.
//
// With delta > 0 the threshold is soft: in each step the neuron fires with
// probability rho*exp((V_m - V_th)/delta)*h (h in s).
type IafPscExp struct {
	P IafPscExpParams
	S iafPscExpState
	v iafPscExpInternals
	neuron
	input [iafPscExpChannels]float64
}

// IafPscExpParams are the user-settable parameters, all absolute values.
type IafPscExpParams struct {
	EL       float64 // E_L, mV
	Ie       float64 // I_e, pA
	Vth      float64 // V_th, mV
	Vreset   float64 // V_reset, mV
	Cm       float64 // C_m, pF
	TauM     float64 // tau_m, ms
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	TRef     float64 // t_ref, ms
	Rho      float64 // rho, 1/s
	Delta    float64 // delta, mV
}

// DefaultIafPscExpParams returns NEST 3.10's defaults.
func DefaultIafPscExpParams() IafPscExpParams {
	return IafPscExpParams{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Cm: 250, TauM: 10,
		TauSynEx: 2, TauSynIn: 2, TRef: 2, Rho: 0.01, Delta: 0,
	}
}

// validateCore checks the rules NEST tests before it reads rho and delta,
// in NEST's order, naming the values at fault.
func (p *IafPscExpParams) validateCore() error {
	switch {
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TauM <= 0, p.TauSynEx <= 0, p.TauSynIn <= 0:
		return nesterr.New(nesterr.ErrBadProperty,
			"Membrane and synapse time constants must be strictly positive (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g ms).",
			p.TauM, p.TauSynEx, p.TauSynIn)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	}
	return nil
}

// Validate checks all rules NEST enforces.
func (p *IafPscExpParams) Validate() error {
	if err := p.validateCore(); err != nil {
		return err
	}
	switch {
	case p.Rho < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Stochastic firing intensity must not be negative (rho = %g).", p.Rho)
	case p.Delta < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Width of threshold region must not be negative (delta = %g mV).", p.Delta)
	}
	return nil
}

// iafPscExpState is the dynamic state. The membrane potential is kept
// relative to E_L, as NEST propagates it.
type iafPscExpState struct {
	VRel     float64 // membrane potential minus E_L, mV
	ISynEx   float64 // excitatory synaptic current, pA
	ISynIn   float64 // inhibitory synaptic current, pA
	I0       float64 // current input on receptor 0 during this step, pA
	I1       float64 // current input on receptor 1, pA (feeds ISynEx)
	RefSteps int64   // remaining refractory steps
}

// iafPscExpInternals are derived in Prepare from the parameters and the
// step.
type iafPscExpInternals struct {
	inputs          propagatorInputs    // what the propagators below were derived from
	stepToMs        func(int64) float64 // step count -> ms, for the spike archive
	h               float64             // step, ms
	p11ex, p11in    float64             // synaptic current decay over one step
	p22             float64             // membrane decay over one step
	p21ex, p21in    float64             // synaptic current -> membrane potential
	p20             float64             // constant current -> membrane potential
	refractorySteps int64
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	rng             *rand.Rand
}

// Input ring-buffer channels.
const (
	iafPscExpSynEx = iota
	iafPscExpSynIn
	iafPscExpI0
	iafPscExpI1
	iafPscExpChannels
)

var iafPscExpRecordables = []string{"V_m", "I_syn_ex", "I_syn_in"}

// NewIafPscExp returns a neuron with default parameters at rest.
func NewIafPscExp() *IafPscExp {
	return &IafPscExp{P: DefaultIafPscExpParams(), neuron: newNeuron()}
}

// Model implements node.Node.
func (n *IafPscExp) Model() string { return "iaf_psc_exp" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafPscExp) Clone() node.Node {
	c := &IafPscExp{P: n.P, S: n.S, neuron: n.copyNeuron()}
	return c
}

// Status implements node.Node. As in NEST, the synaptic currents are
// recordable but not status entries.
func (n *IafPscExp) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscExp) StatusTo(w node.StatusSink) {
	p := &n.P
	n.statusTo(w, iafPscExpRecordables, p.fields(), []floatField{{"rho", &p.Rho}, {"delta", &p.Delta}})
	w.Float("V_m", n.S.VRel+p.EL)
}

// fields are the status keys of the parameters NEST reads (and checks,
// validateCore) before rho and delta, in its reading order.
func (p *IafPscExpParams) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"V_th", &p.Vth},
		{"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"t_ref", &p.TRef},
	}
}

// SetStatus implements node.Node. Parameters and state are changed on
// copies and committed only when every rule holds. Potentials given
// without E_L keep their absolute values when E_L changes, as in NEST.
func (n *IafPscExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	// NEST checks the core rules before it even reads rho and delta.
	if err := p.validateCore(); err != nil {
		return err
	}
	if _, err := r.Float("rho", &p.Rho); err != nil {
		return err
	}
	if _, err := r.Float("delta", &p.Delta); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
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
func (n *IafPscExp) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	v.h = h
	if !v.inputs.unchanged(h, p.TauSynEx, p.TauSynIn, p.TauM, p.Cm) {
		v.p11ex = libm.Exp(-h / p.TauSynEx)
		v.p11in = libm.Exp(-h / p.TauSynIn)
		v.p22 = libm.Exp(-h / p.TauM)
		v.p21ex = expPropagator(p.TauSynEx, p.TauM, p.Cm, h)
		v.p21in = expPropagator(p.TauSynIn, p.TauM, p.Cm, h)
		v.p20 = p.TauM / p.Cm * (1 - v.p22)
	}
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.rng = env.RNG
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, iafPscExpChannels)
}

// Update implements node.Node. NEST's order inside a step: membrane first
// (unless refractory), then the decay of the synaptic currents and the
// filtered receptor-1 current, then the spikes that arrive in this step,
// then the threshold test, then the currents for the next step, then
// logging.
func (n *IafPscExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if s.RefSteps == 0 {
			s.VRel = s.VRel*v.p22 + s.ISynEx*v.p21ex + s.ISynIn*v.p21in + (p.Ie+s.I0)*v.p20
		} else {
			s.RefSteps--
		}
		s.ISynEx *= v.p11ex
		s.ISynIn *= v.p11in
		s.ISynEx += (1 - v.p11ex) * s.I1

		n.ring.Take(ctx.Slot(step), in[:])
		s.ISynEx += in[iafPscExpSynEx]
		s.ISynIn += in[iafPscExpSynIn]

		if n.crossesThreshold() {
			s.RefSteps = v.refractorySteps
			s.VRel = v.resetRel
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}

		s.I0 = in[iafPscExpI0]
		s.I1 = in[iafPscExpI1]
		n.logs.Record(step, n)
	}
}

// crossesThreshold is NEST's test: hard below delta = 1e-10, stochastic
// above (exactly 1e-10 never fires, as in NEST).
func (n *IafPscExp) crossesThreshold() bool {
	p, s, v := &n.P, &n.S, &n.v
	if p.Delta < 1e-10 {
		return s.VRel >= v.thetaRel
	}
	if p.Delta > 1e-10 {
		// Escape rate rho*exp((V - theta)/delta) in 1/s.
		phi := p.Rho * libm.Exp(1/p.Delta*(s.VRel-v.thetaRel))
		return v.rng.Float64() < phi*v.h*1e-3
	}
	return false
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *IafPscExp) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("iaf_psc_exp", rport, 0)
}

// SpikeChannels implements node.FastSpikeInput; it must agree with
// HandleSpike on receptor 0.
func (n *IafPscExp) SpikeChannels() (positive, other int) { return iafPscExpSynEx, iafPscExpSynIn }

// HandleSpike implements node.SpikeReceiver: positive weighted input goes
// to the excitatory current, zero and negative to the inhibitory one.
func (n *IafPscExp) HandleSpike(e *node.SpikeEvent) {
	n.addBySign(e.Slot, e.Weight*float64(e.Multiplicity), iafPscExpSynEx, iafPscExpSynIn)
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptors 0 and 1.
func (n *IafPscExp) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_psc_exp", rport, 1)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafPscExp) HandleCurrent(slot, rport int, weighted float64) {
	if rport == 1 {
		n.ring.Add(slot, iafPscExpI1, weighted)
		return
	}
	n.ring.Add(slot, iafPscExpI0, weighted)
}

// Recordables implements node.Recordable.
func (n *IafPscExp) Recordables() []string { return iafPscExpRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscExp) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.VRel + n.P.EL
	case 1:
		return n.S.ISynEx
	case 2:
		return n.S.ISynIn
	}
	return math.NaN()
}
