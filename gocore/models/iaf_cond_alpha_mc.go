package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_cond_alpha_mc", func() node.Node { return NewIafCondAlphaMc() }) }

// IafCondAlphaMc is NEST's iaf_cond_alpha_mc: a three-compartment
// integrate-and-fire neuron (soma, proximal and distal dendrite, chained
// soma - proximal - distal by the coupling conductances g_sp and g_pd),
// each compartment with its own leak, capacitance, reversal potentials
// and alpha-shaped excitatory and inhibitory conductances (peak w for a
// spike of weight w; the sign is kept: receptors, not signs, choose the
// synapse). Compartment c follows
//
//	C_m,c dV_c/dt = -g_L,c (V_c - E_L,c) - g_ex,c (V_c - E_ex,c) - g_in,c (V_c - E_in,c)
//	                - I_conn,c + I_stim,c + I_e,c
//
// with I_conn the coupling currents to the neighbours. Only the soma
// spikes: when its V_m reaches V_th it is reset to V_reset and held
// there for t_ref, during which no compartment's potential moves (NEST
// sets every dV/dt to 0 while refractory). Inside the right-hand side the
// soma's V is clamped to V_th, as in iaf_cond_alpha. Integrated with the
// adaptive Runge-Kutta-Fehlberg 4(5) method (package ode) under an
// absolute error bound of 1e-3, as NEST does with GSL.
//
// Parameters (status keys, defaults, units): at the top level
//
//	V_th     -55.0  mV   spike threshold (soma)
//	V_reset  -60.0  mV   reset potential (soma)
//	t_ref      2.0  ms   absolute refractory period
//	g_sp       2.5  nS   soma-proximal coupling
//	g_pd       1.0  nS   proximal-distal coupling
//
// and in the dictionaries "soma", "proximal" and "distal" (defaults soma
// / proximal / distal)
//
//	g_L         10 / 5 / 10      nS   leak conductance
//	C_m        150 / 75 / 150    pF   capacitance
//	E_ex         0               mV   excitatory reversal potential
//	E_in       -85               mV   inhibitory reversal potential
//	E_L        -70               mV   leak reversal potential
//	tau_syn_ex   0.5             ms   rise time of the excitatory conductance
//	tau_syn_in   2.0             ms   rise time of the inhibitory conductance
//	I_e          0               pA   constant input current
//
// State: each compartment's V_m (mV, in its dictionary; starts at its
// E_L), and its conductances and their companions (not reported, start at
// 0). Like every NEST neuron it keeps a spike archive for STDP synapses.
// Receptors (status key receptor_types): spikes on soma_exc 1, soma_inh 2,
// proximal_exc 3, proximal_inh 4, distal_exc 5, distal_inh 6; currents on
// soma_curr 7, proximal_curr 8, distal_curr 9.
// Recordables: V_m.s, V_m.p, V_m.d, g_ex.s, ..., g_in.d (reported sorted,
// as NEST does) and t_ref_remaining (ms).
type IafCondAlphaMc struct {
	P IafCondAlphaMcParams
	S iafCondAlphaMcState
	v iafCondAlphaMcInternals
	neuron
	input [iafCondAlphaMcChannels]float64
}

// Compartments, in NEST's order.
const (
	mcSoma = iota
	mcProx
	mcDist
	mcComps
)

// mcCompNames are the compartments' status dictionaries.
var mcCompNames = [mcComps]string{"soma", "proximal", "distal"}

// IafCondAlphaMcComp are the parameters of one compartment.
type IafCondAlphaMcComp struct {
	GL       float64 // g_L, nS
	Cm       float64 // C_m, pF
	Eex      float64 // E_ex, mV
	Ein      float64 // E_in, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	Ie       float64 // I_e, pA
}

// IafCondAlphaMcParams are the user-settable parameters.
type IafCondAlphaMcParams struct {
	Vth    float64 // V_th, mV
	Vreset float64 // V_reset, mV
	TRef   float64 // t_ref, ms
	GSP    float64 // g_sp, nS
	GPD    float64 // g_pd, nS
	Comp   [mcComps]IafCondAlphaMcComp
}

