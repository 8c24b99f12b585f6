package models

import (
	"math"
	"math/bits"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_alpha", func() node.Node { return NewIafPscAlpha() }) }

// IafPscAlpha is NEST's iaf_psc_alpha: a leaky integrate-and-fire neuron
// with alpha-shaped synaptic currents. A spike of weight w (pA) starts the
// current w*(t/tau_syn)*exp(1 - t/tau_syn), which peaks at w after
// tau_syn; positive weights use the excitatory time constant, zero and
// negative ones the inhibitory. Currents and membrane are integrated
// exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L        -70.0   mV    resting potential
//	I_e          0.0   pA    constant input current
//	V_th       -55.0   mV    spike threshold
//	V_reset    -70.0   mV    reset potential
//	V_min       -inf   mV    lower bound of the membrane potential
//	C_m        250.0   pF    membrane capacitance
//	tau_m       10.0   ms    membrane time constant
//	tau_syn_ex   2.0   ms    rise time of the excitatory synaptic current
//	tau_syn_in   2.0   ms    rise time of the inhibitory synaptic current
//	t_ref        2.0   ms    absolute refractory period
//
// State: V_m (mV, starts at E_L). Like every NEST neuron it keeps a
// spike archive for STDP synapses (tau_minus 20 ms, tau_minus_triplet
// 110 ms, t_spike).
// Receptors: 0 for spikes and currents.
// Recordables: V_m, I_syn_ex, I_syn_in.
type IafPscAlpha struct {
	P IafPscAlphaParams
	S iafPscAlphaState
	v iafPscAlphaInternals
	plainNeuron
}

// IafPscAlphaParams are the user-settable parameters, all absolute values.
type IafPscAlphaParams struct {
	EL       float64 // E_L, mV
	Ie       float64 // I_e, pA
	Vth      float64 // V_th, mV
	Vreset   float64 // V_reset, mV
	Vmin     float64 // V_min, mV
	Cm       float64 // C_m, pF
	TauM     float64 // tau_m, ms
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	TRef     float64 // t_ref, ms
}

// DefaultIafPscAlphaParams returns NEST 3.10's defaults.
func DefaultIafPscAlphaParams() IafPscAlphaParams {
	return IafPscAlphaParams{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Vmin: math.Inf(-1),
		Cm: 250, TauM: 10, TauSynEx: 2, TauSynIn: 2, TRef: 2,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *IafPscAlphaParams) Validate() error {
	switch {
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be > 0 (C_m = %g pF).", p.Cm)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant must be > 0 (tau_m = %g ms).", p.TauM)
	case p.TauSynEx <= 0, p.TauSynIn <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be > 0 (tau_syn_ex = %g ms, tau_syn_in = %g ms).", p.TauSynEx, p.TauSynIn)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The refractory time t_ref can't be negative (t_ref = %g ms).", p.TRef)
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	}
	return nil
}

// iafPscAlphaState is the dynamic state. The membrane potential is kept
// relative to E_L, as NEST propagates it. Each alpha current is the pair
// (dI, I): dI decays exponentially and feeds I.
type iafPscAlphaState struct {
	VRel      float64 // membrane potential minus E_L, mV
	I0        float64 // current input during this step, pA
	DIEx, IEx float64 // excitatory current derivative (pA/ms) and current (pA)
	DIIn, IIn float64 // inhibitory current derivative (pA/ms) and current (pA)
	RefSteps  int64   // remaining refractory steps
}

// set stores the state field by field (see iafPscExpState.set).
func (s *iafPscAlphaState) set(vRel, i0, dIEx, iEx, dIIn, iIn float64, refSteps int64) {
	s.VRel, s.I0, s.DIEx, s.IEx, s.DIIn, s.IIn, s.RefSteps = vRel, i0, dIEx, iEx, dIIn, iIn, refSteps
}

// iafPscAlphaInternals are derived in Prepare from the parameters and the
// step.
type iafPscAlphaInternals struct {
	inputs          propagatorInputs    // what the propagators below were derived from
	stepToMs        func(int64) float64 // step count -> ms, for the spike archive
	p11ex, p11in    float64             // decay of dI over one step (also that of I)
	p21ex, p21in    float64             // dI -> I
	p31ex, p31in    float64             // dI -> membrane potential
	p32ex, p32in    float64             // I -> membrane potential
	p30             float64             // constant current -> membrane potential
	expm1TauM       float64             // exp(-h/tau_m) - 1
	epscInit        float64             // e/tau_syn_ex: dI per unit weight
	ipscInit        float64             // e/tau_syn_in
	refractorySteps int64
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	minRel          float64 // V_min - E_L
}

// Input ring-buffer channels.
const (
	iafPscAlphaSynEx = iota
	iafPscAlphaSynIn
	iafPscAlphaI0
	iafPscAlphaChannels
)

var iafPscAlphaRecordables = []string{"V_m", "I_syn_ex", "I_syn_in"}

