package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what NEST's three generalized leaky integrate-and-fire
// models of the Allen Institute (glif_psc, glif_psc_double_alpha,
// glif_cond; Teeter et al. 2018) share: the parameters of the membrane,
// the threshold and the after-spike currents with their validation, the
// threshold and after-spike-current state, their exact propagation over a
// step and what a spike does to them, and (for the two current-based
// models) the alpha-shaped synaptic currents and their update loop.
//
// The five GLIF levels are switched by three flags:
//
//	level  spike_dependent_threshold  after_spike_currents  adapting_threshold
//	1 LIF          false                    false                false
//	2 LIF_R        true                     false                false
//	3 LIF_ASC      false                    true                 false
//	4 LIF_R_ASC    true                     true                 false
//	5 LIF_R_ASC_A  true                     true                 true
//
// Any other combination is refused. Potentials are kept relative to E_L,
// as NEST keeps them.

// GlifParams are the parameters every GLIF model has. ThInf and VReset are
// relative to E_L; the status keys report them as absolute potentials.
type GlifParams struct {
	G                    float64   // g (glif_psc*) or g_m (glif_cond): membrane conductance, nS
	EL                   float64   // E_L, mV
	ThInf                float64   // V_th - E_L: the threshold at rest, mV
	Cm                   float64   // C_m, pF
	TRef                 float64   // t_ref, ms
	VReset               float64   // V_reset - E_L, mV (levels 1 and 3)
	ThSpikeAdd           float64   // th_spike_add: threshold jump at a spike, mV
	ThSpikeDecay         float64   // th_spike_decay: its decay rate, 1/ms
	VoltageResetFraction float64   // voltage_reset_fraction: share of V_m kept at reset
	VoltageResetAdd      float64   // voltage_reset_add: added to V_m at reset, mV
	ThVoltageIndex       float64   // th_voltage_index: coupling of V_m into the threshold, 1/ms
	ThVoltageDecay       float64   // th_voltage_decay: decay rate of that component, 1/ms
	AscInit              []float64 // asc_init: initial after-spike currents, pA
	AscDecay             []float64 // asc_decay: their decay rates, 1/ms
	AscAmps              []float64 // asc_amps: their jumps at a spike, pA
	AscR                 []float64 // asc_r: share of each current kept over a spike
	SpikeDependent       bool      // spike_dependent_threshold
	AfterSpikeCurrents   bool      // after_spike_currents
	AdaptingThreshold    bool      // adapting_threshold
}

// defaultGlifParams returns NEST 3.10's defaults (those of the Allen Cell
// Types neuron 490626718, level 1).
func defaultGlifParams() GlifParams {
	// E_L is a variable so that V_th - E_L is rounded as a double, as NEST
	// computes it, not evaluated exactly as a constant expression.
	el := -78.85
	return GlifParams{
		G: 9.43, EL: el, ThInf: -51.68 - el, Cm: 58.72, TRef: 3.75, VReset: 0,
		ThSpikeAdd: 0.37, ThSpikeDecay: 0.009, VoltageResetFraction: 0.2, VoltageResetAdd: 18.51,
		ThVoltageIndex: 0.005, ThVoltageDecay: 0.09,
		AscInit: []float64{0, 0}, AscDecay: []float64{0.003, 0.1}, AscAmps: []float64{-9.18, -198.94},
		AscR: []float64{1, 1},
	}
}

// status adds the parameters under NEST's keys; gKey names the membrane
// conductance ("g" or "g_m").
func (p *GlifParams) status(d dict.Dict, gKey string) {
	d["V_th"] = p.ThInf + p.EL
	d[gKey] = p.G
	d["E_L"] = p.EL
	d["C_m"] = p.Cm
	d["t_ref"] = p.TRef
	d["V_reset"] = p.VReset + p.EL
	d["th_spike_add"] = p.ThSpikeAdd
	d["th_spike_decay"] = p.ThSpikeDecay
	d["voltage_reset_fraction"] = p.VoltageResetFraction
	d["voltage_reset_add"] = p.VoltageResetAdd
	d["th_voltage_index"] = p.ThVoltageIndex
	d["th_voltage_decay"] = p.ThVoltageDecay
	d["asc_init"] = append([]float64{}, p.AscInit...)
	d["asc_decay"] = append([]float64{}, p.AscDecay...)
	d["asc_amps"] = append([]float64{}, p.AscAmps...)
	d["asc_r"] = append([]float64{}, p.AscR...)
	d["spike_dependent_threshold"] = p.SpikeDependent
	d["after_spike_currents"] = p.AfterSpikeCurrents
	d["adapting_threshold"] = p.AdaptingThreshold
}

