package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("eprop_iaf_bsshslm_2020", func() node.Node { return NewEpropIafBsshslm2020() })
}

// EpropIafBsshslm2020 is NEST's eprop_iaf_bsshslm_2020, the recurrent
// neuron of e-prop learning as Bellec et al. (2020) formulated it: a leaky
// integrate-and-fire neuron with delta-shaped input whose membrane
// voltage, relative to E_L, follows
//
//	v(t) = P_v v(t-1) + P_i I(t-1) + P_z z_in(t) - V_th z(t-1),
//
// with P_v = exp(-h/tau_m), P_i = tau_m/C_m (1 - P_v) and P_z 1 (or 1 -
// P_v when regular_spike_arrival is false). It spikes (z = 1) when v
// reaches V_th outside the refractory period. In every step it stores the
// surrogate gradient of v, and it collects the learning signals the
// readouts send it; an eprop_synapse_bsshslm_2020 ending on it computes
// its gradient from these at its first spike of a later update interval.
// eprop_iaf_adapt_bsshslm_2020 (the same type with adaptation on) adds an
// adaptive threshold.
//
// Parameters (status keys, defaults, units):
//
//	C_m                         250.0   pF    membrane capacitance
//	E_L                         -70.0   mV    leak potential
//	I_e                           0.0   pA    constant input current
//	V_th                        -55.0   mV    spike threshold
//	V_min                    -1.8e308   mV    lower bound of the membrane voltage
//	t_ref                         2.0   ms    refractory period
//	tau_m                        10.0   ms    membrane time constant
//	regular_spike_arrival        true   -     input arrives at the step's end (P_z = 1)
//	c_reg                         0.0   -     firing-rate regularization coefficient
//	f_target                     0.01   1/ms  target rate; set in spikes/s, reported as stored (/1000)
//	surrogate_gradient_function  "piecewise_linear"  (exponential, fast_sigmoid_derivative, arctan_derivative)
//	surrogate_gradient_height     0.3   -     height of the surrogate gradient
//	surrogate_gradient_width      1.0   mV    width of the surrogate gradient
//	flush_event_send_interval    +inf   ms    silence after which a flush event goes out
//	ignore_and_spike            false   -     spike on a fixed schedule instead
//	ignore_and_spike_offset       1.0   ms    first forced spike
//	ignore_and_spike_interval   100.0   ms    interval of forced spikes
//
// Adaptive variant only: adapt_beta 1.0 (mV), adapt_tau 10.0 ms; state
// adaptation (0) and V_th_adapt (mV).
//
// State: V_m (mV, starts at E_L), surrogate_gradient, learning_signal.
// Recordables: V_m, eprop_history_duration, learning_signal,
// surrogate_gradient (and adaptation, V_th_adapt).
// Receptors: 0 for spikes, currents and learning signals.
type EpropIafBsshslm2020 struct {
	P EpropIafBsshslm2020Params
	S epropIafState
	v epropIafInternals
	epropBsshslmRecurrent
	adaptive bool
	ring     node.Ring
	logs     node.Loggers
	input    [2]float64
}

// EpropIafBsshslm2020Params are the parameters; potentials are kept
// relative to E_L, as NEST keeps them.
type EpropIafBsshslm2020Params struct {
	Cm, EL, Ie          float64 // C_m (pF), E_L (mV), I_e (pA)
	VthRel, VminRel     float64 // V_th - E_L, V_min - E_L (mV)
	TRef, TauM          float64 // t_ref, tau_m (ms)
	RegularArrival      bool    // regular_spike_arrival
	CReg, FTarget       float64 // c_reg, f_target (spikes/ms)
	SurrogateHeight     float64 // surrogate_gradient_height
	SurrogateWidth      float64 // surrogate_gradient_width
	AdaptBeta, AdaptTau float64 // adapt_beta (mV), adapt_tau (ms); adaptive variant only
}

// DefaultEpropIafBsshslm2020Params returns NEST 3.10's defaults.
func DefaultEpropIafBsshslm2020Params() EpropIafBsshslm2020Params {
	return EpropIafBsshslm2020Params{
		Cm: 250, EL: -70, Ie: 0, VthRel: -55 - -70.0, VminRel: -math.MaxFloat64,
		TRef: 2, TauM: 10, RegularArrival: true, CReg: 0, FTarget: 0.01,
		SurrogateHeight: 0.3, SurrogateWidth: 1, AdaptBeta: 1, AdaptTau: 10,
	}
}

