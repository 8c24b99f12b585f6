package models

import (
	"math"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// What the four e-prop recurrent neurons share (eprop_iaf,
// eprop_iaf_adapt, eprop_iaf_psc_delta, eprop_iaf_psc_delta_adapt; NEST's
// EpropArchivingNodeRecurrent with the parameters the four have in
// common): the parameters and their rules, the state, the history of
// surrogate gradients, learning signals and firing-rate regularization,
// the gradient of an incoming eprop_synapse, the flush events of a silent
// neuron and the forced spikes of ignore_and_spike. Each model's file
// holds its update.
//
// Parameters common to the four (status keys, defaults, units):
//
//	C_m                          250.0   pF     membrane capacitance
//	c_reg                          0.0   -      firing-rate regularization coefficient (>= 0)
//	E_L                          -70.0   mV     leak potential
//	f_target                      0.01   -      target rate; set in spikes/s, kept (and reported) in spikes/ms as NEST does
//	I_e                            0.0   pA     constant input current
//	surrogate_gradient_function  "piecewise_linear"  also "exponential", "fast_sigmoid_derivative", "arctan_derivative"
//	surrogate_gradient_height      0.3   -      (> 0)
//	surrogate_gradient_width       1.0   -      (> 0)
//	t_ref                          2.0   ms     refractory period
//	tau_m                         10.0   ms     membrane time constant
//	V_min                     -1.8e308   mV     lower bound of V_m
//	V_th                         -55.0   mV     spike threshold
//	kappa                         0.97   -      low-pass filter of the eligibility trace, in [0, 1]
//	kappa_reg                     0.97   -      low-pass filter of the firing rate, in [0, 1]
//	eprop_isi_trace_cutoff         inf   ms     longest stretch a gradient integrates after a presynaptic event
//	flush_event_send_interval      inf   ms     silence after which a flush event is sent (> 0)
//	ignore_and_spike             false   -      spike at fixed times regardless of V_m
//	ignore_and_spike_offset        1.0   ms     first forced spike (> 0)
//	ignore_and_spike_interval    100.0   ms     interval of forced spikes (> 0)
//
// The psc_delta models add V_reset (-70.0 mV) and refractory_input
// (false), the adapt models adapt_beta (1.0, >= 0) and adapt_tau (10.0 ms,
// > 0) with the state adaptation (0.0) and V_th_adapt (V_th + adapt_beta
// adaptation). State of all: V_m (E_L), surrogate_gradient,
// learning_signal. Receptor 0 for spikes, currents and learning signals.

// epropVariant says which of the four recurrent models a neuron is.
type epropVariant struct {
	model string
	delta bool // V_reset, refractory_input: eprop_iaf_psc_delta*
	adapt bool // adaptive threshold: *_adapt
}

// epropRecParams are the parameters; potentials are kept relative to E_L
// as NEST does.
type epropRecParams struct {
	Cm, CReg, EL, FTarget, Ie  float64 // f_target in spikes/ms
	SGFunction                 string
	SGHeight, SGWidth          float64
	TRef, TauM                 float64
	VminRel, VthRel, VresetRel float64
	RefractoryInput            bool
	AdaptBeta, AdaptTau        float64
	Kappa, KappaReg            float64
}

func defaultEpropRecParams() epropRecParams {
	return epropRecParams{Cm: 250, CReg: 0, EL: -70, FTarget: 0.01, Ie: 0, SGFunction: "piecewise_linear",
		SGHeight: 0.3, SGWidth: 1.0, TRef: 2.0, TauM: 10.0, VminRel: -math.MaxFloat64, VthRel: -55.0 - -70.0,
		VresetRel: -70.0 - -70.0, AdaptBeta: 1.0, AdaptTau: 10.0, Kappa: 0.97, KappaReg: 0.97}
}

// epropRecState is the dynamic state (potentials relative to E_L).
type epropRecState struct {
	VRel, IIn, ZIn, Z       float64
	R                       int64 // refractory steps left
	RefrSpikes              float64
	Adapt, VThAdaptRel      float64
	SurrogateGrad, Learning float64
	fAv, firingRateReg      float64
	nSpikes                 int64
	lastEvent               int64 // step of the last spike or flush event
	steps                   int64 // ignore_and_spike: steps until the next forced spike
}

// epropRecEntry is one step of a recurrent neuron's history.
type epropRecEntry struct {
	t                  int64
	psi, learning, reg float64
}

func (e epropRecEntry) stamp() int64 { return e.t }

// surrogate gradient functions (NEST's pseudo-derivatives), by name.
type surrogateFn func(r int64, v, vth, height, width float64) float64

var epropSurrogates = map[string]surrogateFn{
	"piecewise_linear": func(r int64, v, vth, height, width float64) float64 {
		if r > 0 {
			return 0
		}
		return height * max(0.0, 1.0-math.Abs(v-vth)/width)
	},
	"exponential": func(r int64, v, vth, height, width float64) float64 {
		if r > 0 {
			return 0
		}
		return height * libm.Exp(-math.Abs(v-vth)/width)
	},
	"fast_sigmoid_derivative": func(r int64, v, vth, height, width float64) float64 {
		if r > 0 {
			return 0
		}
		return height * libm.Pow(1.0+math.Abs(v-vth)/width, -2.0)
	},
	"arctan_derivative": func(r int64, v, vth, height, width float64) float64 {
		if r > 0 {
			return 0
		}
		return height / (1.0 + libm.Pow((v-vth)/width, 2.0))
	},
}

// epropSurrogateNames is the list NEST's message gives (its map's order).
var epropSurrogateNames = []string{"arctan_derivative", "exponential", "fast_sigmoid_derivative", "piecewise_linear"}

// epropTimers are the flush-event and ignore_and_spike settings (NEST's
// FlushEventMechanism and IgnoreAndSpikeMechanism).
type epropTimers struct {
	flushMs                float64
	flushSteps             int64
	ignoreAndSpike         bool
	offsetMs, intervalMs   float64
	offsetSteps, intervalS int64
	// restart: the count to the first forced spike starts at the next
	// prepare (a new node or a new offset)
	restart bool
}

func defaultEpropTimers() epropTimers {
	return epropTimers{flushMs: math.Inf(1), flushSteps: math.MaxInt64, offsetMs: 1, intervalMs: 100, offsetSteps: 10, intervalS: 1000, restart: true}
}

// epropRecurrent is the shared body of the four recurrent models.
type epropRecurrent struct {
	v    epropVariant
	P    epropRecParams
	S    epropRecState
	T    epropTimers
	h    epropHistory[epropRecEntry]
	sg   surrogateFn
	ring node.Ring
	logs node.Loggers
	// internals (prepare)
	pVm, pIIn, pAdapt, dt float64
	refractoryCounts      int64
	input                 [epropChannels]float64
	recordables           []string
}

// Input ring-buffer channels of the e-prop neurons.
const (
	epropSpikes = iota
	epropCurrents
	epropChannels
)

func newEpropRecurrent(v epropVariant) epropRecurrent {
	n := epropRecurrent{v: v, P: defaultEpropRecParams(), T: defaultEpropTimers(), h: newEpropHistory[epropRecEntry](),
		sg: epropSurrogates["piecewise_linear"]}
	n.S.VThAdaptRel = 15.0
	n.recordables = []string{"V_m", "eprop_history_duration", "learning_signal", "surrogate_gradient"}
	if v.adapt {
		n.recordables = []string{"V_m", "V_th_adapt", "adaptation", "eprop_history_duration", "learning_signal", "surrogate_gradient"}
	}
	return n
}

// copyRecurrent returns a copy without history, input or loggers.
func (n *epropRecurrent) copyRecurrent() epropRecurrent {
	c := *n
	c.h = n.h.copyHistory()
	c.T.restart = true
	c.ring, c.logs = node.Ring{}, node.Loggers{}
	return c
}

// Model implements node.Node.
func (n *epropRecurrent) Model() string { return n.v.model }

// ElementType implements node.Node.
func (n *epropRecurrent) ElementType() node.ElementType { return node.Neuron }

// SendsSpikes implements node.SpikeSender.
func (n *epropRecurrent) SendsSpikes() bool { return true }

// OwnsIgnoreAndSpike tells the kernel that the neuron keeps (and obeys)
// ignore_and_spike itself and has none of the kernel's generic entries
// (Ca, tau_Ca, ...), as NEST's e-prop neurons, which are no
// structural-plasticity nodes.
func (n *epropRecurrent) OwnsIgnoreAndSpike() {}

// Status implements node.Node.
func (n *epropRecurrent) Status() dict.Dict {
	p, s := &n.P, &n.S
	d := dict.Dict{
		"flush_event_send_interval": n.T.flushMs, "ignore_and_spike": n.T.ignoreAndSpike,
		"ignore_and_spike_offset": n.T.offsetMs, "ignore_and_spike_interval": n.T.intervalMs,
		"eprop_isi_trace_cutoff": n.h.cutoffMs,
		"C_m":                    p.Cm, "c_reg": p.CReg, "E_L": p.EL, "f_target": p.FTarget, "I_e": p.Ie,
		"surrogate_gradient_function": p.SGFunction, "surrogate_gradient_height": p.SGHeight,
		"surrogate_gradient_width": p.SGWidth, "t_ref": p.TRef, "tau_m": p.TauM,
		"V_min": p.VminRel + p.EL, "V_th": p.VthRel + p.EL, "kappa": p.Kappa, "kappa_reg": p.KappaReg,
		"V_m": s.VRel + p.EL, "surrogate_gradient": s.SurrogateGrad, "learning_signal": s.Learning,
		"recordables": append([]string(nil), n.recordables...),
	}
	if n.v.delta {
		d["V_reset"], d["refractory_input"] = p.VresetRel+p.EL, p.RefractoryInput
	}
	if n.v.adapt {
		d["adapt_beta"], d["adapt_tau"] = p.AdaptBeta, p.AdaptTau
		d["adaptation"], d["V_th_adapt"] = s.Adapt, s.VThAdaptRel+p.EL
	}
	return d
}

// readTimers reads the flush and ignore_and_spike settings into t (a
// copy), with NEST's rules.
func readEpropTimers(r *dict.Reader, t *epropTimers) error {
	flush := t.flushMs
	if _, err := r.Float("flush_event_send_interval", &flush); err != nil {
		return err
	}
	if flush <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "flush_event_send_interval > 0 required (flush_event_send_interval = %g).", flush)
	}
	t.flushMs = flush
	if _, err := r.Bool("ignore_and_spike", &t.ignoreAndSpike); err != nil {
		return err
	}
	offset, interval := t.offsetMs, t.intervalMs
	if _, err := r.Float("ignore_and_spike_offset", &offset); err != nil {
		return err
	}
	if _, err := r.Float("ignore_and_spike_interval", &interval); err != nil {
		return err
	}
	if offset <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_offset > 0 required (ignore_and_spike_offset = %g).", offset)
	}
	if interval <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_interval > 0 required (ignore_and_spike_interval = %g).", interval)
	}
	t.offsetMs, t.intervalMs = offset, interval
	return nil
}

