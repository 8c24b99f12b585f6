package models

import (
	"math"
	"slices"
	"strconv"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what the models of this family share: the ring-buffer
// channel layouts, the leaky membrane with per-port synaptic currents of
// the two *_psc_*_multisynapse models, the excitatory and inhibitory
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
	return expDecay{ex: libm.Exp(-h / tauEx), in: libm.Exp(-h / tauIn)}
}

// step decays both currents over one step and then adds the spike input
// of the step, in NEST's order (both decays, then both inputs).
func (c *expCurrents) step(d *expDecay, ex, in float64) {
	c.Ex *= d.ex
	c.In *= d.in
	c.Ex += ex
	c.In += in
}

// Ring-buffer channels of the models with expCurrents. NEST's models
// file spikes of weight zero as excitatory, plainNeuron as inhibitory;
// adding 0 to either current changes nothing.
const (
	expChEx = iota // spikes of positive weight
	expChIn        // spikes of zero and negative weight
	expChI0        // currents
	expChannels
)

// Ring-buffer channels of the models whose spikes jump the potential
// directly (izhikevich, pp_psc_delta).
const (
	deltaChSpikes = iota // spikes of either sign
	deltaChI0            // currents
	deltaChannels
)

// ---------------------------------------------------------------------
// iaf_psc_exp_multisynapse and iaf_psc_alpha_multisynapse

// pscMultiParams are the parameters both multisynapse models have, all
// absolute values. Vmin is only a key of iaf_psc_alpha_multisynapse.
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

// Status implements node.Node for both models.
func (m *pscMulti) Status() dict.Dict { return node.StatusDict(m, neuronStatusSize) }