// readRelative reads the absolute potential key into *rel relative to the
// new E_L; without the key *rel follows the change of E_L so that the
// absolute value stays put. Both are NEST's own arithmetic.
func readRelative(r *dict.Reader, key string, rel *float64, el, deltaEL float64) error {
	abs := 0.0
	ok, err := r.Float(key, &abs)
	if err != nil {
		return err
	}
	if ok {
		*rel = abs - el
	} else {
		*rel -= deltaEL
	}
	return nil
}

// read takes the shared parameters from r in NEST's order and returns the
// change of E_L. It does not validate.
func (p *GlifParams) read(r *dict.Reader, gKey string) (deltaEL float64, err error) {
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return 0, err
	}
	deltaEL = p.EL - oldEL
	if err := readRelative(r, "V_reset", &p.VReset, p.EL, deltaEL); err != nil {
		return 0, err
	}
	if err := readRelative(r, "V_th", &p.ThInf, p.EL, deltaEL); err != nil {
		return 0, err
	}
	if err := readFloats(r, []floatField{
		{gKey, &p.G}, {"C_m", &p.Cm}, {"t_ref", &p.TRef},
		{"th_spike_add", &p.ThSpikeAdd}, {"th_spike_decay", &p.ThSpikeDecay},
		{"voltage_reset_fraction", &p.VoltageResetFraction}, {"voltage_reset_add", &p.VoltageResetAdd},
		{"th_voltage_index", &p.ThVoltageIndex}, {"th_voltage_decay", &p.ThVoltageDecay},
	}); err != nil {
		return 0, err
	}
	// Floats hands out fresh slices, so the parameters of the node being
	// changed never share memory with the copy.
	for _, f := range []struct {
		key string
		dst *[]float64
	}{{"asc_init", &p.AscInit}, {"asc_decay", &p.AscDecay}, {"asc_amps", &p.AscAmps}, {"asc_r", &p.AscR}} {
		if _, err := r.Floats(f.key, f.dst); err != nil {
			return 0, err
		}
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"spike_dependent_threshold", &p.SpikeDependent}, {"after_spike_currents", &p.AfterSpikeCurrents}, {"adapting_threshold", &p.AdaptingThreshold}} {
		if _, err := r.Bool(f.key, f.dst); err != nil {
			return 0, err
		}
	}
	return deltaEL, nil
}

// glifCheckOrder is the order in which a GLIF model reports broken rules:
// glif_cond tests the membrane rules before the after-spike currents,
// the current-based models after them.
type glifCheckOrder int

const (
	glifPscOrder glifCheckOrder = iota
	glifCondOrder
)

