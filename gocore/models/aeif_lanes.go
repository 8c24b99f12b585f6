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
// evaluation of the right-hand side). Each neuron's arithmetic is that of
// Update, bit for bit.

// aeifLanes is how many neurons UpdateGroup integrates together.
const aeifLanes = 4

// lanesFit reports whether the neuron integrates in a lane: exponential
// synapses, prepared, and no multimeter (it would see the rows of the
// neurons of a group interleaved).
func (n *aeifSyn) lanesFit() bool {
	return !n.kind.alpha && n.lane != nil && n.logs.Len() == 0
}

// aeifGroup is the state of one UpdateGroup.
type aeifGroup struct {
	members [aeifLanes]*aeifSyn
	lanes   [aeifLanes]*ode.Lane
	ctxs    [aeifLanes]*node.Context
	lags    [aeifLanes]int
}

// UpdateGroup implements node.GroupUpdater: n and the neurons after it
// that fit a lane, up to aeifLanes in all, integrated together. The
// spikes of all but n are held back and sent after n's, each neuron's in
// turn, in the order separate calls of Update send them. Neurons with
// alpha synapses update in pairs (UpdatePair).
func (n *aeifSyn) UpdateGroup(ctx *node.Context, next []node.Node, ids []int, origin int64, from, to int) int {
	if !n.lanesFit() {
		if len(next) > 0 && n.UpdatePair(ctx, next[0], ids[0], origin, from, to) {
			return 1
		}
		n.Update(ctx, origin, from, to)
		return 0
	}
	var g aeifGroup
	size := 0
	for size < aeifLanes {
		m := n
		if size > 0 {
			o, ok := next[size-1].(aeifSynNode)
			if !ok || !o.aeifSynPart().lanesFit() {
				break
			}
			m = o.aeifSynPart()
			m.held.Emitter, m.held.steps = ctx.Emit, m.held.steps[:0]
			m.pairCtx = node.Context{Index: ids[size-1], RingLen: ctx.RingLen, Emit: &m.held}
			g.ctxs[size] = &m.pairCtx
		} else {
			g.ctxs[0] = ctx
		}
		m.setDivisors()
		l := m.lane
		l.Y, l.H, l.Control, l.T1 = [4]float64(m.S.Y[:4]), m.v.h, m.v.control, m.v.integrator.step
		l.T, l.Busy = 0, from < to
		l.StateChanged()
		g.members[size], g.lanes[size], g.lags[size] = m, l, from
		if size++; size > len(next) {
			break
		}
	}
	f := func(i int, y, dydt *[ode.LaneDim]float64) { g.members[i].derivsExp(y, dydt) }
	for busy := from < to; busy; {
		ode.StepLanes(g.lanes[:size], f)
		busy = false
		for i, l := range g.lanes[:size] {
			if l.Busy && l.Done {
				g.took(i, origin, to)
			}
			busy = busy || l.Busy
		}
	}
	for i, m := range g.members[:size] {
		m.S.Y[0], m.S.Y[1], m.S.Y[2], m.S.Y[3] = m.lane.Y[0], m.lane.Y[1], m.lane.Y[2], m.lane.Y[3]
		m.v.h = m.lane.H
		if i > 0 {
			for _, step := range m.held.steps {
				ctx.Emit.EmitSpike(ids[i-1], step, 0)
			}
			m.held.Emitter = nil
		}
	}
	return size - 1
}

// took finishes an adaptive step of member i (aeifCore.afterStep) and,
// at the end of a simulation step, the simulation step (endStep),
// starting the next.
func (g *aeifGroup) took(i int, origin int64, to int) {
	m, l := g.members[i], g.lanes[i]
	step := origin + int64(g.lags[i])
	m.v.afterStep(m.kind.model, g.ctxs[i], step, l.Y[:], 3, &m.P.aeifParams, &m.S.RefSteps, &m.arch, l, nil)
	if l.T < l.T1 {
		return
	}
	// endStep adds the input to the state in the node.
	y := &m.S.Y
	y[0], y[1], y[2], y[3] = l.Y[0], l.Y[1], l.Y[2], l.Y[3]
	m.endStep(g.ctxs[i], step)
	l.Y = [4]float64(y[:4])
	g.lags[i]++
	l.T, l.Busy = 0, g.lags[i] < to
	l.StateChanged()
}