// StatusTo implements node.TypedStatus: the entries both models report.
func (m *pscMulti) StatusTo(w node.StatusSink) {
	p := &m.P
	writeFields(w, []floatField{{"E_L", &p.EL}, {"I_e", &p.Ie}, {"V_th", &p.Vth}, {"V_reset", &p.Vreset},
		{"C_m", &p.Cm}, {"tau_m", &p.TauM}, {"t_ref", &p.TRef}})
	w.Value("tau_syn", p.TauSyn)
	w.Float("V_m", m.VRel+p.EL)
	w.Strings("recordables", m.recNames)
	if m.withVmin {
		w.Float("V_min", p.Vmin)
	}
	m.portStatus(w)
	m.arch.StatusTo(w)
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
	m.input = resizeState(m.input, m.channels()) // overwritten from the ring in every step
	m.stepToMs = env.StepsToMs()
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

// ---------------------------------------------------------------------
// mat2_psc_exp and amat2_psc_exp: multi-timescale adaptive threshold

// matParams are the parameters mat2_psc_exp and amat2_psc_exp share, all
// absolute values (NEST keeps omega relative to E_L; it reports and
// accepts it absolute).
type matParams struct {
	EL       float64 // E_L, mV
	Ie       float64 // I_e, pA
	Cm       float64 // C_m, pF
	TauM     float64 // tau_m, ms
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	TRef     float64 // t_ref, ms: total refractory period (no spikes)
	Tau1     float64 // tau_1, ms: decay of the short threshold component
	Tau2     float64 // tau_2, ms: decay of the long threshold component
	Alpha1   float64 // alpha_1, mV: jump of the short component per spike
	Alpha2   float64 // alpha_2, mV: jump of the long component per spike
	Omega    float64 // omega, mV: resting threshold
}

// read reads the shared keys in NEST's order; extra (amat2's beta and
// tau_v) come between alpha_2 and omega, as NEST reads them.
func (p *matParams) read(r *dict.Reader, extra ...floatField) error {
	fields := []floatField{
		{"E_L", &p.EL}, {"I_e", &p.Ie}, {"C_m", &p.Cm}, {"tau_m", &p.TauM},
		{"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn}, {"t_ref", &p.TRef},
		{"tau_1", &p.Tau1}, {"tau_2", &p.Tau2}, {"alpha_1", &p.Alpha1}, {"alpha_2", &p.Alpha2},
	}
	fields = append(fields, extra...)
	fields = append(fields, floatField{"omega", &p.Omega})
	return readFloats(r, fields)
}

// validate checks the rules both models have, in NEST's order: C_m, then
// every time constant (with extraTaus, amat2's tau_v) positive, then
// tau_m different from the synaptic time constants. The caller checks
// its own rules afterwards.
func (p *matParams) validate(extraTaus ...float64) error {
	if p.Cm <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	}
	taus := append([]float64{p.TauM, p.TauSynEx, p.TauSynIn, p.TRef, p.Tau1, p.Tau2}, extraTaus...)
	for _, tau := range taus {
		if tau <= 0 {
			return nesterr.New(nesterr.ErrBadProperty,
				"All time constants must be strictly positive (tau_m = %g, tau_syn_ex = %g, tau_syn_in = %g, t_ref = %g, tau_1 = %g, tau_2 = %g ms%s).",
				p.TauM, p.TauSynEx, p.TauSynIn, p.TRef, p.Tau1, p.Tau2, extraTauText(extraTaus))
		}
	}
	return nil
}

func extraTauText(extra []float64) string {
	if len(extra) == 0 {
		return ""
	}
	return ", tau_v = " + strconv.FormatFloat(extra[0], 'g', -1, 64)
}

// status adds the shared parameters to d.
func (p *matParams) status(d dict.Dict) {
	d["E_L"], d["I_e"], d["C_m"], d["tau_m"] = p.EL, p.Ie, p.Cm, p.TauM
	d["tau_syn_ex"], d["tau_syn_in"], d["t_ref"] = p.TauSynEx, p.TauSynIn, p.TRef
	d["tau_1"], d["tau_2"], d["alpha_1"], d["alpha_2"], d["omega"] = p.Tau1, p.Tau2, p.Alpha1, p.Alpha2, p.Omega
}

// matThreshold is the adaptive part of the threshold: two components that
// jump by alpha_1 and alpha_2 at each spike and decay with tau_1 and
// tau_2, and the count of refractory steps in which no spike may occur.
type matThreshold struct {
	V1, V2 float64 // V_th_alpha_1, V_th_alpha_2, mV
	Ref    int64   // remaining refractory steps
}

// matThresholdSteps is what the threshold needs per step.
type matThresholdSteps struct {
	p1, p2   float64 // decay of V1 and V2
	refSteps int64
	omegaRel float64 // omega - E_L
}

func newMatThresholdSteps(env *node.Env, p *matParams) matThresholdSteps {
	h := env.Base.Resolution
	return matThresholdSteps{
		p1: libm.Exp(-h / p.Tau1), p2: libm.Exp(-h / p.Tau2),
		refSteps: env.Base.MsToSteps(p.TRef), omegaRel: p.Omega - p.EL,
	}
}

// decay advances both components over one step.
func (th *matThreshold) decay(s *matThresholdSteps) {
	th.V1 *= s.p1
	th.V2 *= s.p2
}

// fires is the spike test of one step: outside the refractory period the
// neuron fires when vRel (V_m - E_L) reaches omega + V2 + V1 + extra
// (amat2's voltage-driven component; summed in NEST's order), and the
// components jump; inside it the refractory count goes down. The membrane
// is not reset.
func (th *matThreshold) fires(s *matThresholdSteps, p *matParams, vRel, extra float64) bool {
	if th.Ref != 0 {
		th.Ref--
		return false
	}
	if vRel >= s.omegaRel+th.V2+th.V1+extra {
		th.Ref = s.refSteps
		th.V1 += p.Alpha1
		th.V2 += p.Alpha2
		return true
	}
	return false
}

// read reads the settable components.
func (th *matThreshold) read(r *dict.Reader) error {
	return readFloats(r, []floatField{{"V_th_alpha_1", &th.V1}, {"V_th_alpha_2", &th.V2}})
}

// readMatState is the end of SetStatus of mat2_psc_exp and
// amat2_psc_exp, on the caller's copies: V_m into *vRel (see
// readMembrane for oldEL and newEL), then the threshold components into
// th, then the model's other state fields, then the spike archive of n,
// which it returns.
func (n *neuron) readMatState(r *dict.Reader, vRel *float64, oldEL, newEL float64, th *matThreshold, state ...floatField) (node.Archive, error) {
	v, err := readMembrane(r, *vRel, oldEL, newEL)
	if err != nil {
		return node.Archive{}, err
	}
	*vRel = v
	if err := th.read(r); err != nil {
		return node.Archive{}, err
	}
	return n.readStateArchive(r, state...)
}

// status adds the components to d.
func (th *matThreshold) status(d dict.Dict) {
	d["V_th_alpha_1"], d["V_th_alpha_2"] = th.V1, th.V2
}
