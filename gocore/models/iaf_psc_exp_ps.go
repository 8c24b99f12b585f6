package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_exp_ps", func() node.Node { return NewIafPscExpPs() }) }

// IafPscExpPs is NEST's iaf_psc_exp_ps: the leaky integrate-and-fire
// neuron with exponentially decaying synaptic currents (one excitatory,
// one inhibitory, chosen by the sign of the weight), integrated exactly
// from event to event inside each step so that spikes keep their precise
// times.
//
// Inside a step the state is propagated to each incoming spike's offset,
// the spike is added to its current, and so on to the end of the step.
// Whenever the membrane is found at or above V_th at the end of such a
// piece, the crossing is located inside the piece by regula falsi on the
// exact solution (to |V - V_th| < 1e-14 mV) and the spike is sent at that
// time. The neuron then stays at V_reset for t_ref exactly (the end is an
// event at the spike's offset), while its currents go on decaying. A
// potential above threshold at the start of an update fires at once at
// offset h*(1-eps).
//
// Parameters (status keys, defaults, units):
//
//	E_L         -70.0  mV  resting potential
//	I_e           0.0  pA  constant input current
//	V_th        -55.0  mV  spike threshold
//	V_reset     -70.0  mV  reset potential
//	V_min        -inf  mV  lower bound of V_m, applied only at whole steps without input
//	C_m         250.0  pF  membrane capacitance
//	tau_m        10.0  ms  membrane time constant
//	tau_syn_ex    2.0  ms  excitatory synaptic time constant
//	tau_syn_in    2.0  ms  inhibitory synaptic time constant
//	t_ref         2.0  ms  refractory period, at least one step
//
// State: V_m (mV, starts at E_L), I_syn_ex and I_syn_in (pA, settable),
// is_refractory (read only). Receptor 0 for spikes and currents;
// recordable V_m. Like every NEST neuron it keeps a spike archive for
// STDP synapses with the precise spike times. Creating one switches
// off_grid_spiking on.
type IafPscExpPs struct {
	neuron
	psOffGrid
	P     iafPscExpPsParams
	S     iafPscExpPsState
	v     iafPscExpPsInternals
	queue psQueue
	cur   [1]float64
	// ll is set for iaf_psc_exp_ps_lossless (iaf_psc_exp_ps_lossless.go):
	// the coefficients of its crossing test.
	ll *psLossless
}

type iafPscExpPsParams struct {
	TauM, TauEx, TauIn, Cm, TRef, EL, Ie float64
	UTh, UMin, UReset                    float64 // relative to E_L
}

type iafPscExpPsState struct {
	y0         float64 // current input of this step, pA
	y1ex, y1in float64 // synaptic currents, pA
	y2         float64 // V_m - E_L, mV
	refractory bool
	lastStamp  int64
	lastOffset float64
}

type iafPscExpPsInternals struct {
	h, expm1TauM, expTauEx, expTauIn, p20, p21ex, p21in float64
	refSteps                                            int64
	stepToMs                                            func(int64) float64
	// the state at the start of the piece being integrated, for the
	// threshold search
	y1exBefore, y1inBefore, y2Before float64
}

var iafPscExpPsRecordables = []string{"V_m"}

// NewIafPscExpPs returns a neuron with NEST's defaults at rest.
func NewIafPscExpPs() *IafPscExpPs {
	return &IafPscExpPs{neuron: newNeuron(), P: iafPscExpPsParams{
		TauM: 10, TauEx: 2, TauIn: 2, Cm: 250, TRef: 2, EL: -70, Ie: 0,
		UTh: -55 + 70, UMin: math.Inf(-1), UReset: -70 + 70,
	}, S: iafPscExpPsState{lastStamp: -1}}
}

// Model implements node.Node.
func (n *IafPscExpPs) Model() string {
	if n.ll != nil {
		return "iaf_psc_exp_ps_lossless"
	}
	return "iaf_psc_exp_ps"
}

// Clone implements node.Node; the copy has no input, loggers or history.
func (n *IafPscExpPs) Clone() node.Node {
	c := &IafPscExpPs{neuron: n.copyNeuron(), P: n.P, S: n.S, queue: n.queue.clone()}
	if n.ll != nil {
		c.ll = &psLossless{}
	}
	return c
}

