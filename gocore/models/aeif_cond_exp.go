package models

import (
	"math"

	"github.com/gonest/gonest/gocore/crmath"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() { register("aeif_cond_exp", func() node.Node { return NewAeifCondExp() }) }

// AeifCondExp is NEST's aeif_cond_exp: the adaptive exponential
// integrate-and-fire neuron (Brette and Gerstner 2005) with exponentially
// decaying synaptic conductances. A spike of weight w (nS) adds w to g_ex
// if w > 0 and |w| to g_in otherwise.
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            - g_ex (V - E_ex) - g_in (V - E_in) - w + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//
// The system is integrated with the adaptive Runge-Kutta-Fehlberg 4(5)
// method (package ode), the error of each variable bounded by
// gsl_error_tol*(1 + |h*y'|), as NEST does with GSL. Spikes are detected
// after every integration step, not only at the end of a simulation step:
// when V_m reaches V_peak (V_th if Delta_T is 0) it is set to V_reset, w
// grows by b and the neuron is refractory for t_ref; with t_ref = 0 it
// may fire several times in one simulation step. Inside the right-hand
// side V is clamped to V_peak (and held at V_reset while refractory).
//
// Parameters (status keys, defaults, units):
//
//	C_m           281.0    pF   membrane capacitance
//	V_th          -50.4    mV   spike initiation threshold
//	t_ref           0.0    ms   absolute refractory period
//	g_L            30.0    nS   leak conductance
//	E_L           -70.6    mV   leak reversal potential
//	V_reset       -60.0    mV   reset potential
//	E_ex            0.0    mV   excitatory reversal potential
//	E_in          -85.0    mV   inhibitory reversal potential
//	tau_syn_ex      0.2    ms   excitatory conductance time constant
//	tau_syn_in      2.0    ms   inhibitory conductance time constant
//	a               4.0    nS   subthreshold adaptation
//	b              80.5    pA   spike-triggered adaptation
//	Delta_T         2.0    mV   slope factor
//	tau_w         144.0    ms   adaptation time constant
//	I_e             0.0    pA   constant input current
//	V_peak          0.0    mV   spike detection threshold
//	gsl_error_tol   1e-6        error tolerance of the integration
//
// State: V_m (mV, starts at E_L), g_ex, g_in (nS) and w (pA), starting
// at 0. All are absolute values: changing E_L does not move V_m.
// Conductances must not be negative. Like every NEST neuron it keeps a
// spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, g_ex, g_in, w.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifCondExp struct {
	P AeifCondExpParams
	S aeifCondExpState
	v aeifCondExpInternals
	plainNeuron
	input [aeifCondExpChannels]float64
}

// AeifCondExpParams are the user-settable parameters.
type AeifCondExpParams struct {
	Cm          float64 // C_m, pF
	Vth         float64 // V_th, mV
	TRef        float64 // t_ref, ms
	GL          float64 // g_L, nS
	EL          float64 // E_L, mV
	Vreset      float64 // V_reset, mV
	Eex         float64 // E_ex, mV
	Ein         float64 // E_in, mV
	TauSynEx    float64 // tau_syn_ex, ms
	TauSynIn    float64 // tau_syn_in, ms
	A           float64 // a, nS
	B           float64 // b, pA
	DeltaT      float64 // Delta_T, mV
	TauW        float64 // tau_w, ms
	Ie          float64 // I_e, pA
	Vpeak       float64 // V_peak, mV
	GslErrorTol float64 // gsl_error_tol
}

// DefaultAeifCondExpParams returns NEST 3.10's defaults.
func DefaultAeifCondExpParams() AeifCondExpParams {
	return AeifCondExpParams{
		Cm: 281, Vth: -50.4, TRef: 0, GL: 30, EL: -70.6, Vreset: -60, Eex: 0, Ein: -85,
		TauSynEx: 0.2, TauSynIn: 2, A: 4, B: 80.5, DeltaT: 2, TauW: 144, Ie: 0,
		Vpeak: 0, GslErrorTol: 1e-6,
	}
}

