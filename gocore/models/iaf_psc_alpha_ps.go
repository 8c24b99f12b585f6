package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_alpha_ps", func() node.Node { return NewIafPscAlphaPs() }) }

// IafPscAlphaPs is NEST's iaf_psc_alpha_ps: the leaky integrate-and-fire
// neuron with alpha-shaped synaptic currents (excitatory and inhibitory
// by the sign of the weight), integrated exactly from event to event
// inside each step so that spikes keep their precise times.
//
// A spike of weight w (pA) adds e/tau_syn * w to the derivative of its
// current, so that the current peaks at w after tau_syn. Inside a step
// the state is propagated to each event's offset; whenever the membrane
// is found at or above V_th at the end of such a piece the crossing is
// located inside the piece by regula falsi on the exact solution (to
// |V - V_th| < 1e-14 mV). After a spike the membrane stays at V_reset for
// t_ref exactly while the currents go on. V_min bounds the potential
// after every piece. A potential above threshold at the start of an
// update fires at once at offset h*(1-eps).
//
// Parameters (status keys, defaults, units):
//
//	E_L         -70.0  mV  resting potential
//	I_e           0.0  pA  constant input current
//	V_th        -55.0  mV  spike threshold
//	V_reset     -70.0  mV  reset potential
//	V_min        -inf  mV  lower bound of V_m
//	C_m         250.0  pF  membrane capacitance
//	tau_m        10.0  ms  membrane time constant
//	tau_syn_ex    2.0  ms  excitatory synaptic time constant
//	tau_syn_in    2.0  ms  inhibitory synaptic time constant
//	t_ref         2.0  ms  refractory period, at least one step
//
// State: V_m (mV, starts at E_L, settable); I_syn_ex, I_syn_in,
// dI_syn_ex, dI_syn_in (pA, pA/ms) and is_refractory are reported but,
// as in NEST 3.10, not settable. Receptor 0 for spikes and currents;
// recordables I_syn_ex, I_syn_in, V_m. Like every NEST neuron it keeps a
// spike archive for STDP synapses with the precise spike times. Creating
// one switches off_grid_spiking on.
type IafPscAlphaPs struct {
	neuron
	psOffGrid
	P     iafPscAlphaPsParams
	S     iafPscAlphaPsState
	v     iafPscAlphaPsInternals
	queue psQueue
	cur   [1]float64
}

type iafPscAlphaPsParams struct {
	TauM, TauEx, TauIn, Cm, TRef, EL, Ie float64
	UTh, UMin, UReset                    float64 // relative to E_L
}

type iafPscAlphaPsState struct {
	y          float64 // current input of this step, pA
	dIex, Iex  float64
	dIin, Iin  float64
	V          float64 // V_m - E_L
	refractory bool
	lastStamp  int64
	lastOffset float64
}

type iafPscAlphaPsInternals struct {
	h, invCm, invTauM, invTauEx, invTauIn, normEx, normIn float64
	expm1TauM, expTauEx, expTauIn, p30                    float64
	p31ex, p32ex, p31in, p32in                            float64
	refSteps                                              int64
	stepToMs                                              func(int64) float64
	// the state at the start of the piece being integrated
	yB, iexB, iinB, diexB, diinB, vB float64
}

var iafPscAlphaPsRecordables = []string{"I_syn_ex", "I_syn_in", "V_m"}

// NewIafPscAlphaPs returns a neuron with NEST's defaults at rest.
func NewIafPscAlphaPs() *IafPscAlphaPs {
	return &IafPscAlphaPs{neuron: newNeuron(), P: iafPscAlphaPsParams{
		TauM: 10, TauEx: 2, TauIn: 2, Cm: 250, TRef: 2, EL: -70, Ie: 0,
		UTh: -55 + 70, UMin: math.Inf(-1), UReset: -70 + 70,
	}, S: iafPscAlphaPsState{lastStamp: -1}}
}

// Model implements node.Node.
func (n *IafPscAlphaPs) Model() string { return "iaf_psc_alpha_ps" }

// Clone implements node.Node; the copy has no input, loggers or history.
func (n *IafPscAlphaPs) Clone() node.Node {
	return &IafPscAlphaPs{neuron: n.copyNeuron(), P: n.P, S: n.S, queue: n.queue.clone()}
}

