package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("eprop_readout_bsshslm_2020", func() node.Node { return NewEpropReadoutBsshslm2020() })
}

// EpropReadoutBsshslm2020 is NEST's eprop_readout_bsshslm_2020, the
// readout neuron of e-prop learning after Bellec et al. (2020): a leaky
// integrator of the recurrent neurons' spikes,
//
//	v(t) = P_v v(t-1) + P_i I(t-1) + P_z z_in(t)  (relative to E_L),
//
// whose readout signal y (v + E_L for the mean squared error; exp(v +
// E_L) normalized by the sum over the readouts for the cross entropy, the
// readouts exchanging their unnormalized signals through
// rate_connection_delayed on receptor 1) is compared with the target
// signal of a step_rate_generator (receptor 2): the error signal y - y*,
// zero outside the learning window, goes to the recurrent neurons as a
// learning signal once per slice, through
// eprop_learning_signal_connection_bsshslm_2020. The readout signal lags
// the voltage by one step (the normalization delay).
//
// Parameters (status keys, defaults, units):
//
//	C_m                    250.0   pF   membrane capacitance
//	E_L                      0.0   mV   leak potential
//	I_e                      0.0   pA   constant input current
//	V_min               -1.8e308   mV   lower bound of the membrane voltage
//	tau_m                   10.0   ms   membrane time constant
//	loss    "mean_squared_error"   -    or "cross_entropy"
//	regular_spike_arrival   true   -    input arrives at the step's end (P_z = 1)
//
// State: V_m (mV, starts at E_L), error_signal, readout_signal,
// readout_signal_unnorm, target_signal. Recordables: these and
// eprop_history_duration. Receptors: 0 spikes and currents, 1
// readout_signal, 2 target_signal.
//
// A target signal takes effect after the readout's update of the slice
// in which it was sent, as it does in NEST when the step_rate_generator
// was created after the readout (the order of the NEST examples).
type EpropReadoutBsshslm2020 struct {
	P EpropReadoutBsshslm2020Params
	S epropReadoutBsshslmState
	v epropReadoutInternals
	epropArchive
	ring  node.Ring
	logs  node.Loggers
	input [2]float64

	normRate               float64 // readout signals of the other readouts this step
	pendingTarget          float64
	hasPending             bool
	errorBuf, unnormBuf    []float64 // coefficients of the slice, one per step
	crossEntropy, toOthers bool
}

// EpropReadoutBsshslm2020Params are the parameters; V_min is kept
// relative to E_L.
type EpropReadoutBsshslm2020Params struct {
	Cm, EL, Ie     float64 // C_m (pF), E_L (mV), I_e (pA)
	VminRel        float64 // V_min - E_L (mV)
	TauM           float64 // tau_m (ms)
	Loss           string  // loss
	RegularArrival bool    // regular_spike_arrival
}

type epropReadoutBsshslmState struct {
	VRel, I                        float64
	Error, Readout, Unnorm, Target float64
}

type epropReadoutInternals struct{ pv, pi, pz float64 }

// Receptors of the readout's rate input.
const (
	epropReadoutSignal = 1
	epropTargetSignal  = 2
)

var epropReadoutBsshslmRecordables = []string{"V_m", "eprop_history_duration", "error_signal", "readout_signal", "readout_signal_unnorm", "target_signal"}

// NewEpropReadoutBsshslm2020 returns a readout with NEST's defaults.
func NewEpropReadoutBsshslm2020() *EpropReadoutBsshslm2020 {
	return &EpropReadoutBsshslm2020{
		P: EpropReadoutBsshslm2020Params{Cm: 250, EL: 0, Ie: 0, VminRel: -math.MaxFloat64, TauM: 10,
			Loss: "mean_squared_error", RegularArrival: true},
		epropArchive: epropArchive{shift: epropOffsetGen + epropDelayInRec + epropDelayRecOut},
	}
}

// Model implements node.Node.
func (n *EpropReadoutBsshslm2020) Model() string { return "eprop_readout_bsshslm_2020" }

// ElementType implements node.Node.
func (n *EpropReadoutBsshslm2020) ElementType() node.ElementType { return node.Neuron }

// Clone implements node.Node: no synapses, history or buffers.
func (n *EpropReadoutBsshslm2020) Clone() node.Node {
	return &EpropReadoutBsshslm2020{P: n.P, S: n.S, epropArchive: n.copyArchive()}
}

