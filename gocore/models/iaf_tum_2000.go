package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_tum_2000", func() node.Node { return NewIafTum2000() }) }

// IafTum2000 is NEST's iaf_tum_2000: a leaky integrate-and-fire neuron with
// exponentially decaying synaptic currents whose outgoing spikes carry the
// state of a Tsodyks-Uziel-Markram (2000) short-term plasticity synapse.
// The presynaptic neuron integrates the resource variables x (available),
// y (active) and u (release probability) at each of its spikes and attaches
// the released amount u*x to the spike; a target multiplies the connection
// weight by it when the spike arrives on receptor 1.
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
//	tau_fac   1000.0   ms    facilitation time constant (0: no facilitation)
//	tau_psc      2.0   ms    decay time of the active resources y
//	tau_rec    400.0   ms    recovery time of the resources
//	U            0.5   -     increment of u per spike, in [0, 1]
//
// State: V_m (mV, starts at E_L), x, y, u (dimensionless, start at 0).
// Receptors: 0 for ordinary spikes and currents; 1 for spikes whose weight
// is scaled by the sender's u*x (required between two iaf_tum_2000) and for
// currents that feed the excitatory synaptic current.
// Recordables: V_m, I_syn_ex, I_syn_in.
type IafTum2000 struct {
	P IafTum2000Params
	S iafTumState
	v iafTumInternals
	neuron
	input [iafTumChannels]float64
}

// IafTum2000Params are the user-settable parameters, all absolute values.
type IafTum2000Params struct {
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
	TauFac   float64 // tau_fac, ms
	TauPsc   float64 // tau_psc, ms
	TauRec   float64 // tau_rec, ms
	U        float64 // U, dimensionless
}

// DefaultIafTum2000Params returns NEST 3.10's defaults.
func DefaultIafTum2000Params() IafTum2000Params {
	return IafTum2000Params{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Cm: 250, TauM: 10,
		TauSynEx: 2, TauSynIn: 2, TRef: 2, Rho: 0.01, Delta: 0,
		TauFac: 1000, TauPsc: 2, TauRec: 400, U: 0.5,
	}
}

// Validate checks the rules NEST enforces, naming the value at fault.
func (p *IafTum2000Params) Validate() error {
	switch {
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TauM <= 0, p.TauSynEx <= 0, p.TauSynIn <= 0, p.TauPsc <= 0, p.TauRec <= 0:
		return nesterr.New(nesterr.ErrBadProperty,
			"Membrane and synapse time constants must be strictly positive (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g, tau_psc = %g, tau_rec = %g ms).",
			p.TauM, p.TauSynEx, p.TauSynIn, p.TauPsc, p.TauRec)
	case p.TauFac < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_fac' must be >= 0 (tau_fac = %g ms).", p.TauFac)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	case p.U > 1 || p.U < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'U' must be in [0,1] (U = %g).", p.U)
	case p.Rho < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Stochastic firing intensity must not be negative (rho = %g).", p.Rho)
	case p.Delta < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Width of threshold region must not be negative (delta = %g mV).", p.Delta)
	}
	return nil
}

// iafTumState is the dynamic state. The membrane potential is kept
// relative to E_L, as the propagation works on that quantity; the status
// key V_m reports VRel + E_L.
type iafTumState struct {
	VRel     float64 // membrane potential minus E_L, mV
	ISynEx   float64 // excitatory synaptic current, pA
	ISynIn   float64 // inhibitory synaptic current, pA
	I0       float64 // current input on receptor 0 during this step, pA
	I1       float64 // current input on receptor 1, pA (feeds ISynEx)
	RefSteps int64   // remaining refractory steps
	X, Y, U  float64 // short-term plasticity resources
	// LastSpikeStep is the step stamp of the last spike, or -1 before the
	// first one.
	LastSpikeStep int64
}

// iafTumInternals are derived in Prepare from the parameters and the step.
type iafTumInternals struct {
	h               float64 // step, ms
	msPerStep       float64
	stepToMs        func(int64) float64
	p11ex, p11in    float64 // synaptic current decay over one step
	p22             float64 // membrane decay over one step
	p21ex, p21in    float64 // synaptic current -> membrane potential
	p20             float64 // constant current -> membrane potential
	refractorySteps int64
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	rng             *rand.Rand
}