// Status implements node.Node.
func (n *IafPscExpPs) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscExpPs) StatusTo(w node.StatusSink) {
	p, s := &n.P, &n.S
	psStatusTo(w, p.EL, p.Ie, p.UTh, p.UMin, p.UReset, p.Cm, p.TauM, p.TRef, s.y2, s.refractory)
	writeFields(w, []floatField{{"tau_syn_ex", &p.TauEx}, {"tau_syn_in", &p.TauIn}, {"I_syn_ex", &s.y1ex}, {"I_syn_in", &s.y1in}})
	w.Strings("recordables", n.Recordables())
	if n.ll != nil {
		w.Float("I_syn", s.y1ex+s.y1in)
		w.Float("offset", s.lastOffset)
	}
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node, transactionally, with NEST's rules.
func (n *IafPscExpPs) SetStatus(r *dict.Reader, env *node.Env) error {
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
	if n.ll != nil {
		if err := psCheckLossless(&p); err != nil {
			return err
		}
	} else {
		if err := psCheckIaf(p.UReset, p.UTh, p.UMin, p.Cm, env.Base.MsToSteps(p.TRef), p.TRef); err != nil {
			return err
		}
		if err := psCheckTaus(&p); err != nil {
			return err
		}
	}
	s := n.S
	if err := psReadRelative(r, p.EL, dEL, []floatField{{"V_m", &s.y2}}); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{{"I_syn_ex", &s.y1ex}, {"I_syn_in", &s.y1in}}); err != nil {
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
func (n *IafPscExpPs) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.h = env.Base.StepsToMs(1)
	// NEST takes this one from the C library (std::expm1), the rest from
	// its own numerics::expm1 (nestExpm1); Go's Expm1 is the same fdlibm
	// algorithm as glibc's.
	v.expm1TauM = math.Expm1(-v.h / p.TauM)
	v.expTauEx = libm.Exp(-v.h / p.TauEx)
	v.expTauIn = libm.Exp(-v.h / p.TauIn)
	v.p20 = -p.TauM / p.Cm * nestExpm1(-v.h/p.TauM)
	v.p21ex = expPropagator(p.TauEx, p.TauM, p.Cm, v.h)
	v.p21in = expPropagator(p.TauIn, p.TauM, p.Cm, v.h)
	v.refSteps = env.Base.MsToSteps(p.TRef)
	v.stepToMs = env.StepsToMs()
	if n.ll != nil {
		n.ll.prepare(p)
	}
	n.ring.Bind(env, 1)
	n.queue.bind(env)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node: NEST's event-driven loop over each step.
func (n *IafPscExpPs) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	if s.y2 >= p.UTh {
		n.fireAt(ctx, origin+int64(from), v.h*(1-0x1p-52))
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		slot := ctx.Slot(step)
		n.queue.begin(slot)
		if s.refractory && step+1-s.lastStamp == v.refSteps {
			n.queue.addRefractory(s.lastOffset)
		}
		v.y1exBefore, v.y1inBefore, v.y2Before = s.y1ex, s.y1in, s.y2
		off, w, endRefract, ok := n.queue.next(false)
		if !ok {
			if !s.refractory {
				s.y2 = v.p20*(p.Ie+s.y0) + v.p21ex*s.y1ex + v.p21in*s.y1in + v.expm1TauM*s.y2 + s.y2
				if s.y2 < p.UMin {
					s.y2 = p.UMin
				}
			}
			s.y1ex *= v.expTauEx
			s.y1in *= v.expTauIn
			if tMax, ok := n.crossed(v.h); ok {
				n.fireCrossing(ctx, step, 0, tMax)
			}
		} else {
			last := v.h
			for ; ok; off, w, endRefract, ok = n.queue.next(false) {
				if mini := last - off; mini > 0 {
					n.propagate(mini)
					if tMax, ok := n.crossed(mini); ok {
						n.fireCrossing(ctx, step, v.h-last, tMax)
					}
				}
				switch {
				case endRefract:
					s.refractory = false
				case w >= 0:
					s.y1ex += w
				default:
					s.y1in += w
				}
				v.y1exBefore, v.y1inBefore, v.y2Before = s.y1ex, s.y1in, s.y2
				last = off
			}
			if last > 0 {
				n.propagate(last)
				if tMax, ok := n.crossed(last); ok {
					n.fireCrossing(ctx, step, v.h-last, tMax)
				}
			}
		}
		n.queue.end(slot)
		n.ring.Take(slot, n.cur[:])
		s.y0 = n.cur[0]
		n.logs.Record(step, n)
	}
}

// psCheckTaus requires every time constant to be positive.
func psCheckTaus(p *iafPscExpPsParams) error {
	if p.TauM <= 0 || p.TauEx <= 0 || p.TauIn <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_m = %g ms, tau_syn_ex = %g ms, tau_syn_in = %g ms).",
			p.TauM, p.TauEx, p.TauIn)
	}
	return nil
}

