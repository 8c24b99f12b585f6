package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() {
	register("gif_cond_exp_multisynapse", func() node.Node { return NewGifCondExpMultisynapse() })
}

// GifCondExpMultisynapse is NEST's gif_cond_exp_multisynapse: gif_cond_exp
// (see GifCondExp) with any number of conductance-based receptor ports.
// Port p has a conductance g[p-1] that decays with tau_syn[p-1] and drives
// the membrane through the reversal potential E_rev[p-1]; a spike of
// weight w >= 0 (nS) adds w to it. A negative weight stops the simulation
// with BadProperty when the spike is delivered, as in NEST.
//
// Parameters: those of gif_psc_exp (C_m 80 pF, g_L 4 nS, E_L -70 mV,
// V_reset -55 mV, t_ref 4 ms, I_e 0 pA, Delta_V 0.5 mV, V_T_star -35 mV,
// lambda_0 1/s, tau_stc/q_stc and tau_sfa/q_sfa empty), and
//
//	tau_syn         [2.0]   ms   conductance time constants, one per port (> 0)
//	E_rev           [0.0]   mV   reversal potentials, one per port
//	gsl_error_tol   0.001   -    error bound of the RKF45 integration (>= 0)
//
// The number of ports (n_receptors) is the length of E_rev; changing it
// needs both arrays, of equal length, and once the neuron has spike
// connections it may grow but not shrink. As in gif_cond_exp, a negative
// gsl_error_tol is refused (NEST's GSL aborts).
// State: V_m (mV, starts at E_L), E_sfa (mV), I_stc (pA); read-only g
// (nS, one per port; a node never given parameters reports one entry
// more, as NEST does), n_receptors and has_connections. Like every NEST
// neuron it keeps a spike archive for STDP synapses.
// Receptors: spikes on 1..n_receptors; currents on 0.
// Recordables: V_m, E_sfa, I_stc.
//
// NEST sizes its integration when the node is first simulated; ports
// added after that are integrated by gonest (NEST would leave them out of
// its solver's arrays), with the step size carried over.
type GifCondExpMultisynapse struct {
	P GifCondExpMultisynapseParams
	S gifCondExpMultiState
	v gifCondExpMultiInternals
	multiPorts
	input []float64
}

// GifCondExpMultisynapseParams are the user-settable parameters.
type GifCondExpMultisynapseParams struct {
	gifParams
	TauSyn      []float64 // tau_syn, ms; never changed in place
	ERev        []float64 // E_rev, mV; never changed in place
	GslErrorTol float64   // gsl_error_tol
}

// DefaultGifCondExpMultisynapseParams returns NEST 3.10's defaults.
func DefaultGifCondExpMultisynapseParams() GifCondExpMultisynapseParams {
	return GifCondExpMultisynapseParams{gifParams: defaultGifParams(), TauSyn: []float64{2}, ERev: []float64{0}, GslErrorTol: 1e-3}
}

// gifCondExpMultiState is the dynamic state.
type gifCondExpMultiState struct {
	// Y is V_m followed by the conductances. NEST's fresh node holds two
	// conductances for its one port; every status change trims Y to the
	// ports.
	Y        []float64
	IStim    float64 // current input read in the previous step, pA
	RefSteps int64   // remaining refractory steps
	A        gifAdaptation
}

func (s *gifCondExpMultiState) clone() gifCondExpMultiState {
	c := *s
	c.Y = append([]float64(nil), s.Y...)
	c.A = s.A.clone()
	return c
}

// gifCondExpMultiInternals are derived in Prepare.
type gifCondExpMultiInternals struct {
	integrator
	control         *ode.Control // kept from the first preparation
	dim             int          // equations the evolution was made for
	f               ode.Func
	h               float64
	decay           gifDecay
	refractorySteps int64
	rng             *rand.Rand
	stepToMs        func(int64) float64
}

var gifCondExpMultiRecordables = []string{"V_m", "E_sfa", "I_stc"}

// NewGifCondExpMultisynapse returns a neuron with default parameters at
// rest.
func NewGifCondExpMultisynapse() *GifCondExpMultisynapse {
	p := DefaultGifCondExpMultisynapseParams()
	n := &GifCondExpMultisynapse{
		P:          p,
		S:          gifCondExpMultiState{Y: make([]float64, 3)},
		multiPorts: newMultiPorts("gif_cond_exp_multisynapse", len(p.ERev)),
	}
	n.S.Y[0] = p.EL
	return n
}

// Model implements node.Node.
func (n *GifCondExpMultisynapse) Model() string { return "gif_cond_exp_multisynapse" }

// Clone implements node.Node; the copy has no loggers, buffers or
// connections and sets up its own integration when first prepared.
func (n *GifCondExpMultisynapse) Clone() node.Node {
	return &GifCondExpMultisynapse{P: n.P, S: n.S.clone(), multiPorts: n.copyPorts()}
}

