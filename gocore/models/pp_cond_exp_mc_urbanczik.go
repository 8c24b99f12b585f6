package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("pp_cond_exp_mc_urbanczik", func() node.Node { return NewPpCondExpMcUrbanczik() })
}

// PpCondExpMcUrbanczik is NEST's pp_cond_exp_mc_urbanczik: the two-
// compartment point-process neuron of Urbanczik and Senn (2014). The soma
// has exponentially decaying excitatory and inhibitory conductances, the
// dendrite exponentially decaying currents; the dendrite drives the soma
// through g_sp (and the soma the dendrite through g_ps):
//
//	C_m.s dV.s/dt = -g_L.s (V.s - E_L.s) - g_ex.s (V.s - E_ex.s) - g_in.s (V.s - E_in.s)
//	                + g_sp (V.p - V.s) + I_stim.s + I_e.s
//	C_m.p dV.p/dt = -g_L.p (V.p - E_L.p) + I_ex.p + I_in.p + g_ps (V.s - V.p)
//
// integrated by RKF45 under an absolute error bound of 1e-3, as NEST. The
// soma spikes with the rate phi(V.s) = phi_max/(1 + rate_slope
// exp(beta (theta - V.s))) (1/ms): outside the dead time t_ref with
// probability 1 - exp(-phi h) per step (t_ref > 0) or a Poisson number of
// spikes of mean phi h (t_ref = 0); after a spike it is dead for t_ref.
// While some plastic connection reads its history, the neuron writes at
// the end of every step the dendritic prediction error urbanczik_synapse
// reads (see urbanczikHistory).
//
// Parameters (status keys, defaults, units):
//
//	t_ref       3.0    ms    dead time
//	phi_max     0.15   1/ms  maximal rate
//	rate_slope  0.5    -     rate parameter
//	beta        1/3    1/mV  slope of the rate
//	theta     -55.0    mV    midpoint of the rate
//	g_sp      600.0    nS    dendrite-to-soma coupling
//	g_ps        0.0    nS    soma-to-dendrite coupling
//
// and, in the dictionaries "soma" and "dendritic": g_L 30 nS, E_L -70 mV,
// E_ex 0 mV, E_in (soma -75 mV, dendrite 0 mV), C_m 300 pF, tau_syn_ex and
// tau_syn_in 3 ms, I_e 0 pA, and the state V_m (starts at E_L).
// Receptors: soma_exc 1, soma_inh 2, dendritic_exc 3, dendritic_inh 4
// (spikes; inhibitory dendritic weights are subtracted), soma_curr 5,
// dendritic_curr 6 (as in NEST 3.10, the dendrite's I_e and current input
// do not enter its equation, so they have no effect). Recordables: I_ex.p,
// I_in.p, V_m.p, V_m.s, g_ex.s,
// g_in.s. Random numbers come from the stream of the neuron's thread.
type PpCondExpMcUrbanczik struct {
	P PpCondExpMcUrbanczikParams
	S urbanczikState
	v urbanczikInternals
	neuron
	urbanczikHistory
	input [urbanczikChannels]float64
}

// urbanczikComp are the parameters of one compartment.
type urbanczikComp struct {
	GL, EL, Eex, Ein, Cm, TauSynEx, TauSynIn, Ie float64
}

// PpCondExpMcUrbanczikParams are the user-settable parameters.
type PpCondExpMcUrbanczikParams struct {
	TRef, PhiMax, RateSlope, Beta, Theta float64
	GConn                                [urbanczikComps]float64 // g_sp (soma), g_ps (dendrite)
	Comp                                 [urbanczikComps]urbanczikComp
}

const (
	urbanczikSoma = iota
	urbanczikDend
	urbanczikComps
)

// State elements of a compartment (V_m, the two conductances of the soma,
// the two currents of the dendrite; the unused ones stay 0).
const (
	urbanczikV = iota
	urbanczikGEx
	urbanczikGIn
	urbanczikIEx
	urbanczikIIn
	urbanczikElems
	urbanczikDim = urbanczikComps * urbanczikElems
)

