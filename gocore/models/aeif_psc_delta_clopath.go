package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("aeif_psc_delta_clopath", func() node.Node { return NewAeifPscDeltaClopath() })
}

// AeifPscDeltaClopath is NEST's aeif_psc_delta_clopath: the adaptive
// exponential integrate-and-fire neuron of Clopath et al. (2010), made for
// the Clopath voltage-based plasticity rule. Its synapses are delta
// pulses (a spike of weight w moves V_m by w mV); on top of
// aeif_psc_delta it has a spike afterpotential current z, an adaptive
// threshold V_th and three low-pass filtered membrane traces:
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            - w + z + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//	tau_z dz/dt = -z
//	tau_V_th dV_th/dt = -(V_th - V_th_rest)
//	tau_u_bar_plus du_bar_plus/dt = V - u_bar_plus
//	tau_u_bar_minus du_bar_minus/dt = V - u_bar_minus
//	tau_u_bar_bar du_bar_bar/dt = u_bar_minus - u_bar_bar
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode), the error of each variable bounded by gsl_error_tol*(1 + |h*y'|),
// as NEST does with GSL. After each integration step, as NEST: the spikes
// of the simulation step reach V_m after its first integration step
// unless the neuron is clamped or refractory (then they are dropped); with
// Delta_T = 0 the detection threshold becomes the current V_th (and stays
// so until the next Simulate); V_m >= V_peak outside the clamp is a
// spike: V_m is clamped to V_clamp for t_clamp, w grows by b, z is set to
// I_sp and V_th to V_th_max. When the clamp ends V_m is set to V_reset
// and the neuron is refractory (held at V_reset) for t_ref; as in NEST,
// without a clamp (t_clamp = 0) there is no refractory period either.
// Inside the right-hand side V is the clamp potential while clamped,
// V_reset while refractory and else V_m clamped to V_peak; w does not
// change while clamped.
//
// Parameters (status keys, defaults, units):
//
//	C_m               281.0    pF   membrane capacitance
//	t_ref               0.0    ms   absolute refractory period
//	g_L                30.0    nS   leak conductance
//	E_L               -70.6    mV   leak reversal potential
//	V_reset           -60.0    mV   reset potential
//	a                   4.0    nS   subthreshold adaptation
//	b                  80.5    pA   spike-triggered adaptation
//	I_sp              400.0    pA   afterpotential current set at a spike
//	Delta_T             2.0    mV   slope factor
//	tau_w             144.0    ms   adaptation time constant
//	tau_z              40.0    ms   afterpotential time constant
//	V_th_max           30.4    mV   threshold right after a spike
//	V_th_rest         -50.4    mV   resting threshold
//	tau_V_th           50.0    ms   threshold time constant
//	tau_u_bar_plus      7.0    ms   time constant of u_bar_plus
//	tau_u_bar_minus    10.0    ms   time constant of u_bar_minus
//	tau_u_bar_bar     500.0    ms   time constant of u_bar_bar
//	I_e                 0.0    pA   constant input current
//	V_peak             33.0    mV   spike detection threshold
//	V_clamp            33.0    mV   potential the spike is clamped to
//	t_clamp             2.0    ms   duration of the clamp
//	gsl_error_tol      1e-6         error tolerance of the integration
//
// Parameters of the Clopath rule, which NEST keeps in the neuron for its
// clopath_synapse:
//
//	A_LTD            14e-5          depression amplitude
//	A_LTP             8e-5          potentiation amplitude
//	u_ref_squared      60.0   mV^2  reference value of u_bar_bar^2 (> 0)
//	theta_plus        -45.3    mV   potentiation threshold
//	theta_minus       -70.6    mV   depression threshold
//	A_LTD_const        true         A_LTD not scaled by u_bar_bar^2
//	delay_u_bars        5.0    ms   delay of the filtered potentials
//
// At the end of every step the neuron writes the facilitation and
// depression history clopath_synapse reads (see clopathHistory), while
// some plastic connection reads its history, as NEST does.
//
// State: V_m (mV, starts at E_L), w (pA, starts at 0), u_bar_plus,
// u_bar_minus, u_bar_bar (mV, start at E_L) as status keys; z (pA) and
// V_th (mV, starts at V_th_rest) are recordable only, as in NEST. All are
// absolute values. Like every NEST neuron it keeps a spike archive for
// STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, V_th, u_bar_bar, u_bar_minus, u_bar_plus, w, z.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifPscDeltaClopath struct {
	P AeifPscDeltaClopathParams
	S aeifClopathState
	v aeifClopathInternals
	clopathHistory
	plainNeuron
	input [aeifPscDeltaChannels]float64
}