// Status implements node.Node.
func (n *IafPscAlphaPs) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscAlphaPs) StatusTo(w node.StatusSink) {
	p, s := &n.P, &n.S
	psStatusTo(w, p.EL, p.Ie, p.UTh, p.UMin, p.UReset, p.Cm, p.TauM, p.TRef, s.V, s.refractory)
	writeFields(w, []floatField{{"tau_syn_ex", &p.TauEx}, {"tau_syn_in", &p.TauIn},
		{"I_syn_ex", &s.Iex}, {"I_syn_in", &s.Iin}, {"dI_syn_ex", &s.dIex}, {"dI_syn_in", &s.dIin}})
	w.Strings("recordables", iafPscAlphaPsRecordables)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node, transactionally, with NEST's rules.
func (n *IafPscAlphaPs) SetStatus(r *dict.Reader, env *node.Env) error {
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	dEL := p.EL - oldEL
	if err := readFloats(r, []floatField{{"tau_m", &p.TauM}, {"tau_syn_ex", &p.TauEx}, {"tau_syn_in", &p.TauIn},
		{"C_m", &p.Cm}, {"t_ref", &p.TRef}, {"I_e", &p.Ie}}); err != nil {
		return err
	}
	if err := psReadRelative(r, p.EL, dEL, []floatField{{"V_th", &p.UTh}, {"V_min", &p.UMin}, {"V_reset", &p.UReset}}); err != nil {
		return err
	}
	if err := psCheckIaf(p.UReset, p.UTh, p.UMin, p.Cm, env.Base.MsToSteps(p.TRef), p.TRef); err != nil {
		return err
	}
	if p.TauM <= 0 || p.TauEx <= 0 || p.TauIn <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_m = %g ms, tau_syn_ex = %g ms, tau_syn_in = %g ms).",
			p.TauM, p.TauEx, p.TauIn)
	}
	s := n.S
	if err := psReadRelative(r, p.EL, dEL, []floatField{{"V_m", &s.V}}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node.
func (n *IafPscAlphaPs) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.h = env.Base.StepsToMs(1)
	v.invCm, v.invTauM = 1/p.Cm, 1/p.TauM
	v.invTauEx, v.invTauIn = 1/p.TauEx, 1/p.TauIn
	v.normEx, v.normIn = math.E*v.invTauEx, math.E*v.invTauIn
	v.expm1TauM = nestExpm1(-v.h / p.TauM)
	v.expTauEx = libm.Exp(-v.h / p.TauEx)
	v.expTauIn = libm.Exp(-v.h / p.TauIn)
	v.p30 = -p.TauM / p.Cm * v.expm1TauM
	v.p31ex, v.p32ex = alphaPropagator(p.TauEx, p.TauM, p.Cm, v.h)
	v.p31in, v.p32in = alphaPropagator(p.TauIn, p.TauM, p.Cm, v.h)
	v.refSteps = env.Base.MsToSteps(p.TRef)
	v.stepToMs = env.StepsToMs()
	n.ring.Bind(env, 1)
	n.queue.bind(env)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// saveBefore notes the state at the start of a piece for the threshold
// search.
func (n *IafPscAlphaPs) saveBefore() {
	s, v := &n.S, &n.v
	v.iexB, v.iinB, v.diexB, v.diinB, v.vB = s.Iex, s.Iin, s.dIex, s.dIin, s.V
}

// Update implements node.Node: NEST's event-driven loop over each step.
func (n *IafPscAlphaPs) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	if s.V >= p.UTh {
		n.fireAt(ctx, origin+int64(from), v.h*(1-0x1p-52))
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		slot := ctx.Slot(step)
		n.queue.begin(slot)
		if s.refractory && step+1-s.lastStamp == v.refSteps {
			n.queue.addRefractory(s.lastOffset)
		}
		v.yB = s.y
		n.saveBefore()
		off, w, endRefract, ok := n.queue.next(false)
		if !ok {
			if !s.refractory {
				s.V = v.p30*(p.Ie+s.y) + v.p31ex*s.dIex + v.p32ex*s.Iex + v.p31in*s.dIin + v.p32in*s.Iin +
					v.expm1TauM*s.V + s.V
				if s.V < p.UMin {
					s.V = p.UMin
				}
			}
			s.Iex = v.expTauEx*v.h*s.dIex + v.expTauEx*s.Iex
			s.dIex = v.expTauEx * s.dIex
			s.Iin = v.expTauIn*v.h*s.dIin + v.expTauIn*s.Iin
			s.dIin = v.expTauIn * s.dIin
			if s.V >= p.UTh {
				n.fireCrossing(ctx, step, 0, v.h)
			}
		} else {
			last := v.h
			for ; ok; off, w, endRefract, ok = n.queue.next(false) {
				mini := last - off
				n.propagate(mini)
				if s.V >= p.UTh {
					n.fireCrossing(ctx, step, v.h-last, mini)
				}
				switch {
				case endRefract:
					s.refractory = false
				case w >= 0:
					s.dIex += v.normEx * w
				default:
					s.dIin += v.normIn * w
				}
				n.saveBefore()
				last = off
			}
			if last > 0 {
				n.propagate(last)
				if s.V >= p.UTh {
					n.fireCrossing(ctx, step, v.h-last, last)
				}
			}
		}
		n.queue.end(slot)
		n.ring.Take(slot, n.cur[:])
		s.y = n.cur[0]
		n.logs.Record(step, n)
	}
}