func urbanczikIdx(c, e int) int { return c*urbanczikElems + e }

// Ring channels: the four spike receptors, then the two current ones.
const urbanczikChannels = 6

var urbanczikCompNames = [urbanczikComps]string{"soma", "dendritic"}

// DefaultPpCondExpMcUrbanczikParams returns NEST 3.10's defaults.
func DefaultPpCondExpMcUrbanczikParams() PpCondExpMcUrbanczikParams {
	return PpCondExpMcUrbanczikParams{
		TRef: 3, PhiMax: 0.15, RateSlope: 0.5, Beta: 1.0 / 3.0, Theta: -55,
		GConn: [urbanczikComps]float64{600, 0},
		Comp: [urbanczikComps]urbanczikComp{
			{GL: 30, EL: -70, Eex: 0, Ein: -75, Cm: 300, TauSynEx: 3, TauSynIn: 3},
			{GL: 30, EL: -70, Eex: 0, Ein: 0, Cm: 300, TauSynEx: 3, TauSynIn: 3},
		},
	}
}

// Validate checks NEST's rules in NEST's order.
func (p *PpCondExpMcUrbanczikParams) Validate() error {
	switch {
	case p.RateSlope < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Rate slope cannot be negative (rate_slope = %g).", p.RateSlope)
	case p.PhiMax < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Maximum rate cannot be negative (phi_max = %g).", p.PhiMax)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time cannot be negative (t_ref = %g ms).", p.TRef)
	}
	for i, c := range p.Comp {
		if c.Cm <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "Capacitance (%s) must be strictly positive (C_m = %g pF).", urbanczikCompNames[i], c.Cm)
		}
		if c.TauSynEx <= 0 || c.TauSynIn <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (%s: tau_syn_ex = %g, tau_syn_in = %g ms).",
				urbanczikCompNames[i], c.TauSynEx, c.TauSynIn)
		}
	}
	return nil
}

// phi is the rate function (1/ms).
func (p *PpCondExpMcUrbanczikParams) phi(u float64) float64 {
	return p.PhiMax / (1.0 + p.RateSlope*libm.Exp(p.Beta*(p.Theta-u)))
}

// hFn is the factor h of the plasticity rule.
func (p *PpCondExpMcUrbanczikParams) hFn(u float64) float64 {
	return 15.0 * p.Beta / (1.0 + (1.0/p.RateSlope)*libm.Exp(-p.Beta*(p.Theta-u)))
}

type urbanczikState struct {
	Y     [urbanczikDim]float64
	Dead  int64                   // remaining dead steps
	IStim [urbanczikComps]float64 // currents read in the previous step, pA
}

type urbanczikInternals struct {
	integrator
	f         func(float64, []float64, []float64) error
	deadSteps int64
	h         float64
	rng       *rand.Rand
	stepToMs  func(int64) float64
}

var (
	urbanczikRecordables = []string{"I_ex.p", "I_in.p", "V_m.p", "V_m.s", "g_ex.s", "g_in.s"}
	urbanczikRecorded    = []int{
		urbanczikIdx(urbanczikDend, urbanczikIEx), urbanczikIdx(urbanczikDend, urbanczikIIn), urbanczikIdx(urbanczikDend, urbanczikV),
		urbanczikIdx(urbanczikSoma, urbanczikV), urbanczikIdx(urbanczikSoma, urbanczikGEx), urbanczikIdx(urbanczikSoma, urbanczikGIn),
	}
)

// NewPpCondExpMcUrbanczik returns a neuron with NEST's defaults at rest.
func NewPpCondExpMcUrbanczik() *PpCondExpMcUrbanczik {
	n := &PpCondExpMcUrbanczik{P: DefaultPpCondExpMcUrbanczikParams(), neuron: newNeuron()}
	for c := range urbanczikComps {
		n.S.Y[urbanczikIdx(c, urbanczikV)] = n.P.Comp[c].EL
	}
	return n
}