// SetStatus implements node.Node: the e-prop settings, then the
// parameters, then the state, all on copies.
func (n *epropRecurrent) SetStatus(r *dict.Reader, _ *node.Env) error {
	timers := n.T
	if err := readEpropTimers(r, &timers); err != nil {
		return err
	}
	cutoff := n.h.cutoffMs
	if err := readEpropCutoff(r, &cutoff); err != nil {
		return err
	}
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	deltaEL := p.EL - oldEL
	rel := func(key string, v *float64) error {
		abs := 0.0
		ok, err := r.Float(key, &abs)
		if err != nil {
			return err
		}
		if ok {
			*v = abs - p.EL
		} else {
			*v -= deltaEL
		}
		return nil
	}
	if n.v.delta {
		if err := rel("V_reset", &p.VresetRel); err != nil {
			return err
		}
	}
	if err := rel("V_th", &p.VthRel); err != nil {
		return err
	}
	if err := rel("V_min", &p.VminRel); err != nil {
		return err
	}
	fields := []floatField{{"C_m", &p.Cm}, {"c_reg", &p.CReg}, {"I_e", &p.Ie}, {"t_ref", &p.TRef}, {"tau_m", &p.TauM},
		{"kappa", &p.Kappa}, {"kappa_reg", &p.KappaReg}, {"surrogate_gradient_width", &p.SGWidth},
		{"surrogate_gradient_height", &p.SGHeight}}
	if n.v.adapt {
		fields = append(fields, floatField{"adapt_beta", &p.AdaptBeta}, floatField{"adapt_tau", &p.AdaptTau})
	}
	if err := readFloats(r, fields); err != nil {
		return err
	}
	if n.v.delta {
		if _, err := r.Bool("refractory_input", &p.RefractoryInput); err != nil {
			return err
		}
	}
	if ok, err := r.Float("f_target", &p.FTarget); err != nil {
		return err
	} else if ok {
		p.FTarget /= 1000.0 // spikes/s to spikes/ms
	}
	sg := n.sg
	if ok, err := r.String("surrogate_gradient_function", &p.SGFunction); err != nil {
		return err
	} else if ok {
		f, known := epropSurrogates[p.SGFunction]
		if !known {
			return nesterr.New(nesterr.ErrBadProperty, "Surrogate gradient / pseudo-derivate function surrogate_gradient_function from [ \"%s\" ] required (got \"%s\").",
				strings.Join(epropSurrogateNames, "\", \""), p.SGFunction)
		}
		sg = f
	}
	if err := n.validate(&p); err != nil {
		return err
	}
	s := n.S
	if err := rel("V_m", &s.VRel); err != nil {
		return err
	}
	if n.v.adapt {
		if ok, err := r.Float("adaptation", &s.Adapt); err != nil {
			return err
		} else if ok {
			s.VThAdaptRel = p.VthRel + p.AdaptBeta*s.Adapt
		} else {
			s.VThAdaptRel -= deltaEL
		}
	}
	if timers.offsetMs != n.T.offsetMs {
		// NEST restarts the count to the first forced spike (in steps of
		// the resolution, known at the next prepare)
		timers.restart = true
	}
	n.T, n.h.cutoffMs, n.P, n.S, n.sg = timers, cutoff, p, s, sg
	return nil
}

