package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_psc_delta_ps", func() node.Node { return NewIafPscDeltaPs() }) }

// IafPscDeltaPs is NEST's iaf_psc_delta_ps: the leaky integrate-and-fire
// neuron with delta-pulse synapses, integrated event by event inside each
// step so that input and output spikes keep their precise times.
//
// Between two events the potential relaxes exactly towards
// R*(I + I_e), R = tau_m/C_m. An input spike of weight w (mV) arriving
// at its precise time makes the potential jump by w; when that reaches
// V_th the neuron fires at that very time. When the current alone drives
// the potential across V_th between events, the crossing time is solved
// analytically: dt = -tau_m*ln((v_inf - U)/(v_inf - U_th)) before the
// point where the potential was found above threshold. After a spike the
// neuron is refractory for exactly t_ref (its end is a pseudo-event at the
// spike's offset), dropping all input. A potential above threshold at the
// start of an update (set by the user) fires at once, at offset
// h*(1-eps).
//
// Parameters (status keys, defaults, units):
//
//	E_L       -70.0      mV  resting potential
//	I_e         0.0      pA  constant input current
//	V_th      -55.0      mV  spike threshold
//	V_reset   -70.0      mV  reset potential
//	V_min     -1.8e308   mV  lower bound of V_m (-DBL_MAX: none), applied only at whole steps without input
//	C_m       250.0      pF  membrane capacitance
//	tau_m      10.0      ms  membrane time constant
//	t_ref       2.0      ms  refractory period, at least one step
//
// State: V_m (mV, starts at E_L), is_refractory (read only),
// refractory_input (read only, always false: NEST 3.10 offers no way to
// set it). Receptor 0 for spikes and currents; recordable V_m. Like every
// NEST neuron it keeps a spike archive for STDP synapses (tau_minus,
// tau_minus_triplet, t_spike) with the precise spike times. Creating one
// switches off_grid_spiking on.
type IafPscDeltaPs struct {
	neuron
	psOffGrid
	P     iafPscDeltaPsParams
	S     iafPscDeltaPsState
	v     iafPscDeltaPsInternals
	queue psQueue
	cur   [1]float64
}

// iafPscDeltaPsParams are kept as NEST keeps them: potentials relative to
// E_L, so that they follow E_L when only E_L changes.
type iafPscDeltaPsParams struct {
	TauM, Cm, TRef, EL, Ie float64
	UTh, UMin, UReset      float64 // V_th, V_min, V_reset minus E_L
}

type iafPscDeltaPsState struct {
	U          float64 // V_m - E_L
	I          float64 // current input of this step, pA
	refractory bool
	lastStamp  int64   // stamp (steps) of the last spike
	lastOffset float64 // its offset, ms
}

type iafPscDeltaPsInternals struct {
	h, expm1H, r float64
	refSteps     int64
	stepToMs     func(int64) float64
}

var iafPscDeltaPsRecordables = []string{"V_m"}

// NewIafPscDeltaPs returns a neuron with NEST's defaults at rest.
func NewIafPscDeltaPs() *IafPscDeltaPs {
	return &IafPscDeltaPs{neuron: newNeuron(), P: iafPscDeltaPsParams{
		TauM: 10, Cm: 250, TRef: 2, EL: -70, Ie: 0, UTh: -55 + 70, UMin: -math.MaxFloat64, UReset: -70 + 70,
	}, S: iafPscDeltaPsState{lastStamp: -1}}
}

// Model implements node.Node.
func (n *IafPscDeltaPs) Model() string { return "iaf_psc_delta_ps" }

// Clone implements node.Node; the copy has no input, loggers or history.
func (n *IafPscDeltaPs) Clone() node.Node {
	return &IafPscDeltaPs{neuron: n.copyNeuron(), P: n.P, S: n.S, queue: n.queue.clone()}
}

// Status implements node.Node.
func (n *IafPscDeltaPs) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *IafPscDeltaPs) StatusTo(w node.StatusSink) {
	p := &n.P
	psStatusTo(w, p.EL, p.Ie, p.UTh, p.UMin, p.UReset, p.Cm, p.TauM, p.TRef, n.S.U, n.S.refractory)
	w.Bool("refractory_input", false)
	w.Strings("recordables", iafPscDeltaPsRecordables)
	n.arch.StatusTo(w)
}

// psReadRelative reads the potentials kept relative to E_L as NEST's
// precise models do: a given value is taken relative to the new E_L, an
// absent one keeps its absolute value when E_L changes by deltaEL.
func psReadRelative(r *dict.Reader, el, deltaEL float64, fields []floatField) error {
	for _, f := range fields {
		ok, err := r.Float(f.key, f.dst)
		if err != nil {
			return err
		}
		if ok {
			*f.dst -= el
		} else {
			*f.dst -= deltaEL
		}
	}
	return nil
}

