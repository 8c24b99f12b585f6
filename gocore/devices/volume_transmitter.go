package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
	"github.com/gonest/gonest/gocore/synapses"
)

func init() { register("volume_transmitter", func() node.Node { return NewVolumeTransmitter() }) }

// VolumeTransmitter is NEST's volume_transmitter: it collects the spikes
// of the (dopaminergic) neurons connected to it and hands them to the
// stdp_dopamine_synapse connections whose model names it: every
// deliver_interval slices (min_delay each) it triggers their update with
// the spikes of the interval, and between triggers a presynaptic spike of
// such a connection reads the spikes collected so far. The list begins
// with a pseudo spike of multiplicity 0 at the last trigger (at 0 ms
// before the first).
//
// Parameters: deliver_interval 1 (slices, >= 1). Element type "other", as
// in NEST.
type VolumeTransmitter struct {
	DeliverInterval int64

	ring     []float64 // multiplicities by arrival slot
	base     simtime.Base
	minDelay int64
	spikes   []synapses.DopaSpike
	// the list of the last interval and its end, until the kernel has
	// triggered the connections with it (see TakeTrigger)
	pending    []synapses.DopaSpike
	pendingT   float64
	hasPending bool
}

// NewVolumeTransmitter returns a volume_transmitter with NEST's defaults.
func NewVolumeTransmitter() *VolumeTransmitter {
	return &VolumeTransmitter{DeliverInterval: 1, spikes: []synapses.DopaSpike{{}}}
}

// Model implements node.Node.
func (v *VolumeTransmitter) Model() string { return "volume_transmitter" }

// ElementType implements node.Node.
func (v *VolumeTransmitter) ElementType() node.ElementType { return node.ElementType("other") }

// Clone implements node.Node.
func (v *VolumeTransmitter) Clone() node.Node {
	c := NewVolumeTransmitter()
	c.DeliverInterval = v.DeliverInterval
	return c
}

// Status implements node.Node.
func (v *VolumeTransmitter) Status() dict.Dict {
	return dict.Dict{"deliver_interval": int(v.DeliverInterval)}
}

// SetStatus implements node.Node.
func (v *VolumeTransmitter) SetStatus(r *dict.Reader, _ *node.Env) error {
	n := v.DeliverInterval
	if _, err := r.Int("deliver_interval", &n); err != nil {
		return err
	}
	if n < 1 {
		return nesterr.New(nesterr.ErrBadProperty, "deliver_interval must be at least 1 (deliver_interval = %d).", n)
	}
	v.DeliverInterval = n
	return nil
}

// Prepare implements node.Node.
func (v *VolumeTransmitter) Prepare(env *node.Env) {
	v.base, v.minDelay = env.Base, int64(env.MinDelay)
	if len(v.ring) != env.RingLen {
		v.ring = make([]float64, env.RingLen)
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver.
func (v *VolumeTransmitter) CheckSpikeReceptor(_ string, rport int) error {
	if rport != 0 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in volume_transmitter.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver.
func (v *VolumeTransmitter) HandleSpike(e *node.SpikeEvent) {
	v.ring[e.Slot] += float64(max(e.Multiplicity, 1))
}

// nestMs is NEST's Time::get_ms of a step: tics times ms_per_tic.
func (v *VolumeTransmitter) nestMs(step int64) float64 {
	return v.base.MsPerTic * float64(step*v.base.TicsPerStep)
}

// Update implements node.Node.
func (v *VolumeTransmitter) Update(_ *node.Context, origin int64, from, to int) {
	n := int64(len(v.ring))
	for lag := int64(from); lag < int64(to); lag++ {
		slot := (origin + lag) % n
		if m := v.ring[slot]; m > 0 {
			v.spikes = append(v.spikes, synapses.DopaSpike{T: v.nestMs(origin + lag + 1), Mult: m})
		}
		v.ring[slot] = 0
	}
	if (origin+int64(to))%(v.DeliverInterval*v.minDelay) == 0 {
		tTrig := v.nestMs(origin + int64(to))
		// The connections are updated by the kernel once every thread has
		// finished the slice (TakeTrigger); the two lists swap so that
		// nothing is allocated once they have grown.
		v.pending, v.spikes = v.spikes, v.pending[:0]
		v.pendingT, v.hasPending = tTrig, true
		v.spikes = append(v.spikes, synapses.DopaSpike{T: tTrig})
	}
}

// Spikes returns the spikes collected since the last trigger, after the
// pseudo spike at that trigger.
func (v *VolumeTransmitter) Spikes() []synapses.DopaSpike { return v.spikes }

// TakeTrigger returns the spikes of the interval that ended at tTrig (ms)
// if one ended in the last slice, once.
func (v *VolumeTransmitter) TakeTrigger() (spikes []synapses.DopaSpike, tTrig float64, ok bool) {
	if !v.hasPending {
		return nil, 0, false
	}
	v.hasPending = false
	return v.pending, v.pendingT, true
}