// validate checks NEST's rules in the model's order.
func (n *epropRecurrent) validate(p *epropRecParams) error {
	bad := func(msg string, args ...any) error { return nesterr.New(nesterr.ErrBadProperty, msg, args...) }
	checks := map[string]func() error{
		"C_m": func() error {
			if p.Cm <= 0 {
				return bad("C_m > 0 required (C_m = %g pF).", p.Cm)
			}
			return nil
		},
		"c_reg": func() error {
			if p.CReg < 0 {
				return bad("c_reg ≥ 0 required (c_reg = %g).", p.CReg)
			}
			return nil
		},
		"f_target": func() error {
			if p.FTarget < 0 {
				return bad("f_target ≥ 0 required (f_target = %g spikes/s).", p.FTarget*1000)
			}
			return nil
		},
		"tau_m": func() error {
			if p.TauM <= 0 {
				return bad("tau_m > 0 required (tau_m = %g ms).", p.TauM)
			}
			return nil
		},
		"t_ref": func() error {
			if p.TRef < 0 {
				return bad("t_ref ≥ 0 required (t_ref = %g ms).", p.TRef)
			}
			return nil
		},
		"V_th": func() error {
			if p.VthRel < p.VminRel {
				return bad("V_th ≥ V_min required (V_th = %g mV, V_min = %g mV).", p.VthRel+p.EL, p.VminRel+p.EL)
			}
			return nil
		},
		"V_reset": func() error {
			if p.VresetRel >= p.VthRel {
				return bad("V_reset < V_th required (V_reset = %g mV, V_th = %g mV).", p.VresetRel+p.EL, p.VthRel+p.EL)
			}
			if p.VresetRel < p.VminRel {
				return bad("V_reset ≥ V_min required (V_reset = %g mV, V_min = %g mV).", p.VresetRel+p.EL, p.VminRel+p.EL)
			}
			return nil
		},
		"kappa": func() error {
			if p.Kappa < 0 || p.Kappa > 1 {
				return bad("0 ≤ kappa ≤ 1 required (kappa = %g).", p.Kappa)
			}
			if p.KappaReg < 0 || p.KappaReg > 1 {
				return bad("0 ≤ kappa_reg ≤ 1 required (kappa_reg = %g).", p.KappaReg)
			}
			return nil
		},
		"surrogate": func() error {
			if p.SGHeight <= 0 {
				return bad("surrogate_gradient_height > 0 required (surrogate_gradient_height = %g).", p.SGHeight)
			}
			if p.SGWidth <= 0 {
				return bad("surrogate_gradient_width > 0 required (surrogate_gradient_width = %g).", p.SGWidth)
			}
			return nil
		},
		"adapt": func() error {
			if p.AdaptBeta < 0 {
				return bad("adapt_beta ≥ 0 required (adapt_beta = %g).", p.AdaptBeta)
			}
			if p.AdaptTau <= 0 {
				return bad("adapt_tau > 0 required (adapt_tau = %g ms).", p.AdaptTau)
			}
			return nil
		},
	}
	var order []string
	switch {
	case n.v.delta:
		order = []string{"V_th", "V_reset", "C_m", "t_ref", "tau_m"}
		if n.v.adapt {
			order = append(order, "adapt")
		}
		order = append(order, "c_reg", "f_target", "kappa", "surrogate")
	default:
		if n.v.adapt {
			order = []string{"adapt"}
		}
		order = append(order, "C_m", "c_reg", "f_target", "tau_m", "t_ref", "V_th", "kappa", "surrogate")
	}
	for _, key := range order {
		if err := checks[key](); err != nil {
			return err
		}
	}
	return nil
}

