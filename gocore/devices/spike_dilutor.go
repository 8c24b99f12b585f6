package devices

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("spike_dilutor", func() node.Node { return NewSpikeDilutor() }) }

// SpikeDilutor is NEST's spike_dilutor: it repeats the spikes it receives
// (the mother train) to each of its targets independently with
// probability p_copy.
//
// Parameters (status keys, defaults, units):
//
//	p_copy               1.0    -         copy probability, in [0, 1]
//	origin, start, stop  0, 0, +inf ms    active window
//	label                ""     -
//
// A mother spike that arrives in step s (its stamp plus the connection's
// delay, minus one) is sent on in step s, stamped s+1, to each target with
// a binomial multiplicity of probability p_copy. As in NEST 3.10, the
// window is tested once per slice, at its origin T (origin+start < T <=
// origin+stop); a slice that fails the test leaves the spikes that arrive
// in it in the input buffer, where NEST's ring buffer keeps them until the
// same slot is read again, min_delay+max_delay steps later, and so does
// this model. Input arrives on receptor 0 only. All outgoing connections
// must use one static synapse model. As in NEST, Simulate refuses a
// network with a spike_dilutor when the kernel has several threads
// (KernelException).
type SpikeDilutor struct {
	PCopy float64 // p_copy
	W     Window
	Label string // label

	ring       []int64 // mother spikes by arrival slot
	rng        *rand.Rand
	tMin, tMax int64
	perTarget
}

// NewSpikeDilutor returns a spike_dilutor with NEST's defaults.
func NewSpikeDilutor() *SpikeDilutor { return &SpikeDilutor{PCopy: 1, W: DefaultWindow()} }

// Model implements node.Node.
func (d *SpikeDilutor) Model() string { return "spike_dilutor" }

// ElementType implements node.Node.
func (d *SpikeDilutor) ElementType() node.ElementType { return node.Stimulator }

// Clone implements node.Node: the copy has no targets and no input.
func (d *SpikeDilutor) Clone() node.Node {
	c := *d
	c.ring, c.perTarget = nil, perTarget{}
	return &c
}

// Status implements node.Node.
func (d *SpikeDilutor) Status() dict.Dict {
	st := dict.Dict{"p_copy": d.PCopy, "label": d.Label}
	d.W.status(st)
	return st
}

// SetStatus implements node.Node; nothing changes unless every entry is
// valid.
func (d *SpikeDilutor) SetStatus(r *dict.Reader, env *node.Env) error {
	c := *d
	if _, err := r.Float("p_copy", &c.PCopy); err != nil {
		return err
	}
	if !(c.PCopy >= 0 && c.PCopy <= 1) || math.IsNaN(c.PCopy) {
		return nesterr.New(nesterr.ErrBadProperty, "Copy probability must be in [0, 1] (p_copy = %g).", c.PCopy)
	}
	if err := setWindowLabel(r, env.Base, &c.W, &c.Label); err != nil {
		return err
	}
	*d = c
	return nil
}

// SingleThreadOnly implements node.SingleThreadDevice.
func (d *SpikeDilutor) SingleThreadOnly() string {
	return "The network contains a spike_dilutor which cannot be used with multiple threads."
}

// Prepare implements node.Node; the input buffer keeps its content unless
// the ring length changed.
func (d *SpikeDilutor) Prepare(env *node.Env) {
	if len(d.ring) != env.RingLen {
		d.ring = make([]int64, env.RingLen)
	}
	d.rng = env.RNG
	d.tMin, d.tMax = d.W.bounds(env.Base)
}

// SendsSpikes implements node.SpikeSender.
func (d *SpikeDilutor) SendsSpikes() bool { return true }

// CheckSpikeReceptor implements node.SpikeReceiver.
func (d *SpikeDilutor) CheckSpikeReceptor(_ string, rport int) error {
	if rport != 0 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in spike_dilutor.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver.
func (d *SpikeDilutor) HandleSpike(e *node.SpikeEvent) {
	if d.ring != nil {
		d.ring[e.Slot] += int64(max(e.Multiplicity, 1))
	}
}

// Update implements node.Node.
func (d *SpikeDilutor) Update(ctx *node.Context, origin int64, from, to int) {
	if !(d.tMin < origin && origin <= d.tMax) {
		return
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		slot := ctx.Slot(step)
		n := d.ring[slot]
		d.ring[slot] = 0
		if n == 0 || d.targets == 0 {
			continue
		}
		for i := range d.mults {
			d.mults[i] = int32(drawBinomial(d.rng, n, d.PCopy))
		}
		d.send(ctx, step)
	}
}
