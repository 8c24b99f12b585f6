package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("ht_neuron", func() node.Node { return NewHtNeuron() }) }

// HtNeuron is NEST's ht_neuron, the neuron of Hill and Tononi (2005) in
// NEST's slightly modified form: an integrate-and-fire neuron with an
// adaptive threshold, a repolarizing potassium current instead of a hard
// reset, four beta-shaped synaptic conductances (AMPA, NMDA with a
// voltage-dependent magnesium block, GABA_A, GABA_B) and four intrinsic
// currents (persistent sodium I_NaP, sodium-dependent potassium I_KNa,
// low-threshold calcium I_T and the hyperpolarization-activated I_h).
// Conductances are unitless and currents are in mV, as in NEST:
//
//	tau_m dV/dt = -g_NaL (V - E_Na) - g_KL (V - E_K) + I_syn + I_NaP + I_KNa
//	              + I_T + I_h + I_stim   [- tau_m (V - E_K)/tau_spike while refractory]
//	dtheta/dt = -(theta - theta_eq)/tau_theta
//	I_syn = -g_AMPA (V - E_rev_AMPA) - g_NMDA m_NMDA(V) (V - E_rev_NMDA)
//	        - g_GABA_A (V - E_rev_GABA_A) - g_GABA_B (V - E_rev_GABA_B)
//	I_NaP = -g_peak_NaP m_inf(V)^N_NaP (V - E_rev_NaP)
//	I_KNa = -g_peak_KNa D^3.5/(D^3.5 + 0.25^3.5) (V - E_rev_KNa)
//	I_T = -g_peak_T m_T^N_T h_T (V - E_rev_T),  I_h = -g_peak_h m_h (V - E_rev_h)
//
// with first-order kinetics for the sodium concentration D and the gates
// m_T, h_T, m_h, and the NMDA unblock m_NMDA either instantaneous (the
// steady value m_eq(V) = 1/(1 + exp(-S_act_NMDA (V - V_act_NMDA)))) or a
// mix of a fast and a slow unblock variable relaxing to m_eq, which may
// follow a fall of m_eq at once (they are clamped to it).
//
// Each synapse is a pair dg'/dt = -g'/tau_rise, dg/dt = g' - g/tau_decay;
// a spike of weight w on a receptor raises its g' by w times g_peak times
// the beta normalization, so that g peaks at w*g_peak. Everything is
// integrated with the adaptive RKF45 method (package ode) under an
// absolute error bound of 1e-3, as NEST does with GSL. After every
// integration step (not only at the end of the simulation step) the NMDA
// unblock variables are clamped and the threshold tested: when the
// neuron is not refractory and V_m reaches theta, V_m and theta are set
// to E_Na, the neuron spikes and the repolarizing current flows for
// t_ref (the refractory period, which ends one step after t_ref).
//
// Parameters (status keys, defaults, units):
//
//	E_Na              30.0     mV   sodium reversal potential (leak, spike)
//	E_K              -90.0     mV   potassium reversal potential (leak, repolarization)
//	g_NaL              0.2          sodium leak conductance
//	g_KL               1.0          potassium leak conductance
//	tau_m             16.0     ms   membrane time constant
//	theta_eq         -51.0     mV   equilibrium threshold
//	tau_theta          2.0     ms   threshold time constant
//	tau_spike          1.75    ms   time constant of the repolarizing current
//	t_ref              2.0     ms   duration of the repolarizing current
//	g_peak_AMPA        0.1          peak conductance of AMPA
//	tau_rise_AMPA      0.5     ms
//	tau_decay_AMPA     2.4     ms
//	E_rev_AMPA         0.0     mV
//	g_peak_NMDA        0.075        peak conductance of NMDA
//	tau_rise_NMDA      4.0     ms
//	tau_decay_NMDA    40.0     ms
//	E_rev_NMDA         0.0     mV
//	V_act_NMDA       -25.57    mV   half-unblock potential of NMDA
//	S_act_NMDA         0.081   1/mV slope of the NMDA unblock
//	tau_Mg_slow_NMDA  22.7     ms   slow unblock time constant
//	tau_Mg_fast_NMDA   0.68    ms   fast unblock time constant
//	instant_unblock_NMDA false      instantaneous NMDA unblock
//	g_peak_GABA_A      0.33         peak conductance of GABA_A
//	tau_rise_GABA_A    1.0     ms
//	tau_decay_GABA_A   7.0     ms
//	E_rev_GABA_A     -70.0     mV
//	g_peak_GABA_B      0.0132       peak conductance of GABA_B
//	tau_rise_GABA_B   60.0     ms
//	tau_decay_GABA_B 200.0     ms
//	E_rev_GABA_B     -90.0     mV
//	g_peak_NaP         1.0          peak conductance of I_NaP
//	E_rev_NaP         30.0     mV
//	N_NaP              3.0          exponent of the I_NaP activation
//	g_peak_KNa         1.0          peak conductance of I_KNa
//	E_rev_KNa        -90.0     mV
//	tau_D_KNa       1250.0     ms   relaxation time of the sodium concentration
//	g_peak_T           1.0          peak conductance of I_T
//	E_rev_T            0.0     mV
//	N_T                2.0          exponent of the I_T activation
//	g_peak_h           1.0          peak conductance of I_h
//	E_rev_h          -40.0     mV
//	voltage_clamp    false          hold V_m at its value at the start of
//	                                each Simulate call (for testing)
//
// State: V_m (mV, starts at the leak equilibrium
// (g_NaL E_Na + g_KL E_K)/(g_NaL + g_KL) = -70 mV) and theta (mV, starts
// at theta_eq) are status keys; the synaptic conductances start at 0 and
// the NMDA unblock, D and the gates at their steady values at V_m.
// Setting equilibrate to true with SetStatus moves those to their
// steady values at the (new) V_m, computed with the parameters the
// neuron had before the call, as in NEST. Like every NEST neuron it
// keeps a spike archive for STDP synapses.
// Receptors: spikes on receptor_types AMPA = 1, NMDA = 2, GABA_A = 3,
// GABA_B = 4; currents on 0.
// Recordables: I_KNa, I_NaP, I_T, I_h (the currents of the last
// right-hand-side evaluation, mV), V_m, g_AMPA, g_GABA_A, g_GABA_B,
// g_NMDA (the NMDA conductance times its unblock), theta.
type HtNeuron struct {
	P HtNeuronParams
	S htNeuronState
	neuron
	v     htNeuronInternals
	input [htChannels]float64
}

