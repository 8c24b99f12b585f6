package ode

import (
	"errors"
	"fmt"
	"math"
)

// ErrDirection is returned when the step size points away from the
// target time.
var ErrDirection = errors.New("ode: step direction must match the direction of the interval")

// Evolve advances a system with an RKF45 stepper under a Control, one
// accepted step per call to Apply. It keeps the saved state for retries
// and the derivative buffers; a value serves one system at a time and is
// not safe for concurrent use.
type Evolve struct {
	step    *RKF45
	control *Control // nil: every step is accepted as is

	// Count is the number of steps attempted (accepted and rejected),
	// FailedSteps the number rejected by the control, LastStep the size
	// of the last attempted step.
	Count       uint64
	FailedSteps uint64
	LastStep    float64

	// SkipEndDerivative drops the evaluation of f at the end of every
	// step (GSL's dydt_out), which only a control weighing y' reads; a
	// system may set it when its f has no side effects, since nothing
	// else changes: the steps and states are the same, one evaluation of
	// f in seven fewer.
	SkipEndDerivative bool

	// ReuseEndDerivative starts a step from the derivative that the
	// previous accepted step computed at its end (dydt_out), instead of
	// evaluating f(t, y) again (GSL evaluates it in every call of
	// gsl_odeiv_evolve_apply): the same values, one evaluation of f in
	// seven fewer. A system may set it when f does not read t and the
	// caller calls StateChanged whenever it changes y or anything else
	// f reads between two calls of Apply; Advance does so at its start.
	ReuseEndDerivative bool
	endValid           bool // dydtIn holds f at the current y (see ReuseEndDerivative)

	y0, yerr, dydtIn, dydtOut []float64
}

// NewEvolve returns an evolution of dim equations stepped by RKF45 and
// controlled by c. With c nil every step is taken at the size asked for
// (clamped at the end of the interval) and never retried. The control is
// used, not copied: changing it later changes the evolution.
func NewEvolve(dim int, c *Control) *Evolve {
	buf := make([]float64, 4*dim)
	part := func(i int) []float64 { return buf[i*dim : (i+1)*dim : (i+1)*dim] }
	return &Evolve{
		step: NewRKF45(dim), control: c,
		y0: part(0), yerr: part(1), dydtIn: part(2), dydtOut: part(3),
	}
}

// Reset forgets the counters (not the control or the step size, which
// the caller holds) and the end derivative.
func (e *Evolve) Reset() {
	e.Count, e.FailedSteps, e.LastStep = 0, 0, 0
	e.endValid = false
}

// StateChanged tells the evolution that y or an input of f changed
// since the last Apply, so that the next one evaluates f at its start
// (see ReuseEndDerivative).
func (e *Evolve) StateChanged() { e.endValid = false }

// Apply takes one accepted step of y from t towards t1, trying size h
// first. It returns the time reached and the size the control proposes
// for the next step.
//
// A step that would pass t1 is shortened to end on it, and then the
// returned time is t1 itself, not t plus the step (which may differ from
// t1 in the last bit). When the control rejects a step, y is restored
// and the step is retried with the smaller size it proposes, unless that
// size is no smaller or no longer moves the time by even one ulp: then
// the step stands and the size is kept.
//
// On failure (the direction of h opposes that of t1-t, or f fails) the
// time returned is t and the size the one that failed; y is unchanged
// unless f failed in a stage after the state was advanced, see
// RKF45.Apply.
func (e *Evolve) Apply(f Func, t, t1, h float64, y []float64) (float64, float64, error) {
	dydtOut, err := e.begin(f, t, t1, h, y)
	if err != nil {
		return t, h, err
	}
	for {
		var last bool
		h, last = clampStep(t, t1, h)
		if err := e.step.Apply(f, t, h, y, e.yerr, e.dydtIn, dydtOut); err != nil {
			return t, h, err
		}
		reached, next, done := e.settle(t, t1, h, last, y, dydtOut)
		if done {
			return reached, next, nil
		}
		h = next
	}
}

// Result is the outcome of one Apply in ApplyPair: the time reached,
// the size proposed for the next step and the error, as Apply returns
// them.
type Result struct {
	T, H float64
	Err  error
}

// ApplyPair is a.Apply(fa, ta, t1a, ha, ya) and b.Apply(fb, tb, t1b, hb,
// yb) for two evolutions of independent systems, with the stages of
// their attempts interleaved while both are under way: the processor
// overlaps the evaluations of one system with those of the other. The
// results are those of the two calls of Apply, bit for bit.
func ApplyPair(a, b *Evolve, fa, fb Func, ta, t1a, ha float64, ya []float64, tb, t1b, hb float64, yb []float64) (ra, rb Result) {
	outA, errA := a.begin(fa, ta, t1a, ha, ya)
	outB, errB := b.begin(fb, tb, t1b, hb, yb)
	doneA, doneB := errA != nil, errB != nil
	if doneA {
		ra = Result{ta, ha, errA}
	}
	if doneB {
		rb = Result{tb, hb, errB}
	}
	for !doneA || !doneB {
		var lastA, lastB bool
		switch {
		case !doneA && !doneB:
			ha, lastA = clampStep(ta, t1a, ha)
			hb, lastB = clampStep(tb, t1b, hb)
			errA, errB = applyPair(a.step, b.step, fa, fb, ta, ha, ya, a.yerr, a.dydtIn, outA, tb, hb, yb, b.yerr, b.dydtIn, outB)
		case !doneA:
			ha, lastA = clampStep(ta, t1a, ha)
			errA = a.step.Apply(fa, ta, ha, ya, a.yerr, a.dydtIn, outA)
		default:
			hb, lastB = clampStep(tb, t1b, hb)
			errB = b.step.Apply(fb, tb, hb, yb, b.yerr, b.dydtIn, outB)
		}
		if !doneA {
			ra, ha, doneA = a.after(errA, ta, t1a, ha, lastA, ya, outA)
		}
		if !doneB {
			rb, hb, doneB = b.after(errB, tb, t1b, hb, lastB, yb, outB)
		}
	}
	return ra, rb
}

