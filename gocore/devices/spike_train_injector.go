package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("spike_train_injector", func() node.Node { return NewSpikeTrainInjector() }) }

// SpikeTrainInjector is NEST 3.10's spike_train_injector: a
// spike_generator that takes part in the network as a neuron. Its spikes
// travel as a neuron's do (through the kernel's spike exchange, delivered
// in the next slice, to targets on any process), so it can drive plastic
// synapses, which see each of its spikes as a presynaptic spike of
// multiplicity 1 (a spike of multiplicity m as m of them).
//
// Parameters (status keys, defaults, units):
//
//	spike_times          []     ms  sorted (non-descending)
//	spike_multiplicities []     -   per-spike multiplicities, >= 0 (empty: all 1)
//	precise_times        false  -   keep off-grid times as grid stamp plus offset
//	allow_offgrid_times  false  -   round off-grid times up to the end of their step
//	shift_now_spikes     false  -   move a spike at the current time one step later (and allow t = 0)
//	origin, start, stop  0, 0, +inf ms  active window: origin+start < t <= origin+stop
//
// The rules for the times and options, and the timing of the spikes, are
// spike_generator's (see SpikeGenerator); unlike it, the injector has no
// spike_weights and no label, and its element_type is "neuron".
type SpikeTrainInjector struct {
	SpikeGenerator
}

// NewSpikeTrainInjector returns a spike_train_injector with NEST's
// defaults and no spikes.
func NewSpikeTrainInjector() *SpikeTrainInjector {
	return &SpikeTrainInjector{SpikeGenerator: *NewSpikeGenerator()}
}

// Model implements node.Node.
func (g *SpikeTrainInjector) Model() string { return "spike_train_injector" }

// PlainNode marks a neuron without NEST's structural-plasticity and
// archiving entries (NEST derives spike_train_injector from its plain Node class).
func (g *SpikeTrainInjector) PlainNode() {}

// ElementType implements node.Node: NEST files the injector as a neuron.
func (g *SpikeTrainInjector) ElementType() node.ElementType { return node.Neuron }

// Clone implements node.Node.
func (g *SpikeTrainInjector) Clone() node.Node { c := *g; return &c }

// Status implements node.Node.
func (g *SpikeTrainInjector) Status() dict.Dict {
	d := g.SpikeGenerator.Status()
	delete(d, "spike_weights")
	delete(d, "label")
	return d
}

// SetStatus implements node.Node; spike_weights and label are not
// parameters of the injector and stay unread.
func (g *SpikeTrainInjector) SetStatus(r *dict.Reader, env *node.Env) error {
	return g.set(r, env, "spike_train_injector", false)
}