// Input ring-buffer channels.
const (
	iafTumSynEx = iota
	iafTumSynIn
	iafTumI0
	iafTumI1
	iafTumChannels
)

var iafTumRecordables = []string{"V_m", "I_syn_ex", "I_syn_in"}

// NewIafTum2000 returns a neuron with default parameters at rest.
func NewIafTum2000() *IafTum2000 {
	return &IafTum2000{P: DefaultIafTum2000Params(), S: iafTumState{LastSpikeStep: -1}, neuron: newNeuron()}
}

// Model implements node.Node.
func (n *IafTum2000) Model() string { return "iaf_tum_2000" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafTum2000) Clone() node.Node {
	c := &IafTum2000{P: n.P, S: n.S, neuron: n.copyNeuron()}
	return c
}

// Status implements node.Node.
func (n *IafTum2000) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafTum2000) StatusTo(w node.StatusSink) {
	s := &n.S
	n.statusTo(w, iafTumRecordables, n.P.fields(), []floatField{
		{"x", &s.X}, {"y", &s.Y}, {"u", &s.U}, {"I_syn_ex", &s.ISynEx}, {"I_syn_in", &s.ISynIn},
	})
	w.Float("V_m", s.VRel+n.P.EL)
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafTum2000Params) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"I_e", &p.Ie}, {"V_th", &p.Vth}, {"V_reset", &p.Vreset},
		{"C_m", &p.Cm}, {"tau_m", &p.TauM}, {"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn},
		{"t_ref", &p.TRef}, {"rho", &p.Rho}, {"delta", &p.Delta}, {"tau_fac", &p.TauFac},
		{"tau_psc", &p.TauPsc}, {"tau_rec", &p.TauRec}, {"U", &p.U},
	}
}

// SetStatus implements node.Node. Parameters and state are changed on
// copies and committed only when every rule holds.
func (n *IafTum2000) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}

	s := n.S
	if _, err := r.Float("x", &s.X); err != nil {
		return err
	}
	if _, err := r.Float("y", &s.Y); err != nil {
		return err
	}
	if s.X+s.Y > 1 {
		return nesterr.New(nesterr.ErrBadProperty, "x + y must be <= 1.0 (x = %g, y = %g).", s.X, s.Y)
	}
	if _, err := r.Float("u", &s.U); err != nil {
		return err
	}
	if s.U > 1 || s.U < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "'u' must be in [0,1] (u = %g).", s.U)
	}
	arch, err := n.readMembraneArchive(r, &s.VRel, n.P.EL, p.EL)
	if err != nil {
		return err
	}

	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node: it computes the propagators for the step
// and sizes the input buffer.
func (n *IafTum2000) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p := &n.P
	v := &n.v
	v.h = h
	v.stepToMs = env.StepsToMs()
	v.p11ex = libm.Exp(-h / p.TauSynEx)
	v.p11in = libm.Exp(-h / p.TauSynIn)
	v.p22 = libm.Exp(-h / p.TauM)
	v.p21ex = expPropagator(p.TauSynEx, p.TauM, p.Cm, h)
	v.p21in = expPropagator(p.TauSynIn, p.TauM, p.Cm, h)
	v.p20 = p.TauM / p.Cm * (1 - v.p22)
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.rng = env.RNG
	n.bindBuffers(env, iafTumChannels)
}

// Update implements node.Node. The order of operations inside a step is
// NEST's: membrane first (unless refractory), then synaptic decay, then
// the input that arrived for this step, then the threshold test and the
// plasticity jump at a spike, then the new step currents, then logging.
func (n *IafTum2000) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
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

		in := &n.input
		n.ring.Take(ctx.Slot(step), in[:])
		s.ISynEx += in[iafTumSynEx]
		s.ISynIn += in[iafTumSynIn]

		if n.crossesThreshold() {
			s.RefSteps = v.refractorySteps
			s.VRel = v.resetRel
			ctx.Emit.EmitSpike(ctx.Index, step, n.plasticityJump(step+1))
			n.arch.Spike(v.stepToMs(step + 1))
		}

		s.I0 = in[iafTumI0]
		s.I1 = in[iafTumI1]
		n.logs.Record(step, n)
	}
}