// maxExpArg bounds (V_peak - V_th)/Delta_T: the exponential at V_peak
// must stay 1e20 below the largest double, leaving room for the
// arithmetic around it.
var maxExpArg = math.Log(math.MaxFloat64 / 1e20)

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *AeifCondExpParams) Validate() error {
	switch {
	case p.Vpeak < p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "V_peak >= V_th required (V_peak = %g mV, V_th = %g mV).", p.Vpeak, p.Vth)
	case p.DeltaT < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Delta_T must be positive (Delta_T = %g mV).", p.DeltaT)
	case p.DeltaT > 0 && (p.Vpeak-p.Vth)/p.DeltaT >= maxExpArg:
		return nesterr.New(nesterr.ErrBadProperty,
			"The current combination of V_peak, V_th and Delta_T will lead to numerical overflow at spike time "+
				"((V_peak - V_th)/Delta_T = %g, at most %.6g); try for instance to increase Delta_T or to reduce V_peak.",
			(p.Vpeak-p.Vth)/p.DeltaT, maxExpArg)
	case p.Vreset >= p.Vpeak:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that V_reset < V_peak (V_reset = %g mV, V_peak = %g mV).", p.Vreset, p.Vpeak)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that C_m > 0 (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	case p.TauSynEx <= 0, p.TauSynIn <= 0, p.TauW <= 0:
		return nesterr.New(nesterr.ErrBadProperty,
			"All time constants must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms, tau_w = %g ms).",
			p.TauSynEx, p.TauSynIn, p.TauW)
	case p.GslErrorTol <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "The gsl_error_tol must be strictly positive (gsl_error_tol = %g).", p.GslErrorTol)
	}
	return nil
}

// State vector elements, in NEST's order.
const (
	aeifCondExpV = iota
	aeifCondExpGEx
	aeifCondExpGIn
	aeifCondExpW
	aeifCondExpDim
)

// aeifCondExpState is the dynamic state.
type aeifCondExpState struct {
	Y        [aeifCondExpDim]float64 // V_m (mV), g_ex (nS), g_in (nS), w (pA)
	RefSteps int64                   // remaining refractory steps
	IStim    float64                 // current input read in the previous step, pA
}

// Validate checks the rule NEST sets on the state.
func (s *aeifCondExpState) Validate() error {
	if s.Y[aeifCondExpGEx] < 0 || s.Y[aeifCondExpGIn] < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Conductances must not be negative (g_ex = %g nS, g_in = %g nS).",
			s.Y[aeifCondExpGEx], s.Y[aeifCondExpGIn])
	}
	return nil
}

// aeifCondExpInternals are derived in Prepare.
type aeifCondExpInternals struct {
	integrator
	f                 ode.Func            // n.derivs, bound once
	stepToMs          func(int64) float64 // step count -> ms, for the spike archive
	vPeak             float64             // spike detection threshold: V_peak, or V_th if Delta_T is 0
	refractoryCounts  int64
	refractoryInitial int64 // what a spike sets the counter to (see Update)
}

// Input ring-buffer channels.
const (
	aeifCondExpSpikeEx = iota
	aeifCondExpSpikeIn // sum of the (zero or negative) weights
	aeifCondExpCurrent
	aeifCondExpChannels
)

var aeifCondExpRecordables = []string{"V_m", "g_ex", "g_in", "w"}

// Bounds beyond which NEST declares the integration unstable. V_m may
// explode upwards (that is a spike); w may not.
const (
	aeifMinV    = -1e3 // mV
	aeifMaxAbsW = 1e6  // pA
)

// NewAeifCondExp returns a neuron with default parameters at rest.
func NewAeifCondExp() *AeifCondExp {
	n := &AeifCondExp{P: DefaultAeifCondExpParams(), plainNeuron: newPlainNeuron("aeif_cond_exp", aeifCondExpSpikeEx, aeifCondExpSpikeIn, aeifCondExpCurrent)}
	n.S.Y[aeifCondExpV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *AeifCondExp) Model() string { return "aeif_cond_exp" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifCondExp) Clone() node.Node {
	return &AeifCondExp{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *AeifCondExp) Status() dict.Dict {
	p, y := &n.P, &n.S.Y
	d := dict.Dict{
		"C_m": p.Cm, "V_th": p.Vth, "t_ref": p.TRef, "g_L": p.GL, "E_L": p.EL, "V_reset": p.Vreset,
		"E_ex": p.Eex, "E_in": p.Ein, "tau_syn_ex": p.TauSynEx, "tau_syn_in": p.TauSynIn,
		"a": p.A, "b": p.B, "Delta_T": p.DeltaT, "tau_w": p.TauW, "I_e": p.Ie,
		"V_peak": p.Vpeak, "gsl_error_tol": p.GslErrorTol,
		"V_m": y[aeifCondExpV], "g_ex": y[aeifCondExpGEx], "g_in": y[aeifCondExpGIn], "w": y[aeifCondExpW],
		"recordables": append([]string(nil), aeifCondExpRecordables...),
	}
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *AeifCondExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"V_th", &p.Vth}, {"V_peak", &p.Vpeak}, {"t_ref", &p.TRef}, {"E_L", &p.EL},
		{"V_reset", &p.Vreset}, {"E_ex", &p.Eex}, {"E_in", &p.Ein}, {"C_m", &p.Cm}, {"g_L", &p.GL},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"a", &p.A}, {"b", &p.B},
		{"Delta_T", &p.DeltaT}, {"tau_w", &p.TauW}, {"I_e", &p.Ie}, {"gsl_error_tol", &p.GslErrorTol},
	}); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{
		{"V_m", &s.Y[aeifCondExpV]}, {"g_ex", &s.Y[aeifCondExpGEx]}, {"g_in", &s.Y[aeifCondExpGIn]},
		{"w", &s.Y[aeifCondExpW]},
	}); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node. The integration, with its tolerance, is
