package kernel

import (
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// The kernel's part of e-prop learning (eprop_synapse, eprop_synapse_hpc;
// the models are in gocore/models/eprop_*.go, the rule and the optimizer
// in gocore/synapses/eprop*.go): the target check at Connect, the view of
// an e-prop neuron an eprop_synapse works through, and the flush events
// of silent e-prop neurons, which reach only the connections that take
// them (NEST drops them everywhere else).

// epropTarget is an e-prop neuron (NEST's EpropArchivingNode): it counts
// its incoming eprop_synapse connections, computes their gradients and
// forgets the history they no longer need.
type epropTarget interface {
	RegisterEpropConnection()
	EpropComputeGradient(tSpike int64, c *synapses.EpropTrace, weight *float64, o *synapses.EpropOptimizer, flush bool)
	EpropEraseUsedHistory(tSpike, tSpikePrevious int64)
}

// checkEpropTarget refuses, with NEST's exceptions, an eprop_synapse
// whose target is no e-prop neuron or whose delay is not one step.
func checkEpropTarget(typ synapses.Type, target node.Node, delaySteps int64) error {
	if typ == nil || !synapses.RequiresEprop(typ) {
		return nil
	}
	if _, ok := target.(epropTarget); !ok {
		return nesterr.New(nesterr.ErrNotImplemented,
			"This synapse model is not supported by the neuron model of at least one connection (%s).", target.Model())
	}
	if delaySteps != 1 {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"eprop synapses currently require a delay of one simulation step")
	}
	return nil
}

// registerEprop tells an e-prop target of a new eprop_synapse.
func registerEprop(typ synapses.Type, target node.Node) {
	if typ == nil || !synapses.RequiresEprop(typ) {
		return
	}
	if e, ok := target.(epropTarget); ok {
		e.RegisterEpropConnection()
	}
}

// epropView is an e-prop target as an eprop_synapse sees it
// (synapses.EpropPost); the spike times it gets are NEST's stamps in ms.
type epropView struct {
	shiftedHistory
	e          epropTarget
	resolution float64
}

func (v *epropView) EpropSteps(t float64) int64 { return int64(math.Round(t / v.resolution)) }

func (v *epropView) EpropComputeGradient(tSpike int64, c *synapses.EpropTrace, weight *float64, o *synapses.EpropOptimizer, flush bool) {
	v.e.EpropComputeGradient(tSpike, c, weight, o, flush)
}

func (v *epropView) EpropEraseUsedHistory(tSpike, tSpikePrevious int64) {
	v.e.EpropEraseUsedHistory(tSpike, tSpikePrevious)
}

// EmitFlush implements models.FlushEmitter: node idx sends a flush event
// in step absStep (stamp absStep+1).
func (t *thread) EmitFlush(idx int, absStep int64) {
	t.flushes = append(t.flushes, emitted{src: int32(idx), step: absStep, mult: 1})
}

// deliverFlushes hands the flush events all threads emitted in the
// previous slice to this thread's connections that take them, after the
// spikes (see deliverPlastic).
func (t *thread) deliverFlushes(k *Kernel, all []*thread, post func(target, meta uint32) synapses.Post) {
	for _, tab := range t.plastic {
		if tab == nil || tab.Count() == 0 {
			continue
		}
		f, ok := tab.(synapses.Flusher)
		if !ok || !f.TakesFlush() {
			continue
		}
		for _, from := range all {
			for _, fl := range from.flushes {
				f.DeliverFlush(int(fl.src), nestStampMs(k.base, fl.step+1), post)
			}
		}
	}
}