// validate checks the rules NEST enforces on the shared parameters, in the
// model's order, naming the values at fault.
func (p *GlifParams) validate(order glifCheckOrder) error {
	if err := p.checkLevel(); err != nil {
		return err
	}
	checks := []func() error{p.checkASC, p.checkMembrane, p.checkVoltageThreshold, p.checkSpikeThreshold}
	if order == glifCondOrder {
		checks = []func() error{p.checkMembrane, p.checkSpikeThreshold, p.checkASC, p.checkVoltageThreshold}
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkLevel accepts the five combinations of the mechanism flags that
// make GLIF levels 1 to 5.
func (p *GlifParams) checkLevel() error {
	r, a, v := p.SpikeDependent, p.AfterSpikeCurrents, p.AdaptingThreshold
	if v && !(r && a) {
		return nesterr.New(nesterr.ErrBadProperty,
			"Incorrect model mechanism combination setting (spike_dependent_threshold = %t, after_spike_currents = %t, adapting_threshold = %t): "+
				"adapting_threshold requires the other two (GLIF levels 1 to 5 only).", r, a, v)
	}
	return nil
}

// checkASC checks the after-spike-current vectors when they are used: one
// length, positive decay rates, kept shares within [0, 1].
func (p *GlifParams) checkASC() error {
	if !p.AfterSpikeCurrents {
		return nil
	}
	n := len(p.AscDecay)
	if len(p.AscInit) != n || len(p.AscAmps) != n || len(p.AscR) != n {
		return nesterr.New(nesterr.ErrBadProperty,
			"All after spike current parameters (i.e., asc_init, k, asc_amps, r) must have the same size (asc_init %d, asc_decay %d, asc_amps %d, asc_r %d).",
			len(p.AscInit), n, len(p.AscAmps), len(p.AscR))
	}
	for a := range n {
		if p.AscDecay[a] <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "After-spike current time constant must be strictly positive (asc_decay[%d] = %g 1/ms).", a, p.AscDecay[a])
		}
		if p.AscR[a] < 0 || p.AscR[a] > 1 {
			return nesterr.New(nesterr.ErrBadProperty, "After spike current fraction following spike coefficients r must be within [0.0, 1.0] (asc_r[%d] = %g).", a, p.AscR[a])
		}
	}
	return nil
}

// checkMembrane checks reset, capacitance, conductance and refractory
// period.
func (p *GlifParams) checkMembrane() error {
	switch {
	case p.VReset >= p.ThInf:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).",
			p.VReset+p.EL, p.ThInf+p.EL)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.G <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane conductance must be strictly positive (g = %g nS).", p.G)
	case p.TRef <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time constant must be strictly positive (t_ref = %g ms).", p.TRef)
	}
	return nil
}

// checkVoltageThreshold checks the voltage-dependent threshold component
// of level 5.
func (p *GlifParams) checkVoltageThreshold() error {
	if p.AdaptingThreshold && p.ThVoltageDecay <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Voltage-induced threshold time constant must be strictly positive (th_voltage_decay = %g 1/ms).", p.ThVoltageDecay)
	}
	return nil
}

// checkSpikeThreshold checks the spike-dependent threshold component and
// the voltage reset of levels 2, 4 and 5.
func (p *GlifParams) checkSpikeThreshold() error {
	if !p.SpikeDependent {
		return nil
	}
	if p.ThSpikeDecay <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Spike induced threshold time constant must be strictly positive (th_spike_decay = %g 1/ms).", p.ThSpikeDecay)
	}
	if p.VoltageResetFraction < 0 || p.VoltageResetFraction > 1 {
		return nesterr.New(nesterr.ErrBadProperty, "Voltage fraction coefficient following spike must be within [0.0, 1.0] (voltage_reset_fraction = %g).", p.VoltageResetFraction)
	}
	return nil
}

// checkPositive requires every entry of v to be strictly positive; what
// describes the entries for the message.
func checkPositive(key, what string, v []float64) error {
	for i, x := range v {
		if x <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All %s must be strictly positive (%s[%d] = %g).", what, key, i, x)
		}
	}
	return nil
}

// glifState is the threshold and after-spike-current state every GLIF
// model has.
type glifState struct {
	Threshold        float64   // total threshold minus E_L, mV (recomputed in every step)
	ThresholdSpike   float64   // spike-dependent component, mV
	ThresholdVoltage float64   // voltage-dependent component, mV
	ASCurrents       []float64 // after-spike currents, pA
	ASCurrentsSum    float64   // their mean over the last integrated step, pA
	RefSteps         int64     // remaining refractory steps
}

// newGlifState is the state of a new neuron. Its after-spike currents
// start from the defaults' asc_init: as in NEST, asc_init set later (also
// with Create or SetDefaults) does not reach them; ASCurrents does.
func newGlifState(p *GlifParams) glifState {
	s := glifState{Threshold: p.ThInf, ASCurrents: append([]float64{}, p.AscInit...)}
	for _, a := range s.ASCurrents {
		s.ASCurrentsSum += a
	}
	return s
}

