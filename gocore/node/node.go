// Package node defines what the kernel needs from every node (neurons,
// stimulation devices, recording devices) and the small pieces they share:
// the update context, events, input ring buffers and data loggers.
//
// Models never reach into the kernel: everything a model may do during an
// update goes through the Context the kernel passes in.
package node

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/simtime"
)

// ElementType says what kind of node a model makes, as NEST's
// "element_type" status entry does.
type ElementType string

// The element types used by the built-in models.
const (
	Neuron     ElementType = "neuron"
	Stimulator ElementType = "stimulator"
	Recorder   ElementType = "recorder"
)

// Node is implemented by every model instance.
type Node interface {
	// Model returns the model name, e.g. "iaf_tum_2000".
	Model() string
	// ElementType returns the kind of node.
	ElementType() ElementType
	// Status returns the node's parameters and state under NEST's keys.
	Status() dict.Dict
	// SetStatus changes parameters and state from r. It is transactional:
	// on error the node is unchanged. Keys it does not know are left
	// unaccessed in r (the caller reports them).
	SetStatus(r *dict.Reader, env *Env) error
	// Clone returns an independent copy (used to instantiate models from
	// their prototype).
	Clone() Node
	// Prepare computes internal variables before a run (propagators,
	// refractory steps) and sizes buffers for env.
	Prepare(env *Env)
	// Update advances the node from step origin+from to origin+to.
	Update(ctx *Context, origin int64, from, to int)
}

// FloatSetter is implemented by models that can set some float status
// entries without a dictionary (the bulk path of set(V_m=array)).
// FloatSetter(key) returns a function that gives a node of the model the
// value v for key exactly as SetStatus with the dictionary {key: v}
// would, and that cannot fail; it returns nil for keys that need
// SetStatus (parameters with rules, keys the model lacks).
type FloatSetter interface {
	FloatSetter(key string) func(n Node, v float64)
}

// SpikeSender is implemented by nodes that emit spikes and so may be the
// source of a spike connection. TargetModel is the model name of the
// target; the sender may refuse some targets (IllegalConnection).
type SpikeSender interface {
	SendsSpikes() bool
}

// CurrentSender is implemented by nodes that emit currents
// (dc_generator, ...).
type CurrentSender interface {
	SendsCurrents() bool
}

// SpikeReceiver is implemented by nodes that accept spike events.
type SpikeReceiver interface {
	// CheckSpikeReceptor validates a connection from a sender of model
	// senderModel on receptor rport, returning UnknownReceptorType or
	// IllegalConnection errors as NEST does.
	CheckSpikeReceptor(senderModel string, rport int) error
	// HandleSpike receives a spike delivered to the input slot e.Slot.
	// The kernel reuses *e for the next delivery: a receiver copies what
	// it keeps and never keeps e.
	HandleSpike(e *SpikeEvent)
}

// PerNodeReceptors is implemented by spike receivers whose receptor
// check depends on the node, not only on its model: multisynapse models,
// whose number of ports follows each node's parameters and which note
// that they have connections. The kernel then checks every connection's
// target instead of once per pair of models.
type PerNodeReceptors interface {
	ReceptorsPerNode()
}

// PrepareChecker is implemented by nodes that may be unfit to simulate
// (cm_default without compartments): the kernel asks every such node
// before a run and returns its error, with nothing changed.
type PrepareChecker interface {
	CheckPrepare() error
}

// GapJunctionNode is implemented by the models NEST integrates with
// waveform relaxation when use_wfr is on (the *_gap models); they report
// node_uses_wfr.
type GapJunctionNode interface {
	UsesWaveformRelaxation()
}

// CurrentReceiver is implemented by nodes that accept current events.
type CurrentReceiver interface {
	CheckCurrentReceptor(rport int) error
	// HandleCurrent adds weight*current to the input slot.
	HandleCurrent(slot int, rport int, weightedCurrent float64)
}

// Recordable is implemented by nodes a multimeter can sample.
type Recordable interface {
	// Recordables returns the names of the quantities that can be sampled.
	Recordables() []string
	// Loggers gives access to the node's data loggers.
	Loggers() *Loggers
	// RecordableValue returns the current value of recordable i (an index
	// into Recordables()).
	RecordableValue(i int) float64
}