type epropIafState struct {
	VRel, I, Z    float64 // membrane voltage - E_L (mV), input current (pA), spike state
	R             int64   // refractory steps left
	Surrogate     float64
	LearningSig   float64
	Adapt, VthRel float64 // adaptation, adaptive threshold - E_L (adaptive variant)
}

type epropIafInternals struct {
	pv, pi, pz, pa float64 // propagators of v, current, input spikes, adaptation
	refSteps       int64
}

const (
	epropIafSpikes = iota
	epropIafCurrent
)

var (
	epropIafRecordables      = []string{"V_m", "eprop_history_duration", "learning_signal", "surrogate_gradient"}
	epropIafAdaptRecordables = []string{"V_m", "V_th_adapt", "adaptation", "eprop_history_duration", "learning_signal", "surrogate_gradient"}
)

// NewEpropIafBsshslm2020 returns a neuron with NEST's defaults at rest.
func NewEpropIafBsshslm2020() *EpropIafBsshslm2020 {
	n := &EpropIafBsshslm2020{P: DefaultEpropIafBsshslm2020Params(), epropBsshslmRecurrent: newEpropBsshslmRecurrent()}
	n.S.VthRel = n.P.VthRel
	return n
}

// Model implements node.Node.
func (n *EpropIafBsshslm2020) Model() string {
	if n.adaptive {
		return "eprop_iaf_adapt_bsshslm_2020"
	}
	return "eprop_iaf_bsshslm_2020"
}

// ElementType implements node.Node.
func (n *EpropIafBsshslm2020) ElementType() node.ElementType { return node.Neuron }

// SendsSpikes implements node.SpikeSender.
func (n *EpropIafBsshslm2020) SendsSpikes() bool { return true }

// Clone implements node.Node: the copy has no synapses, history or buffers.
func (n *EpropIafBsshslm2020) Clone() node.Node {
	return &EpropIafBsshslm2020{P: n.P, S: n.S, epropBsshslmRecurrent: n.copyRecurrent(), adaptive: n.adaptive}
}

// Status implements node.Node.
func (n *EpropIafBsshslm2020) Status() dict.Dict {
	p, s := &n.P, &n.S
	rec := epropIafRecordables
	if n.adaptive {
		rec = epropIafAdaptRecordables
	}
	d := dict.Dict{
		"recordables": append([]string(nil), rec...),
		"C_m":         p.Cm, "E_L": p.EL, "I_e": p.Ie, "c_reg": p.CReg, "f_target": p.FTarget,
		"regular_spike_arrival":       p.RegularArrival,
		"surrogate_gradient_function": n.surrogateName,
		"surrogate_gradient_height":   p.SurrogateHeight, "surrogate_gradient_width": p.SurrogateWidth,
		"t_ref": p.TRef, "tau_m": p.TauM, "V_min": p.VminRel + p.EL, "V_th": p.VthRel + p.EL,
		"V_m": s.VRel + p.EL, "surrogate_gradient": s.Surrogate, "learning_signal": s.LearningSig,
	}
	if n.adaptive {
		d["adapt_beta"], d["adapt_tau"] = p.AdaptBeta, p.AdaptTau
		d["adaptation"], d["V_th_adapt"] = s.Adapt, s.VthRel+p.EL
	}
	n.status(d)
	return d
}

// SetStatus implements node.Node: the mechanisms' keys, then the
// parameters in NEST's order and checks, then the state; nothing changes
// on error. Potentials given without E_L keep their absolute values when
// E_L changes.
func (n *EpropIafBsshslm2020) SetStatus(r *dict.Reader, env *node.Env) error {
	mech := n.epropBsshslmRecurrent
	if err := mech.readMechanisms(r, env); err != nil {
		return err
	}
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	dEL := p.EL - oldEL
	for _, f := range []struct {
		key string
		rel *float64
	}{{"V_th", &p.VthRel}, {"V_min", &p.VminRel}} {
		var abs float64
		got, err := r.Float(f.key, &abs)
		if err != nil {
			return err
		}
		if got {
			*f.rel = abs - p.EL
		} else {
			*f.rel -= dEL
		}
	}
	if err := readFloats(r, []floatField{{"C_m", &p.Cm}, {"c_reg", &p.CReg}}); err != nil {
		return err
	}
	if got, err := r.Float("f_target", &p.FTarget); err != nil {
		return err
	} else if got {
		p.FTarget /= 1000 // spikes/s to spikes/ms
	}
	if _, err := r.Float("I_e", &p.Ie); err != nil {
		return err
	}
	if _, err := r.Bool("regular_spike_arrival", &p.RegularArrival); err != nil {
		return err
	}
	if err := mech.readSurrogate(r); err != nil {
		return err
	}
	fields := []floatField{{"surrogate_gradient_width", &p.SurrogateWidth}, {"surrogate_gradient_height", &p.SurrogateHeight}}
	if n.adaptive {
		fields = append([]floatField{{"adapt_beta", &p.AdaptBeta}, {"adapt_tau", &p.AdaptTau}}, fields...)
	}
	fields = append(fields, floatField{"t_ref", &p.TRef}, floatField{"tau_m", &p.TauM})
	if err := readFloats(r, fields); err != nil {
		return err
	}
	if err := p.validate(n.adaptive); err != nil {
		return err
	}
	s := n.S
	var vm float64
	if got, err := r.Float("V_m", &vm); err != nil {
		return err
	} else if got {
		s.VRel = vm - p.EL
	} else {
		s.VRel -= dEL
	}
	if n.adaptive {
		if got, err := r.Float("adaptation", &s.Adapt); err != nil {
			return err
		} else if got {
			s.VthRel = p.VthRel + p.AdaptBeta*s.Adapt
		} else {
			s.VthRel -= dEL
		}
	}
	n.P, n.S, n.epropBsshslmRecurrent = p, s, mech
	return nil
}