// AeifPscDeltaClopathParams are the user-settable parameters. Of the
// shared aeif parameters V_th is not one: the threshold is dynamic.
type AeifPscDeltaClopathParams struct {
	aeifParams
	Isp          float64 // I_sp, pA
	TauZ         float64 // tau_z, ms
	VthMax       float64 // V_th_max, mV
	VthRest      float64 // V_th_rest, mV
	TauVth       float64 // tau_V_th, ms
	TauUBarPlus  float64 // tau_u_bar_plus, ms
	TauUBarMinus float64 // tau_u_bar_minus, ms
	TauUBarBar   float64 // tau_u_bar_bar, ms
	Vclamp       float64 // V_clamp, mV
	TClamp       float64 // t_clamp, ms
	Rule         ClopathRule
}

// ClopathRule are the parameters of the Clopath plasticity rule a NEST
// Clopath neuron carries.
type ClopathRule struct {
	ALTD        float64 // A_LTD
	ALTP        float64 // A_LTP
	URefSquared float64 // u_ref_squared, mV^2
	ThetaPlus   float64 // theta_plus, mV
	ThetaMinus  float64 // theta_minus, mV
	ALTDConst   bool    // A_LTD_const
	DelayUBars  float64 // delay_u_bars, ms
}

// DefaultAeifPscDeltaClopathParams returns NEST 3.10's defaults.
func DefaultAeifPscDeltaClopathParams() AeifPscDeltaClopathParams {
	p := AeifPscDeltaClopathParams{
		aeifParams: defaultAeifParams(), Isp: 400, TauZ: 40, VthMax: 30.4, VthRest: -50.4, TauVth: 50,
		TauUBarPlus: 7, TauUBarMinus: 10, TauUBarBar: 500, Vclamp: 33, TClamp: 2,
		Rule: ClopathRule{ALTD: 14e-5, ALTP: 8e-5, URefSquared: 60, ThetaPlus: -45.3, ThetaMinus: -70.6, ALTDConst: true, DelayUBars: 5},
	}
	p.Vpeak = 33
	return p
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *AeifPscDeltaClopathParams) Validate() error {
	switch {
	case p.Vreset >= p.Vpeak:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that V_reset < V_peak (V_reset = %g mV, V_peak = %g mV).", p.Vreset, p.Vpeak)
	case p.DeltaT < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Delta_T must be greater than or equal to zero (Delta_T = %g mV).", p.DeltaT)
	case p.DeltaT > 0 && (p.Vpeak-p.VthRest)/p.DeltaT >= maxExpArg:
		return nesterr.New(nesterr.ErrBadProperty,
			"The current combination of V_peak, V_th_rest and Delta_T will lead to numerical overflow at spike time "+
				"((V_peak - V_th_rest)/Delta_T = %g, at most %.6g); try for instance to increase Delta_T or to reduce V_peak.",
			(p.Vpeak-p.VthRest)/p.DeltaT, maxExpArg)
	case p.VthMax < p.VthRest:
		return nesterr.New(nesterr.ErrBadProperty, "V_th_max >= V_th_rest required (V_th_max = %g mV, V_th_rest = %g mV).", p.VthMax, p.VthRest)
	case p.Vpeak < p.VthRest:
		return nesterr.New(nesterr.ErrBadProperty, "V_peak >= V_th_rest required (V_peak = %g mV, V_th_rest = %g mV).", p.Vpeak, p.VthRest)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that C_m > 0 (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	case p.TClamp < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that t_clamp >= 0 (t_clamp = %g ms).", p.TClamp)
	case p.TauW <= 0, p.TauVth <= 0, p.TauZ <= 0, p.TauUBarPlus <= 0, p.TauUBarMinus <= 0, p.TauUBarBar <= 0:
		return nesterr.New(nesterr.ErrBadProperty,
			"All time constants must be strictly positive (tau_w = %g, tau_V_th = %g, tau_z = %g, tau_u_bar_plus = %g, "+
				"tau_u_bar_minus = %g, tau_u_bar_bar = %g ms).",
			p.TauW, p.TauVth, p.TauZ, p.TauUBarPlus, p.TauUBarMinus, p.TauUBarBar)
	}
	return p.validateTolerance()
}

// State vector elements, in NEST's order.
const (
	clopathV = iota
	clopathW
	clopathZ
	clopathVth
	clopathUBarPlus
	clopathUBarMinus
	clopathUBarBar
	clopathDim
)

// aeifClopathState is the dynamic state.
type aeifClopathState struct {
	Y          [clopathDim]float64 // V_m, w, z, V_th, u_bar_plus, u_bar_minus, u_bar_bar
	RefSteps   int64               // remaining refractory steps
	ClampSteps int64               // remaining clamp steps
	IStim      float64             // current input read in the previous step, pA
}

// aeifClopathInternals are derived in Prepare.
type aeifClopathInternals struct {
	aeifCore
	clampCounts int64
}

// Recordables, sorted by name as NEST's map, and their state indices.
var (
	aeifClopathRecordables = []string{"V_m", "V_th", "u_bar_bar", "u_bar_minus", "u_bar_plus", "w", "z"}
	aeifClopathRecorded    = []int{clopathV, clopathVth, clopathUBarBar, clopathUBarMinus, clopathUBarPlus, clopathW, clopathZ}
)

// NewAeifPscDeltaClopath returns a neuron with default parameters at rest.
func NewAeifPscDeltaClopath() *AeifPscDeltaClopath {
	n := &AeifPscDeltaClopath{P: DefaultAeifPscDeltaClopathParams(),
		plainNeuron: newPlainNeuron("aeif_psc_delta_clopath", aeifPscDeltaSpikes, aeifPscDeltaSpikes, aeifPscDeltaCurrent)}
	el := n.P.EL
	n.S.Y = [clopathDim]float64{el, 0, 0, n.P.VthRest, el, el, el}
	return n
}

// Model implements node.Node.
func (n *AeifPscDeltaClopath) Model() string { return "aeif_psc_delta_clopath" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifPscDeltaClopath) Clone() node.Node {
	return &AeifPscDeltaClopath{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *AeifPscDeltaClopath) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *AeifPscDeltaClopath) StatusTo(w node.StatusSink) {
	p, r, y := &n.P, &n.P.Rule, &n.S.Y
	writeFields(w, []floatField{
		{"C_m", &p.Cm}, {"t_ref", &p.TRef}, {"g_L", &p.GL}, {"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"a", &p.A}, {"b", &p.B},
		{"I_sp", &p.Isp}, {"Delta_T", &p.DeltaT}, {"tau_w", &p.TauW}, {"tau_z", &p.TauZ}, {"V_th_max", &p.VthMax},
		{"V_th_rest", &p.VthRest}, {"tau_V_th", &p.TauVth}, {"tau_u_bar_plus", &p.TauUBarPlus},
		{"tau_u_bar_minus", &p.TauUBarMinus}, {"tau_u_bar_bar", &p.TauUBarBar}, {"I_e", &p.Ie}, {"V_peak", &p.Vpeak},
		{"V_clamp", &p.Vclamp}, {"t_clamp", &p.TClamp}, {"gsl_error_tol", &p.GslErrorTol},
		{"A_LTD", &r.ALTD}, {"A_LTP", &r.ALTP}, {"u_ref_squared", &r.URefSquared}, {"theta_plus", &r.ThetaPlus},
		{"theta_minus", &r.ThetaMinus}, {"delay_u_bars", &r.DelayUBars},
		{"V_m", &y[clopathV]}, {"w", &y[clopathW]}, {"u_bar_plus", &y[clopathUBarPlus]},
		{"u_bar_minus", &y[clopathUBarMinus]}, {"u_bar_bar", &y[clopathUBarBar]},
	})
	w.Bool("A_LTD_const", r.ALTDConst)
	w.Strings("recordables", aeifClopathRecordables)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive and the Clopath rule are changed on copies and committed only
// when every rule holds.
func (n *AeifPscDeltaClopath) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"V_th_max", &p.VthMax}, {"V_th_rest", &p.VthRest}, {"tau_V_th", &p.TauVth}, {"V_peak", &p.Vpeak},
		{"t_ref", &p.TRef}, {"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"C_m", &p.Cm}, {"g_L", &p.GL},
		{"a", &p.A}, {"b", &p.B}, {"I_sp", &p.Isp}, {"Delta_T", &p.DeltaT}, {"tau_w", &p.TauW},
		{"tau_z", &p.TauZ}, {"tau_u_bar_plus", &p.TauUBarPlus}, {"tau_u_bar_minus", &p.TauUBarMinus},
		{"tau_u_bar_bar", &p.TauUBarBar}, {"I_e", &p.Ie}, {"gsl_error_tol", &p.GslErrorTol},
		{"V_clamp", &p.Vclamp}, {"t_clamp", &p.TClamp},
	}); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{
		{"V_m", &s.Y[clopathV]}, {"w", &s.Y[clopathW]}, {"u_bar_plus", &s.Y[clopathUBarPlus]},
		{"u_bar_minus", &s.Y[clopathUBarMinus]}, {"u_bar_bar", &s.Y[clopathUBarBar]},
	}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	rule := &p.Rule
	if err := readFloats(r, []floatField{
		{"A_LTD", &rule.ALTD}, {"A_LTP", &rule.ALTP}, {"u_ref_squared", &rule.URefSquared},
		{"theta_plus", &rule.ThetaPlus}, {"theta_minus", &rule.ThetaMinus},
	}); err != nil {
		return err
	}
	if _, err := r.Bool("A_LTD_const", &rule.ALTDConst); err != nil {
		return err
	}
	if _, err := r.Float("delay_u_bars", &rule.DelayUBars); err != nil {
		return err
	}
	if rule.URefSquared <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Ensure that u_ref_squared > 0 (u_ref_squared = %g).", rule.URefSquared)
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node (see aeifCore.prepare). The detection
// threshold starts every run at V_peak, whatever Delta_T.
func (n *AeifPscDeltaClopath) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepare(env, &p.aeifParams, clopathDim, n.derivs)
	v.vPeak = p.Vpeak
	v.clampCounts = env.Base.MsToSteps(p.TClamp)
	n.clopathPrepare(env, p.Rule)
	n.bindBuffers(env, aeifPscDeltaChannels)
}