// clone returns a copy that shares no memory with s.
func (s glifState) clone() glifState {
	s.ASCurrents = append([]float64{}, s.ASCurrents...)
	return s
}

// status adds ASCurrents and, when withComponents, the two threshold
// components (glif_cond does not report them).
func (s *glifState) status(d dict.Dict, withComponents bool) {
	d["ASCurrents"] = append([]float64{}, s.ASCurrents...)
	if withComponents {
		d["threshold_spike"] = s.ThresholdSpike
		d["threshold_voltage"] = s.ThresholdVoltage
	}
}

// set reads the after-spike currents and the threshold components, which
// may only be set when the model's level has them (p: the new parameters).
func (s *glifState) set(r *dict.Reader, p *GlifParams) error {
	ok, err := r.Floats("ASCurrents", &s.ASCurrents)
	if err != nil {
		return err
	}
	if ok && !p.AfterSpikeCurrents {
		return nesterr.New(nesterr.ErrBadProperty, "After spike currents are not supported or settable in the current model mechanisms (after_spike_currents is false).")
	}
	if ok && len(s.ASCurrents) != len(p.AscDecay) {
		return nesterr.New(nesterr.ErrBadProperty,
			"After spike current values must have the same size (%d) as their parameters (i.e., asc_init, k, asc_amps, r); ASCurrents has %d.",
			len(p.AscDecay), len(s.ASCurrents))
	}
	if ok, err = r.Float("threshold_spike", &s.ThresholdSpike); err != nil {
		return err
	}
	if ok && !p.SpikeDependent {
		return nesterr.New(nesterr.ErrBadProperty, "Threshold spike component is not supported or settable in the current model mechanisms (spike_dependent_threshold is false).")
	}
	if ok, err = r.Float("threshold_voltage", &s.ThresholdVoltage); err != nil {
		return err
	}
	if ok && !p.AdaptingThreshold {
		return nesterr.New(nesterr.ErrBadProperty, "Threshold voltage component is not supported or settable in the current model mechanisms (adapting_threshold is false).")
	}
	return nil
}

// glifInternals are the per-step factors of the threshold and after-spike
// current dynamics, derived in Prepare.
type glifInternals struct {
	stepToMs                  func(int64) float64 // step count -> ms, for the spike archive
	refractoryCounts          int64
	thetaSpikeDecay           float64   // exp(-th_spike_decay*h)
	thetaSpikeRefractoryDecay float64   // exp(-th_spike_decay*t_ref)
	ascDecay                  []float64 // exp(-k*h)
	ascMean                   []float64 // (1 - exp(-k*h))/(k*h): mean over a step per initial value
	ascRefractoryDecay        []float64 // r*exp(-k*t_ref)
	potentialDecay            float64   // exp(-g*h/C_m)
	thetaVoltageDecayInv      float64   // 1/exp(th_voltage_decay*h)
	phi                       float64   // a_v/(b_v - g/C_m)
	abRatio                   float64   // a_v/b_v
	nASC                      int       // after-spike currents in use
}

// prepare derives the factors for step h. Only the factors of the
// model's mechanisms are computed, as in NEST. The exponentials are
// correctly rounded, as glibc's nearly always are.
func (v *glifInternals) prepare(p *GlifParams, s *glifState, env *node.Env) {
	base := env.Base
	h := base.Resolution
	if p.SpikeDependent {
		v.thetaSpikeDecay = libm.Exp(-p.ThSpikeDecay * h)
		v.thetaSpikeRefractoryDecay = libm.Exp(-p.ThSpikeDecay * p.TRef)
	}
	v.nASC = 0
	if p.AfterSpikeCurrents {
		n := len(p.AscDecay)
		v.ascDecay, v.ascMean, v.ascRefractoryDecay = resizeState(v.ascDecay, n), resizeState(v.ascMean, n), resizeState(v.ascRefractoryDecay, n)
		for a, k := range p.AscDecay {
			v.ascDecay[a] = libm.Exp(-k * h)
			v.ascMean[a] = 1 / k / h * (1 - v.ascDecay[a])
			v.ascRefractoryDecay[a] = p.AscR[a] * libm.Exp(-k*p.TRef)
		}
		// NEST runs over the state's currents, which keep the length of
		// the defaults' asc_init unless ASCurrents is set; where that is
		// longer than the parameters NEST reads past them, here the
		// surplus is ignored.
		v.nASC = min(n, len(s.ASCurrents))
	}
	if p.AdaptingThreshold {
		v.potentialDecay = libm.Exp(-p.G * h / p.Cm)
		v.thetaVoltageDecayInv = 1 / libm.Exp(p.ThVoltageDecay*h)
		v.phi = p.ThVoltageIndex / (p.ThVoltageDecay - p.G/p.Cm)
		v.abRatio = p.ThVoltageIndex / p.ThVoltageDecay
	}
	v.refractoryCounts = base.MsToSteps(p.TRef)
	v.stepToMs = env.StepsToMs()
}

