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
	register("gif_psc_exp_multisynapse", func() node.Node { return NewGifPscExpMultisynapse() })
}

// GifPscExpMultisynapse is NEST's gif_psc_exp_multisynapse: gif_psc_exp
// (see GifPscExp) with any number of current-based receptor ports, port p
// filtering its spikes through an exponential current of time constant
// tau_syn[p-1]. Weights of either sign go to the port's current.
//
// Unlike gif_psc_exp, the synaptic currents enter the membrane update of a
// step with their values from before that step's decay and input, as in
// NEST.
//
// Parameters: those of gif_psc_exp (C_m 80 pF, g_L 4 nS, E_L -70 mV,
// V_reset -55 mV, t_ref 4 ms, I_e 0 pA, Delta_V 0.5 mV, V_T_star -35 mV,
// lambda_0 1/s, tau_stc/q_stc and tau_sfa/q_sfa empty) without tau_syn_ex
// and tau_syn_in, and
//
//	tau_syn   [2.0]   ms   synaptic time constants, one per port (> 0)
//
// The number of ports (n_receptors) is the length of tau_syn; once the
// neuron has spike connections it may grow but not shrink.
// State: V_m (mV, starts at -70), E_sfa (mV), I_stc (pA); read-only
// n_receptors and has_connections. Like every NEST neuron it keeps a
// spike archive for STDP synapses.
// Receptors: spikes on 1..n_receptors; currents on 0.
// Recordables: V_m, E_sfa, I_stc.
type GifPscExpMultisynapse struct {
	P GifPscExpMultisynapseParams
	S gifPscExpMultiState
	v gifPscExpMultiInternals
	multiPorts
	input []float64
}

// GifPscExpMultisynapseParams are the user-settable parameters.
type GifPscExpMultisynapseParams struct {
	gifParams
	TauSyn []float64 // tau_syn, ms; never changed in place
}

// DefaultGifPscExpMultisynapseParams returns NEST 3.10's defaults.
func DefaultGifPscExpMultisynapseParams() GifPscExpMultisynapseParams {
	return GifPscExpMultisynapseParams{gifParams: defaultGifParams(), TauSyn: []float64{2}}
}

// gifPscExpMultiState is the dynamic state.
type gifPscExpMultiState struct {
	V        float64   // membrane potential, mV
	ISyn     []float64 // synaptic current of each port, pA
	IStim    float64   // current input read in the previous step, pA
	RefSteps int64     // remaining refractory steps
	A        gifAdaptation
}

func (s *gifPscExpMultiState) clone() gifPscExpMultiState {
	c := *s
	c.ISyn = append([]float64(nil), s.ISyn...)
	c.A = s.A.clone()
	return c
}

// gifPscExpMultiInternals are derived in Prepare.
type gifPscExpMultiInternals struct {
	h               float64
	p11, p21        []float64 // per port: current decay, current -> membrane
	p30, p31, p33   float64
	decay           gifDecay
	refractorySteps int64
	rng             *rand.Rand
	stepToMs        func(int64) float64
}

var gifPscExpMultiRecordables = []string{"V_m", "E_sfa", "I_stc"}

// NewGifPscExpMultisynapse returns a neuron with default parameters.
func NewGifPscExpMultisynapse() *GifPscExpMultisynapse {
	p := DefaultGifPscExpMultisynapseParams()
	return &GifPscExpMultisynapse{
		P:          p,
		S:          gifPscExpMultiState{V: -70},
		multiPorts: newMultiPorts("gif_psc_exp_multisynapse", len(p.TauSyn)),
	}
}

// Model implements node.Node.
func (n *GifPscExpMultisynapse) Model() string { return "gif_psc_exp_multisynapse" }

// Clone implements node.Node; the copy has no loggers, buffers or
// connections.
func (n *GifPscExpMultisynapse) Clone() node.Node {
	return &GifPscExpMultisynapse{P: n.P, S: n.S.clone(), multiPorts: n.copyPorts()}
}

// Status implements node.Node.
func (n *GifPscExpMultisynapse) Status() dict.Dict {
	d := dict.Dict{
		"tau_syn": append([]float64{}, n.P.TauSyn...),
		"V_m":     n.S.V, "E_sfa": n.S.A.Sfa, "I_stc": n.S.A.Stc,
		"recordables": append([]string(nil), gifPscExpMultiRecordables...),
	}
	n.P.status(d)
	gifPortStatus(&n.multiPorts, d)
	n.arch.Status(d)
	return d
}