// Model implements node.Node.
func (n *PpCondExpMcUrbanczik) Model() string { return "pp_cond_exp_mc_urbanczik" }

// Clone implements node.Node; the copy has no loggers, buffers or
// histories and sets up its own integration when first prepared.
func (n *PpCondExpMcUrbanczik) Clone() node.Node {
	return &PpCondExpMcUrbanczik{P: n.P, S: n.S, neuron: n.copyNeuron()}
}

// Status implements node.Node.
func (n *PpCondExpMcUrbanczik) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"t_ref": p.TRef, "phi_max": p.PhiMax, "rate_slope": p.RateSlope, "beta": p.Beta, "theta": p.Theta,
		"g_sp": p.GConn[urbanczikSoma], "g_ps": p.GConn[urbanczikDend],
		"receptor_types": dict.Dict{
			"soma_exc": 1, "soma_inh": 2, "dendritic_exc": 3, "dendritic_inh": 4, "soma_curr": 5, "dendritic_curr": 6,
		},
		"recordables": append([]string(nil), urbanczikRecordables...),
	}
	for i, c := range p.Comp {
		d[urbanczikCompNames[i]] = dict.Dict{
			"g_L": c.GL, "E_L": c.EL, "E_ex": c.Eex, "E_in": c.Ein, "C_m": c.Cm,
			"tau_syn_ex": c.TauSynEx, "tau_syn_in": c.TauSynIn, "I_e": c.Ie,
			"V_m": n.S.Y[urbanczikIdx(i, urbanczikV)],
		}
	}
	n.arch.Status(d)
	return d
}

