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
	// What every step reads comes first, in the fewest cache lines: the
	// state, the propagators, then the ring and loggers (neuron), so that
	// a network too large for the caches loads three lines per neuron
	// and step.
	S iafPscExpState
	v iafPscExpInternals
	neuron
	prep iafPscExpPrepared
	P    IafPscExpParams
	// Padding to 512 bytes, an allocation size class whose objects start
	// on cache lines: at 464 bytes (class 480) every second neuron's
	// first three lines would straddle four.
	_ [48]byte
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

// set stores the state field by field: a struct value built and copied
// would be written in 8-byte parts and read back in 16-byte ones, which
// the processor cannot forward from its store buffer (a stall per part,
// in the update of every neuron in every step).
func (s *iafPscExpState) set(vRel, iEx, iIn, i0, i1 float64, refSteps int64) {
	s.VRel, s.ISynEx, s.ISynIn, s.I0, s.I1, s.RefSteps = vRel, iEx, iIn, i0, i1, refSteps
}

// iafPscExpInternals are what Update reads in every step, derived in
// Prepare from the parameters and the step.
type iafPscExpInternals struct {
	p11ex, p11in    float64 // synaptic current decay over one step
	q11ex           float64 // 1 - p11ex: receptor-1 current -> excitatory current
	p22             float64 // membrane decay over one step
	p21ex, p21in    float64 // synaptic current -> membrane potential
	p20             float64 // constant current -> membrane potential
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	refractorySteps int64
	ie              float64 // I_e, pA
	hard            bool    // delta < 1e-10: the threshold is hard
}

// iafPscExpPrepared is the rest of what Prepare derives.
type iafPscExpPrepared struct {
	inputs   propagatorInputs    // what the propagators were derived from
	stepToMs func(int64) float64 // step count -> ms, for the spike archive
	h        float64             // step, ms
	rng      *rand.Rand          // the thread's stream, for the stochastic threshold
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
	p, v, pr := &n.P, &n.v, &n.prep
	pr.h = h
	if !pr.inputs.unchanged(h, p.TauSynEx, p.TauSynIn, p.TauM, p.Cm) {
		v.p11ex = libm.Exp(-h / p.TauSynEx)
		v.p11in = libm.Exp(-h / p.TauSynIn)
		v.q11ex = 1 - v.p11ex
		v.p22 = libm.Exp(-h / p.TauM)
		v.p21ex = expPropagator(p.TauSynEx, p.TauM, p.Cm, h)
		v.p21in = expPropagator(p.TauSynIn, p.TauM, p.Cm, h)
		v.p20 = p.TauM / p.Cm * (1 - v.p22)
	}
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.ie, v.hard = p.Ie, p.Delta < 1e-10
	pr.rng = env.RNG
	pr.stepToMs = env.StepsToMs()
	n.bindBuffers(env, iafPscExpChannels)
}

// Update implements node.Node. NEST's order inside a step: membrane first
// (unless refractory), then the decay of the synaptic currents and the
// filtered receptor-1 current, then the spikes that arrive in this step,
// then the threshold test, then the currents for the next step, then
// logging. The state lives in locals during the loop and is stored back
// before a logger samples it and at the end.
func (n *IafPscExp) Update(ctx *node.Context, origin int64, from, to int) {
	v := &n.v
	st := &n.S
	vRel, iEx, iIn, i0, i1, refSteps := st.VRel, st.ISynEx, st.ISynIn, st.I0, st.I1, st.RefSteps
	ie := v.ie
	slot := ctx.Slot(origin + int64(from))
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if refSteps == 0 {
			vRel = v.membrane(vRel, iEx, iIn, ie+i0)
		} else {
			refSteps--
		}
		iEx, iIn = v.decay(iEx, iIn, i1)
		ex, inh, c0, c1 := n.take(slot)
		slot = ctx.NextSlot(slot)
		iEx += ex
		iIn += inh

		if n.crossesThreshold(vRel) {
			refSteps = v.refractorySteps
			vRel = v.resetRel
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(n.prep.stepToMs(step + 1))
		}

		i0, i1 = c0, c1
		if n.logs.Len() != 0 {
			st.set(vRel, iEx, iIn, i0, i1, refSteps)
			n.logs.Record(step, n)
		}
	}
	st.set(vRel, iEx, iIn, i0, i1, refSteps)
}

// membrane is the membrane potential (relative to E_L) after one step of
// a neuron that is not refractory, from vRel, the synaptic currents and
// the input current i (I_e plus the step's current), summed in NEST's
// order.
func (v *iafPscExpInternals) membrane(vRel, iEx, iIn, i float64) float64 {
	return vRel*v.p22 + iEx*v.p21ex + iIn*v.p21in + i*v.p20
}