// validate checks NEST's rules in NEST's order.
func (p *EpropIafBsshslm2020Params) validate(adaptive bool) error {
	if adaptive {
		switch {
		case p.AdaptBeta < 0:
			return nesterr.New(nesterr.ErrBadProperty, "adapt_beta ≥ 0 required (got %g).", p.AdaptBeta)
		case p.AdaptTau <= 0:
			return nesterr.New(nesterr.ErrBadProperty, "adapt_tau > 0 required (got %g ms).", p.AdaptTau)
		}
	}
	switch {
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "C_m > 0 required (got %g pF).", p.Cm)
	case p.CReg < 0:
		return nesterr.New(nesterr.ErrBadProperty, "c_reg ≥ 0 required (got %g).", p.CReg)
	case p.FTarget < 0:
		return nesterr.New(nesterr.ErrBadProperty, "f_target ≥ 0 required (got %g spikes/s).", p.FTarget*1000)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "tau_m > 0 required (got %g ms).", p.TauM)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "t_ref ≥ 0 required (got %g ms).", p.TRef)
	case p.VthRel < p.VminRel:
		return nesterr.New(nesterr.ErrBadProperty, "V_th ≥ V_min required (V_th = %g mV, V_min = %g mV).", p.VthRel+p.EL, p.VminRel+p.EL)
	case p.SurrogateHeight <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "surrogate_gradient_height > 0 required (got %g).", p.SurrogateHeight)
	case p.SurrogateWidth <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "surrogate_gradient_width > 0 required (got %g).", p.SurrogateWidth)
	}
	return nil
}

// Prepare implements node.Node.
func (n *EpropIafBsshslm2020) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	n.prepareRecurrent(env)
	v.refSteps = env.Base.MsToSteps(p.TRef)
	v.pv = libm.Exp(-h / p.TauM)
	v.pi = p.TauM / p.Cm * (1 - v.pv)
	v.pz = 1
	if !p.RegularArrival {
		v.pz = 1 - v.pv
	}
	v.pa = libm.Exp(-h / p.AdaptTau)
	n.ring.Bind(env, 2)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node, in NEST's order: at an interval's first