// NewIafPscAlpha returns a neuron with default parameters at rest.
func NewIafPscAlpha() *IafPscAlpha {
	return &IafPscAlpha{P: DefaultIafPscAlphaParams(), plainNeuron: newPlainNeuron("iaf_psc_alpha", iafPscAlphaSynEx, iafPscAlphaSynIn, iafPscAlphaI0)}
}

// Model implements node.Node.
func (n *IafPscAlpha) Model() string { return "iaf_psc_alpha" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafPscAlpha) Clone() node.Node {
	c := &IafPscAlpha{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
	return c
}

// Status implements node.Node. As in NEST, the synaptic currents are
// recordable but not status entries.
func (n *IafPscAlpha) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscAlpha) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafPscAlphaRecordables, n.P.fields())
	w.Float("V_m", n.S.VRel+n.P.EL)
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafPscAlphaParams) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"V_th", &p.Vth}, {"V_min", &p.Vmin},
		{"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"t_ref", &p.TRef},
	}
}

// SetStatus implements node.Node. Parameters and state are changed on
// copies and committed only when every rule holds. Potentials given
// without E_L keep their absolute values when E_L changes, as in NEST.
func (n *IafPscAlpha) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	arch, err := n.setParamsMembrane(r, p.fields(), p.Validate, &s.VRel, n.P.EL, &p.EL)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node: it computes the propagators for the step
// and sizes the input buffer.
func (n *IafPscAlpha) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	if !v.inputs.unchanged(h, p.TauSynEx, p.TauSynIn, p.TauM, p.Cm) {
		v.p11ex = libm.Exp(-h / p.TauSynEx)
		v.p11in = libm.Exp(-h / p.TauSynIn)
		v.expm1TauM = nestExpm1(-h / p.TauM)
		v.p30 = -p.TauM / p.Cm * nestExpm1(-h/p.TauM)
		v.p21ex = h * v.p11ex
		v.p21in = h * v.p11in
		v.p31ex, v.p32ex = alphaPropagator(p.TauSynEx, p.TauM, p.Cm, h)
		v.p31in, v.p32in = alphaPropagator(p.TauSynIn, p.TauM, p.Cm, h)
		v.epscInit = 1.0 * math.E / p.TauSynEx
		v.ipscInit = 1.0 * math.E / p.TauSynIn
	}
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.minRel = p.Vmin - p.EL
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, iafPscAlphaChannels)
}

// Update implements node.Node. NEST's order inside a step: membrane first
// (unless refractory; bounded below by V_min), then each alpha current
// advances and receives the spikes of this step (excitatory, then
// inhibitory), then the threshold test, then the current for the next
// step, then logging. The membrane update adds the decay as
// expm1(-h/tau_m)*V + V, which keeps the digits of small potentials.
//
// The state lives in locals during the loop (registers, which fields
// written through a pointer cannot be) and is stored back before a logger
// samples it and at the end.
func (n *IafPscAlpha) Update(ctx *node.Context, origin int64, from, to int) {
	v := &n.v
	st := &n.S
	vRel, i0, refSteps := st.VRel, st.I0, st.RefSteps
	dIEx, iEx, dIIn, iIn := st.DIEx, st.IEx, st.DIIn, st.IIn
	ie := n.P.Ie
	slot := ctx.Slot(origin + int64(from))
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if refSteps == 0 {
			vRel = v.membrane(vRel, i0+ie, dIEx, iEx, dIIn, iIn)
		} else {
			refSteps--
		}

		ex, inh, current := n.take(slot)
		slot = ctx.NextSlot(slot)
		dIEx, iEx = alphaCurrent(v.p11ex, v.p21ex, v.epscInit, dIEx, iEx, ex)
		dIIn, iIn = alphaCurrent(v.p11in, v.p21in, v.ipscInit, dIIn, iIn, inh)

		if vRel >= v.thetaRel {
			refSteps = v.refractorySteps
			vRel = v.resetRel
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}

		i0 = current
		if n.logs.Len() != 0 {
			n.S.set(vRel, i0, dIEx, iEx, dIIn, iIn, refSteps)
			n.logs.Record(step, n)
		}
	}
	n.S.set(vRel, i0, dIEx, iEx, dIIn, iIn, refSteps)
}

// membrane is the membrane potential (relative to E_L) after one step
// of a neuron that is not refractory, from vRel and the input current
// i (I_e plus the step's current) and the synaptic currents, bounded
// below by V_min. The decay is added as expm1(-h/tau_m)*V + V, which
// keeps the digits of small potentials; the sum is taken in NEST's order.
func (v *iafPscAlphaInternals) membrane(vRel, i, dIEx, iEx, dIIn, iIn float64) float64 {
	vRel = v.p30*i + v.p31ex*dIEx + v.p32ex*iEx + v.p31in*dIIn +
		v.p32in*iIn + v.expm1TauM*vRel + vRel
	if vRel < v.minRel {
		vRel = v.minRel
	}
	return vRel
}