// decay advances the spike-dependent threshold and the after-spike
// currents over a step outside the refractory period; ASCurrentsSum
// becomes the exact mean of the currents over the step, computed from
// their values at its start.
func (s *glifState) decay(p *GlifParams, v *glifInternals) {
	if p.SpikeDependent {
		s.ThresholdSpike *= v.thetaSpikeDecay
	}
	s.ASCurrentsSum = 0
	for a := range v.nASC {
		s.ASCurrentsSum += v.ascMean[a] * s.ASCurrents[a]
		s.ASCurrents[a] *= v.ascDecay[a]
	}
}

// adapt advances the voltage-dependent threshold component (level 5) by
// the exact solution for a membrane starting at vOld (relative to E_L)
// under the constant current iExt plus the after-spike currents, and sums
// the threshold.
func (s *glifState) adapt(p *GlifParams, v *glifInternals, vOld, iExt float64) {
	if p.AdaptingThreshold {
		beta := (iExt + s.ASCurrentsSum) / p.G
		// Products are rounded one by one and summed in NEST's order.
		a := float64(float64(v.phi*(vOld-beta)) * v.potentialDecay)
		b := float64(v.thetaVoltageDecayInv * (s.ThresholdVoltage - float64(v.phi*(vOld-beta)) - float64(v.abRatio*beta)))
		s.ThresholdVoltage = a + b + float64(v.abRatio*beta)
	}
	s.sumThreshold(p)
}

// sumThreshold sets the total threshold from its components.
func (s *glifState) sumThreshold(p *GlifParams) {
	s.Threshold = s.ThresholdSpike + s.ThresholdVoltage + p.ThInf
}

// fire applies a spike: the refractory period starts, the after-spike
// currents jump (after decaying over the refractory period), and the
// membrane potential is reset: to V_reset (levels 1 and 3) or to a share
// of the potential vOld at the start of the step plus a constant, with the
// spike-dependent threshold jumping (levels 2, 4 and 5). It returns the
// new membrane potential relative to E_L.
func (s *glifState) fire(p *GlifParams, v *glifInternals, vOld float64) float64 {
	s.RefSteps = v.refractoryCounts
	if p.AfterSpikeCurrents {
		for a := range v.nASC {
			s.ASCurrents[a] = p.AscAmps[a] + float64(s.ASCurrents[a]*v.ascRefractoryDecay[a])
		}
	}
	if !p.SpikeDependent {
		return p.VReset
	}
	s.ThresholdSpike = float64(s.ThresholdSpike*v.thetaSpikeRefractoryDecay) + p.ThSpikeAdd
	s.sumThreshold(p)
	return float64(p.VoltageResetFraction*vOld) + p.VoltageResetAdd
}

// refractory counts a refractory step down; the membrane potential is
// held (by the caller) and the threshold components stay.
func (s *glifState) refractory(p *GlifParams) {
	s.RefSteps--
	s.sumThreshold(p)
}

// glifPscRecordables are the recordables of glif_psc and
// glif_psc_double_alpha.
var glifPscRecordables = []string{"V_m", "ASCurrents_sum", "I", "I_syn", "threshold", "threshold_spike", "threshold_voltage"}