// prepareRecurrent computes the propagators and binds the buffers.
func (n *epropRecurrent) prepareRecurrent(env *node.Env) {
	b := env.Base
	n.dt = b.Resolution
	n.refractoryCounts = epropMsToSteps(b, n.P.TRef)
	n.pVm = libm.Exp(-n.dt / n.P.TauM)
	n.pIIn = n.P.TauM / n.P.Cm * (1.0 - n.pVm)
	n.pAdapt = libm.Exp(-n.dt / n.P.AdaptTau)
	n.T.flushSteps = epropMsToSteps(b, n.T.flushMs)
	n.T.offsetSteps = epropMsToSteps(b, n.T.offsetMs)
	n.T.intervalS = epropMsToSteps(b, n.T.intervalMs)
	if n.T.restart {
		n.S.steps, n.T.restart = n.T.offsetSteps, false
	}
	n.h.prepareHistory(b)
	n.ring.Bind(env, epropChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// spikeIsDue is NEST's spike_event_is_due: with ignore_and_spike the
// neuron spikes at its fixed times only, otherwise when dynamic says so.
func (n *epropRecurrent) spikeIsDue(dynamic bool) bool {
	if !n.T.ignoreAndSpike {
		return dynamic
	}
	n.S.steps--
	if n.S.steps == 0 {
		n.S.steps = n.T.intervalS
		return true
	}
	return false
}

// flushIsDue is NEST's flush_event_is_due.
func (n *epropRecurrent) flushIsDue(t int64) bool {
	return n.S.lastEvent > 0 && t-n.S.lastEvent >= n.T.flushSteps
}

// emit sends the spike or flush event of step t, if one is due (spiked
// is the model's spike decision, already taken).
func (n *epropRecurrent) sendFlushIfDue(ctx *node.Context, t int64) {
	if n.flushIsDue(t) {
		if f, ok := ctx.Emit.(FlushEmitter); ok {
			f.EmitFlush(ctx.Index, t)
		}
		n.S.lastEvent = t
	}
}

// FlushEmitter is implemented by the kernel's emitters that carry NEST's
// flush events: a silent e-prop neuron's outgoing eprop_synapse
// connections compute their gradients so far; nothing is transmitted.
type FlushEmitter interface {
	EmitFlush(idx int, absStep int64)
}

// endStep is the part of every recurrent update after the spike: the
// history entry of step t and the learning signal the neuron reads.
func (n *epropRecurrent) endStep(t int64, z float64) {
	h := &n.h
	if h.indegree > 0 {
		h.hist = append(h.hist, epropRecEntry{t: t, psi: n.S.SurrogateGrad})
		// firing-rate regularization (NEST's write_firing_rate_reg_to_history)
		s := &n.S
		fTarget := n.P.FTarget * n.dt // spikes/ms to spikes/step
		s.fAv = n.P.KappaReg*s.fAv + (1.0-n.P.KappaReg)*z/n.dt
		s.firingRateReg = n.P.CReg * (s.fAv - fTarget)
		h.hist[h.at(t)].reg = s.firingRateReg
	}
	n.S.Learning = n.learningSignalAt(t)
}

// learning-signal delays of NEST's e-prop network (fixed at one step
// each): recurrent to readout, readout to recurrent.
const (
	epropDelayRecOut = 1
	epropDelayOutRec = 1
)

func (n *epropRecurrent) learningSignalAt(t int64) float64 {
	i := n.h.at(t - (epropDelayRecOut + epropDelayOutRec))
	if i >= len(n.h.hist) {
		return 0
	}
	return n.h.hist[i].learning
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *epropRecurrent) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.v.model, rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *epropRecurrent) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, epropSpikes, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver.
func (n *epropRecurrent) CheckCurrentReceptor(rport int) error {
	return checkReceptor(n.v.model, rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *epropRecurrent) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, epropCurrents, weighted)
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: learning
// signals on receptor 0.
func (n *epropRecurrent) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.LearningSignal {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n%s accepts learning signals only.", n.v.model)
	}
	return checkReceptor(n.v.model, rport, 0)
}