// membraneAfter is the membrane potential dt ms after a piece's start,
// from the given state at that start.
func (n *IafPscAlphaPs) membraneAfter(dt, y, dIex, Iex, dIin, Iin, V float64) float64 {
	p, v := &n.P, &n.v
	e := nestExpm1(-dt * v.invTauM)
	p30 := -p.TauM * v.invCm * e
	p31ex, p32ex := alphaPropagator(p.TauEx, p.TauM, p.Cm, dt)
	p31in, p32in := alphaPropagator(p.TauIn, p.TauM, p.Cm, dt)
	return p30*(p.Ie+y) + p31ex*dIex + p32ex*Iex + p31in*dIin + p32in*Iin + V*e + V
}

// propagate advances the state over dt ms; the membrane stays put while
// refractory.
func (n *IafPscAlphaPs) propagate(dt float64) {
	p, s, v := &n.P, &n.S, &n.v
	if !s.refractory {
		s.V = n.membraneAfter(dt, s.y, s.dIex, s.Iex, s.dIin, s.Iin, s.V)
		if s.V < p.UMin {
			s.V = p.UMin
		}
	}
	eEx := libm.Exp(-dt * v.invTauEx)
	eIn := libm.Exp(-dt * v.invTauIn)
	s.Iex = eEx*dt*s.dIex + eEx*s.Iex
	s.dIex = eEx * s.dIex
	s.Iin = eIn*dt*s.dIin + eIn*s.Iin
	s.dIin = eIn * s.dIin
}

// thresholdDistance is V_m - V_th ts ms after the start of the piece.
func (n *IafPscAlphaPs) thresholdDistance(ts float64) float64 {
	v := &n.v
	return n.membraneAfter(ts, v.yB, v.diexB, v.iexB, v.diinB, v.iinB, v.vB) - n.P.UTh
}

// fireCrossing fires at the threshold crossing inside the piece of length
// dt that starts t0 ms after the start of the step.
func (n *IafPscAlphaPs) fireCrossing(ctx *node.Context, step int64, t0, dt float64) {
	n.fireAt(ctx, step, n.v.h-(t0+psRegulaFalsi(n.thresholdDistance, dt)))
}

// fireAt emits a spike in step at offset, resets and starts the
// refractory period.
func (n *IafPscAlphaPs) fireAt(ctx *node.Context, step int64, offset float64) {
	s := &n.S
	s.lastStamp, s.lastOffset = step+1, offset
	s.V = n.P.UReset
	s.refractory = true
	n.arch.SpikeOffset(n.v.stepToMs(step+1), offset)
	ctx.Emit.EmitSpike(ctx.Index, step, offset)
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *IafPscAlphaPs) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("iaf_psc_alpha_ps", rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *IafPscAlphaPs) HandleSpike(e *node.SpikeEvent) {
	n.queue.add(e.Slot, e.Offset, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *IafPscAlphaPs) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_psc_alpha_ps", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafPscAlphaPs) HandleCurrent(slot, _ int, weighted float64) { n.ring.Add(slot, 0, weighted) }

// Recordables implements node.Recordable.
func (n *IafPscAlphaPs) Recordables() []string { return iafPscAlphaPsRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscAlphaPs) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.Iex
	case 1:
		return n.S.Iin
	case 2:
		return n.S.V + n.P.EL
	}
	return math.NaN()
}
