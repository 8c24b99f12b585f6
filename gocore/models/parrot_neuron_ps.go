package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("parrot_neuron_ps", func() node.Node { return NewParrotNeuronPs() }) }

// ParrotNeuronPs is NEST's parrot_neuron_ps: the precise-spiking parrot.
// Every spike arriving on receptor 0 leaves again at its precise arrival
// time: stamp and offset of the incoming spike, shifted by the
// connection's delay. Spikes that arrive at the same time leave as
// separate events, one per incoming event, each with that event's
// multiplicity. Incoming weights are ignored; receptor 1 accepts spikes
// and drops them (for STDP protocols).
//
// It has no parameters and nothing to record; like every NEST neuron it
// keeps a spike archive for STDP synapses (tau_minus 20 ms,
// tau_minus_triplet 110 ms, t_spike), holding each repeated spike at its
// precise time. Creating one switches off_grid_spiking on.
type ParrotNeuronPs struct {
	neuron
	psOffGrid
	queue    psQueue
	stepToMs func(int64) float64
}

// NewParrotNeuronPs returns a parrot_neuron_ps.
func NewParrotNeuronPs() *ParrotNeuronPs { return &ParrotNeuronPs{neuron: newNeuron()} }

// Model implements node.Node.
func (n *ParrotNeuronPs) Model() string { return "parrot_neuron_ps" }

// Clone implements node.Node; the copy has no input and no history.
func (n *ParrotNeuronPs) Clone() node.Node {
	return &ParrotNeuronPs{neuron: n.copyNeuron(), queue: n.queue.clone()}
}

// Status implements node.Node: the archive's entries only.
func (n *ParrotNeuronPs) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *ParrotNeuronPs) StatusTo(w node.StatusSink) { n.arch.StatusTo(w) }

// SetStatus implements node.Node: only the archive's time constants.
func (n *ParrotNeuronPs) SetStatus(r *dict.Reader, _ *node.Env) error {
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.arch = arch
	return nil
}

// Prepare implements node.Node.
func (n *ParrotNeuronPs) Prepare(env *node.Env) {
	n.queue.bind(env)
	n.stepToMs = env.StepsToMs()
}

// Update implements node.Node: the events of each step leave in order of
// their times.
func (n *ParrotNeuronPs) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		slot := ctx.Slot(step)
		n.queue.begin(slot)
		for {
			offset, mult, _, ok := n.queue.next(false)
			if !ok {
				break
			}
			count := int(mult)
			ctx.Emit.EmitSpikes(ctx.Index, step, offset, count)
			stamp := n.stepToMs(step + 1)
			for range count {
				n.arch.SpikeOffset(stamp, offset)
			}
		}
		n.queue.end(slot)
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 (repeated)
// and 1 (ignored).
func (n *ParrotNeuronPs) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("parrot_neuron_ps", rport, 1)
}

// HandleSpike implements node.SpikeReceiver: a spike on receptor 0 is
// queued with its offset and multiplicity.
func (n *ParrotNeuronPs) HandleSpike(e *node.SpikeEvent) {
	if e.Rport == 0 {
		n.queue.add(e.Slot, e.Offset, float64(e.Multiplicity))
	}
}