func (n *IafTum2000) crossesThreshold() bool {
	p, s, v := &n.P, &n.S, &n.v
	if p.Delta < 1e-10 {
		return s.VRel >= v.thetaRel
	}
	// Soft threshold: escape rate rho*exp((V - theta)/delta) in 1/s.
	phi := p.Rho * libm.Exp(1/p.Delta*(s.VRel-v.thetaRel))
	return v.rng.Float64() < phi*v.h*1e-3
}

// plasticityJump propagates x, y, u from the previous spike to the spike
// stamped stamp, applies the jump of the spike and returns the released
// amount u*x that the spike carries.
func (n *IafTum2000) plasticityJump(stamp int64) float64 {
	p, s, v := &n.P, &n.S, &n.v
	last := 0.0 // the first interval is measured from t = 0
	if s.LastSpikeStep >= 0 {
		last = v.stepToMs(s.LastSpikeStep)
	}
	s.LastSpikeStep = stamp
	dt := v.stepToMs(stamp) - last

	puu := 0.0
	if p.TauFac != 0 {
		puu = libm.Exp(-dt / p.TauFac)
	}
	pyy := libm.Exp(-dt / p.TauPsc)
	pzz := math.Expm1(-dt / p.TauRec)
	pxy := tsodyksPxy(pzz, pyy, dt, p.TauPsc, p.TauRec)
	z := 1 - s.X - s.Y

	s.U *= puu
	s.X += pxy*s.Y - pzz*z
	s.Y *= pyy

	s.U += p.U * (1 - s.U)
	released := s.U * s.X
	s.X -= released
	s.Y += released
	return released
}

// tsodyksPxy is the share of the active resources y that has returned to x
// after dt:
//
//	Pxy = (Pzz*tau_rec - (Pyy - 1)*tau_psc) / (tau_psc - tau_rec)
//
// with Pyy = exp(-dt/tau_psc) and Pzz = expm1(-dt/tau_rec). NEST divides by
// zero when tau_psc == tau_rec; there the analytic limit
// -(expm1(-dt/tau) + exp(-dt/tau)*dt/tau) is used instead.
func tsodyksPxy(pzz, pyy, dt, tauPsc, tauRec float64) float64 {
	if tauPsc == tauRec {
		e := libm.Exp(-dt / tauRec)
		return -(math.Expm1(-dt/tauRec) + e*dt/tauRec)
	}
	return (pzz*tauRec - (pyy-1)*tauPsc) / (tauPsc - tauRec)
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 0 and 1, and
// spikes from another iaf_tum_2000 only on receptor 1.
func (n *IafTum2000) CheckSpikeReceptor(senderModel string, rport int) error {
	if err := checkReceptor("iaf_tum_2000", rport, 1); err != nil {
		return err
	}
	if rport != 1 && senderModel == "iaf_tum_2000" {
		return nesterr.New(nesterr.ErrIllegalConnection, "iaf_tum_2000 neurons must be connected via receptor_type 1 (got receptor_type %d).", rport)
	}
	return nil
}

// SpikeChannels implements node.FastSpikeInput; it must agree with
// HandleSpike on receptor 0.
func (n *IafTum2000) SpikeChannels() (positive, other int) { return iafTumSynEx, iafTumSynIn }

// HandleSpike implements node.SpikeReceiver. On receptor 1 the weight is
// scaled by the sender's released amount; the sign of the result chooses
// the excitatory or inhibitory channel.
func (n *IafTum2000) HandleSpike(e *node.SpikeEvent) {
	w := e.Weight * float64(e.Multiplicity)
	if e.Rport == 1 {
		w *= e.Offset
	}
	n.addBySign(e.Slot, w, iafTumSynEx, iafTumSynIn)
}

// CheckCurrentReceptor implements node.CurrentReceiver.
func (n *IafTum2000) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_tum_2000", rport, 1)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafTum2000) HandleCurrent(slot, rport int, weighted float64) {
	if rport == 1 {
		n.ring.Add(slot, iafTumI1, weighted)
		return
	}
	n.ring.Add(slot, iafTumI0, weighted)
}

// Recordables implements node.Recordable.
func (n *IafTum2000) Recordables() []string { return iafTumRecordables }

// RecordableValue implements node.Recordable.
func (n *IafTum2000) RecordableValue(i int) float64 {
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
