package models

import (
	"math"
	"slices"
	"strconv"

	"github.com/gonest/gonest/gocore/crmath"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what the current-based integrate-and-fire models of one
// family share: the leaky membrane with per-port synaptic currents of the
// two *_psc_*_multisynapse models, the excitatory and inhibitory
// exponential currents of iaf_psc_exp_htum, mat2_psc_exp and
// amat2_psc_exp, and the multi-timescale adaptive threshold of the last
// two.

// ---------------------------------------------------------------------
// Excitatory and inhibitory exponential synaptic currents

// expCurrents are the two exponentially decaying synaptic currents (pA)
// of a model with one excitatory and one inhibitory synapse.
type expCurrents struct {
	Ex, In float64
}

// expDecay is the decay of each current over one step.
type expDecay struct {
	ex, in float64
}

func newExpDecay(h, tauEx, tauIn float64) expDecay {
	return expDecay{ex: crmath.Exp(-h / tauEx), in: crmath.Exp(-h / tauIn)}
}

// step decays both currents over one step and then adds the spike input
// of the step, in NEST's order (both decays, then both inputs).
func (c *expCurrents) step(d *expDecay, ex, in float64) {
	c.Ex *= d.ex
	c.In *= d.in
	c.Ex += ex
	c.In += in
}

// Ring-buffer channels of the models with expCurrents.
const (
	expChEx = iota // spikes of positive weight
	expChIn        // spikes of zero and negative weight
	expChI0        // currents
	expChannels
)

// ---------------------------------------------------------------------
// iaf_psc_exp_multisynapse and iaf_psc_alpha_multisynapse

// pscMultiParams are the parameters both multisynapse models have, all
// absolute values. VMin is only a key of iaf_psc_alpha_multisynapse.
type pscMultiParams struct {
	EL     float64   // E_L, mV
	Ie     float64   // I_e, pA
	Vth    float64   // V_th, mV
	Vreset float64   // V_reset, mV
	Vmin   float64   // V_min, mV (alpha model only)
	Cm     float64   // C_m, pF
	TauM   float64   // tau_m, ms
	TRef   float64   // t_ref, ms
	TauSyn []float64 // tau_syn, ms: one per receptor port
}

func defaultPSCMultiParams() pscMultiParams {
	return pscMultiParams{
		EL: -70, Ie: 0, Vth: -55, Vreset: -70, Vmin: math.Inf(-1),
		Cm: 250, TauM: 10, TRef: 2, TauSyn: []float64{2},
	}
}

// pscMulti is the state and bookkeeping both multisynapse models share:
// the membrane (relative to E_L), the current input, the refractory count,
// the receptor ports and the recordables, whose names follow the ports.
type pscMulti struct {
	multiPorts
	P        pscMultiParams
	VRel     float64 // membrane potential minus E_L, mV
	I0       float64 // current input during this step, pA
	RefSteps int64   // remaining refractory steps

	// withVmin: the model has the V_min key (alpha); tauMDiffers: tau_syn
	// may not equal tau_m (exp, as NEST demands there).
	withVmin, tauMDiffers bool

	recNames []string
	recWhat  []int // per recordable: recVm, recISyn or the port index

	// Derived in prepare.
	stepToMs        func(int64) float64
	refractorySteps int64
	thetaRel        float64 // V_th - E_L
	resetRel        float64 // V_reset - E_L
	minRel          float64 // V_min - E_L
	input           []float64
}

const (
	recVm   = -2
	recISyn = -1
)

func newPSCMulti(model string, withVmin, tauMDiffers bool) pscMulti {
	m := pscMulti{P: defaultPSCMultiParams(), withVmin: withVmin, tauMDiffers: tauMDiffers}
	m.multiPorts = newMultiPorts(model, len(m.P.TauSyn))
	m.setRecordables()
	return m
}

// copyMulti is copyPorts for pscMulti, with its own slices.
func (m *pscMulti) copyMulti() pscMulti {
	c := *m
	c.multiPorts = m.copyPorts()
	c.P.TauSyn = slices.Clone(m.P.TauSyn)
	c.recNames = slices.Clone(m.recNames)
	c.recWhat = slices.Clone(m.recWhat)
	c.input = nil
	return c
}

// setRecordables names the recordables as NEST does: V_m, the summed
// current I_syn and I_syn_1 ... I_syn_n for the ports, listed in NEST's
// (lexical) order.
func (m *pscMulti) setRecordables() {
	type rec struct {
		name string
		what int
	}
	recs := []rec{{"V_m", recVm}, {"I_syn", recISyn}}
	for k := range m.P.TauSyn {
		recs = append(recs, rec{"I_syn_" + strconv.Itoa(k+1), k})
	}
	slices.SortFunc(recs, func(a, b rec) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	m.recNames, m.recWhat = m.recNames[:0], m.recWhat[:0]
	for _, r := range recs {
		m.recNames = append(m.recNames, r.name)
		m.recWhat = append(m.recWhat, r.what)
	}
}

// status returns the entries both models report.
func (m *pscMulti) status() dict.Dict {
	p := &m.P
	d := dict.Dict{
		"E_L": p.EL, "I_e": p.Ie, "V_th": p.Vth, "V_reset": p.Vreset,
		"C_m": p.Cm, "tau_m": p.TauM, "t_ref": p.TRef,
		"tau_syn":     slices.Clone(p.TauSyn),
		"V_m":         m.VRel + p.EL,
		"recordables": slices.Clone(m.recNames),
	}
	if m.withVmin {
		d["V_min"] = p.Vmin
	}
	m.portStatus(d)
	m.arch.Status(d)
	return d
}

// setStatus reads and checks a status change in NEST's order and commits
// it only if every rule holds; the caller then resizes its per-port state
// to the new number of ports (resizeState).
func (m *pscMulti) setStatus(r *dict.Reader) error {
	p := m.P
	fields := []floatField{{"E_L", &p.EL}, {"V_reset", &p.Vreset}, {"V_th", &p.Vth}}
	if m.withVmin {
		fields = append(fields, floatField{"V_min", &p.Vmin})
	}
	fields = append(fields, floatField{"I_e", &p.Ie}, floatField{"C_m", &p.Cm},
		floatField{"tau_m", &p.TauM}, floatField{"t_ref", &p.TRef})
	if err := readFloats(r, fields); err != nil {
		return err
	}
	if p.Cm <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	}
	if p.TauM <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant must be strictly positive (tau_m = %g ms).", p.TauM)
	}
	if ok, err := r.Floats("tau_syn", &p.TauSyn); err != nil {
		return err
	} else if ok {
		if err := m.resize(len(p.TauSyn)); err != nil {
			return err
		}
		for _, tau := range p.TauSyn {
			if tau <= 0 {
				return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be strictly positive (tau_syn = %v ms).", p.TauSyn)
			}
			if m.tauMDiffers && tau == p.TauM {
				return nesterr.New(nesterr.ErrBadProperty,
					"Membrane and synapse time constants must differ (tau_m = %g ms, tau_syn = %v ms).", p.TauM, p.TauSyn)
			}
		}
	}
	if p.TRef < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	}
	if p.Vreset >= p.Vth {
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	}
	vRel, err := readMembrane(r, m.VRel, m.P.EL, p.EL)
	if err != nil {
		return err
	}
	arch, err := m.arch.Set(r)
	if err != nil {
		return err
	}
	m.P, m.VRel, m.arch = p, vRel, arch
	if m.ports != len(p.TauSyn) {
		m.ports = len(p.TauSyn)
		m.setRecordables()
	}
	return nil
}