// HtNeuronParams are the user-settable parameters.
type HtNeuronParams struct {
	ENa, EK, GNaL, GKL, TauM, ThetaEq, TauTheta, TauSpike, TRef float64

	GPeakAMPA, TauRiseAMPA, TauDecayAMPA, ERevAMPA float64

	GPeakNMDA, TauRiseNMDA, TauDecayNMDA, ERevNMDA   float64
	VActNMDA, SActNMDA, TauMgSlowNMDA, TauMgFastNMDA float64
	InstantUnblockNMDA                               bool

	GPeakGABAA, TauRiseGABAA, TauDecayGABAA, ERevGABAA float64
	GPeakGABAB, TauRiseGABAB, TauDecayGABAB, ERevGABAB float64

	GPeakNaP, ERevNaP, NNaP    float64
	GPeakKNa, ERevKNa, TauDKNa float64
	GPeakT, ERevT, NT          float64
	GPeakH, ERevH              float64
	VoltageClamp               bool
}

// DefaultHtNeuronParams returns NEST 3.10's defaults.
func DefaultHtNeuronParams() HtNeuronParams {
	return HtNeuronParams{
		ENa: 30, EK: -90, GNaL: 0.2, GKL: 1, TauM: 16, ThetaEq: -51, TauTheta: 2, TauSpike: 1.75, TRef: 2,
		GPeakAMPA: 0.1, TauRiseAMPA: 0.5, TauDecayAMPA: 2.4, ERevAMPA: 0,
		GPeakNMDA: 0.075, TauRiseNMDA: 4, TauDecayNMDA: 40, ERevNMDA: 0,
		VActNMDA: -25.57, SActNMDA: 0.081, TauMgSlowNMDA: 22.7, TauMgFastNMDA: 0.68,
		GPeakGABAA: 0.33, TauRiseGABAA: 1, TauDecayGABAA: 7, ERevGABAA: -70,
		GPeakGABAB: 0.0132, TauRiseGABAB: 60, TauDecayGABAB: 200, ERevGABAB: -90,
		GPeakNaP: 1, ERevNaP: 30, NNaP: 3,
		GPeakKNa: 1, ERevKNa: -90, TauDKNa: 1250,
		GPeakT: 1, ERevT: 0, NT: 2,
		GPeakH: 1, ERevH: -40,
	}
}