// propagate advances the state over dt ms; the membrane stays put while
// refractory, the currents decay regardless.
func (n *IafPscExpPs) propagate(dt float64) {
	p, s := &n.P, &n.S
	if !s.refractory {
		p20 := -p.TauM / p.Cm * nestExpm1(-dt/p.TauM)
		p21ex := expPropagator(p.TauEx, p.TauM, p.Cm, dt)
		p21in := expPropagator(p.TauIn, p.TauM, p.Cm, dt)
		s.y2 = p20*(p.Ie+s.y0) + p21ex*s.y1ex + p21in*s.y1in + s.y2*libm.Exp(-dt/p.TauM)
	}
	s.y1ex *= libm.Exp(-dt / p.TauEx)
	s.y1in *= libm.Exp(-dt / p.TauIn)
}

// thresholdDistance is V_m - V_th a time ts after the start of the piece
// being integrated.
func (n *IafPscExpPs) thresholdDistance(ts float64) float64 {
	p, s, v := &n.P, &n.S, &n.v
	p20 := -p.TauM / p.Cm * nestExpm1(-ts/p.TauM)
	p21ex := expPropagator(p.TauEx, p.TauM, p.Cm, ts)
	p21in := expPropagator(p.TauIn, p.TauM, p.Cm, ts)
	y2 := p20*(p.Ie+s.y0) + p21ex*v.y1exBefore + p21in*v.y1inBefore + v.y2Before*libm.Exp(-ts/p.TauM)
	return y2 - p.UTh
}

// crossed reports whether the piece of length dt just integrated holds
// a threshold crossing, and the end of the interval to search it in:
// iaf_psc_exp_ps looks at the membrane at the end of the piece, the
// lossless variant applies its test (psLossless.isSpike).
func (n *IafPscExpPs) crossed(dt float64) (float64, bool) {
	if n.ll == nil {
		return dt, n.S.y2 >= n.P.UTh
	}
	t := n.isSpike(dt)
	return t, !math.IsNaN(t)
}

// fireCrossing fires at the threshold crossing inside the piece of length
// dt that starts t0 ms after the start of the step.
func (n *IafPscExpPs) fireCrossing(ctx *node.Context, step int64, t0, dt float64) {
	n.fireAt(ctx, step, n.v.h-(t0+psRegulaFalsi(n.thresholdDistance, dt)))
}

// fireAt emits a spike in step at offset, resets and starts the
// refractory period.
func (n *IafPscExpPs) fireAt(ctx *node.Context, step int64, offset float64) {
	s := &n.S
	s.lastStamp, s.lastOffset = step+1, offset
	s.y2 = n.P.UReset
	s.refractory = true
	n.arch.SpikeOffset(n.v.stepToMs(step+1), offset)
	ctx.Emit.EmitSpike(ctx.Index, step, offset)
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *IafPscExpPs) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *IafPscExpPs) HandleSpike(e *node.SpikeEvent) {
	n.queue.add(e.Slot, e.Offset, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *IafPscExpPs) CheckCurrentReceptor(rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafPscExpPs) HandleCurrent(slot, _ int, weighted float64) { n.ring.Add(slot, 0, weighted) }

// Recordables implements node.Recordable.
func (n *IafPscExpPs) Recordables() []string {
	if n.ll != nil {
		return psLosslessRecordables
	}
	return iafPscExpPsRecordables
}

// RecordableValue implements node.Recordable.
func (n *IafPscExpPs) RecordableValue(i int) float64 {
	if n.ll != nil {
		return n.losslessValue(i)
	}
	if i == 0 {
		return n.S.y2 + n.P.EL
	}
	return math.NaN()
}