// DefaultIafCondAlphaMcParams returns NEST 3.10's defaults.
func DefaultIafCondAlphaMcParams() IafCondAlphaMcParams {
	c := func(gL, cM float64) IafCondAlphaMcComp {
		return IafCondAlphaMcComp{GL: gL, Cm: cM, Eex: 0, Ein: -85, EL: -70, TauSynEx: 0.5, TauSynIn: 2, Ie: 0}
	}
	return IafCondAlphaMcParams{Vth: -55, Vreset: -60, TRef: 2, GSP: 2.5, GPD: 1,
		Comp: [mcComps]IafCondAlphaMcComp{c(10, 150), c(5, 75), c(10, 150)}}
}

// Validate checks the rules NEST enforces, in NEST's order (compartment
// by compartment its capacitance, then its time constants), naming the
// values at fault. NEST sets no rule on the conductances.
func (p *IafCondAlphaMcParams) Validate() error {
	switch {
	case p.Vreset >= p.Vth:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, V_th = %g mV).", p.Vreset, p.Vth)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	}
	for i, c := range p.Comp {
		if c.Cm <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "Capacitance (%s) must be strictly positive (C_m = %g pF).", mcCompNames[i], c.Cm)
		}
		if c.TauSynEx <= 0 || c.TauSynIn <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All time constants (%s) must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms).",
				mcCompNames[i], c.TauSynEx, c.TauSynIn)
		}
	}
	return nil
}

// State vector elements of a compartment, in NEST's order; compartment c
// occupies elements c*mcElems to c*mcElems+mcElems-1.
const (
	mcV = iota
	mcDGEx
	mcGEx
	mcDGIn
	mcGIn
	mcElems
	iafCondAlphaMcDim = mcElems * mcComps
)

// mcIdx is the state element e of compartment c.
func mcIdx(c, e int) int { return c*mcElems + e }

// iafCondAlphaMcState is the dynamic state.
type iafCondAlphaMcState struct {
	Y        [iafCondAlphaMcDim]float64
	RefSteps int64            // remaining refractory steps
	IStim    [mcComps]float64 // currents read in the previous step, pA
}

// iafCondAlphaMcInternals are derived in Prepare.
type iafCondAlphaMcInternals struct {
	condODE
	psConInitEx [mcComps]float64 // jump of dg_ex per nS of weight: e/tau_syn_ex
	psConInitIn [mcComps]float64 // jump of dg_in per nS of weight: e/tau_syn_in
}

// Receptor types and ring-buffer channels: spike receptor r (1..6) goes
// to channel r-1 (2c excitatory, 2c+1 inhibitory for compartment c),
// current receptor r (7..9) to channel r-1 as well.
const (
	mcMinSpikeReceptor = 1
	mcSupSpikeReceptor = mcMinSpikeReceptor + 2*mcComps // 7
	mcMinCurrReceptor  = mcSupSpikeReceptor
	mcSupCurrReceptor  = mcMinCurrReceptor + mcComps // 10

	iafCondAlphaMcChannels = mcSupCurrReceptor - 1
)

// iafCondAlphaMcRecordables are in NEST's (sorted) order; the table maps
// them to state elements (-1: t_ref_remaining).
var (
	iafCondAlphaMcRecordables = []string{"V_m.d", "V_m.p", "V_m.s", "g_ex.d", "g_ex.p", "g_ex.s",
		"g_in.d", "g_in.p", "g_in.s", "t_ref_remaining"}
	iafCondAlphaMcRecordIndex = []int{
		mcIdx(mcDist, mcV), mcIdx(mcProx, mcV), mcIdx(mcSoma, mcV),
		mcIdx(mcDist, mcGEx), mcIdx(mcProx, mcGEx), mcIdx(mcSoma, mcGEx),
		mcIdx(mcDist, mcGIn), mcIdx(mcProx, mcGIn), mcIdx(mcSoma, mcGIn), -1,
	}
)

// NewIafCondAlphaMc returns a neuron with default parameters at rest.
func NewIafCondAlphaMc() *IafCondAlphaMc {
	n := &IafCondAlphaMc{P: DefaultIafCondAlphaMcParams(), neuron: newNeuron()}
	for c := range mcComps {
		n.S.Y[mcIdx(c, mcV)] = n.P.Comp[c].EL
	}
	return n
}

