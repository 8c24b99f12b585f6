package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

func init() { register("eprop_readout", func() node.Node { return NewEpropReadout() }) }

// EpropReadout is NEST's eprop_readout: the leaky integrator that reads a
// recurrent e-prop network out and sends the error signal back. Each step
// V_m (relative to E_L) decays with exp(-h/tau_m), integrates the previous
// step's current and jumps by the arriving spikes, bounded below by
// V_min; the readout signal is V_m and the error signal readout minus
// target, all three times the learning window. Once per slice the error
// signals go out as a learning signal (eprop_learning_signal_connection);
// with incoming eprop_synapse connections the neuron keeps the history of
// its error signals they learn from.
//
// Parameters (status keys, defaults, units):
//
//	C_m                     250.0   pF   membrane capacitance
//	E_L                       0.0   mV   leak potential
//	I_e                       0.0   pA   constant input current
//	tau_m                    10.0   ms   membrane time constant
//	V_min                -1.8e308   mV   lower bound of V_m
//	eprop_isi_trace_cutoff    inf   ms   longest stretch a gradient integrates
//
// State: V_m (0.0 mV), readout_signal, target_signal, error_signal.
// Receptors: 0 spikes and currents; the rate of a step_rate_generator
// through rate_connection_delayed on 1 (eprop_learning_window) or 2
// (target_signal), which takes effect at once, as in NEST, when the
// generator is updated (in node order).
//
// Recordables: V_m, eprop_history_duration, error_signal,
// readout_signal, target_signal.
type EpropReadout struct {
	P   epropReadoutParams
	S   epropReadoutState
	h   epropHistory[epropOutEntry]
	idx int // node index, to order rate inputs as NEST's update order does
	// rates received from generators updated after this node in NEST's
	// order: they take effect after this slice's update
	pendingWindow, pendingTarget       float64
	hasPendingWindow, hasPendingTarget bool
	ring                               node.Ring
	logs                               node.Loggers
	pVm, pIIn                          float64
	errors                             []float64 // error signals of the slice, sent as learning signal
	input                              [epropChannels]float64
}

type epropReadoutParams struct {
	Cm, EL, Ie, TauM, VminRel float64
}

type epropReadoutState struct {
	VRel, IIn, ZIn                               float64
	Error, Readout, Target, LearningWindowSignal float64
}

// epropOutEntry is one step of a readout's history.
type epropOutEntry struct {
	t   int64
	err float64
}

func (e epropOutEntry) stamp() int64 { return e.t }

var epropReadoutRecordables = []string{"V_m", "eprop_history_duration", "error_signal", "readout_signal", "target_signal"}

// Receptors of the readout's rate inputs.
const (
	epropLearningWindowReceptor = 1
	epropTargetReceptor         = 2
)

// NewEpropReadout returns a readout with NEST's defaults.
func NewEpropReadout() *EpropReadout {
	return &EpropReadout{P: epropReadoutParams{Cm: 250, EL: 0, Ie: 0, TauM: 10, VminRel: -math.MaxFloat64},
		h: newEpropHistory[epropOutEntry]()}
}

// Model implements node.Node.
func (n *EpropReadout) Model() string { return "eprop_readout" }

// ElementType implements node.Node.
func (n *EpropReadout) ElementType() node.ElementType { return node.Neuron }

// SendsSpikes implements node.SpikeSender (NEST's readout sends none, but
// spike connections from it are not refused).
func (n *EpropReadout) SendsSpikes() bool { return true }

// OwnsIgnoreAndSpike tells the kernel that the readout has none of its
// generic entries (NEST's readout is no structural-plasticity node and
// has no ignore_and_spike either).
func (n *EpropReadout) OwnsIgnoreAndSpike() {}

// Clone implements node.Node.
func (n *EpropReadout) Clone() node.Node {
	return &EpropReadout{P: n.P, S: n.S, h: n.h.copyHistory()}
}

// Status implements node.Node.
func (n *EpropReadout) Status() dict.Dict {
	p, s := &n.P, &n.S
	return dict.Dict{
		"eprop_isi_trace_cutoff": n.h.cutoffMs,
		"C_m":                    p.Cm, "E_L": p.EL, "I_e": p.Ie, "tau_m": p.TauM, "V_min": p.VminRel + p.EL,
		"V_m": s.VRel + p.EL, "error_signal": s.Error, "readout_signal": s.Readout, "target_signal": s.Target,
		"recordables":    append([]string(nil), epropReadoutRecordables...),
		"receptor_types": dict.Dict{"eprop_learning_window": int64(epropLearningWindowReceptor), "target_signal": int64(epropTargetReceptor)},
	}
}

// SetStatus implements node.Node (transactional).
func (n *EpropReadout) SetStatus(r *dict.Reader, _ *node.Env) error {
	cutoff := n.h.cutoffMs
	if err := readEpropCutoff(r, &cutoff); err != nil {
		return err
	}
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	vmin := 0.0
	if ok, err := r.Float("V_min", &vmin); err != nil {
		return err
	} else if ok {
		p.VminRel = vmin - p.EL
	} else {
		p.VminRel -= p.EL - oldEL
	}
	if err := readFloats(r, []floatField{{"C_m", &p.Cm}, {"I_e", &p.Ie}, {"tau_m", &p.TauM}}); err != nil {
		return err
	}
	if p.Cm <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "C_m > 0 required (C_m = %g pF).", p.Cm)
	}
	if p.TauM <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "tau_m > 0 required (tau_m = %g ms).", p.TauM)
	}
	s := n.S
	v, err := readMembrane(r, s.VRel, oldEL, p.EL)
	if err != nil {
		return err
	}
	s.VRel = v
	n.h.cutoffMs, n.P, n.S = cutoff, p, s
	return nil
}