// SpikeEvent is a spike on its way to one target.
type SpikeEvent struct {
	Sender       int     // node id of the sender
	Stamp        int64   // spike time in steps (step of threshold crossing + 1)
	Slot         int     // input ring-buffer slot in which the spike arrives
	Rport        int     // receptor port
	Weight       float64 // connection weight
	Offset       float64 // model-specific data attached by the sender (iaf_tum_2000: u*x)
	Multiplicity int
}

// Env describes the time grid a node is prepared for.
type Env struct {
	Base simtime.Base
	// RingLen is the number of slots of input ring buffers: min_delay +
	// max_delay, in steps.
	RingLen int
	// MinDelay is the slice length in steps.
	MinDelay int
	// Now is the current simulation time in steps.
	Now int64
	// SliceOrigin is the step at which the current slice started.
	SliceOrigin int64
	// RNG is the random stream of the thread that updates the node.
	RNG *rand.Rand
	// Arena is the input memory of the thread, and Index the index of the
	// node being prepared; Ring.Bind uses both.
	Arena *Arena
	Index int
	// WFR are the waveform-relaxation settings (see secondary.go).
	WFR WFRSettings
	// Eprop are the kernel's e-prop settings (see eprop_bsshslm_2020.go).
	Eprop EpropSettings

	// stepsToMs is Base.StepsToMs as a function value, made for stepsBase
	// (see StepsToMs).
	stepsToMs func(int64) float64
	stepsBase simtime.Base
}

// StepsToMs returns Base.StepsToMs as a function value. It is made once
// per Env and time base, so the nodes that keep it (to stamp their spike
// archive) share one instead of each allocating a method value in every
// Prepare; the kernel reuses a thread's Env from one Simulate to the next.
func (e *Env) StepsToMs() func(int64) float64 {
	if e.stepsToMs == nil || e.stepsBase != e.Base {
		e.stepsToMs, e.stepsBase = e.Base.StepsToMs, e.Base
	}
	return e.stepsToMs
}

// FastSpikeInput is implemented by models whose spikes on receptor 0 just
// add weight*multiplicity to an input channel chosen by the sign of the
// weight. The kernel then delivers such spikes straight into the arena,
// without a method call per event.
type FastSpikeInput interface {
	// SpikeChannels returns the channel for positive weights and the one
	// for zero and negative weights (the same for a single input).
	SpikeChannels() (positive, other int)
}

// Emitter receives what nodes send during an update.
type Emitter interface {
	// EmitSpike records that node index idx spiked in step absStep
	// carrying offset.
	EmitSpike(idx int, absStep int64, offset float64)
	// EmitSpikes records multiplicity spikes of node idx in step absStep
	// (e.g. a spike_generator with repeated times).
	EmitSpikes(idx int, absStep int64, offset float64, multiplicity int)
	// EmitPoisson records that node idx sends, in step absStep, to each of
	// its targets an independent Poisson number of spikes with mean
	// lambda, drawn when the spike is delivered (poisson_generator).
	EmitPoisson(idx int, absStep int64, lambda float64)
	// SendCurrent sends a current emitted by node idx during absStep to
	// all its targets; it takes effect delay steps after absStep.
	SendCurrent(idx int, absStep int64, current float64)
	// SendCurrents sends each target of node idx its own current:
	// values[i] goes to the i-th target in the kernel's order (see
	// PerTargetCurrentSender). The kernel copies values.
	SendCurrents(idx int, absStep int64, values []float64)
}

// PerTargetCurrentSender is implemented by current generators that send
// every target its own value, as NEST's noise_generator does. Before each
// run the kernel tells the node how many targets it has on this process;
// SendCurrents then takes one value per target.
type PerTargetCurrentSender interface {
	SetTargetCount(n int)
}

// Context is handed to Update. It knows the node being updated and the
// ring-buffer geometry.
type Context struct {
	Index   int // 0-based node index of the node being updated
	RingLen int
	Emit    Emitter
	// Scratch is the work space of a GroupUpdater, kept with the thread
	// from call to call so that UpdateGroup allocates nothing; a model
	// that finds something else there puts its own.
	Scratch any
}

// Slot returns the ring-buffer slot of absolute step s.
func (c *Context) Slot(s int64) int { return int(s % int64(c.RingLen)) }

// NextSlot returns the slot after slot, wrapping at the ring's end: update
// loops step through the slots without a division per step.
func (c *Context) NextSlot(slot int) int {
	if slot++; slot == c.RingLen {
		return 0
	}
	return slot
}