// derivs is the right-hand side of the system, in NEST's operations. It
// reads the refractory and clamp counters and the input current from the
// node, as NEST's does.
func (n *AeifPscDeltaClopath) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory, clamped := n.S.RefSteps > 0, n.S.ClampSteps > 0
	var v float64
	switch {
	case clamped:
		v = p.Vclamp
	case refractory:
		v = p.Vreset
	default:
		v = math.Min(y[clopathV], p.Vpeak)
	}
	w, z, vth := y[clopathW], y[clopathZ], y[clopathVth]
	iSpike := 0.0
	if p.DeltaT != 0 {
		iSpike = float64(float64(p.GL*p.DeltaT) * aeifExp((v-vth)/p.DeltaT))
	}
	if refractory || clamped {
		f[clopathV] = 0
	} else {
		f[clopathV] = (p.leak(v) + iSpike - w + z + p.Ie + n.S.IStim) / p.Cm
	}
	if clamped {
		f[clopathW] = 0
	} else {
		f[clopathW] = p.adaptation(v, w)
	}
	f[clopathZ] = -z / p.TauZ
	f[clopathVth] = -(vth - p.VthRest) / p.TauVth
	f[clopathUBarPlus] = (-y[clopathUBarPlus] + v) / p.TauUBarPlus
	f[clopathUBarMinus] = (-y[clopathUBarMinus] + v) / p.TauUBarMinus
	f[clopathUBarBar] = (-y[clopathUBarBar] + y[clopathUBarMinus]) / p.TauUBarBar
	return nil
}