// decay advances the synaptic currents by one step, the excitatory one
// also by the filtered receptor-1 current i1.
func (v *iafPscExpInternals) decay(iEx, iIn, i1 float64) (float64, float64) {
	iEx *= v.p11ex
	iIn *= v.p11in
	iEx += v.q11ex * i1
	return iEx, iIn
}

// take reads and clears the ring-buffer slot: excitatory and inhibitory
// spike input and the currents on receptors 0 and 1.
func (n *IafPscExp) take(slot int) (ex, inh, c0, c1 float64) {
	in := n.ring.Lanes(slot)
	ex, inh, c0, c1 = in[iafPscExpSynEx], in[iafPscExpSynIn], in[iafPscExpI0], in[iafPscExpI1]
	in[iafPscExpSynEx], in[iafPscExpSynIn], in[iafPscExpI0], in[iafPscExpI1] = 0, 0, 0, 0
	return ex, inh, c0, c1
}

// crossesThreshold is NEST's test for the membrane potential vRel: hard
// below delta = 1e-10 (small enough to inline into the update loop),
// stochastic above (escapes).
func (n *IafPscExp) crossesThreshold(vRel float64) bool {
	if n.v.hard {
		return vRel >= n.v.thetaRel
	}
	return n.escapes(vRel)
}

// escapes is the soft threshold: with delta > 1e-10 the neuron fires with
// probability rho*exp((V - theta)/delta)*h (exactly 1e-10 never fires, as
// in NEST).
func (n *IafPscExp) escapes(vRel float64) bool {
	p := &n.P
	if p.Delta > 1e-10 {
		// Escape rate rho*exp((V - theta)/delta) in 1/s.
		phi := p.Rho * libm.Exp(1/p.Delta*(vRel-n.v.thetaRel))
		return n.prep.rng.Float64() < phi*n.prep.h*1e-3
	}
	return false
}

// UpdatePair implements node.PairUpdater: n and other, the next node of
// the thread, advance step by step together, so that the processor
// overlaps the chains of dependent operations of the two. Each neuron's
// arithmetic is that of Update; other's spikes are sent after all of
// n's, as two calls of Update send them. Only two iaf_psc_exp with the
// hard threshold and without loggers pair, over at most 64 steps (the
// lags of other's spikes are held in a mask).
func (n *IafPscExp) UpdatePair(ctx *node.Context, other node.Node, otherIndex int, origin int64, from, to int) bool {
	m, ok := other.(*IafPscExp)
	if !ok || to-from > 64 || n.logs.Len() != 0 || m.logs.Len() != 0 || !n.v.hard || !m.v.hard {
		return false
	}
	va, vb := &n.v, &m.v
	sa, sb := &n.S, &m.S
	vRelA, iExA, iInA, i0A, i1A, refA := sa.VRel, sa.ISynEx, sa.ISynIn, sa.I0, sa.I1, sa.RefSteps
	vRelB, iExB, iInB, i0B, i1B, refB := sb.VRel, sb.ISynEx, sb.ISynIn, sb.I0, sb.I1, sb.RefSteps
	ieA, ieB := va.ie, vb.ie
	var spikesB uint64 // bit lag-from: other spiked in that step
	slot := ctx.Slot(origin + int64(from))
	for lag := from; lag < to; lag++ {
		if refA == 0 {
			vRelA = va.membrane(vRelA, iExA, iInA, ieA+i0A)
		} else {
			refA--
		}
		if refB == 0 {
			vRelB = vb.membrane(vRelB, iExB, iInB, ieB+i0B)
		} else {
			refB--
		}
		iExA, iInA = va.decay(iExA, iInA, i1A)
		iExB, iInB = vb.decay(iExB, iInB, i1B)
		exA, inhA, c0A, c1A := n.take(slot)
		exB, inhB, c0B, c1B := m.take(slot)
		slot = ctx.NextSlot(slot)
		iExA += exA
		iInA += inhA
		iExB += exB
		iInB += inhB
		if vRelA >= va.thetaRel {
			refA, vRelA = va.refractorySteps, va.resetRel
			step := origin + int64(lag)
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(n.prep.stepToMs(step + 1))
		}
		if vRelB >= vb.thetaRel {
			refB, vRelB = vb.refractorySteps, vb.resetRel
			spikesB |= 1 << uint(lag-from)
			m.arch.Spike(m.prep.stepToMs(origin + int64(lag) + 1))
		}
		i0A, i1A, i0B, i1B = c0A, c1A, c0B, c1B
	}
	sa.set(vRelA, iExA, iInA, i0A, i1A, refA)
	sb.set(vRelB, iExB, iInB, i0B, i1B, refB)
	emitHeld(ctx, otherIndex, origin+int64(from), spikesB)
	return true
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