// SetStatus implements node.Node, transactionally, with NEST's rules.
func (n *IafPscDeltaPs) SetStatus(r *dict.Reader, env *node.Env) error {
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	dEL := p.EL - oldEL
	if err := readFloats(r, []floatField{{"tau_m", &p.TauM}, {"C_m", &p.Cm}, {"t_ref", &p.TRef}, {"I_e", &p.Ie}}); err != nil {
		return err
	}
	if err := psReadRelative(r, p.EL, dEL, []floatField{{"V_th", &p.UTh}, {"V_min", &p.UMin}, {"V_reset", &p.UReset}}); err != nil {
		return err
	}
	if err := psCheckIaf(p.UReset, p.UTh, p.UMin, p.Cm, env.Base.MsToSteps(p.TRef), p.TRef); err != nil {
		return err
	}
	if p.TauM <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_m = %g ms).", p.TauM)
	}
	s := n.S
	u := s.U
	if err := psReadRelative(r, p.EL, dEL, []floatField{{"V_m", &u}}); err != nil {
		return err
	}
	s.U = u
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node.
func (n *IafPscDeltaPs) Prepare(env *node.Env) {
	v := &n.v
	v.h = env.Base.StepsToMs(1)
	v.expm1H = nestExpm1(-v.h / n.P.TauM)
	v.r = n.P.TauM / n.P.Cm
	v.refSteps = env.Base.MsToSteps(n.P.TRef)
	v.stepToMs = env.StepsToMs()
	n.ring.Bind(env, 1)
	n.queue.bind(env)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node: NEST's event-driven loop over each step.
func (n *IafPscDeltaPs) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	if s.U >= p.UTh {
		n.fire(ctx, origin+int64(from), v.h*(1-0x1p-52))
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		slot := ctx.Slot(step)
		n.queue.begin(slot)
		t := v.h // offsets run from h at the start of the step to 0 at its end
		if s.refractory && step+1-s.lastStamp == v.refSteps {
			n.queue.addRefractory(s.lastOffset)
		}
		off, w, endRefract, ok := n.queue.next(true)
		if !ok {
			if !s.refractory {
				iExt := -v.expm1H * v.r * (s.I + p.Ie)
				s.U = iExt + v.expm1H*s.U + s.U
				if s.U < p.UMin {
					s.U = p.UMin
				}
				if s.U >= p.UTh {
					n.fireCrossing(ctx, step, 0)
				}
			}
		} else {
			for ; ok; off, w, endRefract, ok = n.queue.next(true) {
				if s.refractory {
					t = off
					if endRefract {
						s.refractory = false
						if s.U >= p.UTh {
							n.fire(ctx, step, t)
						}
					}
					continue
				}
				n.propagate(t - off)
				t = off
				if s.U >= p.UTh {
					n.fireCrossing(ctx, step, t)
					continue
				}
				s.U += w
				if s.U >= p.UTh {
					n.fire(ctx, step, t)
				}
			}
			if !s.refractory && t > 0 {
				n.propagate(t)
				if s.U >= p.UTh {
					n.fireCrossing(ctx, step, 0)
				}
			}
		}
		n.queue.end(slot)
		n.logs.Record(step, n)
		n.ring.Take(slot, n.cur[:])
		s.I = n.cur[0]
	}
}

// propagate advances the membrane over dt ms (not while refractory).
func (n *IafPscDeltaPs) propagate(dt float64) {
	p, s := &n.P, &n.S
	e := nestExpm1(-dt / p.TauM)
	vInf := n.v.r * (s.I + p.Ie)
	s.U = -vInf*e + s.U*e + s.U
}

// fireCrossing fires at the threshold crossing that the current caused
// before the point at offset offU where the potential is above V_th.
func (n *IafPscDeltaPs) fireCrossing(ctx *node.Context, step int64, offU float64) {
	p, s := &n.P, &n.S
	vInf := n.v.r * (s.I + p.Ie)
	dt := -p.TauM * libm.Log((vInf-s.U)/(vInf-p.UTh))
	n.fire(ctx, step, offU+dt)
}

// fire emits a spike in step at offset, resets and starts the refractory
// period.
func (n *IafPscDeltaPs) fire(ctx *node.Context, step int64, offset float64) {
	s := &n.S
	s.lastStamp, s.lastOffset = step+1, offset
	s.U = n.P.UReset
	s.refractory = true
	n.arch.SpikeOffset(n.v.stepToMs(step+1), offset)
	ctx.Emit.EmitSpike(ctx.Index, step, offset)
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *IafPscDeltaPs) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("iaf_psc_delta_ps", rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *IafPscDeltaPs) HandleSpike(e *node.SpikeEvent) {
	n.queue.add(e.Slot, e.Offset, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *IafPscDeltaPs) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_psc_delta_ps", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafPscDeltaPs) HandleCurrent(slot, _ int, weighted float64) { n.ring.Add(slot, 0, weighted) }

// Recordables implements node.Recordable.
func (n *IafPscDeltaPs) Recordables() []string { return iafPscDeltaPsRecordables }

// RecordableValue implements node.Recordable.
func (n *IafPscDeltaPs) RecordableValue(i int) float64 {
	if i == 0 {
		return n.S.U + n.P.EL
	}
	return math.NaN()
}