// glifPscState is the state of the current-based GLIF models: the shared
// part, the membrane and the alpha-shaped synaptic currents, one pair
// (y1, y2) per kernel; glif_psc has one kernel per port, glif_psc_double_alpha
// a fast one per port followed by a slow one per port.
type glifPscState struct {
	glifState
	U    float64   // membrane potential minus E_L, mV
	I    float64   // current input read in the last step, pA
	ISyn float64   // total synaptic current at the start of the last integrated step, pA
	Y1   []float64 // per kernel: the derivative-like component, pA/ms
	Y2   []float64 // per kernel: the synaptic current, pA
}

// clone returns a copy that shares no memory with s.
func (s glifPscState) clone() glifPscState {
	s.glifState = s.glifState.clone()
	s.Y1 = append([]float64{}, s.Y1...)
	s.Y2 = append([]float64{}, s.Y2...)
	return s
}

// glifPscValue is recordable i of the current-based models.
func (s *glifPscState) value(p *GlifParams, i int) float64 {
	switch i {
	case 0:
		return s.U + p.EL
	case 1:
		return s.ASCurrentsSum
	case 2:
		return s.I
	case 3:
		return s.ISyn
	case 4:
		return s.Threshold + p.EL
	case 5:
		return s.ThresholdSpike
	case 6:
		return s.ThresholdVoltage
	}
	return math.NaN()
}

// glifAlphaKernel is one alpha-shaped synaptic current: time constant and
// the factor a spike's weight is multiplied by.
type glifAlphaKernel struct {
	tau, amp float64
}

// glifPscInternals are the propagators of the current-based models.
type glifPscInternals struct {
	glifInternals
	p33, p30 float64 // membrane decay and current -> membrane over a step
	// Per kernel: current decay (P11 = P22), y1 -> y2 (P21), y1 and y2 ->
	// membrane (P31, P32), and the jump of y1 per unit weight.
	p11, p21, p31, p32, jump []float64
	ports, groups            int // kernel k belongs to port k % ports and group k / ports
}

// prepare derives the propagators; kernels lists the kernels group by
// group, each group with one kernel per port.
func (v *glifPscInternals) prepare(p *GlifParams, s *glifPscState, env *node.Env, ports int, kernels []glifAlphaKernel) {
	v.glifInternals.prepare(p, &s.glifState, env)
	h := env.Base.Resolution
	tau := p.Cm / p.G
	v.p33 = libm.Exp(-h / tau)
	v.p30 = 1 / p.Cm * (1 - v.p33) * tau
	n := len(kernels)
	v.p11, v.p21, v.p31, v.p32, v.jump = resizeState(v.p11, n), resizeState(v.p21, n), resizeState(v.p31, n), resizeState(v.p32, n), resizeState(v.jump, n)
	for k, ker := range kernels {
		v.p11[k] = libm.Exp(-h / ker.tau)
		v.p21[k] = h * v.p11[k]
		v.p31[k], v.p32[k] = alphaPropagator(ker.tau, tau, p.Cm, h)
		v.jump[k] = math.E / ker.tau * ker.amp
	}
	v.ports, v.groups = ports, 0
	if ports > 0 {
		v.groups = n / ports
	}
	// The kernels' state only changes size while the neuron has no spike
	// connections, when it is all zeros.
	if len(s.Y1) != n {
		s.Y1, s.Y2 = make([]float64, n), make([]float64, n)
	}
}

