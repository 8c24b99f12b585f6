package kernel

import (
	"slices"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// stdp_dopamine_synapse models name a volume_transmitter in their
// defaults. The transmitter collects spikes as it is updated; its
// presynaptic spikes read what it has collected, and at the end of every
// delivery interval all connections of the models naming it are updated
// with the interval's spikes. NEST does the latter inside the
// transmitter's update; here the kernel does it once all threads have
// finished the slice (triggerVolumeTransmitters), which reads the same
// postsynaptic spikes: a connection's window ends a delay (at least one
// slice) before the trigger.

// dopamineModel reports whether m derives from stdp_dopamine_synapse.
func dopamineModel(m synapseModel) bool { return m.base == "stdp_dopamine_synapse" }

// readVolumeTransmitter reads volume_transmitter into m (dopamine models
// only; for others the key stays unread): a node id or a list of one.
func (k *Kernel) readVolumeTransmitter(m *synapseModel, r *dict.Reader) error {
	if !dopamineModel(*m) {
		return nil
	}
	v, ok := r.Raw("volume_transmitter")
	if !ok {
		return nil
	}
	if list, isList := v.([]any); isList {
		if len(list) != 1 {
			return nesterr.New(nesterr.ErrBadProperty, "Property volume_transmitter must be a single element NodeCollection (got %d nodes).", len(list))
		}
		v = list[0]
	}
	id, err := dict.ToInt("volume_transmitter", v)
	if err != nil {
		return err
	}
	n, err := k.node(int(id))
	if err != nil {
		return err
	}
	if _, ok := n.(*devices.VolumeTransmitter); !ok {
		return nesterr.New(nesterr.ErrBadProperty, "Property volume_transmitter must be set to a node of type volume_transmitter (node %d is a %s).", id, k.modelOf[id-1])
	}
	m.volumeTransmitter = int(id)
	return nil
}

// bindVolumeTransmitter lets model m's connections read its transmitter's
// spikes.
func (k *Kernel) bindVolumeTransmitter(m synapseModel) {
	if !dopamineModel(m) || m.typ == nil {
		return
	}
	var spikes func() []synapses.DopaSpike
	if m.volumeTransmitter > 0 {
		vt := k.nodes[m.volumeTransmitter-1].(*devices.VolumeTransmitter)
		spikes = vt.Spikes
	}
	synapses.BindDopamine(m.typ, spikes)
}

// volumeTransmitterStatus is the volume_transmitter entry of a dopamine
// model's defaults: the list of its node ids (none or one).
func volumeTransmitterStatus(m synapseModel) []int {
	if m.volumeTransmitter == 0 {
		return []int{}
	}
	return []int{m.volumeTransmitter}
}

// checkVolumeTransmitter refuses connections of a dopamine model that has
// no volume transmitter, and with more than one thread the state c and n
// in the synapse specification, as NEST does.
func (k *Kernel) checkVolumeTransmitter(m synapseModel, sr *dict.Reader) error {
	if !dopamineModel(m) {
		return nil
	}
	if m.volumeTransmitter == 0 {
		return nesterr.New(nesterr.ErrBadProperty, "No volume transmitter has been assigned to the dopamine synapse.")
	}
	if len(k.threads) > 1 {
		for _, key := range []string{"c", "n"} {
			if sr.Has(key) {
				return nesterr.New(nesterr.ErrNotImplemented, "For multi-threading Connect doesn't support the setting of parameter %s in stdp_dopamine_synapse. Use SetDefaults() or CopyModel().", key)
			}
		}
	}
	return nil
}

// triggerVolumeTransmitters updates the connections of every dopamine
// model whose transmitter ended a delivery interval in the last slice.
// hasVolumeTransmitters tells whether a dopamine synapse model is bound to
// a volume transmitter (synapse models change only between Simulate
// calls, so run asks once per call, not in every slice).
func (k *Kernel) hasVolumeTransmitters() bool {
	return slices.ContainsFunc(k.synModels, func(m synapseModel) bool { return dopamineModel(m) && m.volumeTransmitter != 0 })
}

func (k *Kernel) triggerVolumeTransmitters() {
	if !k.hasVolumeTransmitters() {
		return
	}
	var hist shiftedHistory
	post := func(target, meta uint32) synapses.Post {
		a, _ := k.nodes[target].(node.Archiving)
		hist = shiftedHistory{a: a.Archive(), d: nestDelayMs(k.base, metaDelay(meta))}
		return &hist
	}
	for i, m := range k.synModels {
		vtID := m.volumeTransmitter
		if !dopamineModel(m) || vtID == 0 || firstWithTransmitter(k.synModels, vtID) != i {
			continue
		}
		spikes, tTrig, ok := k.nodes[vtID-1].(*devices.VolumeTransmitter).TakeTrigger()
		if !ok {
			continue
		}
		for syn, other := range k.synModels {
			if other.volumeTransmitter != vtID || !dopamineModel(other) {
				continue
			}
			for _, t := range k.threads {
				if syn < len(t.plastic) && t.plastic[syn] != nil {
					synapses.TriggerTable(t.plastic[syn], spikes, tTrig, post)
				}
			}
		}
	}
}

// firstWithTransmitter returns the first dopamine model naming vtID, so
// that each transmitter is handled once.
func firstWithTransmitter(models []synapseModel, vtID int) int {
	for i, m := range models {
		if dopamineModel(m) && m.volumeTransmitter == vtID {
			return i
		}
	}
	return -1
}