// alphaCurrent advances an alpha current (dI, I) by one step with the
// decay p11 and the coupling p21, then adds the step's spike input x
// (the summed weights) with the jump init per unit of weight.
func alphaCurrent(p11, p21, init, dI, i, x float64) (float64, float64) {
	i = p21*dI + p11*i
	dI *= p11
	dI += init * x
	return dI, i
}

// take reads and clears the ring-buffer slot: excitatory and inhibitory
// spike input and the current.
func (n *IafPscAlpha) take(slot int) (ex, inh, current float64) {
	in := n.ring.Lanes(slot)
	ex, inh, current = in[iafPscAlphaSynEx], in[iafPscAlphaSynIn], in[iafPscAlphaI0]
	in[iafPscAlphaSynEx], in[iafPscAlphaSynIn], in[iafPscAlphaI0] = 0, 0, 0
	return ex, inh, current
}

// UpdatePair implements node.PairUpdater: n and other, the next node of
// the thread, advance step by step together, so that the processor
// overlaps the two chains of dependent operations that each neuron's
// steps are. Each neuron's arithmetic is that of Update; other's spikes
// are sent after all of n's, as two calls of Update send them. Only two
// iaf_psc_alpha without loggers pair (a multimeter would see their rows
// interleaved), over at most 64 steps (the lags of other's spikes are
// held in a mask).
func (n *IafPscAlpha) UpdatePair(ctx *node.Context, other node.Node, otherIndex int, origin int64, from, to int) bool {
	m, ok := other.(*IafPscAlpha)
	if !ok || to-from > 64 || n.logs.Len() != 0 || m.logs.Len() != 0 {
		return false
	}
	va, vb := &n.v, &m.v
	sa, sb := &n.S, &m.S
	vRelA, i0A, refA := sa.VRel, sa.I0, sa.RefSteps
	dIExA, iExA, dIInA, iInA := sa.DIEx, sa.IEx, sa.DIIn, sa.IIn
	vRelB, i0B, refB := sb.VRel, sb.I0, sb.RefSteps
	dIExB, iExB, dIInB, iInB := sb.DIEx, sb.IEx, sb.DIIn, sb.IIn
	ieA, ieB := n.P.Ie, m.P.Ie
	var spikesB uint64 // bit lag-from: other spiked in that step
	slot := ctx.Slot(origin + int64(from))
	for lag := from; lag < to; lag++ {
		if refA == 0 {
			vRelA = va.membrane(vRelA, i0A+ieA, dIExA, iExA, dIInA, iInA)
		} else {
			refA--
		}
		if refB == 0 {
			vRelB = vb.membrane(vRelB, i0B+ieB, dIExB, iExB, dIInB, iInB)
		} else {
			refB--
		}
		exA, inhA, curA := n.take(slot)
		exB, inhB, curB := m.take(slot)
		slot = ctx.NextSlot(slot)
		dIExA, iExA = alphaCurrent(va.p11ex, va.p21ex, va.epscInit, dIExA, iExA, exA)
		dIExB, iExB = alphaCurrent(vb.p11ex, vb.p21ex, vb.epscInit, dIExB, iExB, exB)
		dIInA, iInA = alphaCurrent(va.p11in, va.p21in, va.ipscInit, dIInA, iInA, inhA)
		dIInB, iInB = alphaCurrent(vb.p11in, vb.p21in, vb.ipscInit, dIInB, iInB, inhB)
		if vRelA >= va.thetaRel {
			refA, vRelA = va.refractorySteps, va.resetRel
			step := origin + int64(lag)
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(va.stepToMs(step + 1))
		}
		if vRelB >= vb.thetaRel {
			refB, vRelB = vb.refractorySteps, vb.resetRel
			spikesB |= 1 << uint(lag-from)
			m.arch.Spike(vb.stepToMs(origin + int64(lag) + 1))
		}
		i0A, i0B = curA, curB
	}
	n.S.set(vRelA, i0A, dIExA, iExA, dIInA, iInA, refA)
	m.S.set(vRelB, i0B, dIExB, iExB, dIInB, iInB, refB)
	emitHeld(ctx, otherIndex, origin+int64(from), spikesB)
	return true
}

// emitHeld sends the spikes of the second neuron of an UpdatePair, node
// index, one in each step first+i for which bit i of lags is set, in
// the order of their steps.
func emitHeld(ctx *node.Context, index int, first int64, lags uint64) {
	for ; lags != 0; lags &= lags - 1 {
		ctx.Emit.EmitSpike(index, first+int64(bits.TrailingZeros64(lags)), 0)
	}
}

// Recordables implements node.Recordable.
func (n *IafPscAlpha) Recordables() []string { return iafPscAlphaRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscAlpha) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.VRel + n.P.EL
	case 1:
		return n.S.IEx
	case 2:
		return n.S.IIn
	}
	return math.NaN()
}