// step the history is trimmed (and the neuron reset if the kernel says
// so); then refractoriness, input, voltage, reset by subtraction, the
// surrogate gradient, the spike or flush event, the history entry, the
// interval's rate regularization at its last step, and the current for
// the next step.
func (n *EpropIafBsshslm2020) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	interval := n.set.UpdateInterval
	flusher, _ := ctx.Emit.(FlushEmitter)
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		step := (t - n.shift) % interval
		if step == 0 {
			n.eraseRateReg()
			n.eraseHistory()
			if n.set.ResetOnUpdate {
				s.VRel, s.R, s.Z = 0, 0, 0
				if n.adaptive {
					s.Adapt = 0
				}
			}
		}
		if s.R > 0 {
			s.R--
		}
		n.ring.Take(ctx.Slot(t), n.input[:])
		s.VRel = v.pi*s.I + v.pz*n.input[epropIafSpikes] + v.pv*s.VRel
		s.VRel -= p.VthRel * s.Z
		s.VRel = math.Max(s.VRel, p.VminRel)
		vth := p.VthRel
		if n.adaptive {
			s.Adapt = v.pa*s.Adapt + s.Z
			s.VthRel = p.VthRel + p.AdaptBeta*s.Adapt
			vth = s.VthRel
		}
		s.Z = 0
		s.Surrogate = n.surrogate(s.R, s.VRel, vth, p.SurrogateHeight, p.SurrogateWidth)
		if n.spikeDue(s.VRel >= vth && s.R == 0) {
			n.nSpikes++
			ctx.Emit.EmitSpike(ctx.Index, t, 0)
			s.Z = 1
			s.R = v.refSteps
			n.lastEventTime = t
		} else if n.flushDue(t) {
			if flusher != nil {
				flusher.EmitFlush(ctx.Index, t)
			}
			n.lastEventTime = t
		}
		n.appendStep(t)
		n.setA(t, s.Surrogate)
		if step == interval-1 {
			n.writeRateReg(t, p.FTarget, p.CReg)
			n.nSpikes = 0
		}
		s.LearningSig = n.learningSignalAt(t)
		s.I = n.input[epropIafCurrent] + p.Ie
		n.logs.Record(t, n)
	}
}

// EpropGradient implements node.EpropBsshslmTarget: the eligibility
// trace psi z_bar (minus the adaptation's share), low-pass filtered with
// kappa and weighted by the learning signal, summed over the presynaptic
// intervals, plus the interval's rate regularization times the summed
// eligibility.
func (n *EpropIafBsshslm2020) EpropGradient(isis *[]int64, tPreviousUpdate, tTrigger int64, kappa float64, average bool) float64 {
	i := n.histAt(tTrigger)
	eBar, grad, sumE, zBar, eps := 0.0, 0.0, 0.0, 0.0, 0.0
	t := tTrigger
	pv, pz, beta, pa := n.v.pv, n.v.pz, n.P.AdaptBeta, n.v.pa
	ok := true
	for _, isi := range *isis {
		z := 1.0
		end := t + isi
		for ; t < end && ok; t, i = t+1, i+1 {
			if ok = n.hasStep(i, t); !ok {
				break
			}
			psi, ls := n.hist[i].a, n.hist[i].b
			zBar = pv*zBar + pz*z
			var e float64
			if n.adaptive {
				e = psi * (zBar - beta*eps)
				eps = pa*eps + e
			} else {
				e = psi * zBar
			}
			eBar = kappa*eBar + (1-kappa)*e
			grad += ls * eBar
			sumE += e
			z = 0
		}
	}
	*isis = (*isis)[:0]
	grad += n.rateRegAt(tPreviousUpdate+n.shift+n.set.UpdateInterval) * sumE
	if average {
		grad /= float64(n.set.LearningWindow)
	}
	return grad
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *EpropIafBsshslm2020) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *EpropIafBsshslm2020) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, epropIafSpikes, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *EpropIafBsshslm2020) CheckCurrentReceptor(rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *EpropIafBsshslm2020) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, epropIafCurrent, weighted)
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: learning
// signals on receptor 0.
func (n *EpropIafBsshslm2020) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.LearningSignal {
		return nesterr.New(nesterr.ErrIllegalConnection, "%s accepts no secondary events but learning signals.", n.Model())
	}
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSecondary implements node.SecondaryReceiver: each coefficient is
// an error signal, weighted into a learning signal stamped with the step
// after the slice's start, as NEST stamps it.
func (n *EpropIafBsshslm2020) HandleSecondary(e *node.SecondaryEvent) {
	stamp := e.Origin + 1
	for _, c := range e.Coeffs {
		n.writeLearningSignal(stamp, e.Weight*c)
	}
}

// Loggers implements node.Recordable.
func (n *EpropIafBsshslm2020) Loggers() *node.Loggers { return &n.logs }

// Recordables implements node.Recordable.
func (n *EpropIafBsshslm2020) Recordables() []string {
	if n.adaptive {
		return epropIafAdaptRecordables
	}
	return epropIafRecordables
}

// RecordableValue implements node.Recordable.
func (n *EpropIafBsshslm2020) RecordableValue(i int) float64 {
	name := n.Recordables()[i]
	switch name {
	case "V_m":
		return n.S.VRel + n.P.EL
	case "eprop_history_duration":
		return n.historyDuration()
	case "learning_signal":
		return n.S.LearningSig
	case "surrogate_gradient":
		return n.S.Surrogate
	case "adaptation":
		return n.S.Adapt
	case "V_th_adapt":
		return n.S.VthRel + n.P.EL
	}
	return math.NaN()
}