// set up before the first run only (see integrator); the spike threshold
// and the refractory period follow the parameters in every run.
func (n *AeifCondExp) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	if !v.ready() {
		// NEST: gsl_odeiv_control_yp_new(gsl_error_tol, gsl_error_tol).
		v.init(aeifCondExpDim, mustControl(p.GslErrorTol, p.GslErrorTol, 0, 1), env.Base.Resolution)
	}
	v.f = n.derivs
	v.vPeak = p.Vth // with Delta_T = 0 the neuron fires at V_th, as an iaf neuron
	if p.DeltaT > 0 {
		v.vPeak = p.Vpeak
	}
	v.refractoryCounts = env.Base.MsToSteps(p.TRef)
	// The counter is decremented at the end of the step that set it, so
	// a spike sets it one higher; without a refractory period it stays 0
	// so that the rest of that step is not clamped.
	v.refractoryInitial = 0
	if v.refractoryCounts > 0 {
		v.refractoryInitial = v.refractoryCounts + 1
	}
	v.stepToMs = env.Base.StepsToMs
	n.ring.Bind(env, aeifCondExpChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does; a spike
// inside a simulation step makes the rest of that step refractory.
func (n *AeifCondExp) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	// Clamped to V_peak itself (not to the threshold used for Delta_T =
	// 0, which is V_th).
	v := p.Vreset
	if !refractory {
		v = y[aeifCondExpV]
		if p.Vpeak < v {
			v = p.Vpeak
		}
	}
	gEx, gIn, w := y[aeifCondExpGEx], y[aeifCondExpGIn], y[aeifCondExpW]
	// Products are rounded before they are summed (no fused
	// multiply-add), and the sum is taken in NEST's order. The
	// exponential is correctly rounded, as the C library's nearly always
	// is (math.Exp is off by an ulp for about one argument in seven).
	iSynEx := float64(gEx * (v - p.Eex))
	iSynIn := float64(gIn * (v - p.Ein))
	iSpike := 0.0
	if p.DeltaT != 0 {
		iSpike = float64(float64(p.GL*p.DeltaT) * crmath.Exp((v-p.Vth)/p.DeltaT))
	}
	if refractory {
		f[aeifCondExpV] = 0
	} else {
		f[aeifCondExpV] = (float64(-p.GL*(v-p.EL)) + iSpike - iSynEx - iSynIn - w + p.Ie + n.S.IStim) / p.Cm
	}
	f[aeifCondExpGEx] = -gEx / p.TauSynEx
	f[aeifCondExpGIn] = -gIn / p.TauSynIn
	f[aeifCondExpW] = (float64(p.A*(v-p.EL)) - w) / p.TauW
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step
// one adaptive step at a time, after each one checking for instability,
// holding V_m at V_reset while refractory or else detecting a spike (V_m
// to V_reset, w up by b, refractory counter set); after the step count
// the refractory period down, add the conductance jumps of the spikes
// arriving in this step, take the current for the next step, log.
func (n *AeifCondExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	y := s.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		for t := 0.0; t < v.step; {
			var err error
			t, v.h, err = v.evolve.Apply(v.f, t, v.step, v.h, y)
			if err != nil {
				panic(solverFailure("aeif_cond_exp", err))
			}
			if y[aeifCondExpV] < aeifMinV || y[aeifCondExpW] < -aeifMaxAbsW || y[aeifCondExpW] > aeifMaxAbsW {
				panic(nesterr.New(nesterr.ErrNumericalInstability,
					"aeif_cond_exp left its bounds (V_m = %g mV, w = %g pA) at step %d.",
					y[aeifCondExpV], y[aeifCondExpW], step))
			}
			if s.RefSteps > 0 {
				y[aeifCondExpV] = p.Vreset
			} else if y[aeifCondExpV] >= v.vPeak {
				y[aeifCondExpV] = p.Vreset
				y[aeifCondExpW] += p.B
				s.RefSteps = v.refractoryInitial
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		}
		if s.RefSteps > 0 {
			s.RefSteps--
		}

		n.ring.Take(ctx.Slot(step), in[:])
		y[aeifCondExpGEx] += in[aeifCondExpSpikeEx]
		y[aeifCondExpGIn] += -in[aeifCondExpSpikeIn]

		s.IStim = in[aeifCondExpCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *AeifCondExp) Recordables() []string { return aeifCondExpRecordables }

// RecordableValue implements node.Recordable.
func (n *AeifCondExp) RecordableValue(i int) float64 {
	if i >= 0 && i < aeifCondExpDim {
		return n.S.Y[i]
	}
	return math.NaN()
}
