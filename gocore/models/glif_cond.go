package models

import (
	"math"
	"strconv"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() { register("glif_cond", func() node.Node { return NewGlifCond() }) }

// GlifCond is NEST's glif_cond: the generalized leaky integrate-and-fire
// neuron of the Allen Institute (see GlifPsc and glif_common.go for the
// five GLIF levels) with alpha-shaped synaptic conductances, one per
// receptor port, each with its own reversal potential. A spike of weight
// w (nS) gives a conductance peaking at w after tau_syn.
//
//	C_m dV/dt = -g_m (V - E_L) - sum_k g_k (V - E_rev_k) + I + ASCurrents_sum
//
// Membrane and conductances are integrated with the adaptive
// Runge-Kutta-Fehlberg 4(5) method (package ode) under an absolute error
// bound of 1e-3 on every variable, as NEST does with GSL; threshold
// components and after-spike currents are propagated exactly after each
// step. The spike test follows the integration, so the after-spike
// current mean the membrane sees in a step is the one of the step
// before. While refractory, V_m is held and the conductance currents are
// those at V_reset.
//
// Parameters (status keys, defaults, units): those of glif_psc (with
// glif_psc's defaults) but the membrane conductance is g_m (9.43 nS) and
// tau_syn is replaced by
//
//	tau_syn  [0.2, 2.0]   ms  conductance time constants, one per receptor port
//	E_rev    [0.0, -85.0] mV  reversal potentials, one per port (same length)
//
// State: V_m (mV, starts at E_L), ASCurrents (pA), threshold_spike and
// threshold_voltage (mV; settable at the levels that have them but, as in
// NEST, not reported), and read-only g and dg: the conductances (nS) and
// their derivative-like companions of the ports the neuron was last
// simulated with (one port before the first simulation). A spike
// archive for STDP.
// Receptors: spikes on ports 1..len(tau_syn); currents on 0.
// Recordables: V_m, I, ASCurrents_sum, threshold, threshold_spike,
// threshold_voltage, and g_1 .. g_n, one per port.
type GlifCond struct {
	P GlifCondParams
	S glifCondState
	v glifCondInternals
	multiPorts
	input       []float64
	recordables []string
}

// GlifCondParams are the parameters of glif_cond.
type GlifCondParams struct {
	GlifParams
	TauSyn []float64 // tau_syn, ms, one per receptor port
	ERev   []float64 // E_rev, mV, one per receptor port
}

// glifCondState is the state of glif_cond: the shared part and the
// integrated vector Y: V_m - E_L, then per port dg_k and g_k.
type glifCondState struct {
	glifState
	Y     []float64
	IStim float64 // current input read in the last step, pA (NEST's B_.I_)
}

// clone returns a copy that shares no memory with s.
func (s glifCondState) clone() glifCondState {
	s.glifState = s.glifState.clone()
	s.Y = append([]float64{}, s.Y...)
	return s
}

// Elements of the integrated vector.
const (
	glifCondV      = 0 // V_m - E_L
	glifCondPerRec = 2 // dg_k at 1 + 2k, g_k at 2 + 2k
)

// glifCondInternals are derived in Prepare.
type glifCondInternals struct {
	glifInternals
	integrator
	control  *ode.Control // set up once, before the first simulation
	f        ode.Func     // n.derivs, bound once
	condInit []float64    // jump of dg_k per unit weight: e/tau_syn_k
}

// Recordables before the conductances.
var glifCondFixedRecordables = []string{"V_m", "I", "ASCurrents_sum", "threshold", "threshold_spike", "threshold_voltage"}

// glifCondRecordables lists the recordables for ports ports.
func glifCondRecordables(ports int) []string {
	out := append([]string{}, glifCondFixedRecordables...)
	for k := 1; k <= ports; k++ {
		out = append(out, "g_"+strconv.Itoa(k))
	}
	return out
}

// NewGlifCond returns a neuron with default parameters at rest.
func NewGlifCond() *GlifCond {
	p := GlifCondParams{GlifParams: defaultGlifParams(), TauSyn: []float64{0.2, 2}, ERev: []float64{0, -85}}
	// As in NEST, the vector starts with room for one port only; it
	// grows to the ports when the neuron is prepared.
	s := glifCondState{glifState: newGlifState(&p.GlifParams), Y: make([]float64, 1+glifCondPerRec)}
	return &GlifCond{P: p, S: s, multiPorts: newMultiPorts("glif_cond", len(p.TauSyn)), recordables: glifCondRecordables(len(p.TauSyn))}
}

// Model implements node.Node.
func (n *GlifCond) Model() string { return "glif_cond" }

// Clone implements node.Node; the copy has no loggers, connections or
// buffered input and sets up its own integration when first prepared.
func (n *GlifCond) Clone() node.Node {
	return &GlifCond{P: n.P, S: n.S.clone(), multiPorts: n.copyPorts(), recordables: n.recordables}
}

// Status implements node.Node.
func (n *GlifCond) Status() dict.Dict {
	p, s := &n.P, &n.S
	d := dict.Dict{
		"tau_syn": append([]float64{}, p.TauSyn...),
		"E_rev":   append([]float64{}, p.ERev...),
	}
	p.status(d, "g_m")
	s.status(d, false)
	d["V_m"] = s.Y[glifCondV] + p.EL
	ports := (len(s.Y) - 1) / glifCondPerRec
	g, dg := make([]float64, ports), make([]float64, ports)
	for k := range ports {
		dg[k], g[k] = s.Y[1+glifCondPerRec*k], s.Y[2+glifCondPerRec*k]
	}
	d["g"], d["dg"] = g, dg
	d["has_connections"] = n.connected
	d["recordables"] = append([]string(nil), n.recordables...)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *GlifCond) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	deltaEL, err := p.read(r, "g_m")
	if err != nil {
		return err
	}
	if err := p.validate(glifCondOrder); err != nil {
		return err
	}
	tauSet, err := r.Floats("tau_syn", &p.TauSyn)
	if err != nil {
		return err
	}
	eRevSet, err := r.Floats("E_rev", &p.ERev)
	if err != nil {
		return err
	}
	if tauSet || eRevSet {
		if len(p.ERev) != len(p.TauSyn) {
			return nesterr.New(nesterr.ErrBadProperty,
				"The reversal potential and synaptic time constant arrays, i.e., E_rev (%d) and tau_syn (%d), must have the same size.",
				len(p.ERev), len(p.TauSyn))
		}
		if err := n.resize(len(p.TauSyn)); err != nil {
			return err
		}
		if err := checkPositive("tau_syn", "synaptic time constants", p.TauSyn); err != nil {
			return err
		}
	}
	s := n.S.clone()
	if err := readRelative(r, "V_m", &s.Y[glifCondV], p.EL, deltaEL); err != nil {
		return err
	}
	if err := s.set(r, &p.GlifParams); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	if len(p.TauSyn) != n.ports {
		n.ports = len(p.TauSyn)
		n.recordables = glifCondRecordables(n.ports)
	}
	return nil
}

