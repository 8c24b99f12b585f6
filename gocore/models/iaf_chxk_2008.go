package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_chxk_2008", func() node.Node { return NewIafChxk2008() }) }

// IafChxk2008 is NEST's iaf_chxk_2008 (Casti et al. 2008): a
// conductance-based integrate-and-fire neuron without reset or
// refractory period. A spike is an upward crossing of V_th within a
// step; it triggers an alpha-shaped after-hyperpolarization (AHP)
// conductance of peak g_ahp and reversal potential E_ahp, which is what
// brings the membrane back down. Synaptic conductances are alpha-shaped
// too (peak |w| for a spike of weight w, excitatory if w > 0); each alpha
// conductance is the second of a pair dg'/dt = -g'/tau, dg/dt = g' - g/tau.
// The membrane follows
//
//	C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - g_ahp (V - E_ahp) + I_stim + I_e
//
// with no clamping, integrated with the adaptive Runge-Kutta-Fehlberg
// 4(5) method (package ode) under an absolute error bound of 1e-3, as
// NEST does with GSL.
//
// Spike timing is finer than the grid, as in NEST: when V_m was below
// V_th at the start of a step of length h and is at or above it at the
// end, the crossing is placed by linear interpolation dt = h (V - V_th) /
// (V - V_prev) before the end of the step. The AHP starts as if it had
// begun at the crossing: dg_ahp rises by g_ahp e/tau_ahp exp(-dt/tau_ahp)
// and g_ahp by that times dt (with ahp_bug true both are set to these
// values instead of increased, the behaviour of the original model).
// The spike is sent with offset dt, so a spike_recorder reports it at
// the end of the step minus dt; the spike archive (STDP) holds the grid
// time, as NEST's. (NEST hands the offset to other neurons only when
// its kernel runs with off_grid_spiking, which creating an off-grid
// model such as iaf_bw_2001 switches on; gonest always does, which makes
// no difference to neurons that ignore offsets.)
//
// Parameters (status keys, defaults, units):
//
//	V_th        -45.0    mV   spike threshold
//	g_L         100.0    nS   leak conductance
//	C_m        1000.0    pF   membrane capacitance
//	E_ex         20.0    mV   excitatory reversal potential
//	E_in        -90.0    mV   inhibitory reversal potential
//	E_L         -60.0    mV   leak reversal potential
//	tau_syn_ex    1.0    ms   rise time of the excitatory conductance
//	tau_syn_in    1.0    ms   rise time of the inhibitory conductance
//	I_e           0.0    pA   constant input current
//	tau_ahp       0.5    ms   rise time of the AHP conductance
//	g_ahp       443.8    nS   peak AHP conductance
//	E_ahp       -95.0    mV   AHP reversal potential
//	ahp_bug     false         reproduce the original model's AHP reset
//
// State: V_m (mV, starts at E_L; the only state entry NEST reports and
// accepts), the conductances g_ex, g_in, g_ahp (nS) and their
// companions, all starting at 0. Like every NEST neuron it keeps a spike
// archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: I_ahp, I_syn_ex, I_syn_in (pA: conductance times V_m
// minus its reversal potential), V_m, g_ahp, g_ex, g_in.
type IafChxk2008 struct {
	P IafChxk2008Params
	S iafChxk2008State
	v iafChxk2008Internals
	plainNeuron
	input [iafChxk2008Channels]float64
}

// IafChxk2008Params are the user-settable parameters.
type IafChxk2008Params struct {
	Vth      float64 // V_th, mV
	GL       float64 // g_L, nS
	Cm       float64 // C_m, pF
	Eex      float64 // E_ex, mV
	Ein      float64 // E_in, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	Ie       float64 // I_e, pA
	TauAhp   float64 // tau_ahp, ms
	GAhp     float64 // g_ahp, nS
	Eahp     float64 // E_ahp, mV
	AhpBug   bool    // ahp_bug
}