// EpropRecurrent implements node.EpropBsshslmTarget.
func (n *EpropReadoutBsshslm2020) EpropRecurrent() bool { return false }

// Status implements node.Node.
func (n *EpropReadoutBsshslm2020) Status() dict.Dict {
	p, s := &n.P, &n.S
	return dict.Dict{
		"recordables": append([]string(nil), epropReadoutBsshslmRecordables...),
		"C_m":         p.Cm, "E_L": p.EL, "I_e": p.Ie, "loss": p.Loss, "regular_spike_arrival": p.RegularArrival,
		"tau_m": p.TauM, "V_min": p.VminRel + p.EL, "V_m": s.VRel + p.EL,
		"error_signal": s.Error, "readout_signal": s.Readout, "readout_signal_unnorm": s.Unnorm, "target_signal": s.Target,
		"receptor_types": dict.Dict{"readout_signal": int64(epropReadoutSignal), "target_signal": int64(epropTargetSignal)},
	}
}

// SetStatus implements node.Node, in NEST's order; nothing changes on
// error.
func (n *EpropReadoutBsshslm2020) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	oldEL := p.EL
	if _, err := r.Float("E_L", &p.EL); err != nil {
		return err
	}
	dEL := p.EL - oldEL
	var vmin float64
	if got, err := r.Float("V_min", &vmin); err != nil {
		return err
	} else if got {
		p.VminRel = vmin - p.EL
	} else {
		p.VminRel -= dEL
	}
	if err := readFloats(r, []floatField{{"C_m", &p.Cm}, {"I_e", &p.Ie}}); err != nil {
		return err
	}
	if _, err := r.String("loss", &p.Loss); err != nil {
		return err
	}
	if _, err := r.Bool("regular_spike_arrival", &p.RegularArrival); err != nil {
		return err
	}
	if _, err := r.Float("tau_m", &p.TauM); err != nil {
		return err
	}
	switch {
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "C_m > 0 required (got %g pF).", p.Cm)
	case p.Loss != "mean_squared_error" && p.Loss != "cross_entropy":
		return nesterr.New(nesterr.ErrBadProperty, "loss from [\"mean_squared_error\", \"cross_entropy\"] required (got %q).", p.Loss)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "tau_m > 0 required (got %g ms).", p.TauM)
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
	n.P, n.S = p, s
	return nil
}

// Prepare implements node.Node.
func (n *EpropReadoutBsshslm2020) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	h := env.Base.Resolution
	n.prepare(env)
	n.crossEntropy = p.Loss == "cross_entropy"
	n.toOthers = n.crossEntropy
	v.pv = libm.Exp(-h / p.TauM)
	v.pi = p.TauM / p.Cm * (1 - v.pv)
	v.pz = 1
	if !p.RegularArrival {
		v.pz = 1 - v.pv
	}
	if len(n.errorBuf) != env.MinDelay {
		n.errorBuf = make([]float64, env.MinDelay)
		n.unnormBuf = make([]float64, env.MinDelay)
	}
	n.ring.Bind(env, 2)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node, in NEST's order.
func (n *EpropReadoutBsshslm2020) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	interval, window := n.set.UpdateInterval, n.set.LearningWindow
	clear(n.errorBuf)
	clear(n.unnormBuf)
	for lag := from; lag < to; lag++ {
		t := origin + int64(lag)
		step := (t - n.shift) % interval
		stepSignals := (t - n.shift - epropDelayOutNrm) % interval
		if step == 0 {
			n.eraseHistory()
			if n.set.ResetOnUpdate {
				s.VRel = 0
			}
		}
		n.ring.Take(ctx.Slot(t), n.input[:])
		s.VRel = v.pi*s.I + v.pz*n.input[0] + v.pv*s.VRel
		s.VRel = math.Max(s.VRel, p.VminRel)
		if n.crossEntropy {
			norm := n.normRate + s.Unnorm
			s.Readout = s.Unnorm / norm
			s.Unnorm = libm.Exp(s.VRel + p.EL)
		} else {
			s.Readout = s.Unnorm
			s.Unnorm = s.VRel + p.EL
		}
		s.Error = s.Readout - s.Target
		if stepSignals < interval-window {
			s.Target, s.Readout, s.Error = 0, 0, 0
		}
		n.normRate = 0
		if n.toOthers {
			n.unnormBuf[lag] = s.Unnorm
		}
		n.errorBuf[lag] = s.Error
		n.appendStep(t - epropDelayOutNrm)
		n.setA(t-epropDelayOutNrm, s.Error)
		s.I = n.input[1] + p.Ie
		n.logs.Record(t, n)
	}
	if n.hasPending {
		s.Target, n.hasPending = n.pendingTarget, false
	}
}

