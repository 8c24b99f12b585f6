package models

import (
	"math"
	"slices"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what NEST's precise-spiking ("_ps") models share: the
// queue of time-stamped input events inside a step (NEST's
// SliceRingBuffer), the regula falsi threshold search, and the validation
// rules common to the iaf_psc_*_ps family.
//
// Times inside a step are measured as NEST's offsets: h at the start of
// the step, 0 at its end. A spike carries the offset of its time before
// the end of the step it is stamped with (node.SpikeEvent.Offset), and a
// spike_recorder reports stamp*h - offset.

// psEvent is one input event waiting in a psQueue.
type psEvent struct {
	offset float64 // ms before the end of the arrival step
	weight float64 // weight times multiplicity (parrot_neuron_ps: the multiplicity)
}

// psQueue holds the spikes arriving in the coming steps, one bucket per
// ring slot, and the pseudo-event that marks the end of the refractory
// period. In each step the events come out earliest first (largest
// offset first); an end of refractoriness at the same offset as a spike
// comes before it, as in NEST.
type psQueue struct {
	slots [][]psEvent
	cur   []psEvent // the bucket of the step being updated, sorted
	pos   int       // next event of cur

	refractOn     bool    // an end of refractoriness is pending in this step
	refractOffset float64 // its offset
}

// bind sizes the queue for env (a new ring length only happens before the
// first run, when nothing is in flight).
func (q *psQueue) bind(env *node.Env) {
	if len(q.slots) != env.RingLen {
		q.slots = make([][]psEvent, env.RingLen)
	}
}

// clone returns an empty queue (copies never share input).
func (q *psQueue) clone() psQueue { return psQueue{} }

// add queues an event arriving in the step of slot.
func (q *psQueue) add(slot int, offset, weight float64) {
	q.slots[slot] = append(q.slots[slot], psEvent{offset: offset, weight: weight})
}

// begin makes slot's bucket the current one. The sort is stable so that
// simultaneous events keep their arrival order (NEST's order among them
// is unspecified; only their sum, in any order, matters).
func (q *psQueue) begin(slot int) {
	b := q.slots[slot]
	if len(b) > 1 {
		slices.SortStableFunc(b, func(x, y psEvent) int {
			switch {
			case x.offset > y.offset:
				return -1
			case x.offset < y.offset:
				return 1
			}
			return 0
		})
	}
	q.cur, q.pos = b, 0
}

// end empties the current bucket, keeping its memory.
func (q *psQueue) end(slot int) {
	q.slots[slot] = q.slots[slot][:0]
	q.cur, q.pos = nil, 0
}

// addRefractory places the end of the refractory period at offset in the
// current step.
func (q *psQueue) addRefractory(offset float64) {
	q.refractOn, q.refractOffset = true, offset
}

// next returns the next event of the current step: its offset and weight,
// and whether it is the end of refractoriness (weight 0). With accumulate,
// the weights of the following events at the same offset are added in.
func (q *psQueue) next(accumulate bool) (offset, weight float64, endRefract, ok bool) {
	if q.refractOn && (q.pos == len(q.cur) || q.refractOffset >= q.cur[q.pos].offset) {
		q.refractOn = false
		return q.refractOffset, 0, true, true
	}
	if q.pos == len(q.cur) {
		return 0, 0, false, false
	}
	e := q.cur[q.pos]
	q.pos++
	offset, weight = e.offset, e.weight
	if accumulate {
		for q.pos < len(q.cur) && q.cur[q.pos].offset == offset {
			weight += q.cur[q.pos].weight
			q.pos++
		}
	}
	return offset, weight, false, true
}

// psThresholdDistance is a membrane potential minus threshold as a
// function of the time since the start of an interval.
type psThresholdDistance func(t float64) float64

// psRegulaFalsi finds the root of dist in [0, dt] by the Illinois variant
// of regula falsi, with NEST's termination rule (|dist| < 1e-14) and
// iteration limit (500); failures raise NumericalInstability as NEST's.
func psRegulaFalsi(dist psThresholdDistance, dt float64) float64 {
	a, b := 0.0, dt
	fa, fb := dist(a), dist(b)
	if fa*fb > 0 {
		panic(nesterr.New(nesterr.ErrNumericalInstability, "regula_falsi: time step too short to reach threshold."))
	}
	side := 0
	for range 500 {
		root := (a*fb - b*fa) / (fb - fa)
		fr := dist(root)
		if math.Abs(fr) < 1e-14 {
			return root
		}
		switch {
		case fa*fr > 0:
			a, fa = root, fr
			if side == 1 {
				fb /= 2
			}
			side = 1
		case fb*fr > 0:
			b, fb = root, fr
			if side == -1 {
				fa /= 2
			}
			side = -1
		default:
			panic(nesterr.New(nesterr.ErrNumericalInstability, "regula_falsi: Regula falsi method did not converge"))
		}
	}
	panic(nesterr.New(nesterr.ErrNumericalInstability, "regula_falsi: Regula falsi method did not converge during set number of iterations"))
}

// psCheckIaf applies the rules the iaf_psc_*_ps models share, in NEST's
// order; potentials are relative to E_L, refSteps is t_ref in steps.
func psCheckIaf(uReset, uTh, uMin, cM float64, refSteps int64, tRef float64) error {
	switch {
	case uReset >= uTh:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset - V_th = %g mV).", uReset-uTh)
	case uReset < uMin:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be greater equal minimum potential (V_reset - V_min = %g mV).", uReset-uMin)
	case cM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", cM)
	case refSteps < 1:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must be at least one time step (t_ref = %g ms).", tRef)
	}
	return nil
}

// psOffGrid is embedded by the precise models: creating one switches the
// kernel's off_grid_spiking on, as in NEST.
type psOffGrid struct{}

// OffGrid implements node.OffGridNode.
func (psOffGrid) OffGrid() bool { return true }

// psStatusTo writes the status entries the iaf_psc_*_ps models share: the
// membrane parameters, with the potentials they keep relative to E_L (the
// threshold uTh, lower bound uMin, reset uReset and membrane potential u)
// made absolute, and whether the neuron is refractory.
func psStatusTo(w node.StatusSink, eL, iE, uTh, uMin, uReset, cM, tauM, tRef, u float64, refractory bool) {
	w.Float("E_L", eL)
	w.Float("I_e", iE)
	w.Float("V_th", uTh+eL)
	w.Float("V_min", uMin+eL)
	w.Float("V_reset", uReset+eL)
	w.Float("C_m", cM)
	w.Float("tau_m", tauM)
	w.Float("t_ref", tRef)
	w.Float("V_m", u+eL)
	w.Bool("is_refractory", refractory)
}
