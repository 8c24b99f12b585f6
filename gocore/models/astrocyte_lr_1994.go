package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() { register("astrocyte_lr_1994", func() node.Node { return NewAstrocyteLR1994() }) }

// AstrocyteLR1994 is NEST's astrocyte_lr_1994: an astrocyte whose
// cytosolic calcium follows the Li-Rinzel (1994) reduction of the De
// Young-Keizer IP3 receptor model, with the parameters of Nadkarni and
// Jung (2003). With c the calcium concentration (clamped to [0, Ca_tot]
// inside the right-hand side), c_ER = (Ca_tot - c)/ratio_ER_cyt,
// m = IP3/(IP3 + Kd_IP3_1) and n = c/(c + Kd_act):
//
//	dIP3/dt   = (IP3_0 - IP3)/tau_IP3
//	dc/dt     = ratio_ER_cyt (rate_IP3R m^3 n^3 h^3 + rate_L)(c_ER - c)
//	            - rate_SERCA c^2/(Km_SERCA^2 + c^2) + I_stim
//	dh/dt     = k_IP3R Kd_inh (IP3 + Kd_IP3_1)/(IP3 + Kd_IP3_2) (1 - h)
//	            - k_IP3R c h
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode) under an absolute error bound of 1e-3 on every variable, as NEST
// does with GSL. After each simulation step the calcium is clamped to
// [0, Ca_tot], the spikes arriving in the step raise IP3 by delta_IP3
// times their summed weight (weights must not be negative), and the slow
// inward current of the step is computed from the calcium:
//
//	I_SIC = SIC_scale ln(x) if x = (Ca_astro - SIC_th)*1000 > 1, else 0
//
// The currents of a slice go to the targets of its sic_connection
// connections as one secondary event (node.SlowInwardCurrent), each
// scaled by the connection's weight and taking effect after its delay.
// A current input (pA in NEST's units, taken as µM/ms) read in one step
// enters dc/dt in the next.
//
// Parameters (status keys, defaults, units):
//
//	Ca_tot        2.0      µM      total free calcium in terms of cytosolic volume
//	IP3_0         0.16     µM      baseline IP3 concentration
//	Kd_IP3_1      0.13     µM      first IP3R dissociation constant of IP3
//	Kd_IP3_2      0.9434   µM      second IP3R dissociation constant of IP3
//	Kd_act        0.08234  µM      IP3R dissociation constant of calcium (activation)
//	Kd_inh        1.049    µM      IP3R dissociation constant of calcium (inhibition)
//	Km_SERCA      0.1      µM      activation constant of the SERCA pump
//	SIC_scale     1.0              scale of the SIC output
//	SIC_th        0.19669  µM      calcium threshold of the SIC output
//	delta_IP3     0.0002   µM      IP3 increase per unit of spike weight
//	k_IP3R        0.0002   1/(µM ms) IP3R binding constant of calcium inhibition
//	rate_IP3R     0.006    1/ms    maximum calcium release rate of the IP3R
//	rate_L        0.00011  1/ms    calcium leak rate from the ER
//	rate_SERCA    0.0009   µM/ms   maximum calcium uptake rate of the SERCA pump
//	ratio_ER_cyt  0.185            ratio of ER and cytosol volumes
//	tau_IP3       7142.0   ms      decay time constant of IP3
//
// State: IP3 (µM, starts at IP3_0), Ca_astro (µM, 0.073), h_IP3R (the
// fraction of active IP3 receptors, 0.793).
// Receptors: 0 for spikes and currents. It sends no spikes.
// Recordables: Ca_astro, IP3, h_IP3R.
type AstrocyteLR1994 struct {
	neuron
	P     AstrocyteLR1994Params
	S     astrocyteLR1994State
	integ integrator
	sic   []float64 // the slow inward currents of the last slice, by step
	f     ode.Func
	input [astrocyteChannels]float64
}