// Prepare implements node.Node. The error control and the integration
// step size are set up before the first run only; the evolution is made
// anew for the current number of ports in every run, as NEST does.
func (n *GlifCond) Prepare(env *node.Env) {
	p, s, v := &n.P, &n.S, &n.v
	v.glifInternals.prepare(&p.GlifParams, &s.glifState, env)
	v.condInit = resizeState(v.condInit, n.ports)
	for k, tau := range p.TauSyn {
		v.condInit[k] = math.E / tau
	}
	if dim := 1 + glifCondPerRec*n.ports; len(s.Y) != dim {
		// Kept where both have them, new elements zero (a C++ resize).
		y := make([]float64, dim)
		copy(y, s.Y)
		s.Y = y
	}
	if v.control == nil {
		// NEST: gsl_odeiv_control_y_new(1e-3, 0.0), and B_.I_ = 0.
		v.control = mustControl(1e-3, 0, 1, 0)
		v.step = env.Base.Resolution
		v.h = v.step
		s.IStim = 0
	}
	v.evolve = ode.NewEvolve(len(s.Y), v.control)
	v.f = n.derivs
	n.input = n.bindPortInput(env, n.input)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter, the input current and the after-spike current mean from the
// node, as NEST's does.
func (n *GlifCond) derivs(_ float64, y, f []float64) error {
	p, s := &n.P, &n.S
	refractory := s.RefSteps > 0
	v := y[glifCondV]
	if refractory {
		v = p.VReset
	}
	// Products are rounded before they are summed, in NEST's order.
	iSyn := 0.0
	for k, eRev := range p.ERev {
		iSyn += float64(y[2+glifCondPerRec*k] * (v + p.EL - eRev))
	}
	iLeak := float64(p.G * v)
	if refractory {
		f[glifCondV] = 0
	} else {
		f[glifCondV] = (-iLeak - iSyn + s.IStim + s.ASCurrentsSum) / p.Cm
	}
	for k, tau := range p.TauSyn {
		dg, g := y[1+glifCondPerRec*k], y[2+glifCondPerRec*k]
		f[1+glifCondPerRec*k] = -dg / tau
		f[2+glifCondPerRec*k] = dg - g/tau
	}
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step;
// outside the refractory period then decay the threshold and the
// after-spike currents, follow the voltage-dependent threshold from the
// potential at the start of the step, and fire when V_m exceeds the
// threshold; while refractory hold V_m. Then add the spikes of the step
// to the dg_k, read the current for the next step, log.
func (n *GlifCond) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	y := s.Y
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		vOld := y[glifCondV]
		v.advance("glif_cond", v.f, y)
		if s.RefSteps == 0 {
			s.decay(&p.GlifParams, &v.glifInternals)
			s.adapt(&p.GlifParams, &v.glifInternals, vOld, s.IStim)
			if y[glifCondV] > s.Threshold {
				y[glifCondV] = s.fire(&p.GlifParams, &v.glifInternals, vOld)
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.refractory(&p.GlifParams)
			y[glifCondV] = vOld
		}

		n.ring.Take(ctx.Slot(step), n.input)
		for k := range n.ports {
			y[1+glifCondPerRec*k] += n.input[k] * v.condInit[k]
		}
		s.IStim = n.input[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *GlifCond) Recordables() []string { return n.recordables }

// RecordableValue implements node.Recordable.
func (n *GlifCond) RecordableValue(i int) float64 {
	p, s := &n.P, &n.S
	switch i {
	case 0:
		return s.Y[glifCondV] + p.EL
	case 1:
		return s.IStim
	case 2:
		return s.ASCurrentsSum
	case 3:
		return s.Threshold + p.EL
	case 4:
		return s.ThresholdSpike
	case 5:
		return s.ThresholdVoltage
	}
	if k := i - len(glifCondFixedRecordables); k >= 0 && 2+glifCondPerRec*k < len(s.Y) {
		return s.Y[2+glifCondPerRec*k]
	}
	return math.NaN()
}
