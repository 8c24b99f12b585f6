package kernel

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// The kernel's part in e-prop learning of the bsshslm_2020 models: the
// kernel properties eprop_update_interval, eprop_learning_window and
// eprop_reset_neurons_on_update, handed to nodes in node.Env; the flush
// events recurrent neurons (and nothing else) send, which only the
// eprop_synapse_bsshslm_2020 tables see; and the checks and registration
// of a new e-prop synapse at its target.

// epropSettings returns the kernel's e-prop properties, the durations in
// steps of the current resolution.
func (k *Kernel) epropSettings() node.EpropSettings {
	return node.EpropSettings{
		UpdateInterval: k.base.MsToSteps(k.compat["eprop_update_interval"].(float64)),
		LearningWindow: k.base.MsToSteps(k.compat["eprop_learning_window"].(float64)),
		ResetOnUpdate:  k.compat["eprop_reset_neurons_on_update"].(bool),
	}
}

// checkEpropKernel applies NEST's rules to the e-prop properties of d as
// they would be (compat): both durations positive, the window no longer
// than the interval.
func checkEpropKernel(d dict.Dict, compat dict.Dict) error {
	interval := compat["eprop_update_interval"].(float64)
	window := compat["eprop_learning_window"].(float64)
	if _, ok := d["eprop_update_interval"]; ok && interval <= 0 {
		return nesterr.New(nesterr.ErrKernelException, "eprop_update_interval > 0 required, got %g ms.", interval)
	}
	if _, ok := d["eprop_learning_window"]; ok {
		if window <= 0 {
			return nesterr.New(nesterr.ErrKernelException, "eprop_learning_window > 0 required, got %g ms.", window)
		}
		if window > interval {
			return nesterr.New(nesterr.ErrKernelException,
				"eprop_learning_window <= eprop_update_interval required (eprop_learning_window = %g ms, eprop_update_interval = %g ms).", window, interval)
		}
	}
	return nil
}

// deliverEpropBsshslm hands the spikes and flush events of the previous
// slice to an eprop_synapse_bsshslm_2020 table. A source sends at most
// one of them per step and e-prop synapses have a delay of one step (so
// slices of one step), hence their order does not matter.
func (t *thread) deliverEpropBsshslm(k *Kernel, tab synapses.EpropBsshslmTable, all []*thread, sp *emitted, ev *node.SpikeEvent,
	send func(pos int, target, meta uint32, weight float64)) {
	target := func(i uint32) node.EpropBsshslmTarget {
		et, _ := k.nodes[i].(node.EpropBsshslmTarget)
		return et
	}
	for _, from := range all {
		for _, s := range from.spikes {
			if s.mult < 1 {
				continue // generators' kinds; refused at Connect (a device cannot be the source)
			}
			*sp = s
			ev.Sender, ev.Stamp, ev.Offset, ev.Multiplicity = int(s.src)+1, s.step+1, s.offset, int(s.mult)
			tab.DeliverSteps(int(s.src), s.step+1, false, target, send)
		}
		for _, s := range from.flushes {
			tab.DeliverSteps(int(s.src), s.step+1, true, target, send)
		}
	}
}

// checkEpropBsshslmTarget refuses, as NEST does, an eprop_synapse_bsshslm_2020
// to a neuron that is not a bsshslm_2020 e-prop neuron, or of a delay
// other than one step.
func checkEpropBsshslmTarget(typ synapses.Type, target node.Node, delaySteps int64) error {
	if typ == nil || !synapses.IsEpropBsshslm(typ) {
		return nil
	}
	if _, ok := target.(node.EpropBsshslmTarget); !ok {
		return nesterr.New(nesterr.ErrNotImplemented,
			"This synapse model is not supported by the neuron model of at least one connection (%s).", target.Model())
	}
	if delaySteps != 1 {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"eprop synapses currently require a delay of one simulation step (got %d steps)", delaySteps)
	}
	return nil
}

// registerEpropBsshslm tells the target of the connection just added to src's
// e-prop table tab about it, and starts the connection's update count.
func (k *Kernel) registerEpropBsshslm(tab synapses.Table, src int, target node.Node) {
	et, ok := tab.(synapses.EpropBsshslmTable)
	if !ok {
		return
	}
	et.StartLast(src, k.epropSettings().UpdateInterval)
	target.(node.EpropBsshslmTarget).EpropRegister()
}
