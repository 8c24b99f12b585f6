package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_cond_exp_sfa_rr", func() node.Node { return NewIafCondExpSfaRr() }) }

// IafCondExpSfaRr is NEST's iaf_cond_exp_sfa_rr: iaf_cond_exp with two
// spike-triggered conductances, one for spike-frequency adaptation (sfa)
// and one for the relative refractory period (rr). Each spike raises
// g_sfa by q_sfa and g_rr by q_rr; both decay exponentially and pull the
// membrane towards their reversal potentials:
//
//	C_m dV/dt = -g_L (V - E_L) + I_stim + I_e - g_ex (V - E_ex) - g_in (V - E_in)
//	            - g_sfa (V - E_sfa) - g_rr (V - E_rr)
//
// Synaptic conductances jump by |w| on a spike of weight w (excitatory if
// w > 0) and decay with tau_syn_ex, tau_syn_in. The system is integrated
// with the adaptive Runge-Kutta-Fehlberg 4(5) method (package ode) under
// an absolute error bound of 1e-3, as NEST does with GSL; inside the
// right-hand side V is clamped to V_th (and held at V_reset while
// refractory).
//
// Parameters (status keys, defaults, units):
//
//	V_th        -57.0    mV   spike threshold
//	V_reset     -70.0    mV   reset potential
//	t_ref         0.5    ms   absolute refractory period
//	g_L          28.95   nS   leak conductance
//	C_m         289.5    pF   membrane capacitance
//	E_ex          0.0    mV   excitatory reversal potential
//	E_in        -75.0    mV   inhibitory reversal potential
//	E_L         -70.0    mV   leak reversal potential
//	tau_syn_ex    1.5    ms   excitatory conductance time constant
//	tau_syn_in   10.0    ms   inhibitory conductance time constant
//	I_e           0.0    pA   constant input current
//	tau_sfa     110.0    ms   adaptation conductance time constant
//	tau_rr        1.97   ms   relative-refractory conductance time constant
//	E_sfa       -70.0    mV   adaptation reversal potential
//	E_rr        -70.0    mV   relative-refractory reversal potential
//	q_sfa        14.48   nS   jump of g_sfa per spike
//	q_rr       3214.0    nS   jump of g_rr per spike
//
// State: V_m (mV, starts at E_L), g_ex, g_in, g_sfa, g_rr (nS, start at
// 0); all absolute values. Like every NEST neuron it keeps a spike
// archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, g_ex, g_in, g_rr, g_sfa.
type IafCondExpSfaRr struct {
	P IafCondExpSfaRrParams
	S iafCondExpSfaRrState
	v iafCondExpSfaRrInternals
	plainNeuron
	input [iafCondExpSfaRrChannels]float64
}

// IafCondExpSfaRrParams are the user-settable parameters.
type IafCondExpSfaRrParams struct {
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
	TauSfa   float64 // tau_sfa, ms
	TauRr    float64 // tau_rr, ms
	Esfa     float64 // E_sfa, mV
	Err      float64 // E_rr, mV
	Qsfa     float64 // q_sfa, nS
	Qrr      float64 // q_rr, nS
}

