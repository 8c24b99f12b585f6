package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("aeif_psc_delta", func() node.Node { return NewAeifPscDelta() }) }

// AeifPscDelta is NEST's aeif_psc_delta: the adaptive exponential
// integrate-and-fire neuron (Brette and Gerstner 2005) whose synapses are
// delta pulses: a spike of weight w (mV) makes V_m jump by w.
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            - w + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode), the error of each variable bounded by gsl_error_tol*(1 + |h*y'|),
// as NEST does with GSL; as NEST, the right-hand side multiplies by the
// inverses of Delta_T, C_m and tau_w instead of dividing. The spikes of a
// step are added to V_m after the first integration step of that step;
// after each integration step V_m is tested against V_peak (V_th if
// Delta_T is 0): a spike sets it to V_reset, raises w by b and makes the
// neuron refractory for t_ref (with t_ref = 0 it may fire several times in
// one simulation step). Spikes arriving while the neuron is refractory
// are dropped, unless refractory_input is set: then NEST means to add
// them, damped by exp(-t_left/tau_m), when the refractory period ends,
// but NEST 3.10 negates the unsigned step counter in that factor, so that
// the collected input is infinite or not a number and V_m ends up NaN
// after the first refractory period; this model does the same. Inside the
// right-hand side V is clamped to V_peak (and held at V_reset while
// refractory).
//
// Parameters (status keys, defaults, units):
//
//	C_m              281.0    pF   membrane capacitance
//	V_th             -50.4    mV   spike initiation threshold
//	t_ref              0.0    ms   absolute refractory period
//	g_L               30.0    nS   leak conductance
//	E_L              -70.6    mV   leak reversal potential
//	V_reset          -60.0    mV   reset potential
//	a                  4.0    nS   subthreshold adaptation
//	b                 80.5    pA   spike-triggered adaptation
//	Delta_T            2.0    mV   slope factor
//	tau_w            144.0    ms   adaptation time constant
//	I_e                0.0    pA   constant input current
//	V_peak             0.0    mV   spike detection threshold
//	gsl_error_tol      1e-6        error tolerance of the integration
//	refractory_input   false       keep the input of the refractory period
//
// State: V_m (mV, starts at E_L) and w (pA, starts at 0), absolute
// values: changing E_L does not move V_m. Like every NEST neuron it keeps
// a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, w.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifPscDelta struct {
	P AeifPscDeltaParams
	S aeifPscDeltaState
	v aeifPscDeltaInternals
	plainNeuron
	input [aeifPscDeltaChannels]float64
}

// AeifPscDeltaParams are the user-settable parameters.
type AeifPscDeltaParams struct {
	aeifParams
	RefractoryInput bool // refractory_input
}

// DefaultAeifPscDeltaParams returns NEST 3.10's defaults.
func DefaultAeifPscDeltaParams() AeifPscDeltaParams {
	return AeifPscDeltaParams{aeifParams: defaultAeifParams()}
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *AeifPscDeltaParams) Validate() error {
	if err := p.validate(aeifResetFirst); err != nil {
		return err
	}
	if p.TauW <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "tau_w must be strictly positive (tau_w = %g ms).", p.TauW)
	}
	return p.validateTolerance()
}

// State vector elements, in NEST's order.
const (
	aeifPscDeltaV = iota
	aeifPscDeltaW
	aeifPscDeltaDim
)

// aeifPscDeltaState is the dynamic state.
type aeifPscDeltaState struct {
	Y        [aeifPscDeltaDim]float64 // V_m (mV), w (pA)
	RefSteps int64                    // remaining refractory steps
	// RefrInput collects the input of the refractory period when
	// refractory_input is set, mV.
	RefrInput float64
	IStim     float64 // current input read in the previous step, pA
}

// aeifPscDeltaInternals are derived in Prepare.
type aeifPscDeltaInternals struct {
	aeifCore
	resolution float64 // ms
	// Inverses NEST multiplies by.
	deltaTInv, cmInv, tauWInv float64
	tauM                      float64               // C_m/g_L, ms
	between                   func(refractory bool) // n.between, bound once
	pending                   float64               // spike input not yet applied in this step, mV
}

// Input ring-buffer channels.
const (
	aeifPscDeltaSpikes = iota // all weights, whatever their sign
	aeifPscDeltaCurrent
	aeifPscDeltaChannels
)

var aeifPscDeltaRecordables = []string{"V_m", "w"}