// DefaultIafChxk2008Params returns NEST 3.10's defaults.
func DefaultIafChxk2008Params() IafChxk2008Params {
	return IafChxk2008Params{
		Vth: -45, GL: 100, Cm: 1000, Eex: 20, Ein: -90, EL: -60, TauSynEx: 1, TauSynIn: 1, Ie: 0,
		TauAhp: 0.5, GAhp: 443.8, Eahp: -95,
	}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault: a positive capacitance and positive time constants.
func (p *IafChxk2008Params) Validate() error {
	if p.Cm <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	}
	return validateTimeConstants(namedValue{"tau_syn_ex", p.TauSynEx}, namedValue{"tau_syn_in", p.TauSynIn},
		namedValue{"tau_ahp", p.TauAhp})
}

// fields are the float parameters' status keys, in NEST's reading order
// (ahp_bug, a bool, comes after them).
func (p *IafChxk2008Params) fields() []floatField {
	return []floatField{
		{"V_th", &p.Vth}, {"g_L", &p.GL}, {"C_m", &p.Cm}, {"E_ex", &p.Eex}, {"E_in", &p.Ein},
		{"E_L", &p.EL}, {"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"I_e", &p.Ie},
		{"tau_ahp", &p.TauAhp}, {"E_ahp", &p.Eahp}, {"g_ahp", &p.GAhp},
	}
}

// State vector elements, in NEST's order.
const (
	iafChxk2008V = iota
	iafChxk2008DGEx
	iafChxk2008GEx
	iafChxk2008DGIn
	iafChxk2008GIn
	iafChxk2008DGAhp
	iafChxk2008GAhp
	iafChxk2008Dim
)

// iafChxk2008State is the dynamic state.
type iafChxk2008State struct {
	Y     [iafChxk2008Dim]float64 // V_m (mV), then dg (nS/ms) and g (nS) of ex, in, ahp
	IStim float64                 // current input read in the previous step, pA
}

// fields are the state's status keys.
func (s *iafChxk2008State) fields() []floatField {
	return []floatField{{"V_m", &s.Y[iafChxk2008V]}}
}

// iafChxk2008Internals are derived in Prepare.
type iafChxk2008Internals struct {
	condODE
	psConInitEx  float64 // jump of dg_ex per nS of weight: e/tau_syn_ex
	psConInitIn  float64 // jump of dg_in per nS of weight: e/tau_syn_in
	psConInitAhp float64 // jump of dg_ahp per spike: g_ahp e/tau_ahp
}

// Input ring-buffer channels.
const (
	iafChxk2008SpikeEx = iota
	iafChxk2008SpikeIn // sum of the (zero or negative) weights
	iafChxk2008Current
	iafChxk2008Channels
)

var iafChxk2008Recordables = []string{"I_ahp", "I_syn_ex", "I_syn_in", "V_m", "g_ahp", "g_ex", "g_in"}

// NewIafChxk2008 returns a neuron with default parameters at rest.
func NewIafChxk2008() *IafChxk2008 {
	n := &IafChxk2008{P: DefaultIafChxk2008Params(), plainNeuron: newPlainNeuron("iaf_chxk_2008", iafChxk2008SpikeEx, iafChxk2008SpikeIn, iafChxk2008Current)}
	n.S.Y[iafChxk2008V] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *IafChxk2008) Model() string { return "iaf_chxk_2008" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *IafChxk2008) Clone() node.Node {
	return &IafChxk2008{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *IafChxk2008) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafChxk2008) StatusTo(w node.StatusSink) {
	n.statusTo(w, iafChxk2008Recordables, n.P.fields(), n.S.fields())
	w.Bool("ahp_bug", n.P.AhpBug)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafChxk2008) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	// ahp_bug is read after the float parameters, before they are checked.
	readBoolThenValidate := func() error {
		if _, err := r.Bool("ahp_bug", &p.AhpBug); err != nil {
			return err
		}
		return p.Validate()
	}
	arch, err := n.setParamsState(r, p.fields(), readBoolThenValidate, s.fields())
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the jumps follow the parameters in
// every run.
func (n *IafChxk2008) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepareODE(env, iafChxk2008Dim, 1e-3, n.derivs, 0)
	v.psConInitEx = math.E / p.TauSynEx
	v.psConInitIn = math.E / p.TauSynIn
	v.psConInitAhp = float64(p.GAhp*math.E) / p.TauAhp
	n.bindBuffers(env, iafChxk2008Channels)
}

