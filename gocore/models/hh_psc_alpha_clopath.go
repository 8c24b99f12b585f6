package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("hh_psc_alpha_clopath", func() node.Node { return NewHHPscAlphaClopath() }) }

// HHPscAlphaClopath is NEST's hh_psc_alpha_clopath: hh_psc_alpha with the
// three low-pass filtered membrane potentials of Clopath et al. (2010)'s
// voltage-based plasticity rule as part of the integrated state,
//
//	du_bar_plus/dt  = (-u_bar_plus + V)/tau_u_bar_plus
//	du_bar_minus/dt = (-u_bar_minus + V)/tau_u_bar_minus
//	du_bar_bar/dt   = (-u_bar_bar + u_bar_minus)/tau_u_bar_bar
//
// Everything else (membrane, gating, alpha-shaped currents, spike
// detection at a falling V_m above 0 mV, the RKF45 integration under an
// absolute error bound of 1e-3) is hh_psc_alpha's.
//
// Parameters (status keys, defaults, units): those of hh_psc_alpha and
//
//	tau_u_bar_plus   114.0     ms   time constant of u_bar_plus
//	tau_u_bar_minus   10.0     ms   time constant of u_bar_minus
//	tau_u_bar_bar    500.0     ms   time constant of u_bar_bar
//
// and the settings of the Clopath rule the neuron keeps for its synapses
// (NEST's ClopathArchivingNode):
//
//	A_LTD            1.4e-4        amplitude of depression
//	A_LTP            8.0e-5        amplitude of facilitation
//	u_ref_squared   60.0      mV^2 reference value of u_bar_bar^2 (> 0)
//	theta_plus     -45.3      mV   threshold of facilitation
//	theta_minus    -70.6      mV   threshold of depression
//	A_LTD_const     true           depression amplitude constant or scaled
//	                               by u_bar_bar^2/u_ref_squared
//	delay_u_bars     5.0      ms   delay of u_bar_plus and u_bar_minus in
//	                               the rule
//
// After the spikes of every step are added (before the spike test, as in
// NEST) the neuron writes the facilitation and depression history
// clopath_synapse reads (see clopathHistory), while some plastic
// connection reads its history.
//
// State: that of hh_psc_alpha and u_bar_plus, u_bar_minus, u_bar_bar
// (mV, start at 0). Receptors: 0 for spikes and currents.
// Recordables: Act_m, Act_n, I_syn_ex, I_syn_in (pA), Inact_h, V_m,
// u_bar_bar, u_bar_minus, u_bar_plus.
type HHPscAlphaClopath struct {
	P HHPscAlphaClopathParams
	C hhClopath
	Y [hhpcDim]float64 // hh_psc_alpha's state, then u_bar_plus, u_bar_minus, u_bar_bar
	hhBase
	step     hhStep
	jEx, jIn float64 // jumps of dI_ex and dI_in per pA
	clopathHistory
	clopathStep int64 // the step being updated, for the history
}

// HHPscAlphaClopathParams are the user-settable model parameters.
type HHPscAlphaClopathParams struct {
	HHPscAlphaParams
	TauUBarPlus  float64 // tau_u_bar_plus, ms
	TauUBarMinus float64 // tau_u_bar_minus, ms
	TauUBarBar   float64 // tau_u_bar_bar, ms
}

// DefaultHHPscAlphaClopathParams returns NEST 3.10's defaults.
func DefaultHHPscAlphaClopathParams() HHPscAlphaClopathParams {
	return HHPscAlphaClopathParams{HHPscAlphaParams: DefaultHHPscAlphaParams(), TauUBarPlus: 114, TauUBarMinus: 10, TauUBarBar: 500}
}

// fields are the status keys, in NEST's reading order.
func (p *HHPscAlphaClopathParams) fields() []floatField {
	return append(p.HHPscAlphaParams.fields(), floatField{"tau_u_bar_plus", &p.TauUBarPlus},
		floatField{"tau_u_bar_minus", &p.TauUBarMinus}, floatField{"tau_u_bar_bar", &p.TauUBarBar})
}