// EpropGradient implements node.EpropBsshslmTarget: the error signal
// times the filtered presynaptic spikes, summed over the intervals.
func (n *EpropReadoutBsshslm2020) EpropGradient(isis *[]int64, _, tTrigger int64, _ float64, average bool) float64 {
	i := n.histAt(tTrigger)
	grad, zBar := 0.0, 0.0
	t := tTrigger
	pv, pz := n.v.pv, n.v.pz
	ok := true
	for _, isi := range *isis {
		z := 1.0
		end := t + isi
		for ; t < end && ok; t, i = t+1, i+1 {
			if ok = n.hasStep(i, t); !ok {
				break
			}
			zBar = pv*zBar + pz*z
			grad += n.hist[i].a * zBar
			z = 0
		}
	}
	*isis = (*isis)[:0]
	if average {
		grad /= float64(n.set.LearningWindow)
	}
	return grad
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *EpropReadoutBsshslm2020) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSpike implements node.SpikeReceiver.
func (n *EpropReadoutBsshslm2020) HandleSpike(e *node.SpikeEvent) {
	n.ring.Add(e.Slot, 0, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *EpropReadoutBsshslm2020) CheckCurrentReceptor(rport int) error {
	return checkReceptor(n.Model(), rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *EpropReadoutBsshslm2020) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, 1, weighted)
}

// SendsSecondary implements node.SecondarySender: learning signals and
// (for the cross entropy) readout signals.
func (n *EpropReadoutBsshslm2020) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.LearningSignal || kind == node.DelayedRate
}

// SecondaryCoefficients implements node.SecondarySender.
func (n *EpropReadoutBsshslm2020) SecondaryCoefficients(kind node.SecondaryKind) []float64 {
	if kind == node.LearningSignal {
		return n.errorBuf
	}
	if n.toOthers {
		return n.unnormBuf
	}
	return nil
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: rates on
// receptors 1 and 2.
func (n *EpropReadoutBsshslm2020) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.DelayedRate {
		return nesterr.New(nesterr.ErrIllegalConnection, "eprop_readout_bsshslm_2020 accepts delayed rates only.")
	}
	if rport < epropReadoutSignal || rport > epropTargetSignal {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in eprop_readout_bsshslm_2020.", rport)
	}
	return nil
}

// CheckRateSender refuses a step_rate_generator on any receptor but 2,
// as NEST does.
func (n *EpropReadoutBsshslm2020) CheckRateSender(senderModel string, rport int) error {
	if senderModel == "step_rate_generator" && rport != epropTargetSignal {
		return nesterr.New(nesterr.ErrIllegalConnection,
			"eprop_readout_bsshslm_2020 neurons expect a connection with a step_rate_generator node through receptor_type 2.")
	}
	return nil
}

// HandleSecondary implements node.SecondaryReceiver: the first value of
// the event, weighted, is the other readouts' signal (added for this
// step) or the target signal.
func (n *EpropReadoutBsshslm2020) HandleSecondary(e *node.SecondaryEvent) {
	if len(e.Coeffs) == 0 {
		return
	}
	signal := e.Weight * e.Coeffs[0]
	switch e.Rport {
	case epropReadoutSignal:
		n.normRate += signal
	case epropTargetSignal:
		n.pendingTarget, n.hasPending = signal, true
	}
}

// Loggers implements node.Recordable.
func (n *EpropReadoutBsshslm2020) Loggers() *node.Loggers { return &n.logs }

// Recordables implements node.Recordable.
func (n *EpropReadoutBsshslm2020) Recordables() []string { return epropReadoutBsshslmRecordables }

// RecordableValue implements node.Recordable.
func (n *EpropReadoutBsshslm2020) RecordableValue(i int) float64 {
	s := &n.S
	switch i {
	case 0:
		return s.VRel + n.P.EL
	case 1:
		return n.historyDuration()
	case 2:
		return s.Error
	case 3:
		return s.Readout
	case 4:
		return s.Unnorm
	case 5:
		return s.Target
	}
	return math.NaN()
}
