package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// CheckSimulate reports whether t ms is an acceptable simulation time:
// finite, not negative, on the step grid.
func (k *Kernel) CheckSimulate(t float64) error {
	switch {
	case math.IsNaN(t) || math.IsInf(t, 0):
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time must be finite (got %g ms).", t)
	case t < 0:
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time cannot be negative (got %g ms).", t)
	case !k.base.IsGrid(t):
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time must be a multiple of the simulation resolution (got %g ms, resolution %g ms).", t, k.base.Resolution)
	}
	return nil
}

// Interrupt asks a running Simulate to stop at the next slice boundary.
// It is safe to call from another goroutine.
func (k *Kernel) Interrupt() { k.interrupt.Store(true) }

// Simulate advances the network by t ms. It may be called repeatedly and
// continues where the previous call stopped. After Interrupt it returns
// early, at a slice boundary, with no error; the kernel stays usable.
func (k *Kernel) Simulate(t float64) error {
	if err := k.CheckSimulate(t); err != nil {
		return err
	}
	k.interrupt.Store(false)
	toDo := k.base.MsToSteps(t)
	if toDo == 0 {
		return nil
	}
	k.prepare()
	k.simulated = true
	k.run(toDo)
	return nil
}

// prepare fixes the slice length and ring-buffer size from the delays and
// computes every node's internal variables.
func (k *Kernel) prepare() {
	minD, maxD := k.delayExtrema()
	k.minDelay, k.maxDelay = int(minD), int(maxD)
	if k.rng == nil {
		k.rng = rand.New(rand.NewPCG(k.rngSeed, 0))
	}
	env := k.env()
	for _, n := range k.nodes {
		n.Prepare(env)
	}
}

// run is NEST's update loop: slices of min_delay steps, deliveries at the
// start of each slice after the first.
func (k *Kernel) run(toDo int64) {
	md := k.minDelay
	toStep := k.fromStep + int(min(toDo, int64(md-k.fromStep)))
	ctx := node.Context{RingLen: k.minDelay + k.maxDelay, Emit: k}
	for toDo > 0 {
		if k.fromStep == 0 && k.interrupt.Load() {
			break
		}
		if k.slice > 0 && k.fromStep == 0 {
			k.deliverSpikes()
			k.collectSamples()
		}
		for i, n := range k.nodes {
			ctx.Index = i
			n.Update(&ctx, k.clock, k.fromStep, toStep)
		}
		toDo -= int64(toStep - k.fromStep)
		if toStep == md {
			k.clock += int64(md)
			k.slice++
			k.fromStep = 0
		} else {
			k.fromStep = toStep
		}
		toStep = k.fromStep + int(min(toDo, int64(md-k.fromStep)))
	}
}

// EmitSpike implements node.Emitter: the spike waits for the start of the
// next slice.
func (k *Kernel) EmitSpike(idx int, step int64, offset float64) {
	k.pending = append(k.pending, emitted{src: int32(idx), step: step, offset: offset})
}

// SendCurrent implements node.Emitter: currents go straight into the
// targets' ring buffers, to take effect delay steps after emission.
func (k *Kernel) SendCurrent(idx int, step int64, current float64) {
	ring := int64(k.minDelay + k.maxDelay)
	for _, c := range k.conns.bySource[idx] {
		if r := k.currRecv[c.target]; r != nil {
			r.HandleCurrent(int((step+c.delay)%ring), int(c.rport), c.weight*current)
		}
	}
}

// deliverSpikes hands the spikes of the previous slice to their targets.
func (k *Kernel) deliverSpikes() {
	if len(k.pending) == 0 {
		return
	}
	ring := int64(k.minDelay + k.maxDelay)
	ev := node.SpikeEvent{Multiplicity: 1}
	for _, sp := range k.pending {
		ev.Sender = int(sp.src) + 1
		ev.Stamp = sp.step + 1
		ev.Offset = sp.offset
		for _, c := range k.conns.bySource[sp.src] {
			r := k.spikeRecv[c.target]
			if r == nil {
				continue
			}
			ev.Slot = int((sp.step + c.delay) % ring)
			ev.Rport = int(c.rport)
			ev.Weight = c.weight
			r.HandleSpike(&ev)
		}
	}
	k.pending = k.pending[:0]
}

// collectSamples lets every multimeter take the samples of the previous
// slice, in node order.
func (k *Kernel) collectSamples() {
	for _, n := range k.nodes {
		if mm, ok := n.(*devices.Multimeter); ok {
			mm.Collect()
		}
	}
}