// derivs is the right-hand side of the system; it reads the input
// current from the node, as NEST's does.
func (n *IafChxk2008) derivs(_ float64, y, f []float64) error {
	p := &n.P
	v := y[iafChxk2008V]
	// Products are rounded before they are summed (no fused
	// multiply-add), and the sum is taken in NEST's order.
	iSynEx := float64(y[iafChxk2008GEx] * (v - p.Eex))
	iSynIn := float64(y[iafChxk2008GIn] * (v - p.Ein))
	iAhp := float64(y[iafChxk2008GAhp] * (v - p.Eahp))
	iLeak := float64(p.GL * (v - p.EL))
	f[iafChxk2008V] = (-iLeak - iSynEx - iSynIn - iAhp + n.S.IStim + p.Ie) / p.Cm
	condKernel(y, f, iafChxk2008DGEx, iafChxk2008GEx, p.TauSynEx, p.TauSynEx)
	condKernel(y, f, iafChxk2008DGIn, iafChxk2008GIn, p.TauSynIn, p.TauSynIn)
	condKernel(y, f, iafChxk2008DGAhp, iafChxk2008GAhp, p.TauAhp, p.TauAhp)
	return nil
}

// Update implements node.Node. NEST's order inside a step: integrate
// (remembering V_m at the start), test for an upward crossing of V_th
// and, on one, start the AHP and send the spike with its offset; then add
// the spikes arriving in this step to dg_ex and dg_in, take the current
// for the next step and log.
func (n *IafChxk2008) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		vPrev := s.Y[iafChxk2008V]
		v.advance("iaf_chxk_2008", v.f, s.Y[:])

		if vm := s.Y[iafChxk2008V]; vPrev < p.Vth && vm >= p.Vth {
			dt := float64(v.step*(vm-p.Vth)) / (vm - vPrev)
			deltaDg := float64(v.psConInitAhp * libm.Exp(-dt/p.TauAhp))
			deltaG := float64(deltaDg * dt)
			if p.AhpBug {
				s.Y[iafChxk2008GAhp] = deltaG
				s.Y[iafChxk2008DGAhp] = deltaDg
			} else {
				s.Y[iafChxk2008GAhp] += deltaG
				s.Y[iafChxk2008DGAhp] += deltaDg
			}
			v.fire(ctx, &n.arch, step, dt)
		}

		n.ring.Take(ctx.Slot(step), in[:])
		s.Y[iafChxk2008DGEx] += float64(in[iafChxk2008SpikeEx] * v.psConInitEx)
		s.Y[iafChxk2008DGIn] += float64(-in[iafChxk2008SpikeIn] * v.psConInitIn)

		s.IStim = in[iafChxk2008Current]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafChxk2008) Recordables() []string { return iafChxk2008Recordables }

// RecordableValue implements node.Recordable.
func (n *IafChxk2008) RecordableValue(i int) float64 {
	p, y := &n.P, &n.S.Y
	switch i {
	case 0:
		return y[iafChxk2008GAhp] * (y[iafChxk2008V] - p.Eahp)
	case 1:
		return y[iafChxk2008GEx] * (y[iafChxk2008V] - p.Eex)
	case 2:
		return y[iafChxk2008GIn] * (y[iafChxk2008V] - p.Ein)
	case 3:
		return y[iafChxk2008V]
	case 4:
		return y[iafChxk2008GAhp]
	case 5:
		return y[iafChxk2008GEx]
	case 6:
		return y[iafChxk2008GIn]
	}
	return math.NaN()
}