// AstrocyteLR1994Params are the parameters of astrocyte_lr_1994.
type AstrocyteLR1994Params struct {
	CaTot, IP30, KdIP31, KdIP32, KdAct, KdInh, KmSERCA float64
	SICScale, SICTh, DeltaIP3, KIP3R                   float64
	RateIP3R, RateL, RateSERCA, RatioERCyt, TauIP3     float64
}

// State vector layout, NEST's.
const (
	astrocyteIP3 = iota
	astrocyteCa
	astrocyteH
	astrocyteDim
)

type astrocyteLR1994State struct {
	Y      [astrocyteDim]float64
	JNoise float64 // current input read in the previous step
}

// Input ring-buffer channels.
const (
	astrocyteSpikes = iota
	astrocyteCurrent
	astrocyteChannels
)

// NewAstrocyteLR1994 returns an astrocyte with NEST's defaults.
func NewAstrocyteLR1994() *AstrocyteLR1994 {
	n := &AstrocyteLR1994{neuron: newNeuron(), P: AstrocyteLR1994Params{
		CaTot: 2.0, IP30: 0.16, KdIP31: 0.13, KdIP32: 0.9434, KdAct: 0.08234, KdInh: 1.049, KmSERCA: 0.1,
		SICScale: 1.0, SICTh: 0.19669, DeltaIP3: 0.0002, KIP3R: 0.0002,
		RateIP3R: 0.006, RateL: 0.00011, RateSERCA: 0.0009, RatioERCyt: 0.185, TauIP3: 7142.0,
	}}
	n.S.Y = [astrocyteDim]float64{n.P.IP30, 0.073, 0.793}
	return n
}

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AstrocyteLR1994) Clone() node.Node {
	return &AstrocyteLR1994{neuron: n.copyNeuron(), P: n.P, S: n.S}
}

// Model implements node.Node.
func (n *AstrocyteLR1994) Model() string { return "astrocyte_lr_1994" }

// PlainNode marks a neuron without NEST's structural-plasticity and
// archiving entries (NEST derives astrocyte_lr_1994 from its plain Node class).
func (n *AstrocyteLR1994) PlainNode() {}

// SendsSpikes implements node.SpikeSender: an astrocyte sends currents
// through sic_connection only.
func (n *AstrocyteLR1994) SendsSpikes() bool { return false }

func (p *AstrocyteLR1994Params) fields() []floatField {
	return []floatField{
		{"Ca_tot", &p.CaTot}, {"IP3_0", &p.IP30}, {"Kd_act", &p.KdAct}, {"Kd_inh", &p.KdInh},
		{"Kd_IP3_1", &p.KdIP31}, {"Kd_IP3_2", &p.KdIP32}, {"Km_SERCA", &p.KmSERCA},
		{"ratio_ER_cyt", &p.RatioERCyt}, {"delta_IP3", &p.DeltaIP3}, {"k_IP3R", &p.KIP3R},
		{"SIC_scale", &p.SICScale}, {"SIC_th", &p.SICTh}, {"rate_L", &p.RateL},
		{"rate_IP3R", &p.RateIP3R}, {"rate_SERCA", &p.RateSERCA}, {"tau_IP3", &p.TauIP3},
	}
}

func (s *astrocyteLR1994State) fields() []floatField {
	return []floatField{{"IP3", &s.Y[astrocyteIP3]}, {"Ca_astro", &s.Y[astrocyteCa]}, {"h_IP3R", &s.Y[astrocyteH]}}
}