// fields are the numeric status keys, in NEST's reading order.
func (p *HtNeuronParams) fields() []floatField {
	return []floatField{
		{"E_Na", &p.ENa}, {"E_K", &p.EK}, {"g_NaL", &p.GNaL}, {"g_KL", &p.GKL}, {"tau_m", &p.TauM},
		{"theta_eq", &p.ThetaEq}, {"tau_theta", &p.TauTheta}, {"tau_spike", &p.TauSpike}, {"t_ref", &p.TRef},
		{"g_peak_AMPA", &p.GPeakAMPA}, {"tau_rise_AMPA", &p.TauRiseAMPA}, {"tau_decay_AMPA", &p.TauDecayAMPA},
		{"E_rev_AMPA", &p.ERevAMPA},
		{"g_peak_NMDA", &p.GPeakNMDA}, {"tau_rise_NMDA", &p.TauRiseNMDA}, {"tau_decay_NMDA", &p.TauDecayNMDA},
		{"E_rev_NMDA", &p.ERevNMDA}, {"V_act_NMDA", &p.VActNMDA}, {"S_act_NMDA", &p.SActNMDA},
		{"tau_Mg_slow_NMDA", &p.TauMgSlowNMDA}, {"tau_Mg_fast_NMDA", &p.TauMgFastNMDA},
		{"g_peak_GABA_A", &p.GPeakGABAA}, {"tau_rise_GABA_A", &p.TauRiseGABAA}, {"tau_decay_GABA_A", &p.TauDecayGABAA},
		{"E_rev_GABA_A", &p.ERevGABAA},
		{"g_peak_GABA_B", &p.GPeakGABAB}, {"tau_rise_GABA_B", &p.TauRiseGABAB}, {"tau_decay_GABA_B", &p.TauDecayGABAB},
		{"E_rev_GABA_B", &p.ERevGABAB},
		{"g_peak_NaP", &p.GPeakNaP}, {"E_rev_NaP", &p.ERevNaP}, {"N_NaP", &p.NNaP},
		{"g_peak_KNa", &p.GPeakKNa}, {"E_rev_KNa", &p.ERevKNa}, {"tau_D_KNa", &p.TauDKNa},
		{"g_peak_T", &p.GPeakT}, {"E_rev_T", &p.ERevT}, {"N_T", &p.NT},
		{"g_peak_h", &p.GPeakH}, {"E_rev_h", &p.ERevH},
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault (NEST raises BadParameter here, not BadProperty).
func (p *HtNeuronParams) Validate() error {
	bad := func(format string, v ...any) error { return nesterr.New(nesterr.ErrBadParameter, format, v...) }
	for _, g := range []namedValue{
		{"g_peak_AMPA", p.GPeakAMPA}, {"g_peak_GABA_A", p.GPeakGABAA}, {"g_peak_GABA_B", p.GPeakGABAB},
		{"g_peak_KNa", p.GPeakKNa}, {"S_act_NMDA", p.SActNMDA}, {"g_peak_NMDA", p.GPeakNMDA},
		{"g_peak_T", p.GPeakT}, {"g_peak_h", p.GPeakH}, {"g_peak_NaP", p.GPeakNaP}, {"g_KL", p.GKL},
		{"g_NaL", p.GNaL}, {"t_ref", p.TRef},
	} {
		if g.val < 0 {
			return bad("%s >= 0 required (%s = %g).", g.key, g.key, g.val)
		}
	}
	for _, tau := range []namedValue{
		{"tau_rise_AMPA", p.TauRiseAMPA}, {"tau_decay_AMPA", p.TauDecayAMPA},
		{"tau_rise_GABA_A", p.TauRiseGABAA}, {"tau_decay_GABA_A", p.TauDecayGABAA},
		{"tau_rise_GABA_B", p.TauRiseGABAB}, {"tau_decay_GABA_B", p.TauDecayGABAB},
		{"tau_rise_NMDA", p.TauRiseNMDA}, {"tau_decay_NMDA", p.TauDecayNMDA},
		{"tau_Mg_fast_NMDA", p.TauMgFastNMDA}, {"tau_Mg_slow_NMDA", p.TauMgSlowNMDA},
		{"tau_spike", p.TauSpike}, {"tau_theta", p.TauTheta}, {"tau_m", p.TauM}, {"tau_D_KNa", p.TauDKNa},
	} {
		if tau.val <= 0 {
			return bad("%s > 0 required (%s = %g ms).", tau.key, tau.key, tau.val)
		}
	}
	for _, pair := range [][2]namedValue{
		{{"tau_rise_AMPA", p.TauRiseAMPA}, {"tau_decay_AMPA", p.TauDecayAMPA}},
		{{"tau_rise_GABA_A", p.TauRiseGABAA}, {"tau_decay_GABA_A", p.TauDecayGABAA}},
		{{"tau_rise_GABA_B", p.TauRiseGABAB}, {"tau_decay_GABA_B", p.TauDecayGABAB}},
		{{"tau_rise_NMDA", p.TauRiseNMDA}, {"tau_decay_NMDA", p.TauDecayNMDA}},
		{{"tau_Mg_fast_NMDA", p.TauMgFastNMDA}, {"tau_Mg_slow_NMDA", p.TauMgSlowNMDA}},
	} {
		if pair[0].val >= pair[1].val {
			return bad("%s < %s required (%s = %g ms, %s = %g ms).", pair[0].key, pair[1].key,
				pair[0].key, pair[0].val, pair[1].key, pair[1].val)
		}
	}
	return nil
}

// State vector elements, in NEST's order: the four synapses' companion
// and conductance pairs start at index 2 in receptor order, which the
// spike input relies on.
const (
	htV = iota
	htTheta
	htDGAMPA
	htGAMPA
	htDGNMDA
	htGNMDA
	htDGGABAA
	htGGABAA
	htDGGABAB
	htGGABAB
	htMFastNMDA
	htMSlowNMDA
	htMIh
	htDIKNa
	htMIT
	htHIT
	htDim
)

// Receptor types.
const (
	htAMPA = 1 + iota
	htNMDA
	htGABAA
	htGABAB
)

// Input ring-buffer channels: one per receptor (rport-1), then the
// current.
const (
	htCurrent  = htGABAB
	htChannels = htCurrent + 1
)

// htNeuronState is the dynamic state.
type htNeuronState struct {
	Y        [htDim]float64
	RefSteps int64 // steps of the repolarizing current left
	// The intrinsic currents of the last right-hand-side evaluation (mV).
	INaP, IKNa, IT, Ih float64
	IStim              float64 // input current read in the previous step
}

// htNeuronInternals are derived in Prepare.
type htNeuronInternals struct {
	integrator
	condTiming
	condSteps [4]float64 // jump of g' per unit weight, by receptor
	vClamp    float64    // V_m at the start of the run, mV
}

var htNeuronRecordables = []string{
	"I_KNa", "I_NaP", "I_T", "I_h", "V_m", "g_AMPA", "g_GABA_A", "g_GABA_B", "g_NMDA", "theta",
}

// NewHtNeuron returns a neuron with default parameters at rest.
func NewHtNeuron() *HtNeuron {
	n := &HtNeuron{P: DefaultHtNeuronParams(), neuron: newNeuron()}
	p, y := &n.P, &n.S.Y
	y[htV] = (float64(p.GNaL*p.ENa) + float64(p.GKL*p.EK)) / (p.GNaL + p.GKL)
	y[htTheta] = p.ThetaEq
	p.equilibrate(y[:])
	return n
}

// equilibrate sets the NMDA unblock, D and the gates of the intrinsic
// currents to their steady values at y's V_m.
func (p *HtNeuronParams) equilibrate(y []float64) {
	v := y[htV]
	y[htMFastNMDA] = p.mEqNMDA(v)
	y[htMSlowNMDA] = p.mEqNMDA(v)
	y[htMIh] = htMEqH(v)
	y[htDIKNa] = p.dEqKNa(v)
	y[htMIT] = htMEqT(v)
	y[htHIT] = htHEqT(v)
}

// Steady values and time constants of the intrinsic currents' gates and
// of the NMDA unblock, with NEST's constants and order of operations.

func htMEqH(v float64) float64 { return 1 / (1 + libm.Exp((v-(-75.0))/5.5)) }
func htHEqT(v float64) float64 { return 1 / (1 + libm.Exp((v+83)/4)) }
func htMEqT(v float64) float64 { return 1 / (1 + libm.Exp(-(v+59)/6.2)) }

func (p *HtNeuronParams) dEqKNa(v float64) float64 {
	influx := 0.025 / (1 + libm.Exp(-(v-(-10.0))/5))
	return float64(p.TauDKNa*influx) + 0.001
}

func (p *HtNeuronParams) mEqNMDA(v float64) float64 {
	return 1 / (1 + libm.Exp(-p.SActNMDA*(v-p.VActNMDA)))
}

// mNMDA is the NMDA unblock at v from the steady value and the fast and
// slow unblock variables.
func (p *HtNeuronParams) mNMDA(v, mEq, mFast, mSlow float64) float64 {
	if p.InstantUnblockNMDA {
		return mEq
	}
	a1 := 0.51 - float64(0.0028*v)
	a2 := 1 - a1
	return float64(a1*mFast) + float64(a2*mSlow)
}

// Model implements node.Node.
func (n *HtNeuron) Model() string { return "ht_neuron" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HtNeuron) Clone() node.Node {
	c := &HtNeuron{P: n.P, S: n.S, neuron: n.copyNeuron()}
	c.S.IStim = 0
	return c
}

// Status implements node.Node.
func (n *HtNeuron) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"instant_unblock_NMDA": p.InstantUnblockNMDA, "voltage_clamp": p.VoltageClamp,
		"V_m": n.S.Y[htV], "theta": n.S.Y[htTheta],
		"receptor_types": dict.Dict{"AMPA": htAMPA, "NMDA": htNMDA, "GABA_A": htGABAA, "GABA_B": htGABAB},
		"recordables":    append([]string(nil), htNeuronRecordables...),
	}
	writeFloats(d, p.fields())
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *HtNeuron) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	for _, b := range []struct {
		key string
		dst *bool
	}{{"instant_unblock_NMDA", &p.InstantUnblockNMDA}, {"voltage_clamp", &p.VoltageClamp}} {
		if _, err := r.Bool(b.key, b.dst); err != nil {
			return err
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{{"V_m", &s.Y[htV]}, {"theta", &s.Y[htTheta]}}); err != nil {
		return err
	}
	equilibrate := false
	if _, err := r.Bool("equilibrate", &equilibrate); err != nil {
		return err
	}
	if equilibrate {
		// NEST equilibrates with the node's present parameters, not
		// the ones this call sets.
		n.P.equilibrate(s.Y[:])
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// CheckSpikeReceptor implements node.SpikeReceiver: AMPA, NMDA, GABA_A
// and GABA_B (1 to 4).
func (n *HtNeuron) CheckSpikeReceptor(_ string, rport int) error {
	if rport < htAMPA || rport > htGABAB {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in ht_neuron.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its receptor's channel whatever its sign.
func (n *HtNeuron) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, e.Rport-1, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *HtNeuron) CheckCurrentReceptor(rport int) error {
	return checkReceptor("ht_neuron", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *HtNeuron) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, htCurrent, weighted)
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the spike jumps, the refractory period
// and the clamp potential follow the parameters and state in every run.
func (n *HtNeuron) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	if !v.ready() {
		// NEST: gsl_odeiv_control_y_new(1e-3, 0.0).
		v.init(htDim, mustControl(1e-3, 0, 1, 0), env.Base.Resolution)
	}
	v.condSteps = [4]float64{
		p.GPeakAMPA * betaNormalization(p.TauRiseAMPA, p.TauDecayAMPA),
		p.GPeakNMDA * betaNormalization(p.TauRiseNMDA, p.TauDecayNMDA),
		p.GPeakGABAA * betaNormalization(p.TauRiseGABAA, p.TauDecayGABAA),
		p.GPeakGABAB * betaNormalization(p.TauRiseGABAB, p.TauDecayGABAB),
	}
	v.prepare(env, p.TRef)
	v.vClamp = n.S.Y[htV]
	n.ring.Bind(env, htChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// derivs is the right-hand side. It reads the refractory counter, the
// input current and the clamp from the node and leaves the intrinsic
// currents it computes there, as NEST's does.
func (n *HtNeuron) derivs(_ float64, y, f []float64) error {
	p, s := &n.P, &n.S
	v := y[htV]
	if p.VoltageClamp {
		v = n.v.vClamp
	}
	mEq := p.mEqNMDA(v)
	mFast := math.Min(mEq, y[htMFastNMDA])
	mSlow := math.Min(mEq, y[htMSlowNMDA])
	mNMDA := p.mNMDA(v, mEq, mFast, mSlow)

	iSyn := float64(-y[htGAMPA]*(v-p.ERevAMPA)) - float64(y[htGNMDA]*mNMDA*(v-p.ERevNMDA)) -
		float64(y[htGGABAA]*(v-p.ERevGABAA)) - float64(y[htGGABAB]*(v-p.ERevGABAB))
	iSpike := 0.0
	if s.RefSteps > 0 {
		iSpike = -(v - p.EK) / p.TauSpike
	}
	iNa := float64(-p.GNaL * (v - p.ENa))
	iK := float64(-p.GKL * (v - p.EK))

	mInfNaP := 1 / (1 + libm.Exp(-(v-(-55.7))/7.7))
	s.INaP = float64(-p.GPeakNaP * libm.Pow(mInfNaP, p.NNaP) * (v - p.ERevNaP))
	mInfKNa := 1 / (1 + libm.Pow(0.25/y[htDIKNa], 3.5))
	s.IKNa = float64(-p.GPeakKNa * mInfKNa * (v - p.ERevKNa))
	s.IT = float64(-p.GPeakT * libm.Pow(y[htMIT], p.NT) * y[htHIT] * (v - p.ERevT))
	s.Ih = float64(-p.GPeakH * y[htMIh] * (v - p.ERevH))

	f[htV] = (iNa+iK+iSyn+s.INaP+s.IKNa+s.IT+s.Ih+s.IStim)/p.TauM + iSpike
	f[htTheta] = -(y[htTheta] - p.ThetaEq) / p.TauTheta

	condKernel(y, f, htDGAMPA, htGAMPA, p.TauRiseAMPA, p.TauDecayAMPA)
	condKernel(y, f, htDGNMDA, htGNMDA, p.TauRiseNMDA, p.TauDecayNMDA)
	f[htMFastNMDA] = (mEq - mFast) / p.TauMgFastNMDA
	f[htMSlowNMDA] = (mEq - mSlow) / p.TauMgSlowNMDA
	condKernel(y, f, htDGGABAA, htGGABAA, p.TauRiseGABAA, p.TauDecayGABAA)
	condKernel(y, f, htDGGABAB, htGGABAB, p.TauRiseGABAB, p.TauDecayGABAB)

	f[htDIKNa] = (p.dEqKNa(v) - y[htDIKNa]) / p.TauDKNa

	tauMT := 0.22/(libm.Exp(-(v+132)/16.7)+libm.Exp((v+16.8)/18.2)) + 0.13
	tauHT := 8.2 + (56.6+float64(0.27*libm.Exp((v+115.2)/5.0)))/(1+libm.Exp((v+86)/3.2))
	f[htMIT] = (htMEqT(v) - y[htMIT]) / tauMT
	f[htHIT] = (htHEqT(v) - y[htHIT]) / tauHT

	tauMH := 1 / (libm.Exp(-14.59-float64(0.086*v)) + libm.Exp(-1.87+float64(0.0701*v)))
	f[htMIh] = (htMEqH(v) - y[htMIh]) / tauMH
	return nil
}

// Update implements node.Node. NEST's order inside a step: after every
// accepted integration step, clamp V_m (voltage_clamp), clamp the NMDA
// unblock variables to their steady value, and test the threshold
// (outside the refractory period: V_m and theta jump to E_Na, the
// repolarization starts for t_ref plus one step, the spike is sent);
// once the step is integrated, count the refractory period down, add
// the spikes arriving in this step, take the current for the next step,
// then log.
func (n *HtNeuron) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	y := s.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		for t := 0.0; t < v.step; {
			var err error
			t, v.h, err = v.evolve.Apply(n.derivs, t, v.step, v.h, y)
			if err != nil {
				panic(solverFailure("ht_neuron", err))
			}
			if p.VoltageClamp {
				y[htV] = v.vClamp
			}
			mEq := p.mEqNMDA(y[htV])
			y[htMFastNMDA] = math.Min(mEq, y[htMFastNMDA])
			y[htMSlowNMDA] = math.Min(mEq, y[htMSlowNMDA])
			if s.RefSteps == 0 && y[htV] >= y[htTheta] {
				y[htV], y[htTheta] = p.ENa, p.ENa
				s.RefSteps = v.refractorySteps + 1
				v.fire(ctx, &n.arch, step, 0)
			}
		}
		if s.RefSteps > 0 {
			s.RefSteps--
		}

		n.ring.Take(ctx.Slot(step), n.input[:])
		for i := range v.condSteps {
			y[htDGAMPA+2*i] += float64(v.condSteps[i] * n.input[i])
		}
		s.IStim = n.input[htCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *HtNeuron) Recordables() []string { return htNeuronRecordables }

// RecordableValue implements node.Recordable.
func (n *HtNeuron) RecordableValue(i int) float64 {
	s, y := &n.S, &n.S.Y
	switch i {
	case 0:
		return s.IKNa
	case 1:
		return s.INaP
	case 2:
		return s.IT
	case 3:
		return s.Ih
	case 4:
		return y[htV]
	case 5:
		return y[htGAMPA]
	case 6:
		return y[htGGABAA]
	case 7:
		return y[htGGABAB]
	case 8:
		v := y[htV]
		return y[htGNMDA] * n.P.mNMDA(v, n.P.mEqNMDA(v), y[htMFastNMDA], y[htMSlowNMDA])
	case 9:
		return y[htTheta]
	}
	return math.NaN()
}
