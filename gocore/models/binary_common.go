package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// binaryGain is the part in which the binary neuron models differ: the
// probability (or rule) with which a neuron whose total input is h takes
// state 1 when it is updated, and the parameters it reads.
type binaryGain interface {
	// on returns the new state for total input h, drawing from rng if the
	// rule is stochastic.
	on(rng *rand.Rand, h float64) bool
	status(d dict.Dict)
	// set reads the gain's parameters from r into a copy and returns a
	// function that commits them.
	set(r *dict.Reader) (func(), error)
	clone() binaryGain
}

// Input channels of a binary neuron: the decoded changes of h carried by
// spikes, and currents (which add to h only where the gain is applied).
const (
	binaryChH = iota
	binaryChI
	binaryChannels
)

// binaryNeuron is what mcculloch_pitts_neuron, ginzburg_neuron and
// erfc_neuron share: NEST's binary_neuron template. The neuron is updated
// at random times whose intervals are exponentially distributed with mean
// tau_m; at an update it takes the state the gain gives for its input h
// plus the input current of that step. A change of state is signalled to
// the targets as a spike of multiplicity 2 (switch on) or 1 (switch off).
// A receiving binary neuron decodes the signal as NEST does: a spike of
// multiplicity 2 adds its weight to h; a single spike subtracts its
// weight, unless it is the second single spike of one sender at one time
// (the second half of a switch-on unrolled by the spike exchange), which
// then adds twice the weight.
type binaryNeuron struct {
	neuron
	model string
	gain  binaryGain
	TauM  float64 // tau_m, ms: mean interval between updates

	y bool    // S: the output state
	h float64 // h: the summed input from other binary neurons

	// tNext is the time of the next update in tics; tNextSet says it has
	// been drawn (NEST draws it at the first Prepare).
	tNext    int64
	tNextSet bool
	// lastSender and lastStamp are the sender and stamp (steps) of the last
	// spike received, for the decoding of unrolled switch-on signals.
	lastSender int
	lastStamp  int64
	haveLast   bool

	base  simtime.Base
	rng   *rand.Rand
	input [binaryChannels]float64
}

var binaryRecordables = []string{"S", "h"}

func newBinaryNeuron(model string, gain binaryGain) binaryNeuron {
	return binaryNeuron{neuron: newNeuron(), model: model, gain: gain, TauM: 10}
}

// copyBinary returns an independent copy of b with the state but without
// input buffers, loggers or spike history.
func (b *binaryNeuron) copyBinary() binaryNeuron {
	c := *b
	c.neuron = b.copyNeuron()
	c.gain = b.gain.clone()
	return c
}

// Model implements node.Node.
func (b *binaryNeuron) Model() string { return b.model }

// Status implements node.Node.
func (b *binaryNeuron) Status() dict.Dict {
	d := dict.Dict{
		"tau_m": b.TauM, "S": b.y, "h": b.h,
		"recordables": append([]string(nil), binaryRecordables...),
	}
	b.gain.status(d)
	b.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional. S and h are reported but,
// as in NEST, not settable (the keys stay unaccessed).
func (b *binaryNeuron) SetStatus(r *dict.Reader, _ *node.Env) error {
	tau := b.TauM
	if _, err := r.Float("tau_m", &tau); err != nil {
		return err
	}
	if tau <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_m = %g ms).", tau)
	}
	arch, err := b.arch.Set(r)
	if err != nil {
		return err
	}
	commitGain, err := b.gain.set(r)
	if err != nil {
		return err
	}
	b.TauM, b.arch = tau, arch
	commitGain()
	return nil
}

// Prepare implements node.Node: the first update time is drawn once, at
// the first run, from the stream of the neuron's thread.
func (b *binaryNeuron) Prepare(env *node.Env) {
	b.rng = env.RNG
	b.base = env.Base
	if !b.tNextSet {
		b.tNext = b.base.MsToTics(b.rng.ExpFloat64() * b.TauM)
		b.tNextSet = true
	}
	b.ring.Bind(env, binaryChannels)
	b.logs.Init(env.Now, env.SliceOrigin)
}

// Update implements node.Node, in NEST's order: h takes this step's
// decoded input; if the step's time is past the next update time, the
// gain decides the state from h plus this step's current, a change is
// sent, and the next update time is drawn (one update per step at most).
func (b *binaryNeuron) Update(ctx *node.Context, origin int64, from, to int) {
	in := &b.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		b.ring.Take(ctx.Slot(step), in[:])
		b.h += in[binaryChH]
		if step*b.base.TicsPerStep > b.tNext {
			y := b.gain.on(b.rng, b.h+in[binaryChI])
			if y != b.y {
				mult := 1
				if y {
					mult = 2
				}
				ctx.Emit.EmitSpikes(ctx.Index, step, 0, mult)
				b.arch.Spike(b.base.StepsToMs(step + 1))
				b.y = y
			}
			b.tNext += b.base.MsToTics(b.rng.ExpFloat64() * b.TauM)
		}
		b.logs.Record(step, b)
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (b *binaryNeuron) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(b.model, rport, 0)
}

// HandleSpike implements node.SpikeReceiver with NEST's decoding. NEST
// hands a neuron's spike of multiplicity m to neurons as m spikes of
// multiplicity 1, each of which is decoded alone: the first of a sender
// and time subtracts the weight, every further one adds twice the weight.
// The kernel here delivers the spike once per connection with its
// multiplicity, so it is unrolled here. For one connection this gives
// NEST's +w for a switch-on and -w for a switch-off; for several
// connections between the same two neurons it gives NEST's sums too,
// (4k-3)w and (2k-3)w for k connections of weight w, which make h drift as
// it does in NEST.
func (b *binaryNeuron) HandleSpike(e *node.SpikeEvent) {
	for range e.Multiplicity {
		if b.haveLast && e.Sender == b.lastSender && e.Stamp == b.lastStamp {
			b.ring.Add(e.Slot, binaryChH, 2*e.Weight)
		} else {
			b.ring.Add(e.Slot, binaryChH, -e.Weight)
		}
		b.lastSender, b.lastStamp, b.haveLast = e.Sender, e.Stamp, true
	}
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (b *binaryNeuron) CheckCurrentReceptor(rport int) error { return checkReceptor(b.model, rport, 0) }

// HandleCurrent implements node.CurrentReceiver.
func (b *binaryNeuron) HandleCurrent(slot, _ int, weighted float64) {
	b.ring.Add(slot, binaryChI, weighted)
}

// Recordables implements node.Recordable.
func (b *binaryNeuron) Recordables() []string { return binaryRecordables }

// RecordableValue implements node.Recordable: S as 0 or 1, and h.
func (b *binaryNeuron) RecordableValue(i int) float64 {
	switch i {
	case 0:
		if b.y {
			return 1
		}
		return 0
	case 1:
		return b.h
	}
	return math.NaN()
}

// readGainFloats reads fields into copies and returns the function that
// stores them, for the gains' transactional set.
func readGainFloats(r *dict.Reader, keys []string, dsts []*float64) (func(), error) {
	vals := make([]float64, len(dsts))
	for i, d := range dsts {
		vals[i] = *d
	}
	for i, k := range keys {
		if _, err := r.Float(k, &vals[i]); err != nil {
			return nil, err
		}
	}
	return func() {
		for i, d := range dsts {
			*d = vals[i]
		}
	}, nil
}