// validate checks the parameters in NEST's order, with its messages.
func (p *AstrocyteLR1994Params) validate() error {
	rules := []struct {
		bad bool
		msg string
		val float64
		key string
	}{
		{p.CaTot <= 0, "Total free astrocytic calcium concentration in terms of cytosolic volume must be positive", p.CaTot, "Ca_tot"},
		{p.IP30 < 0, "Baseline value of the astrocytic IP3 concentration must be non-negative", p.IP30, "IP3_0"},
		{p.KdAct <= 0, "Astrocytic IP3R dissociation constant of calcium (activation) must be positive", p.KdAct, "Kd_act"},
		{p.KdInh < 0, "Astrocytic IP3R dissociation constant of calcium (inhibition) must be non-negative", p.KdInh, "Kd_inh"},
		{p.KdIP31 <= 0, "First astrocytic IP3R dissociation constant of IP3 must be positive", p.KdIP31, "Kd_IP3_1"},
		{p.KdIP32 <= 0, "Second astrocytic IP3R dissociation constant of IP3 must be positive", p.KdIP32, "Kd_IP3_2"},
		{p.KmSERCA <= 0, "Activation constant of astrocytic SERCA pump must be positive", p.KmSERCA, "Km_SERCA"},
		{p.RatioERCyt <= 0, "Ratio between astrocytic ER and cytosol volumes must be positive", p.RatioERCyt, "ratio_ER_cyt"},
		{p.DeltaIP3 < 0, "Parameter determining the increase in astrocytic IP3 concentration induced by synaptic input must be non-negative", p.DeltaIP3, "delta_IP3"},
		{p.KIP3R < 0, "Astrocytic IP3R binding constant for calcium inhibition must be non-negative", p.KIP3R, "k_IP3R"},
		{p.SICScale <= 0, "Parameter determining the scale of astrocytic SIC output must be positive", p.SICScale, "SIC_scale"},
		{p.SICTh < 0, "Threshold that determines the minimal level of intracellular astrocytic calcium sufficient to induce SIC must be non-negative", p.SICTh, "SIC_th"},
		{p.RateL < 0, "Rate constant of calcium leak from astrocytic ER to cytosol must be non-negative", p.RateL, "rate_L"},
		{p.RateIP3R < 0, "Maximum rate of calcium release via astrocytic IP3R must be non-negative", p.RateIP3R, "rate_IP3R"},
		{p.RateSERCA < 0, "Maximum rate of calcium uptake by astrocytic SERCA pump must be non-negative", p.RateSERCA, "rate_SERCA"},
		{p.TauIP3 <= 0, "Time constant of the exponential decay of astrocytic IP3 must be positive", p.TauIP3, "tau_IP3"},
	}
	for _, r := range rules {
		if r.bad {
			return nesterr.New(nesterr.ErrBadProperty, "%s (%s = %g).", r.msg, r.key, r.val)
		}
	}
	return nil
}

// Status implements node.Node.
func (n *AstrocyteLR1994) Status() dict.Dict {
	d := dict.Dict{"recordables": n.Recordables()}
	writeFloats(d, n.P.fields())
	writeFloats(d, n.S.fields())
	return d
}

// SetStatus implements node.Node: parameters, then state, on copies
// committed only when every rule holds.
func (n *AstrocyteLR1994) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	if err := readFloats(r, s.fields()); err != nil {
		return err
	}
	y := &s.Y
	switch {
	case y[astrocyteIP3] < 0:
		return nesterr.New(nesterr.ErrBadProperty, "IP3 concentration must be non-negative (IP3 = %g).", y[astrocyteIP3])
	case y[astrocyteCa] < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Calcium concentration must be non-negative (Ca_astro = %g).", y[astrocyteCa])
	case y[astrocyteH] < 0 || y[astrocyteH] > 1:
		return nesterr.New(nesterr.ErrBadProperty,
			"The fraction of active IP3 receptors on the astrocytic ER must be between 0 and 1 (h_IP3R = %g).", y[astrocyteH])
	}
	n.P, n.S = p, s
	return nil
}

// Prepare implements node.Node: the integration is set up before the
// first run only (NEST's init_buffers), the SIC buffer when the slice
// length changes.
func (n *AstrocyteLR1994) Prepare(env *node.Env) {
	if !n.integ.ready() {
		n.integ.init(astrocyteDim, mustControl(1e-3, 0, 1, 0), env.Base.Resolution)
		n.f = n.derivs
	}
	if len(n.sic) != env.MinDelay {
		n.sic = make([]float64, env.MinDelay)
	}
	n.bindBuffers(env, astrocyteChannels)
}