// HandleSecondary implements node.SecondaryReceiver: NEST's
// write_learning_signal_to_history, every value of the event under its
// stamp.
func (n *epropRecurrent) HandleSecondary(e *node.SecondaryEvent) {
	if n.h.indegree == 0 {
		return
	}
	t := node.LearningSignalStamp(e) - (epropDelayRecOut + epropDelayOutRec)
	for _, c := range e.Coeffs {
		l := e.Weight * c
		from, to := n.h.at(t), n.h.at(t+epropDelayOutRec)
		for i := from; i < to; i++ {
			n.h.hist[i].learning += l
		}
	}
}

// Recordables implements node.Recordable.
func (n *epropRecurrent) Recordables() []string { return n.recordables }

// Loggers implements node.Recordable.
func (n *epropRecurrent) Loggers() *node.Loggers { return &n.logs }

// RecordableValue implements node.Recordable.
func (n *epropRecurrent) RecordableValue(i int) float64 {
	switch n.recordables[i] {
	case "V_m":
		return n.S.VRel + n.P.EL
	case "V_th_adapt":
		return n.S.VThAdaptRel + n.P.EL
	case "adaptation":
		return n.S.Adapt
	case "eprop_history_duration":
		return n.h.duration()
	case "learning_signal":
		return n.S.Learning
	case "surrogate_gradient":
		return n.S.SurrogateGrad
	}
	return math.NaN()
}