// Model implements node.Node.
func (n *IafCondAlphaMc) Model() string { return "iaf_cond_alpha_mc" }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *IafCondAlphaMc) Clone() node.Node {
	return &IafCondAlphaMc{P: n.P, S: n.S, neuron: n.copyNeuron()}
}

// Status implements node.Node.
func (n *IafCondAlphaMc) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"V_th": p.Vth, "V_reset": p.Vreset, "t_ref": p.TRef, "g_sp": p.GSP, "g_pd": p.GPD,
		"receptor_types": dict.Dict{
			"soma_exc": 1, "soma_inh": 2, "proximal_exc": 3, "proximal_inh": 4, "distal_exc": 5, "distal_inh": 6,
			"soma_curr": 7, "proximal_curr": 8, "distal_curr": 9,
		},
		"recordables": append([]string(nil), iafCondAlphaMcRecordables...),
	}
	for i, c := range p.Comp {
		d[mcCompNames[i]] = dict.Dict{
			"g_L": c.GL, "E_L": c.EL, "E_ex": c.Eex, "E_in": c.Ein, "C_m": c.Cm,
			"tau_syn_ex": c.TauSynEx, "tau_syn_in": c.TauSynIn, "I_e": c.Ie,
			"V_m": n.S.Y[mcIdx(i, mcV)],
		}
	}
	n.arch.Status(d)
	return d
}