// derivs is the right-hand side, with NEST's order of operations.
func (n *AstrocyteLR1994) derivs(_ float64, y, f []float64) error {
	p := &n.P
	ip3, h := y[astrocyteIP3], y[astrocyteH]
	c := math.Max(0, math.Min(y[astrocyteCa], p.CaTot))
	alphaH := p.KIP3R * p.KdInh * (ip3 + p.KdIP31) / (ip3 + p.KdIP32)
	betaH := p.KIP3R * c
	// NEST's pow(x, 2) is compiled to x*x (GCC folds it: the product is
	// exact to rounding), its cubes are calls of the library's pow.
	c2 := c * c
	jPump := p.RateSERCA * c2 / (p.KmSERCA*p.KmSERCA + c2)
	mInf := ip3 / (ip3 + p.KdIP31)
	nInf := c / (c + p.KdAct)
	cER := (p.CaTot - c) / p.RatioERCyt
	jLeak := p.RatioERCyt * p.RateL * (cER - c)
	jChannel := p.RatioERCyt * p.RateIP3R * libm.Pow(mInf, 3) * libm.Pow(nInf, 3) * libm.Pow(h, 3) * (cER - c)
	f[astrocyteIP3] = (p.IP30 - ip3) / p.TauIP3
	f[astrocyteCa] = jChannel - jPump + jLeak + n.S.JNoise
	f[astrocyteH] = alphaH*(1.0-h) - betaH*h
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step,
// clamp the calcium, add the spikes of the step to IP3, compute the slow
// inward current, log, take the current for the next step.
func (n *AstrocyteLR1994) Update(ctx *node.Context, origin int64, from, to int) {
	p, y := &n.P, n.S.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.integ.advance("astrocyte_lr_1994", n.f, y)
		y[astrocyteCa] = math.Max(0, math.Min(y[astrocyteCa], p.CaTot))
		n.ring.Take(ctx.Slot(step), n.input[:])
		y[astrocyteIP3] += p.DeltaIP3 * n.input[astrocyteSpikes]
		// the threshold in nM, as in Nadkarni and Jung (2003)
		above := (y[astrocyteCa] - p.SICTh) * 1000.0
		sic := 0.0
		if above > 1.0 {
			sic = libm.Log(above) * p.SICScale
		}
		n.sic[lag] = sic
		n.logs.Record(step, n)
		n.S.JNoise = n.input[astrocyteCurrent]
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *AstrocyteLR1994) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSpike implements node.SpikeReceiver. NEST refuses negative
// weights when the spike arrives, with a KernelException.
func (n *AstrocyteLR1994) HandleSpike(e *node.SpikeEvent) {
	if e.Weight < 0 {
		panic(nesterr.New(nesterr.ErrKernelException,
			"astrocyte_lr_1994 cannot handle input spikes with negative weights (weight = %g).", e.Weight))
	}
	n.ring.Add(e.Slot, astrocyteSpikes, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *AstrocyteLR1994) CheckCurrentReceptor(rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *AstrocyteLR1994) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, astrocyteCurrent, weighted)
}

// SendsSecondary implements node.SecondarySender: slow inward currents.
func (n *AstrocyteLR1994) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.SlowInwardCurrent
}

// SecondaryCoefficients implements node.SecondarySender.
func (n *AstrocyteLR1994) SecondaryCoefficients(node.SecondaryKind) []float64 { return n.sic }

var astrocyteRecordables = []string{"Ca_astro", "IP3", "h_IP3R"}

// Recordables implements node.Recordable.
func (n *AstrocyteLR1994) Recordables() []string {
	return append([]string(nil), astrocyteRecordables...)
}

// RecordableValue implements node.Recordable.
func (n *AstrocyteLR1994) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Y[astrocyteCa]
	case 1:
		return n.S.Y[astrocyteIP3]
	case 2:
		return n.S.Y[astrocyteH]
	}
	return math.NaN()
}
