package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_exp_htum", func() node.Node { return NewIafPscExpHtum() }) }

// IafPscExpHtum is NEST's iaf_psc_exp_htum: the leaky integrate-and-fire
// neuron with exponential synaptic currents of Hill and Tononi (2005),
// whose refractoriness has two parts. For t_ref_abs after a spike the
// membrane is clamped at V_reset; until t_ref_tot has passed it integrates
// again but cannot fire. Currents and membrane are integrated exactly
// over each step.
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
//	t_ref_abs    2.0   ms    absolute refractory period (clamped membrane)
//	t_ref_tot    2.0   ms    total refractory period (no spikes), >= t_ref_abs
//
// State: V_m (mV, starts at E_L), spike archive (tau_minus,
// tau_minus_triplet, t_spike).
// Receptors: 0 for spikes (positive weights excitatory, negative
// inhibitory) and currents.
// Recordables: V_m, I_syn_ex, I_syn_in. As in NEST 3.10 the recorded V_m
// is relative to E_L (the status entry V_m is absolute).
//
// NEST also refuses to simulate when either refractory period is shorter
// than one step; gonest's Prepare cannot fail, so such a neuron simply has
// no refractory period of that kind.
type IafPscExpHtum struct {
	P   IafPscExpHtumParams
	S   iafPscExpHtumState
	v   iafPscExpHtumInternals
	syn expCurrents
	plainNeuron
	input [expChannels]float64
}

// IafPscExpHtumParams are the user-settable parameters, all absolute
// values.
type IafPscExpHtumParams struct {
	EL       float64 // E_L, mV
	Ie       float64 // I_e, pA
	Vth      float64 // V_th, mV
	Vreset   float64 // V_reset, mV
	Cm       float64 // C_m, pF
	TauM     float64 // tau_m, ms
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	TRefAbs  float64 // t_ref_abs, ms
	TRefTot  float64 // t_ref_tot, ms
}

// DefaultIafPscExpHtumParams returns NEST 3.10's defaults.
func DefaultIafPscExpHtumParams() IafPscExpHtumParams {
	return IafPscExpHtumParams{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Cm: 250, TauM: 10,
		TauSynEx: 2, TauSynIn: 2, TRefAbs: 2, TRefTot: 2,
	}
}

// Validate checks the rules NEST enforces, in NEST's order.
func (p *IafPscExpHtumParams) Validate() error {
	switch {
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	case p.TRefAbs > p.TRefTot:
		return nesterr.New(nesterr.ErrBadProperty, "The total refractory period must not be shorter than the absolute one (t_ref_tot = %g ms, t_ref_abs = %g ms).", p.TRefTot, p.TRefAbs)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TauM <= 0, p.TauSynEx <= 0, p.TauSynIn <= 0, p.TRefTot <= 0, p.TRefAbs <= 0:
		return nesterr.New(nesterr.ErrBadProperty,
			"All time constants must be strictly positive (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g, t_ref_tot = %g, t_ref_abs = %g ms).",
			p.TauM, p.TauSynEx, p.TauSynIn, p.TRefTot, p.TRefAbs)
	}
	return nil
}

// iafPscExpHtumState is the dynamic state besides the synaptic currents.
type iafPscExpHtumState struct {
	VRel   float64 // membrane potential minus E_L, mV
	I0     float64 // current input during this step, pA
	RefAbs int64   // remaining steps with the membrane clamped
	RefTot int64   // remaining steps without spikes
}

type iafPscExpHtumInternals struct {
	stepToMs     func(int64) float64
	decay        expDecay
	p22          float64 // membrane decay
	p21ex, p21in float64 // synaptic current -> membrane
	p20          float64 // constant current -> membrane
	refAbsSteps  int64
	refTotSteps  int64
	thetaRel     float64 // V_th - E_L
	resetRel     float64 // V_reset - E_L
}

var iafPscExpHtumRecordables = []string{"V_m", "I_syn_ex", "I_syn_in"}

// NewIafPscExpHtum returns a neuron with default parameters at rest.
func NewIafPscExpHtum() *IafPscExpHtum {
	return &IafPscExpHtum{P: DefaultIafPscExpHtumParams(), plainNeuron: newPlainNeuron("iaf_psc_exp_htum", expChEx, expChIn, expChI0)}
}

// Model implements node.Node.
func (n *IafPscExpHtum) Model() string { return "iaf_psc_exp_htum" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafPscExpHtum) Clone() node.Node {
	return &IafPscExpHtum{P: n.P, S: n.S, syn: n.syn, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *IafPscExpHtum) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscExpHtum) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafPscExpHtumRecordables, n.P.fields())
	w.Float("V_m", n.S.VRel+n.P.EL)
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafPscExpHtumParams) fields() []floatField {
	return []floatField{
		{"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"V_th", &p.Vth},
		{"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn},
		{"t_ref_abs", &p.TRefAbs}, {"t_ref_tot", &p.TRefTot},
	}
}

// SetStatus implements node.Node; transactional, potentials keep their
// absolute values when only E_L changes.
func (n *IafPscExpHtum) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	arch, err := n.setParamsMembrane(r, p.fields(), p.Validate, &s.VRel, n.P.EL, &p.EL)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node.
func (n *IafPscExpHtum) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	v.decay = newExpDecay(h, p.TauSynEx, p.TauSynIn)
	v.p22 = libm.Exp(-h / p.TauM)
	v.p21ex = expPropagator(p.TauSynEx, p.TauM, p.Cm, h)
	v.p21in = expPropagator(p.TauSynIn, p.TauM, p.Cm, h)
	v.p20 = p.TauM / p.Cm * (1 - v.p22)
	v.refAbsSteps = env.Base.MsToSteps(p.TRefAbs)
	v.refTotSteps = env.Base.MsToSteps(p.TRefTot)
	v.thetaRel = p.Vth - p.EL
	v.resetRel = p.Vreset - p.EL
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, expChannels)
}

// Update implements node.Node. NEST's order inside a step: membrane
// (unless clamped), the synaptic currents, the threshold test (unless
// within the total refractory period), the current for the next step,
// logging.
func (n *IafPscExpHtum) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if s.RefAbs == 0 {
			s.VRel = s.VRel*v.p22 + n.syn.Ex*v.p21ex + n.syn.In*v.p21in + (p.Ie+s.I0)*v.p20
		} else {
			s.RefAbs--
		}
		n.ring.Take(ctx.Slot(step), in[:])
		n.syn.step(&v.decay, in[expChEx], in[expChIn])

		if s.RefTot == 0 {
			if s.VRel >= v.thetaRel {
				s.RefAbs, s.RefTot = v.refAbsSteps, v.refTotSteps
				s.VRel = v.resetRel
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
				n.arch.Spike(v.stepToMs(step + 1))
			}
		} else {
			s.RefTot--
		}
		s.I0 = in[expChI0]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafPscExpHtum) Recordables() []string { return iafPscExpHtumRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscExpHtum) RecordableValue(i int) float64 {
	switch i {
	case 0:
		// NEST's data logger reads the potential without adding E_L.
		return n.S.VRel
	case 1:
		return n.syn.Ex
	case 2:
		return n.syn.In
	}
	return math.NaN()
}