// NewAeifPscDelta returns a neuron with default parameters at rest.
func NewAeifPscDelta() *AeifPscDelta {
	n := &AeifPscDelta{P: DefaultAeifPscDeltaParams(),
		plainNeuron: newPlainNeuron("aeif_psc_delta", aeifPscDeltaSpikes, aeifPscDeltaSpikes, aeifPscDeltaCurrent)}
	n.S.Y[aeifPscDeltaV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *AeifPscDelta) Model() string { return "aeif_psc_delta" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifPscDelta) Clone() node.Node {
	return &AeifPscDelta{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *AeifPscDelta) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *AeifPscDelta) StatusTo(w node.StatusSink) {
	w.Bool("refractory_input", n.P.RefractoryInput)
	w.Float("V_m", n.S.Y[aeifPscDeltaV])
	w.Float("w", n.S.Y[aeifPscDeltaW])
	w.Strings("recordables", aeifPscDeltaRecordables)
	n.P.statusTo(w)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *AeifPscDelta) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	if _, err := r.Bool("refractory_input", &p.RefractoryInput); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{{"V_m", &s.Y[aeifPscDeltaV]}, {"w", &s.Y[aeifPscDeltaW]}}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node (see aeifCore.prepare).
func (n *AeifPscDelta) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepare(env, &p.aeifParams, aeifPscDeltaDim, n.derivs)
	v.resolution = env.Base.Resolution
	v.deltaTInv = 1 / p.DeltaT
	v.cmInv = 1 / p.Cm
	v.tauWInv = 1 / p.TauW
	v.tauM = p.Cm / p.GL
	v.between = n.between
	n.bindBuffers(env, aeifPscDeltaChannels)
}

// derivs is the right-hand side of the system, in NEST's operations. It
// reads the refractory counter and the input current from the node, as
// NEST's does.
func (n *AeifPscDelta) derivs(_ float64, y, f []float64) error {
	p, v := &n.P, &n.v
	refractory := n.S.RefSteps > 0
	vm := p.membrane(y[aeifPscDeltaV], refractory)
	w := y[aeifPscDeltaW]
	iSpike := 0.0
	if p.DeltaT != 0 {
		iSpike = float64(float64(p.GL*p.DeltaT) * aeifExp(float64((vm-p.Vth)*v.deltaTInv)))
	}
	if refractory {
		f[aeifPscDeltaV] = 0
	} else {
		f[aeifPscDeltaV] = float64((p.leak(vm) + iSpike - w + p.Ie + n.S.IStim) * v.cmInv)
	}
	f[aeifPscDeltaW] = float64((float64(p.A*(vm-p.EL)) - w) * v.tauWInv)
	return nil
}

// between is what NEST does after each integration step before the
// spike test: the spike input of the step reaches V_m (or, while the
// neuron is refractory, is dropped or collected). NEST reads the spike
// buffer in every integration step, and reading clears it: only the first
// integration step of a simulation step sees the input.
func (n *AeifPscDelta) between(refractory bool) {
	p, s, v := &n.P, &n.S, &n.v
	in := v.pending
	v.pending = 0
	if !refractory {
		s.Y[aeifPscDeltaV] = s.Y[aeifPscDeltaV] + in
		if p.RefractoryInput && s.RefrInput != 0 {
			s.Y[aeifPscDeltaV] += s.RefrInput
			s.RefrInput = 0
		}
		return
	}
	if p.RefractoryInput {
		// NEST computes exp(-r*h/tau_m) with r an unsigned int, so -r
		// wraps around to 2^32 - r: the factor is infinite and any input,
		// even none (0*inf), poisons the collected input.
		wrapped := float64(uint32(0) - uint32(s.RefSteps))
		s.RefrInput += float64(in * aeifExp(float64(wrapped*v.resolution)/v.tauM))
	}
}

// Update implements node.Node, in NEST's order: integrate over the step
// (aeifCore.step, with between after each integration step), count the
// refractory period down, take the current for the next step, log.
func (n *AeifPscDelta) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	buf := &n.input
	y := s.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), buf[:])
		v.pending = buf[aeifPscDeltaSpikes]
		v.step("aeif_psc_delta", ctx, step, y, aeifPscDeltaW, &p.aeifParams, &s.RefSteps, &n.arch, v.between)
		if s.RefSteps > 0 {
			s.RefSteps--
		}
		s.IStim = buf[aeifPscDeltaCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *AeifPscDelta) Recordables() []string { return aeifPscDeltaRecordables }

// RecordableValue implements node.Recordable.
func (n *AeifPscDelta) RecordableValue(i int) float64 {
	if i >= 0 && i < aeifPscDeltaDim {
		return n.S.Y[i]
	}
	return math.NaN()
}