// Validate checks the rules NEST enforces, in NEST's order, naming the
// values at fault.
func (p *HHPscAlphaClopathParams) Validate() error {
	return p.validate(namedValue{"tau_u_bar_plus", p.TauUBarPlus}, namedValue{"tau_u_bar_minus", p.TauUBarMinus},
		namedValue{"tau_u_bar_bar", p.TauUBarBar})
}

// hhClopath are the settings of the Clopath rule a neuron keeps (NEST's
// ClopathArchivingNode).
type hhClopath struct {
	ALTD        float64 // A_LTD
	ALTP        float64 // A_LTP
	URefSquared float64 // u_ref_squared, mV^2
	ThetaPlus   float64 // theta_plus, mV
	ThetaMinus  float64 // theta_minus, mV
	ALTDConst   bool    // A_LTD_const
	DelayUBars  float64 // delay_u_bars, ms
}

func defaultHHClopath() hhClopath {
	return hhClopath{ALTD: 14.0e-5, ALTP: 8.0e-5, URefSquared: 60, ThetaPlus: -45.3, ThetaMinus: -70.6, ALTDConst: true, DelayUBars: 5}
}

func (c *hhClopath) fields() []floatField {
	return []floatField{
		{"A_LTD", &c.ALTD}, {"A_LTP", &c.ALTP}, {"u_ref_squared", &c.URefSquared},
		{"theta_plus", &c.ThetaPlus}, {"theta_minus", &c.ThetaMinus},
	}
}

func (c *hhClopath) status(d dict.Dict) {
	writeFloats(d, c.fields())
	d["A_LTD_const"] = c.ALTDConst
	d["delay_u_bars"] = c.DelayUBars
}

// set returns the settings changed by r, checked: u_ref_squared must be
// positive. (NEST commits A_LTD and A_LTP before that check; here a
// refused change leaves all of them, as every status change.)
func (c *hhClopath) set(r *dict.Reader) (hhClopath, error) {
	n := *c
	if err := readFloats(r, n.fields()); err != nil {
		return n, err
	}
	if _, err := r.Bool("A_LTD_const", &n.ALTDConst); err != nil {
		return n, err
	}
	if _, err := r.Float("delay_u_bars", &n.DelayUBars); err != nil {
		return n, err
	}
	if n.URefSquared <= 0 {
		return n, nesterr.New(nesterr.ErrBadProperty, "Ensure that u_ref_squared > 0 (u_ref_squared = %g).", n.URefSquared)
	}
	return n, nil
}

// State vector elements after hh_psc_alpha's.
const (
	hhpcUBarPlus = hhpaDim + iota
	hhpcUBarMinus
	hhpcUBarBar
	hhpcDim
)

var hhPscAlphaClopathRecordables = []string{
	"Act_m", "Act_n", "I_syn_ex", "I_syn_in", "Inact_h", "V_m", "u_bar_bar", "u_bar_minus", "u_bar_plus",
}

// NewHHPscAlphaClopath returns a neuron with default parameters at rest.
func NewHHPscAlphaClopath() *HHPscAlphaClopath {
	n := &HHPscAlphaClopath{P: DefaultHHPscAlphaClopathParams(), C: defaultHHClopath(), hhBase: newHHBase("hh_psc_alpha_clopath")}
	n.Y[hhpaV] = hhClassicRest
	n.Y[hhpaM], n.Y[hhpaH], n.Y[hhpaN] = hhClassicEquilibrium(hhClassicRest)
	return n
}

// Model implements node.Node.
func (n *HHPscAlphaClopath) Model() string { return "hh_psc_alpha_clopath" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *HHPscAlphaClopath) Clone() node.Node {
	return &HHPscAlphaClopath{P: n.P, C: n.C, Y: n.Y, hhBase: n.copyBase()}
}

// Status implements node.Node.
func (n *HHPscAlphaClopath) Status() dict.Dict {
	d := dict.Dict{
		"u_bar_plus": n.Y[hhpcUBarPlus], "u_bar_minus": n.Y[hhpcUBarMinus], "u_bar_bar": n.Y[hhpcUBarBar],
		"recordables": append([]string(nil), hhPscAlphaClopathRecordables...),
	}
	hhClassicStatus(d, &n.P.HHPscAlphaParams, n.Y[:])
	for _, f := range n.P.fields()[len(n.P.HHPscAlphaParams.fields()):] {
		d[f.key] = *f.dst
	}
	n.arch.Status(d)
	n.C.status(d)
	return d
}