// Status implements node.Node.
func (n *GifCondExpMultisynapse) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"tau_syn": append([]float64{}, p.TauSyn...), "E_rev": append([]float64{}, p.ERev...),
		"gsl_error_tol": p.GslErrorTol,
		"V_m":           n.S.Y[0], "g": append([]float64{}, n.S.Y[1:]...),
		"E_sfa": n.S.A.Sfa, "I_stc": n.S.A.Stc,
		"recordables": append([]string(nil), gifCondExpMultiRecordables...),
	}
	p.status(d)
	gifPortStatus(&n.multiPorts, d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, state and archive are
// changed on copies and committed only when every rule holds. NEST checks
// the receptor arrays before the shared rules.
func (n *GifCondExpMultisynapse) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.readScalars(r); err != nil {
		return err
	}
	if _, err := r.Float("gsl_error_tol", &p.GslErrorTol); err != nil {
		return err
	}
	if err := p.readAdaptation(r); err != nil {
		return err
	}
	if err := n.readPorts(r, &p); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	if err := checkGifErrorTol(p.GslErrorTol); err != nil {
		return err
	}
	v := n.S.Y[0]
	arch, err := n.readStateArchive(r, floatField{"V_m", &v})
	if err != nil {
		return err
	}
	// NEST resizes the state to the ports on every status change, keeping
	// the conductances that remain.
	y := resizeZero(append([]float64(nil), n.S.Y...), 1+len(p.ERev))
	y[0] = v
	n.P, n.S.Y, n.arch = p, y, arch
	n.ports = len(p.ERev)
	return nil
}

// readPorts reads E_rev and tau_syn into p and checks them as NEST does.
func (n *GifCondExpMultisynapse) readPorts(r *dict.Reader, p *GifCondExpMultisynapseParams) error {
	old := len(p.ERev)
	hasE, err := r.Floats("E_rev", &p.ERev)
	if err != nil {
		return err
	}
	hasTau, err := r.Floats("tau_syn", &p.TauSyn)
	if err != nil {
		return err
	}
	if !hasE && !hasTau {
		return nil
	}
	switch {
	case (len(p.ERev) != old || len(p.TauSyn) != old) && !(hasE && hasTau):
		return nesterr.New(nesterr.ErrBadProperty, "If the number of receptor ports is changed, both arrays E_rev and tau_syn must be provided (%d ports, E_rev has %d, tau_syn %d).",
			old, len(p.ERev), len(p.TauSyn))
	case len(p.ERev) != len(p.TauSyn):
		return nesterr.New(nesterr.ErrBadProperty, "The reversal potential, and synaptic time constant arrays must have the same size (E_rev: %d, tau_syn: %d).",
			len(p.ERev), len(p.TauSyn))
	}
	if err := gifCheckPortCount(&n.multiPorts, len(p.TauSyn)); err != nil {
		return err
	}
	for i, ts := range p.TauSyn {
		if ts <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be strictly positive (tau_syn[%d] = %g ms).", i, ts)
		}
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its port's conductance. A negative weight is NEST's BadProperty, raised
// while the spike is delivered; it ends the simulation.
func (n *GifCondExpMultisynapse) HandleSpike(e *node.SpikeEvent) {
	if e.Weight < 0 {
		panic(nesterr.New(nesterr.ErrBadProperty, "Synaptic weights for conductance-based multisynapse models must be non-negative (weight %g on receptor %d of %s).",
			e.Weight, e.Rport, n.model))
	}
	n.multiPorts.HandleSpike(e)
}

// Prepare implements node.Node. The integration is set up before the
// first run (see integrator) and again, with its step size, when the
// number of ports has changed since; the adaptation and the refractory
// period follow the parameters in every run.
func (n *GifCondExpMultisynapse) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	dim := 1 + n.ports
	switch {
	case !v.ready():
		// NEST: gsl_odeiv_control_y_new(gsl_error_tol, 0.0).
		v.control = mustControl(p.GslErrorTol, 0, 1, 0)
		v.init(dim, v.control, h)
		v.dim = dim
	case v.dim != dim:
		v.evolve = ode.NewEvolve(dim, v.control)
		v.dim = dim
	}
	v.f = n.derivs
	v.h = h
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.decay.prepare(&p.gifParams, h)
	n.S.A.resize(&p.gifParams)
	v.rng = env.RNG
	v.stepToMs = env.StepsToMs()
	n.input = resizeZero(n.input[:0], n.channels())
	n.bindBuffers(env, n.channels())
}

// derivs is the right-hand side of the system: V_m, then one conductance
// per port. It reads the refractory counter, the input current and I_stc
// from the node, as NEST's does.
func (n *GifCondExpMultisynapse) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	// NEST takes the leak from the integrated V_m, the synaptic currents
	// from V_reset while refractory (when dV/dt is 0 anyway).
	iLeak := float64(-p.GL * (y[0] - p.EL))
	v := y[0]
	if refractory {
		v = p.Vreset
	}
	iSyn := 0.0
	for i, e := range p.ERev {
		iSyn += float64(-y[1+i] * (v - e))
	}
	if refractory {
		f[0] = 0
	} else {
		f[0] = (iLeak + n.S.IStim + p.Ie + iSyn - n.S.A.Stc) / p.Cm
	}
	for i, tau := range p.TauSyn {
		f[1+i] = -y[1+i] / tau
	}
	return nil
}

// Update implements node.Node, in the order of gif_cond_exp.
func (n *GifCondExpMultisynapse) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := n.input
	y := s.Y[:v.dim]
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.A.step(p.VTStar, &v.decay)
		v.advance("gif_cond_exp_multisynapse", v.f, y)

		n.ring.Take(ctx.Slot(step), in)
		for i := range n.ports {
			y[1+i] += in[i]
		}

		if s.RefSteps == 0 {
			if gifFires(&p.gifParams, y[0], s.A.Sfa, v.h, v.rng) {
				s.A.jump(&p.gifParams)
				s.RefSteps = v.refractorySteps
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.RefSteps--
			y[0] = p.Vreset
		}

		s.IStim = in[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *GifCondExpMultisynapse) Recordables() []string { return gifCondExpMultiRecordables }

// RecordableValue implements node.Recordable.
func (n *GifCondExpMultisynapse) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Y[0]
	case 1:
		return n.S.A.Sfa
	case 2:
		return n.S.A.Stc
	}
	return math.NaN()
}
