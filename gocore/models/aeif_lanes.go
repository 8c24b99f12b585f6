package models

import (
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

// This file integrates aeif neurons with exponential synapses
// (aeif_cond_exp, aeif_psc_exp: four equations) several at a time, each
// in an ode.Lane: the adaptive steps of up to aeifLanes neighbours of a
// thread run in lockstep, so that the processor overlaps their chains of
// dependent operations (division, exponential, division in every
// evaluation of the right-hand side), and aeif_cond_exp evaluates the
// right-hand sides of four neurons at once in vector registers
// (aeif_cond_vec_amd64.s). Each neuron's arithmetic is that of Update,
// bit for bit.

// aeifLanes is how many neurons UpdateGroup integrates together at most:
// aeif_cond_exp neurons whose right-hand sides are evaluated in vector
// registers (four per vector, two vectors so that the processor overlaps
// their chains), aeifScalarLanes of the others.
const (
	aeifLanes       = ode.MaxLanes
	aeifScalarLanes = 4
)

// lanesFit reports whether the neuron integrates in a lane: exponential
// synapses, prepared, and no multimeter (it would see the rows of the
// neurons of a group interleaved).
func (n *aeifSyn) lanesFit() bool {
	return !n.kind.alpha && n.lane != nil && n.logs.Len() == 0
}

// aeifGroup is the state of one UpdateGroup: its lanes, each with the
// neuron it integrates (slot i: members[i], lanes[i], ...), and the
// neurons after the first it has taken so far (next[:taken]).
type aeifGroup struct {
	members [aeifLanes]*aeifSyn
	lanes   [aeifLanes]*ode.Lane
	ctxs    [aeifLanes]*node.Context
	lags    [aeifLanes]int
	vec     aeifCondVec // the right-hand sides four at a time, where the processor can
	stepper ode.Stepper

	next     []node.Node
	ids      []int
	taken    int
	vector   bool // the members fit the vector evaluation (vectorFits)
	closed   bool // the next neuron does not fit: take no more
	ctx      *node.Context
	origin   int64
	from, to int
	size     int // slots in use

	// the right-hand sides as ode.LanesFuncs, bound once (binding them in
	// every UpdateGroup would allocate)
	vectorEval, scalarEval ode.LanesFunc
}

// aeifGroupOf returns the group kept in the thread's context (made on
// first use), so that UpdateGroup allocates nothing.
func aeifGroupOf(ctx *node.Context) *aeifGroup {
	if g, ok := ctx.Scratch.(*aeifGroup); ok {
		return g
	}
	g := new(aeifGroup)
	g.vectorEval, g.scalarEval = g.vec.eval, g.evalScalar
	ctx.Scratch = g
	return g
}

// evalScalar implements ode.LanesFunc one member at a time.
func (g *aeifGroup) evalScalar(y, dydt *[ode.MaxLanes]*[ode.LaneDim]float64) {
	for i, yi := range y {
		if yi != nil {
			g.members[i].derivsExp(yi, dydt[i])
		}
	}
}

// UpdateGroup implements node.GroupUpdater: n and the neurons after it
// that fit a lane, integrated together in up to aeifLanes lanes (up to
// aeifScalarLanes where the right-hand sides are evaluated one by one).
// A lane whose neuron has finished the slice takes the next neuron, so
// that the lanes stay busy while neurons need different numbers of
// steps; the group ends at the first neuron that does not fit. The
// spikes of all but n are held back and sent after n's, each neuron's in
// turn, in the order separate calls of Update send them. Neurons with
// alpha synapses update in pairs (UpdatePair).
func (n *aeifSyn) UpdateGroup(ctx *node.Context, next []node.Node, ids []int, origin int64, from, to int) int {
	if !n.lanesFit() || from >= to {
		if len(next) > 0 && n.UpdatePair(ctx, next[0], ids[0], origin, from, to) {
			return 1
		}
		n.Update(ctx, origin, from, to)
		return 0
	}
	g := aeifGroupOf(ctx)
	g.next, g.ids, g.taken, g.vector, g.closed = next, ids, 0, n.vectorFits(), false
	g.ctx, g.origin, g.from, g.to = ctx, origin, from, to
	width := aeifScalarLanes
	if g.vector {
		width = aeifLanes
	}
	g.load(0, n, ctx)
	for g.size = 1; g.size < width && g.loadNext(g.size); g.size++ {
	}
	f := g.scalarEval
	if g.vector {
		g.vectorParams(g.size)
		f = g.vectorEval
	}
	for busy := true; busy; {
		g.stepper.Step(g.lanes[:g.size], f)
		busy = false
		for i := range g.size {
			if l := g.lanes[i]; l.Busy && l.Done {
				g.took(i) // may put another neuron's lane into the slot
			}
			busy = busy || g.lanes[i].Busy
		}
	}
	for j, o := range next[:g.taken] {
		m := o.(aeifSynNode).aeifSynPart()
		for _, step := range m.held.steps {
			ctx.Emit.EmitSpike(ids[j], step, 0)
		}
		m.held.Emitter = nil
	}
	taken := g.taken
	g.members, g.lanes, g.ctxs = [aeifLanes]*aeifSyn{}, [aeifLanes]*ode.Lane{}, [aeifLanes]*node.Context{}
	g.next, g.ids, g.ctx = nil, nil, nil
	return taken
}

// load puts neuron m, sending through ctx, into slot i.
func (g *aeifGroup) load(i int, m *aeifSyn, ctx *node.Context) {
	m.setDivisors()
	l := m.lane
	l.Y, l.H, l.Control, l.T1 = [4]float64(m.S.Y[:4]), m.v.h, m.v.control, m.v.integrator.step
	l.T, l.Busy = 0, true
	l.StateChanged()
	g.members[i], g.lanes[i], g.ctxs[i], g.lags[i] = m, l, ctx, g.from
}

// loadNext puts the next neuron into slot i, if there is one that fits,
// its spikes held back; it reports whether it did.
func (g *aeifGroup) loadNext(i int) bool {
	if g.closed || g.taken == len(g.next) {
		return false
	}
	o, ok := g.next[g.taken].(aeifSynNode)
	if !ok || !o.aeifSynPart().lanesFit() || (g.vector && !o.aeifSynPart().vectorFits()) {
		g.closed = true
		return false
	}
	m := o.aeifSynPart()
	m.held.Emitter, m.held.steps = g.ctx.Emit, m.held.steps[:0]
	m.pairCtx = node.Context{Index: g.ids[g.taken], RingLen: g.ctx.RingLen, Emit: &m.held}
	g.taken++
	g.load(i, m, &m.pairCtx)
	return true
}

// took finishes an adaptive step of slot i (aeifCore.afterStep) and, at
// the end of a simulation step, the simulation step (endStep), starting
// the next; after the last, the slot's neuron is done and the slot takes
// the next neuron, or falls idle.
func (g *aeifGroup) took(i int) {
	m, l := g.members[i], g.lanes[i]
	step := g.origin + int64(g.lags[i])
	m.v.afterStep(m.kind.model, g.ctxs[i], step, l.Y[:], 3, &m.P.aeifParams, &m.S.RefSteps, &m.arch, l, nil)
	if l.T < l.T1 {
		if g.vector {
			g.vec.setInput(i, &m.S) // a spike makes the neuron refractory
		}
		return
	}
	// endStep adds the input to the state in the node.
	y := &m.S.Y
	y[0], y[1], y[2], y[3] = l.Y[0], l.Y[1], l.Y[2], l.Y[3]
	m.endStep(g.ctxs[i], step)
	l.Y = [4]float64(y[:4])
	g.lags[i]++
	l.T = 0
	l.StateChanged()
	if g.lags[i] < g.to {
		if g.vector {
			g.vec.setInput(i, &m.S)
		}
		return
	}
	m.v.h = l.H
	l.Busy = false
	if g.loadNext(i) && g.vector {
		g.vec.setElement(i, &g.members[i].P)
		g.vec.setInput(i, &g.members[i].S)
	}
}