// SetStatus implements node.Node: parameters, state, the spike archive
// and the Clopath settings are changed on copies and committed only when
// every rule holds.
func (n *HHPscAlphaClopath) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, y := n.P, n.Y
	readState := func() error {
		if err := readFloats(r, []floatField{
			{"V_m", &y[hhpaV]}, {"Act_m", &y[hhpaM]}, {"Inact_h", &y[hhpaH]}, {"Act_n", &y[hhpaN]},
			{"u_bar_plus", &y[hhpcUBarPlus]}, {"u_bar_minus", &y[hhpcUBarMinus]}, {"u_bar_bar", &y[hhpcUBarBar]},
		}); err != nil {
			return err
		}
		return hhValidateGating(namedValue{"Act_m", y[hhpaM]}, namedValue{"Inact_h", y[hhpaH]}, namedValue{"Act_n", y[hhpaN]})
	}
	arch, err := n.setParamsThen(r, p.fields(), p.Validate, readState)
	if err != nil {
		return err
	}
	c, err := n.C.set(r)
	if err != nil {
		return err
	}
	n.P, n.Y, n.arch, n.C = p, y, arch, c
	return nil
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period and the spike
// jumps follow the parameters in every run.
func (n *HHPscAlphaClopath) Prepare(env *node.Env) {
	n.prepare(env, hhpcDim, 1e-3, n.derivs, n.P.TRef)
	n.jEx, n.jIn = hhPscAlphaJumps(&n.P.HHPscAlphaParams)
	n.step = hhStep{threshold: 0, addSpikes: n.addSpikes}
	n.clopathPrepare(env, ClopathRule(n.C))
}

// derivs is the right-hand side; it reads the input current from the
// node, as NEST's does.
func (n *HHPscAlphaClopath) derivs(_ float64, y, f []float64) error {
	p := &n.P
	hhPscAlphaDerivs(&p.HHPscAlphaParams, n.IStim, y, f)
	v := y[hhpaV]
	f[hhpcUBarPlus] = (-y[hhpcUBarPlus] + v) / p.TauUBarPlus
	f[hhpcUBarMinus] = (-y[hhpcUBarMinus] + v) / p.TauUBarMinus
	f[hhpcUBarBar] = (-y[hhpcUBarBar] + y[hhpcUBarMinus]) / p.TauUBarBar
	return nil
}

// addSpikes adds the step's spikes to the current companions and then
// writes the step's Clopath history.
func (n *HHPscAlphaClopath) addSpikes(in *[hhChannels]float64) {
	n.Y[hhpaDIEx] += float64(in[hhSpikeEx] * n.jEx)
	n.Y[hhpaDIIn] += float64(in[hhSpikeIn] * n.jIn)
	rule := ClopathRule(n.C)
	n.clopathWrite(n.clopathStep, n.Y[hhpaV], n.Y[hhpcUBarPlus], n.Y[hhpcUBarMinus], n.Y[hhpcUBarBar], &rule, n.arch.Readers())
	n.clopathStep++
}

// Update implements node.Node (NEST's order, see hhBase.update).
func (n *HHPscAlphaClopath) Update(ctx *node.Context, origin int64, from, to int) {
	// addSpikes runs once per step, in order; it writes the history
	n.clopathStep = origin + int64(from)
	n.update(ctx, origin, from, to, n.Y[:], &n.step, n)
}

// Recordables implements node.Recordable.
func (n *HHPscAlphaClopath) Recordables() []string { return hhPscAlphaClopathRecordables }

// RecordableValue implements node.Recordable.
func (n *HHPscAlphaClopath) RecordableValue(i int) float64 {
	switch i {
	case 6:
		return n.Y[hhpcUBarBar]
	case 7:
		return n.Y[hhpcUBarMinus]
	case 8:
		return n.Y[hhpcUBarPlus]
	}
	return hhPscAlphaRecordable(n.Y[:], i)
}