// RegisterEpropConnection counts an incoming eprop_synapse.
func (n *epropRecurrent) RegisterEpropConnection() { n.h.RegisterEpropConnection() }

// EpropEraseUsedHistory implements the kernel's e-prop target.
func (n *epropRecurrent) EpropEraseUsedHistory(tSpike, tSpikePrevious int64) {
	n.h.EpropEraseUsedHistory(tSpike, tSpikePrevious)
}

// EpropComputeGradient is NEST's compute_gradient of the recurrent
// models: over the steps since the connection's previous event (at most
// the remaining cutoff) the presynaptic spikes are low-pass filtered with
// the membrane's decay (z_bar), times the surrogate gradient they give
// the eligibility trace e (minus adapt_beta times its adaptive part
// epsilon for the adapt models), filtered with kappa (e_bar) and kappa_reg
// (e_bar_reg); learning signal times e_bar plus regularization times
// e_bar_reg is the gradient, handed to the optimizer each step or summed
// and handed over once. A flush event integrates without optimizing; the
// next event goes on from there.
func (n *epropRecurrent) EpropComputeGradient(tSpike int64, c *synapses.EpropTrace, weight *float64, o *synapses.EpropOptimizer, flush bool) {
	beta := 0.0
	if n.v.adapt {
		beta = n.P.AdaptBeta
	}
	kappa, kappaReg := n.P.Kappa, n.P.KappaReg
	step := func(entry *epropRecEntry) float64 {
		var e float64
		if n.v.adapt {
			e = entry.psi * (c.ZBar - beta*c.Epsilon)
			c.Epsilon = n.pAdapt*c.Epsilon + e
		} else {
			e = entry.psi * c.ZBar
		}
		c.EBar = kappa*c.EBar + e
		c.EBarReg = kappaReg*c.EBarReg + (1.0-kappaReg)*e
		return entry.learning*c.EBar + entry.reg*c.EBarReg
	}
	decay := func(k float64) {
		c.EBar *= libm.Pow(kappa, k)
		c.EBarReg *= libm.Pow(kappaReg, k)
		if n.v.adapt {
			c.Epsilon *= libm.Pow(n.pAdapt, k)
		}
	}
	epropGradient(&n.h, n.pVm, tSpike, c, weight, o, flush, step, decay)
}