// glifPscUpdate is the update of glif_psc and glif_psc_double_alpha, in
// NEST's order. Outside the refractory period: threshold and after-spike
// currents decay, the membrane is propagated from its value at the start
// of the step (vOld) under the input current, the after-spike currents'
// mean and the synaptic kernels, the voltage-dependent threshold follows,
// and a potential above the threshold fires. In the refractory period
// the potential is held. Then, always, the kernels are propagated and the
// spikes of the step added, the current for the next step is read, and
// the recordables are logged.
func glifPscUpdate(ctx *node.Context, origin int64, from, to int, m *multiPorts, rec node.Recordable,
	p *GlifParams, s *glifPscState, v *glifPscInternals, in []float64) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		vOld := s.U
		if s.RefSteps == 0 {
			s.decay(p, &v.glifInternals)
			s.U = float64(vOld*v.p33) + float64((s.I+s.ASCurrentsSum)*v.p30)
			s.ISyn = 0
			k := 0
			for g := range v.groups {
				group := 0.0
				for range v.ports {
					s.U += float64(v.p31[k]*s.Y1[k]) + float64(v.p32[k]*s.Y2[k])
					group += s.Y2[k]
					k++
				}
				// glif_psc_double_alpha sums fast and slow currents
				// separately, then adds the two sums.
				if g == 0 {
					s.ISyn = group
				} else {
					s.ISyn += group
				}
			}
			s.adapt(p, &v.glifInternals, vOld, s.I)
			if s.U > s.Threshold {
				s.U = s.fire(p, &v.glifInternals, vOld)
				m.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.refractory(p)
			s.U = vOld
		}

		m.ring.Take(ctx.Slot(step), in)
		for k := range v.p11 {
			// y2 decays as y1 does (NEST's P22 = P11).
			s.Y2[k] = float64(v.p21[k]*s.Y1[k]) + float64(v.p11[k]*s.Y2[k])
			s.Y1[k] *= v.p11[k]
			s.Y1[k] += v.jump[k] * in[k%v.ports]
		}
		s.I = in[m.currentChannel()]
		m.logs.Record(step, rec)
	}
}

// glifPscStatus adds what the current-based models report beyond their
// receptor parameters.
func glifPscStatus(d dict.Dict, p *GlifParams, s *glifPscState, m *multiPorts) {
	p.status(d, "g")
	s.status(d, true)
	d["V_m"] = s.U + p.EL
	d["has_connections"] = m.connected
	d["recordables"] = append([]string(nil), glifPscRecordables...)
	m.arch.Status(d)
}

// glifPscSetState reads the state of a current-based model after its
// parameters: V_m (shifted with E_L when not given), then the shared
// state.
func glifPscSetState(r *dict.Reader, p *GlifParams, s *glifPscState, deltaEL float64) error {
	if err := readRelative(r, "V_m", &s.U, p.EL, deltaEL); err != nil {
		return err
	}
	return s.set(r, p)
}

// glifPscSet is the SetStatus sequence of glif_psc and
// glif_psc_double_alpha, on the caller's copy p of the GLIF parameters:
// read them (g is the conductance key) and check them in NEST's order,
// then readSyn reads the model's synaptic parameters, then the state
// (a copy of s, returned) and the spike archive of m are read. The caller
// commits the copies only when no error came.
func glifPscSet(r *dict.Reader, m *multiPorts, p *GlifParams, s *glifPscState, readSyn func() error) (glifPscState, node.Archive, error) {
	deltaEL, err := p.read(r, "g")
	if err != nil {
		return glifPscState{}, node.Archive{}, err
	}
	if err := p.validate(glifPscOrder); err != nil {
		return glifPscState{}, node.Archive{}, err
	}
	if err := readSyn(); err != nil {
		return glifPscState{}, node.Archive{}, err
	}
	st := s.clone()
	if err := glifPscSetState(r, p, &st, deltaEL); err != nil {
		return glifPscState{}, node.Archive{}, err
	}
	arch, err := m.arch.Set(r)
	if err != nil {
		return glifPscState{}, node.Archive{}, err
	}
	return st, arch, nil
}

// readPortTaus reads the synaptic time constants that set the number of
// receptor ports (key) into dst; when given, the ports follow (refused
// once connected) and every one must be positive (what names them in the
// message).
func (m *multiPorts) readPortTaus(r *dict.Reader, key, what string, dst *[]float64) error {
	ok, err := r.Floats(key, dst)
	if err != nil || !ok {
		return err
	}
	if err := m.resize(len(*dst)); err != nil {
		return err
	}
	return checkPositive(key, what, *dst)
}

// bindPortInput makes the input of a model with receptor ports ready for
// a run: the ring and the loggers (see bindBuffers) and the step's input
// vector, which it returns, one element per channel.
func (m *multiPorts) bindPortInput(env *node.Env, input []float64) []float64 {
	m.bindBuffers(env, m.channels())
	return resizeState(input, m.channels()) // overwritten from the ring in every step
}