// Prepare implements node.Node.
func (n *EpropReadout) Prepare(env *node.Env) {
	h := env.Base.Resolution
	n.pVm = libm.Exp(-h / n.P.TauM)
	n.pIIn = n.P.TauM / n.P.Cm * (1.0 - n.pVm)
	n.idx = env.Index
	n.h.prepareHistory(env.Base)
	if len(n.errors) != env.MinDelay {
		n.errors = make([]float64, env.MinDelay)
	}
	n.ring.Bind(env, epropChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node, in NEST's order within a step.
func (n *EpropReadout) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	in := &n.input
	if from == 0 {
		clear(n.errors)
	}
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		n.ring.Take(ctx.Slot(t), in[:])
		s.ZIn = in[epropSpikes]
		s.VRel = n.pIIn*s.IIn + s.ZIn + n.pVm*s.VRel
		s.VRel = max(s.VRel, p.VminRel)
		s.Readout = s.VRel + p.EL
		s.Error = s.Readout - s.Target
		s.Target *= s.LearningWindowSignal
		s.Readout *= s.LearningWindowSignal
		s.Error *= s.LearningWindowSignal
		n.errors[lag] = s.Error
		if n.h.indegree > 0 {
			n.h.hist = append(n.h.hist, epropOutEntry{t: t, err: s.Error})
		}
		s.IIn = in[epropCurrents] + p.Ie
		n.logs.Record(t, n)
	}
	if n.hasPendingWindow {
		s.LearningWindowSignal, n.hasPendingWindow = n.pendingWindow, false
	}
	if n.hasPendingTarget {
		s.Target, n.hasPendingTarget = n.pendingTarget, false
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *EpropReadout) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("eprop_readout", rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *EpropReadout) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, epropSpikes, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver.
func (n *EpropReadout) CheckCurrentReceptor(rport int) error {
	return checkReceptor("eprop_readout", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *EpropReadout) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, epropCurrents, weighted)
}

// SendsSecondary implements node.SecondarySender: the learning signal.
func (n *EpropReadout) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.LearningSignal || kind == node.DelayedRate
}

// SecondaryCoefficients implements node.SecondarySender: the error
// signals of the last slice (NEST sends no rates from a readout).
func (n *EpropReadout) SecondaryCoefficients(kind node.SecondaryKind) []float64 {
	if kind == node.LearningSignal {
		return n.errors
	}
	return nil
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: delayed
// rates on receptors 1 and 2.
func (n *EpropReadout) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind == node.LearningSignal {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n%s", node.LearningSignalTargetRefused)
	}
	if kind != node.DelayedRate {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\neprop_readout accepts delayed rates only.")
	}
	if rport < epropLearningWindowReceptor || rport > epropTargetReceptor {
		// NEST's message for its one sender of rates, step_rate_generator
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"eprop_readout neurons expect a connection with a step_rate_generator node through receptor_type 1 or 2 (got %d).", rport)
	}
	return nil
}

// HandleSecondary implements node.SecondaryReceiver: the first rate of
// the event times the weight becomes the learning window or the target
// signal, as NEST's handler does. NEST's sender, a step_rate_generator,
// delivers during its own update: a generator updated before this node
// (a smaller node index) sets the value for this slice, one updated after
// it for the next, which is what pending defers.
func (n *EpropReadout) HandleSecondary(e *node.SecondaryEvent) {
	if len(e.Coeffs) == 0 {
		return
	}
	signal := e.Weight * e.Coeffs[0]
	now := e.Sender-1 < n.idx
	switch e.Rport {
	case epropLearningWindowReceptor:
		if now {
			n.S.LearningWindowSignal = signal
		} else {
			n.pendingWindow, n.hasPendingWindow = signal, true
		}
	case epropTargetReceptor:
		if now {
			n.S.Target = signal
		} else {
			n.pendingTarget, n.hasPendingTarget = signal, true
		}
	}
}

// Recordables implements node.Recordable.
func (n *EpropReadout) Recordables() []string { return epropReadoutRecordables }

// Loggers implements node.Recordable.
func (n *EpropReadout) Loggers() *node.Loggers { return &n.logs }

// RecordableValue implements node.Recordable.
func (n *EpropReadout) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.VRel + n.P.EL
	case 1:
		return n.h.duration()
	case 2:
		return n.S.Error
	case 3:
		return n.S.Readout
	case 4:
		return n.S.Target
	}
	return math.NaN()
}

// RegisterEpropConnection counts an incoming eprop_synapse.
func (n *EpropReadout) RegisterEpropConnection() { n.h.RegisterEpropConnection() }

// EpropEraseUsedHistory implements the kernel's e-prop target.
func (n *EpropReadout) EpropEraseUsedHistory(tSpike, tSpikePrevious int64) {
	n.h.EpropEraseUsedHistory(tSpike, tSpikePrevious)
}

// EpropComputeGradient is NEST's compute_gradient of the readout: the
// presynaptic spikes low-pass filtered with the membrane's decay, times
// the error signal of each step, is the gradient (see the recurrent
// models and epropGradient for the cutoff, the flush events and the
// optimizer).
func (n *EpropReadout) EpropComputeGradient(tSpike int64, c *synapses.EpropTrace, weight *float64, o *synapses.EpropOptimizer, flush bool) {
	epropGradient(&n.h, n.pVm, tSpike, c, weight, o, flush,
		func(e *epropOutEntry) float64 { return e.err * c.ZBar }, nil)
}