// DefaultIafCondExpSfaRrParams returns NEST 3.10's defaults.
func DefaultIafCondExpSfaRrParams() IafCondExpSfaRrParams {
	return IafCondExpSfaRrParams{
		Vth: -57, Vreset: -70, TRef: 0.5, GL: 28.95, Cm: 289.5, Eex: 0, Ein: -75, EL: -70,
		TauSynEx: 1.5, TauSynIn: 10, Ie: 0, TauSfa: 110, TauRr: 1.97, Esfa: -70, Err: -70,
		Qsfa: 14.48, Qrr: 3214,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault. NEST sets no rule on g_L, q_sfa or q_rr.
func (p *IafCondExpSfaRrParams) Validate() error {
	if err := validateCondMembrane(p.Vreset, p.Vth, p.Cm, p.TRef); err != nil {
		return err
	}
	return validateTimeConstants(namedValue{"tau_syn_ex", p.TauSynEx}, namedValue{"tau_syn_in", p.TauSynIn},
		namedValue{"tau_sfa", p.TauSfa}, namedValue{"tau_rr", p.TauRr})
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafCondExpSfaRrParams) fields() []floatField {
	return []floatField{
		{"V_th", &p.Vth}, {"V_reset", &p.Vreset}, {"t_ref", &p.TRef}, {"E_L", &p.EL},
		{"E_ex", &p.Eex}, {"E_in", &p.Ein}, {"C_m", &p.Cm}, {"g_L", &p.GL},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"I_e", &p.Ie},
		{"E_sfa", &p.Esfa}, {"E_rr", &p.Err}, {"q_sfa", &p.Qsfa}, {"q_rr", &p.Qrr},
		{"tau_sfa", &p.TauSfa}, {"tau_rr", &p.TauRr},
	}
}

// State vector elements, in NEST's order.
const (
	iafCondExpSfaRrV = iota
	iafCondExpSfaRrGEx
	iafCondExpSfaRrGIn
	iafCondExpSfaRrGSfa
	iafCondExpSfaRrGRr
	iafCondExpSfaRrDim
)

// iafCondExpSfaRrState is the dynamic state.
type iafCondExpSfaRrState struct {
	Y        [iafCondExpSfaRrDim]float64 // V_m (mV), g_ex, g_in, g_sfa, g_rr (nS)
	RefSteps int64                       // remaining refractory steps
	IStim    float64                     // current input read in the previous step, pA
}

// fields are the state's status keys, in NEST's reading order.
func (s *iafCondExpSfaRrState) fields() []floatField {
	return []floatField{
		{"V_m", &s.Y[iafCondExpSfaRrV]}, {"g_ex", &s.Y[iafCondExpSfaRrGEx]}, {"g_in", &s.Y[iafCondExpSfaRrGIn]},
		{"g_sfa", &s.Y[iafCondExpSfaRrGSfa]}, {"g_rr", &s.Y[iafCondExpSfaRrGRr]},
	}
}

// iafCondExpSfaRrInternals are derived in Prepare.
type iafCondExpSfaRrInternals struct {
	condODE
}

// Input ring-buffer channels.
const (
	iafCondExpSfaRrSpikeEx = iota
	iafCondExpSfaRrSpikeIn // sum of the (zero or negative) weights
	iafCondExpSfaRrCurrent
	iafCondExpSfaRrChannels
)

// Recordables in NEST's (sorted) order, each with its state element.
var (
	iafCondExpSfaRrRecordables = []string{"V_m", "g_ex", "g_in", "g_rr", "g_sfa"}
	iafCondExpSfaRrRecordIndex = []int{iafCondExpSfaRrV, iafCondExpSfaRrGEx, iafCondExpSfaRrGIn, iafCondExpSfaRrGRr, iafCondExpSfaRrGSfa}
)

// NewIafCondExpSfaRr returns a neuron with default parameters at rest.
func NewIafCondExpSfaRr() *IafCondExpSfaRr {
	n := &IafCondExpSfaRr{P: DefaultIafCondExpSfaRrParams(),
		plainNeuron: newPlainNeuron("iaf_cond_exp_sfa_rr", iafCondExpSfaRrSpikeEx, iafCondExpSfaRrSpikeIn, iafCondExpSfaRrCurrent)}
	n.S.Y[iafCondExpSfaRrV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *IafCondExpSfaRr) Model() string { return "iaf_cond_exp_sfa_rr" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *IafCondExpSfaRr) Clone() node.Node {
	return &IafCondExpSfaRr{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *IafCondExpSfaRr) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafCondExpSfaRr) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafCondExpSfaRrRecordables, n.P.fields(), n.S.fields())
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafCondExpSfaRr) SetStatus(r *dict.Reader, _ *node.Env) error {
	return setFieldStatus(&n.neuron, r, &n.P, &n.S)
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period follows t_ref
// in every run.
func (n *IafCondExpSfaRr) Prepare(env *node.Env) {
	n.v.prepareODE(env, iafCondExpSfaRrDim, 1e-3, n.derivs, n.P.TRef)
	n.bindBuffers(env, iafCondExpSfaRrChannels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does.
func (n *IafCondExpSfaRr) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	v := clampedV(refractory, y[iafCondExpSfaRrV], p.Vth, p.Vreset)
	// Products are rounded before they are summed (no fused
	// multiply-add), and the sum is taken in NEST's order.
	iSynEx := float64(y[iafCondExpSfaRrGEx] * (v - p.Eex))
	iSynIn := float64(y[iafCondExpSfaRrGIn] * (v - p.Ein))
	iLeak := float64(p.GL * (v - p.EL))
	iSfa := float64(y[iafCondExpSfaRrGSfa] * (v - p.Esfa))
	iRr := float64(y[iafCondExpSfaRrGRr] * (v - p.Err))
	if refractory {
		f[iafCondExpSfaRrV] = 0
	} else {
		f[iafCondExpSfaRrV] = (-iLeak + n.S.IStim + p.Ie - iSynEx - iSynIn - iSfa - iRr) / p.Cm
	}
	f[iafCondExpSfaRrGEx] = -y[iafCondExpSfaRrGEx] / p.TauSynEx
	f[iafCondExpSfaRrGIn] = -y[iafCondExpSfaRrGIn] / p.TauSynIn
	f[iafCondExpSfaRrGSfa] = -y[iafCondExpSfaRrGSfa] / p.TauSfa
	f[iafCondExpSfaRrGRr] = -y[iafCondExpSfaRrGRr] / p.TauRr
	return nil
}

// Update implements node.Node. NEST's order inside a step, as
// iaf_cond_exp's: integrate, add the conductance jumps of the spikes
// arriving in this step, then the refractory count-down or the threshold
// test (a spike also raises g_sfa and g_rr), then take the current for
// the next step, then log.
func (n *IafCondExpSfaRr) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("iaf_cond_exp_sfa_rr", v.f, s.Y[:])

		n.ring.Take(ctx.Slot(step), in[:])
		s.Y[iafCondExpSfaRrGEx] += in[iafCondExpSfaRrSpikeEx]
		s.Y[iafCondExpSfaRrGIn] += -in[iafCondExpSfaRrSpikeIn]

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[iafCondExpSfaRrV], p.Vth, p.Vreset) {
			s.Y[iafCondExpSfaRrGSfa] += p.Qsfa
			s.Y[iafCondExpSfaRrGRr] += p.Qrr
			v.fire(ctx, &n.arch, step, 0)
		}

		s.IStim = in[iafCondExpSfaRrCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafCondExpSfaRr) Recordables() []string { return iafCondExpSfaRrRecordables }

// RecordableValue implements node.Recordable.
func (n *IafCondExpSfaRr) RecordableValue(i int) float64 {
	if i >= 0 && i < len(iafCondExpSfaRrRecordIndex) {
		return n.S.Y[iafCondExpSfaRrRecordIndex[i]]
	}
	return math.NaN()
}