// Update implements node.Node, in NEST's order (see the type's doc):
// integrate over the step one adaptive step at a time, after each one
// checking the bounds, adding the step's spikes (after the first one
// only), detecting a spike or ending the clamp, holding V_m while
// refractory; then count the clamp and the refractory period down, take
// the current for the next step and log.
func (n *AeifPscDeltaClopath) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	buf := &n.input
	y := s.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), buf[:])
		// NEST reads the spike buffer in every integration step and
		// reading clears it: only the first one sees the input.
		pending := buf[aeifPscDeltaSpikes]
		for t := 0.0; t < v.integrator.step; {
			var err error
			t, v.h, err = v.evolve.Apply(v.f, t, v.integrator.step, v.h, y)
			if err != nil {
				panic(solverFailure("aeif_psc_delta_clopath", err))
			}
			if y[clopathV] < aeifMinV || y[clopathW] < -aeifMaxAbsW || y[clopathW] > aeifMaxAbsW {
				panic(nesterr.New(nesterr.ErrNumericalInstability,
					"aeif_psc_delta_clopath left its bounds (V_m = %g mV, w = %g pA) at step %d.", y[clopathV], y[clopathW], step))
			}
			if s.RefSteps == 0 && s.ClampSteps == 0 {
				y[clopathV] = y[clopathV] + pending
			}
			pending = 0
			if p.DeltaT == 0 {
				// The threshold follows V_th from now until the next run.
				v.vPeak = y[clopathVth]
			}
			if y[clopathV] >= v.vPeak && s.ClampSteps == 0 {
				y[clopathV] = p.Vclamp
				y[clopathW] += p.B
				y[clopathZ] = p.Isp
				y[clopathVth] = p.VthMax
				s.ClampSteps = 0
				if v.clampCounts > 0 {
					s.ClampSteps = v.clampCounts + 1
				}
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			} else if s.ClampSteps == 1 {
				y[clopathV] = p.Vreset
				s.ClampSteps = 0
				s.RefSteps = v.refractoryInitial
			}
			if s.RefSteps > 0 {
				y[clopathV] = p.Vreset
			}
		}
		n.clopathWrite(step, y[clopathV], y[clopathUBarPlus], y[clopathUBarMinus], y[clopathUBarBar], &p.Rule, n.arch.Readers())
		if s.ClampSteps > 0 {
			s.ClampSteps--
		}
		if s.RefSteps > 0 {
			s.RefSteps--
		}
		s.IStim = buf[aeifPscDeltaCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *AeifPscDeltaClopath) Recordables() []string { return aeifClopathRecordables }

// RecordableValue implements node.Recordable.
func (n *AeifPscDeltaClopath) RecordableValue(i int) float64 {
	if i >= 0 && i < len(aeifClopathRecorded) {
		return n.S.Y[aeifClopathRecorded[i]]
	}
	return math.NaN()
}
