package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_cond_beta", func() node.Node { return NewIafCondBeta() }) }

// IafCondBeta is NEST's iaf_cond_beta: a leaky integrate-and-fire neuron
// with beta-shaped synaptic conductances. A spike of weight w (nS) starts,
// in the excitatory synapse if w > 0 and in the inhibitory one otherwise,
// a conductance proportional to exp(-t/tau_decay) - exp(-t/tau_rise)
// whose peak is |w| (betaNormalization; the alpha function when the two
// time constants are equal). Each conductance is the second of a pair
//
//	dg'/dt = -g'/tau_decay,  dg/dt = g' - g/tau_rise,
//
// a spike raising g' by |w| times the normalization. The membrane follows
//
//	C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode) under an absolute error bound of 1e-3 on every state variable, as
// NEST does with GSL. Inside the right-hand side V is clamped to V_th
// (and held at V_reset while refractory).
//
// Parameters (status keys, defaults, units):
//
//	V_th          -55.0     mV   spike threshold
//	V_reset       -60.0     mV   reset potential
//	t_ref           2.0     ms   absolute refractory period
//	g_L            16.6667  nS   leak conductance
//	C_m           250.0     pF   membrane capacitance
//	E_ex            0.0     mV   excitatory reversal potential
//	E_in          -85.0     mV   inhibitory reversal potential
//	E_L           -70.0     mV   leak reversal potential
//	tau_rise_ex     0.2     ms   rise time of the excitatory conductance
//	tau_decay_ex    0.2     ms   decay time of the excitatory conductance
//	tau_rise_in     2.0     ms   rise time of the inhibitory conductance
//	tau_decay_in    2.0     ms   decay time of the inhibitory conductance
//	I_e             0.0     pA   constant input current
//
// State: V_m (mV, starts at E_L), g_ex, g_in (nS) and their companions
// dg_ex, dg_in (nS/ms), all starting at 0; all absolute values (changing
// E_L does not move V_m). Like every NEST neuron it keeps a spike archive
// for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, g_ex, g_in, t_ref_remaining (ms).
type IafCondBeta struct {
	P IafCondBetaParams
	condDual
}

// IafCondBetaParams are the user-settable parameters.
type IafCondBetaParams struct {
	Vth        float64 // V_th, mV
	Vreset     float64 // V_reset, mV
	TRef       float64 // t_ref, ms
	GL         float64 // g_L, nS
	Cm         float64 // C_m, pF
	Eex        float64 // E_ex, mV
	Ein        float64 // E_in, mV
	EL         float64 // E_L, mV
	TauRiseEx  float64 // tau_rise_ex, ms
	TauDecayEx float64 // tau_decay_ex, ms
	TauRiseIn  float64 // tau_rise_in, ms
	TauDecayIn float64 // tau_decay_in, ms
	Ie         float64 // I_e, pA
}

// DefaultIafCondBetaParams returns NEST 3.10's defaults.
func DefaultIafCondBetaParams() IafCondBetaParams {
	return IafCondBetaParams{
		Vth: -55, Vreset: -60, TRef: 2, GL: 16.6667, Cm: 250, Eex: 0, Ein: -85, EL: -70,
		TauRiseEx: 0.2, TauDecayEx: 0.2, TauRiseIn: 2, TauDecayIn: 2, Ie: 0,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault. NEST sets no rule on g_L.
func (p *IafCondBetaParams) Validate() error {
	if err := validateCondMembrane(p.Vreset, p.Vth, p.Cm, p.TRef); err != nil {
		return err
	}
	return validateTimeConstants(namedValue{"tau_rise_ex", p.TauRiseEx}, namedValue{"tau_decay_ex", p.TauDecayEx},
		namedValue{"tau_rise_in", p.TauRiseIn}, namedValue{"tau_decay_in", p.TauDecayIn})
}

// fields are the parameters' status keys, in NEST's reading order.
func (p *IafCondBetaParams) fields() []floatField {
	return []floatField{
		{"V_th", &p.Vth}, {"V_reset", &p.Vreset}, {"t_ref", &p.TRef}, {"E_L", &p.EL},
		{"E_ex", &p.Eex}, {"E_in", &p.Ein}, {"C_m", &p.Cm}, {"g_L", &p.GL},
		{"tau_rise_ex", &p.TauRiseEx}, {"tau_decay_ex", &p.TauDecayEx},
		{"tau_rise_in", &p.TauRiseIn}, {"tau_decay_in", &p.TauDecayIn}, {"I_e", &p.Ie},
	}
}

// NewIafCondBeta returns a neuron with default parameters at rest.
func NewIafCondBeta() *IafCondBeta {
	p := DefaultIafCondBetaParams()
	return &IafCondBeta{P: p, condDual: newCondDual("iaf_cond_beta", p.EL)}
}

// Model implements node.Node.
func (n *IafCondBeta) Model() string { return "iaf_cond_beta" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *IafCondBeta) Clone() node.Node {
	return &IafCondBeta{P: n.P, condDual: n.copyDual()}
}

// Status implements node.Node.
func (n *IafCondBeta) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafCondBeta) StatusTo(w node.StatusSink) {
	n.statusTo(w, condDualRecordables, n.P.fields(), n.S.fields())
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafCondBeta) SetStatus(r *dict.Reader, _ *node.Env) error {
	return setFieldStatus(&n.neuron, r, &n.P, &n.S)
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period and the spike
// jumps follow the parameters in every run.
func (n *IafCondBeta) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepareODE(env, condDualDim, 1e-3, n.derivs, p.TRef)
	v.psConInitEx = betaNormalization(p.TauRiseEx, p.TauDecayEx)
	v.psConInitIn = betaNormalization(p.TauRiseIn, p.TauDecayIn)
	n.bindBuffers(env, condDualChannels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does.
func (n *IafCondBeta) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	v := clampedV(refractory, y[condDualV], p.Vth, p.Vreset)
	// Products are rounded before they are summed (no fused
	// multiply-add), and the sum is taken in NEST's order.
	iSynEx := float64(y[condDualGEx] * (v - p.Eex))
	iSynIn := float64(y[condDualGIn] * (v - p.Ein))
	iLeak := float64(p.GL * (v - p.EL))
	if refractory {
		f[condDualV] = 0
	} else {
		f[condDualV] = (-iLeak - iSynEx - iSynIn + n.S.IStim + p.Ie) / p.Cm
	}
	condKernel(y, f, condDualDGEx, condDualGEx, p.TauDecayEx, p.TauRiseEx)
	condKernel(y, f, condDualDGIn, condDualGIn, p.TauDecayIn, p.TauRiseIn)
	return nil
}

// Update implements node.Node (see condDual.update).
func (n *IafCondBeta) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, n.P.Vth, n.P.Vreset)
}