// prepare derives what both models need from the step and binds the
// input: one ring channel per port and one for currents.
func (m *pscMulti) prepare(env *node.Env) {
	p := &m.P
	m.refractorySteps = env.Base.MsToSteps(p.TRef)
	m.thetaRel = p.Vth - p.EL
	m.resetRel = p.Vreset - p.EL
	m.minRel = p.Vmin - p.EL
	m.ring.Bind(env, m.channels())
	m.input = make([]float64, m.channels())
	m.stepToMs = env.Base.StepsToMs
	m.logs.Init(env.Now, env.SliceOrigin)
}

// fire is the threshold test both models make after the synaptic update.
func (m *pscMulti) fire(ctx *node.Context, step int64) {
	if m.VRel >= m.thetaRel {
		m.RefSteps = m.refractorySteps
		m.VRel = m.resetRel
		ctx.Emit.EmitSpike(ctx.Index, step, 0)
		m.arch.Spike(m.stepToMs(step + 1))
	}
}

// Recordables implements node.Recordable.
func (m *pscMulti) Recordables() []string { return m.recNames }

// recordable returns recordable i given the per-port currents: I_syn is
// their sum from 0.0 in port order, as NEST accumulates it.
func (m *pscMulti) recordable(i int, currents []float64) float64 {
	switch w := m.recWhat[i]; w {
	case recVm:
		return m.VRel + m.P.EL
	case recISyn:
		sum := 0.0
		for _, c := range currents {
			sum += c
		}
		return sum
	default:
		if w < len(currents) {
			return currents[w]
		}
		return 0 // a port added since the last run holds no current yet
	}
}

// resizeState returns s with length n, keeping its first values and
// zeroing new ones (NEST resizes its per-port state the same way).
func resizeState(s []float64, n int) []float64 {
	if n <= len(s) {
		return s[:n]
	}
	return append(s, make([]float64, n-len(s))...)
}