// gifPortStatus adds what NEST's gif multisynapse models report about
// their ports (n_receptors, not the n_synapses of other multisynapse
// models).
func gifPortStatus(m *multiPorts, d dict.Dict) {
	d["n_receptors"] = m.ports
	d["has_connections"] = m.connected
}

// gifCheckPortCount is the gif multisynapse rule on changing the number
// of ports: with connections it may grow but not shrink. (multiPorts'
// resize also refuses growth, as iaf_psc_exp_multisynapse does.)
func gifCheckPortCount(m *multiPorts, n int) error {
	if m.connected && n < m.ports {
		return nesterr.New(nesterr.ErrBadProperty, "The neuron has connections, therefore the number of ports cannot be reduced (%d ports, %d requested).", m.ports, n)
	}
	return nil
}

// SetStatus implements node.Node: parameters, state and archive are
// changed on copies and committed only when every rule holds.
func (n *GifPscExpMultisynapse) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := p.readScalars(r); err != nil {
		return err
	}
	if err := p.readAdaptation(r); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	var tau []float64
	ok, err := r.Floats("tau_syn", &tau)
	if err != nil {
		return err
	}
	if ok {
		if err := gifCheckPortCount(&n.multiPorts, len(tau)); err != nil {
			return err
		}
		for i, ts := range tau {
			if ts <= 0 {
				return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be > 0 (tau_syn[%d] = %g ms).", i, ts)
			}
		}
		p.TauSyn = tau
	}
	v := n.S.V
	arch, err := n.readStateArchive(r, floatField{"V_m", &v})
	if err != nil {
		return err
	}
	n.P, n.S.V, n.arch = p, v, arch
	n.ports = len(p.TauSyn)
	return nil
}

// Prepare implements node.Node: propagators for the step, and the
// adaptation elements and synaptic currents sized to the parameters
// (values kept, new ones 0), as NEST does before every run.
func (n *GifPscExpMultisynapse) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	v.h = h
	tauM := p.Cm / p.GL
	v.p30, v.p31, v.p33 = gifMembranePropagators(&p.gifParams, h)
	v.refractorySteps = env.Base.MsToSteps(p.TRef)
	v.decay.prepare(&p.gifParams, h)
	n.S.A.resize(&p.gifParams)
	v.p11, v.p21 = v.p11[:0], v.p21[:0]
	for _, ts := range p.TauSyn {
		v.p11 = append(v.p11, libm.Exp(-h/ts))
		v.p21 = append(v.p21, expPropagator(ts, tauM, p.Cm, h))
	}
	n.S.ISyn = resizeZero(n.S.ISyn, n.ports)
	v.rng = env.RNG
	v.stepToMs = env.StepsToMs()
	n.input = resizeZero(n.input[:0], n.channels())
	n.bindBuffers(env, n.channels())
}

// Update implements node.Node. NEST's order inside a step: the adaptation
// sums and their decay; per port, the current's effect on the membrane,
// then its decay and the spikes arriving in the step; then (unless
// refractory) the membrane and the spike decision, else the refractory
// count and the clamp at V_reset; then the current for the next step and
// logging.
func (n *GifPscExpMultisynapse) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.A.step(p.VTStar, &v.decay)

		n.ring.Take(ctx.Slot(step), in)
		synPot := 0.0
		for i, c := range s.ISyn {
			synPot += float64(v.p21[i] * c)
			s.ISyn[i] = float64(v.p11[i]*c) + in[i]
		}

		if s.RefSteps == 0 {
			s.V = float64(v.p30*(s.IStim+p.Ie-s.A.Stc)) + float64(v.p33*s.V) + float64(v.p31*p.EL) + synPot
			if gifFires(&p.gifParams, s.V, s.A.Sfa, v.h, v.rng) {
				s.A.jump(&p.gifParams)
				s.RefSteps = v.refractorySteps
				n.arch.Spike(v.stepToMs(step + 1))
				ctx.Emit.EmitSpike(ctx.Index, step, 0)
			}
		} else {
			s.RefSteps--
			s.V = p.Vreset
		}

		s.IStim = in[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *GifPscExpMultisynapse) Recordables() []string { return gifPscExpMultiRecordables }

// RecordableValue implements node.Recordable.
func (n *GifPscExpMultisynapse) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.V
	case 1:
		return n.S.A.Sfa
	case 2:
		return n.S.A.Stc
	}
	return math.NaN()
}