// after judges an attempt of size h from t that the stepper finished
// with err: the result of Apply and true when the Apply is over, the
// size of the retry and false when not.
func (e *Evolve) after(err error, t, t1, h float64, last bool, y, dydtOut []float64) (Result, float64, bool) {
	if err != nil {
		return Result{t, h, err}, h, true
	}
	reached, next, done := e.settle(t, t1, h, last, y, dydtOut)
	return Result{reached, next, nil}, next, done
}

// begin starts an Apply: it checks the lengths and the direction, saves
// y for retries and takes the start derivative (f(t, y), or the end
// derivative of the previous step, see ReuseEndDerivative). It returns
// the buffer for the end derivative, nil when the control does not need
// it and the system allows to skip it.
func (e *Evolve) begin(f Func, t, t1, h float64, y []float64) ([]float64, error) {
	if len(y) != len(e.y0) {
		return nil, fmt.Errorf("ode: evolution of %d equations applied to %d values", len(e.y0), len(y))
	}
	remaining := t1 - t
	if (remaining < 0 && h > 0) || (remaining > 0 && h < 0) {
		return nil, ErrDirection
	}
	if e.control != nil {
		// A loop, not copy: for the few equations of a neuron it is
		// cheaper than a call of memmove.
		y0 := e.y0[:len(y)]
		for i, v := range y {
			y0[i] = v
		}
	}
	if !e.ReuseEndDerivative || !e.endValid {
		if err := f(t, y, e.dydtIn); err != nil {
			e.endValid = false
			return nil, err
		}
	}
	e.endValid = false
	if e.SkipEndDerivative && (e.control == nil || e.control.ADydt == 0) {
		// The control's weight of y' is 0: it reads 0 * |h*0|.
		clear(e.dydtOut)
		return nil, nil
	}
	return e.dydtOut, nil
}

// clampStep shortens a step h from t that would pass t1 to end on it
// and reports whether it did.
func clampStep(t, t1, h float64) (float64, bool) {
	remaining := t1 - t
	if (remaining >= 0 && h > remaining) || (remaining < 0 && h < remaining) {
		return remaining, true
	}
	return h, false
}

// settle counts an attempt of size h from t that produced y, asks the
// control about it and returns the time reached, the size for the next
// step and true, or, when the control rejects the step, restores y and
// returns the size to retry with and false.
func (e *Evolve) settle(t, t1, h float64, last bool, y, dydtOut []float64) (float64, float64, bool) {
	e.Count++
	e.LastStep = h
	reached := t + h
	if last {
		reached = t1
	}
	if e.control == nil {
		e.keepEnd(dydtOut != nil)
		return reached, h, true
	}
	next, retry := e.control.judge(e.step.Order(), y, e.yerr, e.dydtOut, h, reached)
	if retry {
		copy(y, e.y0)
		e.FailedSteps++
		return reached, next, false
	}
	e.keepEnd(dydtOut != nil)
	return reached, next, true
}

// judge is the control's verdict on an attempt of size h that reached
// the time reached with state y, error yerr and end derivative yp: the
// size of the next attempt and whether this one is to be redone with it.
// A decrease is no decrease when the smaller size is not smaller or no
// longer moves the time: then the step stands and its size is kept.
func (c *Control) judge(order int, y, yerr, yp []float64, h, reached float64) (float64, bool) {
	proposed, adj := c.Adjust(order, y, yerr, yp, h)
	return verdict(proposed, adj, h, reached)
}

// verdict is judge after the control's adjustment.
func verdict(proposed float64, adj Adjustment, h, reached float64) (float64, bool) {
	switch {
	case adj != Decreased:
		return proposed, false
	case math.Abs(proposed) < math.Abs(h) && reached+proposed != reached:
		return proposed, true
	}
	return h, false
}

// keepEnd makes the end derivative of an accepted step, if computed, the
// start derivative of the next one (swapping the buffers copies nothing).
func (e *Evolve) keepEnd(computed bool) {
	if computed && e.ReuseEndDerivative {
		e.dydtIn, e.dydtOut = e.dydtOut, e.dydtIn
		e.endValid = true
	}
}

// Advance integrates y from t0 to t1 (t0 < t1) by calling Apply until t1
// is reached, exactly. h is the size of the first attempt; the size the
// control proposes at the end is returned, to start the next interval
// with. This is the loop NEST's models run in every simulation step.
//
// On failure y holds the state reached so far (see Apply) and the size
// returned is the one that failed.
func (e *Evolve) Advance(f Func, t0, t1, h float64, y []float64) (float64, error) {
	e.StateChanged()
	t := t0
	for t < t1 {
		var err error
		if t, h, err = e.Apply(f, t, t1, h, y); err != nil {
			return h, err
		}
	}
	return h, nil
}