// compReaders returns a reader over each compartment dictionary present
// in r (nil where absent). Like NEST 3.10, entries of these dictionaries
// that no compartment knows are ignored.
func compReaders(r *dict.Reader) ([mcComps]*dict.Reader, error) {
	var out [mcComps]*dict.Reader
	for i, name := range mcCompNames {
		raw, ok := r.Raw(name)
		if !ok {
			continue
		}
		switch m := raw.(type) {
		case dict.Dict:
			out[i] = dict.NewReader(m)
		case map[string]any:
			out[i] = dict.NewReader(dict.Dict(m))
		default:
			return out, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a dictionary, got %s.", name, dict.Describe(raw))
		}
	}
	return out, nil
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafCondAlphaMc) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"V_th", &p.Vth}, {"V_reset", &p.Vreset}, {"t_ref", &p.TRef}, {"g_sp", &p.GSP}, {"g_pd", &p.GPD},
	}); err != nil {
		return err
	}
	comps, err := compReaders(r)
	if err != nil {
		return err
	}
	for i, cr := range comps {
		if cr == nil {
			continue
		}
		c := &p.Comp[i]
		if err := readFloats(cr, []floatField{
			{"E_L", &c.EL}, {"E_ex", &c.Eex}, {"E_in", &c.Ein}, {"C_m", &c.Cm}, {"g_L", &c.GL},
			{"tau_syn_ex", &c.TauSynEx}, {"tau_syn_in", &c.TauSynIn}, {"I_e", &c.Ie},
		}); err != nil {
			return err
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	for i, cr := range comps {
		if cr == nil {
			continue
		}
		if _, err := cr.Float("V_m", &s.Y[mcIdx(i, mcV)]); err != nil {
			return err
		}
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 1 to 6 as
// NEST's; a current receptor or 0 is IncompatibleReceptorType, anything
// beyond UnknownReceptorType.
func (n *IafCondAlphaMc) CheckSpikeReceptor(_ string, rport int) error {
	if rport >= mcMinSpikeReceptor && rport < mcSupSpikeReceptor {
		return nil
	}
	if rport >= 0 && rport < mcSupCurrReceptor {
		return nesterr.New(nesterr.ErrIncompatibleReceptorType, "Receptor type %d in iaf_cond_alpha_mc does not accept SpikeEvent.", rport)
	}
	return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in iaf_cond_alpha_mc.", rport)
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its receptor's channel, sign and all.
func (n *IafCondAlphaMc) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, e.Rport-mcMinSpikeReceptor, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptors 7 to 9;
// a spike receptor or 0 is IncompatibleReceptorType, anything beyond
// UnknownReceptorType.
func (n *IafCondAlphaMc) CheckCurrentReceptor(rport int) error {
	if rport >= mcMinCurrReceptor && rport < mcSupCurrReceptor {
		return nil
	}
	if rport >= 0 && rport < mcMinCurrReceptor {
		return nesterr.New(nesterr.ErrIncompatibleReceptorType, "Receptor type %d in iaf_cond_alpha_mc does not accept CurrentEvent.", rport)
	}
	return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in iaf_cond_alpha_mc.", rport)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafCondAlphaMc) HandleCurrent(slot, rport int, weighted float64) {
	n.ring.Add(slot, rport-mcMinSpikeReceptor, weighted)
}

// Prepare implements node.Node. The integration is set up before the
// first run only (see integrator); the refractory period and the spike
// jumps follow the parameters in every run.
func (n *IafCondAlphaMc) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepareODE(env, iafCondAlphaMcDim, 1e-3, n.derivs, p.TRef)
	for c := range mcComps {
		v.psConInitEx[c] = math.E / p.Comp[c].TauSynEx
		v.psConInitIn[c] = math.E / p.Comp[c].TauSynIn
	}
	n.bindBuffers(env, iafCondAlphaMcChannels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input currents from the node, as NEST's does; while
// refractory every compartment's potential is frozen.
func (n *IafCondAlphaMc) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	vs, vp, vd := y[mcIdx(mcSoma, mcV)], y[mcIdx(mcProx, mcV)], y[mcIdx(mcDist, mcV)]
	for c := range mcComps {
		var v, iConn float64
		// Products are rounded before they are summed (no fused
		// multiply-add), and sums are taken in NEST's order.
		switch c {
		case mcSoma:
			v = clampedV(refractory, vs, p.Vth, p.Vreset)
			iConn = float64(p.GSP * (v - vp))
		case mcProx:
			v = vp
			iConn = float64(p.GSP*(v-vs)) + float64(p.GPD*(v-vd))
		case mcDist:
			v = vd
			iConn = float64(p.GPD * (v - vp))
		}
		q := &p.Comp[c]
		iSynEx := float64(y[mcIdx(c, mcGEx)] * (v - q.Eex))
		iSynIn := float64(y[mcIdx(c, mcGIn)] * (v - q.Ein))
		iLeak := float64(q.GL * (v - q.EL))
		if refractory {
			f[mcIdx(c, mcV)] = 0
		} else {
			f[mcIdx(c, mcV)] = (-iLeak - iSynEx - iSynIn - iConn + n.S.IStim[c] + q.Ie) / q.Cm
		}
		condKernel(y, f, mcIdx(c, mcDGEx), mcIdx(c, mcGEx), q.TauSynEx, q.TauSynEx)
		condKernel(y, f, mcIdx(c, mcDGIn), mcIdx(c, mcGIn), q.TauSynIn, q.TauSynIn)
	}
	return nil
}

// Update implements node.Node. NEST's order inside a step: integrate, add
// the spikes arriving in this step to every compartment's dg_ex and
// dg_in, then the soma's refractory count-down or threshold test, then
// take the currents for the next step, then log.
func (n *IafCondAlphaMc) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("iaf_cond_alpha_mc", v.f, s.Y[:])

		n.ring.Take(ctx.Slot(step), in[:])
		for c := range mcComps {
			s.Y[mcIdx(c, mcDGEx)] += float64(in[2*c] * v.psConInitEx[c])
			s.Y[mcIdx(c, mcDGIn)] += float64(in[2*c+1] * v.psConInitIn[c])
		}

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[mcIdx(mcSoma, mcV)], p.Vth, p.Vreset) {
			v.fire(ctx, &n.arch, step, 0)
		}

		for c := range mcComps {
			s.IStim[c] = in[mcMinCurrReceptor-1+c]
		}
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafCondAlphaMc) Recordables() []string { return iafCondAlphaMcRecordables }

// RecordableValue implements node.Recordable.
func (n *IafCondAlphaMc) RecordableValue(i int) float64 {
	if i < 0 || i >= len(iafCondAlphaMcRecordIndex) {
		return math.NaN()
	}
	if k := iafCondAlphaMcRecordIndex[i]; k >= 0 {
		return n.S.Y[k]
	}
	return n.v.refractoryRemaining(n.S.RefSteps)
}
