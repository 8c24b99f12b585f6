package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("parrot_neuron", func() node.Node { return NewParrotNeuron() }) }

// ParrotNeuron is NEST's parrot_neuron: it repeats every spike it receives
// on receptor 0 at the time it arrives: a spike stamped t on a connection
// of delay d leaves the parrot stamped t+d, as one event whose
// multiplicity is the number of spikes that arrived at that time. Weights of incoming
// connections are ignored; outgoing connections apply their own weights
// and delays. Spikes on receptor 1 are accepted and dropped, which lets
// STDP protocols drive a postsynaptic parrot with exact spike times.
//
// It has no parameters of its own and nothing to record. Like every NEST
// neuron it keeps a spike archive for STDP synapses (tau_minus,
// tau_minus_triplet, t_spike), with one entry per repeated spike.
//
//	flush_event_send_interval  +inf  ms  settable (> 0) and reported
//
// NEST sends a flush event (a spike flagged for e-prop synapses, which
// static and the other synapses drop) when the parrot has been silent for
// flush_event_send_interval. gonest keeps the value only: no gonest synapse
// takes flush events, so what the parrot's targets receive is the same.
type ParrotNeuron struct {
	neuron
	stepToMs      func(int64) float64 // step count -> ms, for the spike archive
	input         [1]float64
	flushInterval float64 // flush_event_send_interval (ms)
}

// NewParrotNeuron returns a parrot neuron.
func NewParrotNeuron() *ParrotNeuron {
	return &ParrotNeuron{neuron: newNeuron(), flushInterval: math.Inf(1)}
}

// Model implements node.Node.
func (n *ParrotNeuron) Model() string { return "parrot_neuron" }

// Clone implements node.Node; the copy has an empty buffer and history.
func (n *ParrotNeuron) Clone() node.Node {
	c := &ParrotNeuron{neuron: n.copyNeuron(), flushInterval: n.flushInterval}
	return c
}

// Status implements node.Node: the archive's entries only.
func (n *ParrotNeuron) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *ParrotNeuron) StatusTo(w node.StatusSink) {
	w.Float("flush_event_send_interval", n.flushInterval)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node. The archive's time constants and
// flush_event_send_interval can be set; other keys are left unaccessed for
// the caller to report.
func (n *ParrotNeuron) SetStatus(r *dict.Reader, _ *node.Env) error {
	flush := n.flushInterval
	if _, err := r.Float("flush_event_send_interval", &flush); err != nil {
		return err
	}
	if !(flush > 0) {
		return nesterr.New(nesterr.ErrBadProperty, "flush_event_send_interval > 0 required (got %g).", flush)
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.arch, n.flushInterval = arch, flush
	return nil
}

// Prepare implements node.Node.
func (n *ParrotNeuron) Prepare(env *node.Env) {
	n.ring.Bind(env, 1)
	n.stepToMs = env.StepsToMs()
}

// Update implements node.Node: the spikes counted for a step leave in that
// step as one event with their number as multiplicity.
func (n *ParrotNeuron) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), n.input[:])
		// The count is a sum of whole numbers held exactly in a float64;
		// NEST converts it to an unsigned integer the same way.
		if count := int(n.input[0]); count > 0 {
			ctx.Emit.EmitSpikes(ctx.Index, step, 0, count)
			// NEST archives every repeated spike separately.
			t := n.stepToMs(step + 1)
			for range count {
				n.arch.Spike(t)
			}
		}
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 (repeated)
// and 1 (ignored).
func (n *ParrotNeuron) CheckSpikeReceptor(_ string, rport int) error {
	if rport != 0 && rport != 1 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in parrot_neuron.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: spikes on receptor 0 are
// counted with their multiplicity, whatever the weight.
func (n *ParrotNeuron) HandleSpike(e *node.SpikeEvent) {
	if e.Rport == 0 {
		n.ring.Add(e.Slot, 0, float64(e.Multiplicity))
	}
}