// urbanczikCompReaders returns a reader over each compartment dictionary
// present in r (nil where absent).
func urbanczikCompReaders(r *dict.Reader) ([urbanczikComps]*dict.Reader, error) {
	var out [urbanczikComps]*dict.Reader
	for i, name := range urbanczikCompNames {
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

// SetStatus implements node.Node: parameters, state and spike archive on
// copies, committed only when every rule holds.
func (n *PpCondExpMcUrbanczik) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"t_ref", &p.TRef}, {"phi_max", &p.PhiMax}, {"rate_slope", &p.RateSlope}, {"beta", &p.Beta}, {"theta", &p.Theta},
		{"g_sp", &p.GConn[urbanczikSoma]}, {"g_ps", &p.GConn[urbanczikDend]},
	}); err != nil {
		return err
	}
	comps, err := urbanczikCompReaders(r)
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
		if _, err := cr.Float("V_m", &s.Y[urbanczikIdx(i, urbanczikV)]); err != nil {
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

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 1 to 4;
// 0 and the current receptors are IncompatibleReceptorType.
func (n *PpCondExpMcUrbanczik) CheckSpikeReceptor(_ string, rport int) error {
	switch {
	case rport >= 1 && rport <= 4:
		return nil
	case rport >= 0 && rport <= 6:
		return nesterr.New(nesterr.ErrIncompatibleReceptorType, "Receptor type %d in pp_cond_exp_mc_urbanczik does not accept SpikeEvent.", rport)
	}
	return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in pp_cond_exp_mc_urbanczik.", rport)
}

// HandleSpike implements node.SpikeReceiver.
func (n *PpCondExpMcUrbanczik) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, e.Rport-1, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptors 5 and
// 6; the spike receptors and 0 are IncompatibleReceptorType.
func (n *PpCondExpMcUrbanczik) CheckCurrentReceptor(rport int) error {
	switch {
	case rport == 5 || rport == 6:
		return nil
	case rport >= 0 && rport < 5:
		return nesterr.New(nesterr.ErrIncompatibleReceptorType, "Receptor type %d in pp_cond_exp_mc_urbanczik does not accept CurrentEvent.", rport)
	}
	return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in pp_cond_exp_mc_urbanczik.", rport)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *PpCondExpMcUrbanczik) HandleCurrent(slot, rport int, weighted float64) {
	n.ring.Add(slot, rport-1, weighted)
}

// Prepare implements node.Node; the integration is set up at the first
// run only (see integrator).
func (n *PpCondExpMcUrbanczik) Prepare(env *node.Env) {
	v := &n.v
	if !v.ready() {
		v.init(urbanczikDim, mustControl(1e-3, 0, 1, 0), env.Base.Resolution)
		n.urbanczikPrepare(env)
	}
	v.f = n.derivs
	v.rng = env.RNG
	v.deadSteps = env.Base.MsToSteps(n.P.TRef)
	v.h = env.Base.Resolution
	v.stepToMs = env.StepsToMs()
	n.ring.Bind(env, urbanczikChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// derivs is the right-hand side, in NEST's operations.
func (n *PpCondExpMcUrbanczik) derivs(_ float64, y, f []float64) error {
	p := &n.P
	s := &p.Comp[urbanczikSoma]
	v := y[urbanczikIdx(urbanczikSoma, urbanczikV)]
	iL := float64(s.GL * (v - s.EL))
	iEx := float64(y[urbanczikIdx(urbanczikSoma, urbanczikGEx)] * (v - s.Eex))
	iIn := float64(y[urbanczikIdx(urbanczikSoma, urbanczikGIn)] * (v - s.Ein))
	iConnDS := 0.0
	for c := 1; c < urbanczikComps; c++ {
		d := &p.Comp[c]
		vd := y[urbanczikIdx(c, urbanczikV)]
		iConnDS += float64(p.GConn[urbanczikSoma] * (vd - v))
		iConnSD := float64(p.GConn[c] * (v - vd))
		synEx, synIn := y[urbanczikIdx(c, urbanczikIEx)], y[urbanczikIdx(c, urbanczikIIn)]
		f[urbanczikIdx(c, urbanczikV)] = (-float64(d.GL*(vd-d.EL)) + synEx + synIn + iConnSD) / d.Cm
		f[urbanczikIdx(c, urbanczikIEx)] = -synEx / d.TauSynEx
		f[urbanczikIdx(c, urbanczikIIn)] = -synIn / d.TauSynIn
		f[urbanczikIdx(c, urbanczikGIn)] = 0
		f[urbanczikIdx(c, urbanczikGEx)] = 0
	}
	f[urbanczikIdx(urbanczikSoma, urbanczikV)] = (-iL - iEx - iIn + iConnDS + n.S.IStim[urbanczikSoma] + s.Ie) / s.Cm
	f[urbanczikIdx(urbanczikSoma, urbanczikGEx)] = -y[urbanczikIdx(urbanczikSoma, urbanczikGEx)] / s.TauSynEx
	f[urbanczikIdx(urbanczikSoma, urbanczikGIn)] = -y[urbanczikIdx(urbanczikSoma, urbanczikGIn)] / s.TauSynIn
	f[urbanczikIdx(urbanczikSoma, urbanczikIEx)] = 0
	f[urbanczikIdx(urbanczikSoma, urbanczikIIn)] = 0
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step,
// add the step's spikes, then (outside the dead time) the escape draw, or
// count the dead time down; write the history, take the currents for the
// next step and log.
func (n *PpCondExpMcUrbanczik) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	y := s.Y[:]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("pp_cond_exp_mc_urbanczik", v.f, y)
		n.ring.Take(ctx.Slot(step), in[:])
		y[urbanczikIdx(urbanczikSoma, urbanczikGEx)] += in[0]
		y[urbanczikIdx(urbanczikSoma, urbanczikGIn)] += in[1]
		y[urbanczikIdx(urbanczikDend, urbanczikIEx)] += in[2]
		y[urbanczikIdx(urbanczikDend, urbanczikIIn)] -= in[3]

		spikes := 0
		if s.Dead == 0 {
			rate := 1000.0 * p.phi(y[urbanczikIdx(urbanczikSoma, urbanczikV)])
			if rate > 0 {
				if p.TRef > 0 {
					if v.rng.Float64() <= -nestExpm1(-rate*v.h*1e-3) {
						spikes = 1
					}
				} else {
					spikes = poissonDraw(v.rng, rate*v.h*1e-3)
				}
				if spikes > 0 {
					s.Dead = v.deadSteps
					if spikes == 1 {
						ctx.Emit.EmitSpike(ctx.Index, step, 0)
					} else {
						ctx.Emit.EmitSpikes(ctx.Index, step, 0, spikes)
					}
					for range spikes {
						n.arch.Spike(v.stepToMs(step + 1))
					}
				}
			}
		} else {
			s.Dead--
		}
		n.urbanczikWrite(step, y[urbanczikIdx(urbanczikDend, urbanczikV)], spikes, p, n.arch.Readers())
		s.IStim[urbanczikSoma], s.IStim[urbanczikDend] = in[4], in[5]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *PpCondExpMcUrbanczik) Recordables() []string { return urbanczikRecordables }

// RecordableValue implements node.Recordable.
func (n *PpCondExpMcUrbanczik) RecordableValue(i int) float64 {
	if i < 0 || i >= len(urbanczikRecorded) {
		return math.NaN()
	}
	return n.S.Y[urbanczikRecorded[i]]
}

// UrbanczikDendrite implements node.UrbanczikArchiving: the dendrite's
// leak conductance, membrane time constant, capacitance and synaptic time
// constants.
func (n *PpCondExpMcUrbanczik) UrbanczikDendrite() (gL, tauL, cM, tauSynEx, tauSynIn float64) {
	d := &n.P.Comp[urbanczikDend]
	return d.GL, d.Cm / d.GL, d.Cm, d.TauSynEx, d.TauSynIn
}

// urbanczikHistory is NEST's UrbanczikArchivingNode history of the
// dendrite: at the end of every step, while some plastic connection reads
// the neuron's history, the entry
//
//	dPI = (n_spikes - phi(V*) h) * h(V*),  V* = (E_L.s g_L.s + V.p g_sp)/(g_sp + g_L.s),
//
// is appended; entries every reader has passed are dropped (the newest is
// kept).
type urbanczikHistory struct {
	hist        []clopathEntry
	first       int
	ticsPerStep int64
	msPerTic    float64
	res         float64
}

func (u *urbanczikHistory) urbanczikPrepare(env *node.Env) {
	u.ticsPerStep, u.msPerTic, u.res = env.Base.TicsPerStep, env.Base.MsPerTic, env.Base.Resolution
}

func (u *urbanczikHistory) urbanczikWrite(step int64, vw float64, spikes int, p *PpCondExpMcUrbanczikParams, readers int) {
	if readers == 0 {
		return
	}
	tMs := float64((step+1)*u.ticsPerStep) * u.msPerTic
	gD, gL, eL := p.GConn[urbanczikSoma], p.Comp[urbanczikSoma].GL, p.Comp[urbanczikSoma].EL
	vStar := (eL*gL + vw*gD) / (gD + gL)
	for len(u.hist)-u.first > 1 && u.hist[u.first].reads >= readers {
		u.first++
	}
	if u.first > 64 && 2*u.first > len(u.hist) {
		u.hist = append(u.hist[:0], u.hist[u.first:]...)
		u.first = 0
	}
	dPI := (float64(spikes) - p.phi(vStar)*u.res) * p.hFn(vStar)
	u.hist = append(u.hist, clopathEntry{t: tMs, dw: dPI})
}

// UrbanczikHistory implements node.UrbanczikArchiving.
func (u *urbanczikHistory) UrbanczikHistory(t1, t2 float64, fn func(t, dPI float64)) {
	h := u.hist[u.first:]
	i := 0
	for i < len(h) && h[i].t-1.0e-6 < t1 {
		i++
	}
	for ; i < len(h) && h[i].t-1.0e-6 < t2; i++ {
		h[i].reads++
		fn(h[i].t, h[i].dw)
	}
}
