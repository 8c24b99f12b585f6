package ode

// LaneDim is the number of equations of the system a Lane integrates.
const LaneDim = 4

// LaneFunc evaluates the right-hand side of the system of lane i (its
// position in the slice given to StepLanes) at y into dydt. Lanes serve
// systems whose right-hand side does not read the time.
type LaneFunc func(i int, y, dydt *[LaneDim]float64)

// Lane is the adaptive integration of one system of LaneDim equations
// over an interval [0, T1), made to run in lockstep with the integrations
// of other, independent systems: StepLanes takes one attempt in each busy
// lane, the stages of all lanes one after the other, so that the
// processor overlaps the chains of dependent operations of different
// systems (in a neuron's right-hand side they are long: a division, the
// exponential, another division).
//
// A lane gives the results of an Evolve with ReuseEndDerivative under the
// same control, bit for bit: the same attempts and sizes, the same states.
// Between two StepLanes, a caller that changes Y or an input of the
// right-hand side calls StateChanged, as with Evolve.
type Lane struct {
	Y       [LaneDim]float64 // the state
	T, T1   float64          // the time reached and the end of the interval
	H       float64          // the size of the next attempt
	Control *Control         // the error control; must not be nil
	// Busy says whether the lane takes part in the next StepLanes; the
	// caller sets it. After StepLanes, Done tells whether the last
	// attempt ended a step (Evolve.Apply returned; T and H are those it
	// would return) or was rejected and is to be retried (Y is back at
	// the start of the step, H is the smaller size).
	Busy, Done bool

	open       bool    // a step is under way (its start is saved in y0)
	startValid bool    // k1 holds f at Y (see Evolve.ReuseEndDerivative)
	last       bool    // the attempt under way is clamped to end on T1
	h          float64 // the size of the attempt under way

	y0, k1, k2, k3, k4, k5, k6, yt, yerr, out [LaneDim]float64
}

// StateChanged tells the lane that Y or an input of its right-hand side
// changed, so that its next step evaluates the right-hand side at its
// start.
func (l *Lane) StateChanged() { l.startValid = false }

// StepLanes makes one attempt in every busy lane, each from its own T,
// with its own size H (clamped to end on T1), and judges it by the lane's
// control, as Evolve.Apply does in each round of its loop. f must not
// change what the right-hand side of another lane reads.
func StepLanes(lanes []*Lane, f LaneFunc) {
	for i, l := range lanes {
		if !l.Busy {
			continue
		}
		if !l.open {
			l.open, l.y0 = true, l.Y
			if !l.startValid {
				f(i, &l.Y, &l.k1)
			}
			l.startValid = false
		}
		l.h, l.last = clampStep(l.T, l.T1, l.H)
		for j := range LaneDim {
			l.yt[j] = stage2At(l.Y[j], l.k1[j], l.h)
		}
		f(i, &l.yt, &l.k2)
	}
	for i, l := range lanes {
		if l.Busy {
			for j := range LaneDim {
				l.yt[j] = stage3At(l.Y[j], l.k1[j], l.k2[j], l.h)
			}
			f(i, &l.yt, &l.k3)
		}
	}
	for i, l := range lanes {
		if l.Busy {
			for j := range LaneDim {
				l.yt[j] = stage4At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.h)
			}
			f(i, &l.yt, &l.k4)
		}
	}
	for i, l := range lanes {
		if l.Busy {
			for j := range LaneDim {
				l.yt[j] = stage5At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.k4[j], l.h)
			}
			f(i, &l.yt, &l.k5)
		}
	}
	for i, l := range lanes {
		if l.Busy {
			for j := range LaneDim {
				l.yt[j] = stage6At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.k4[j], l.k5[j], l.h)
			}
			f(i, &l.yt, &l.k6)
		}
	}
	for i, l := range lanes {
		if l.Busy {
			for j := range LaneDim {
				l.yt[j] = solutionAt(l.Y[j], l.k1[j], l.k3[j], l.k4[j], l.k5[j], l.k6[j], l.h)
			}
			f(i, &l.yt, &l.out)
		}
	}
	for _, l := range lanes {
		if l.Busy {
			l.settle()
		}
	}
}

// settle takes the solution of the attempt under way and judges it.
func (l *Lane) settle() {
	h := l.h
	l.Y = l.yt
	for j := range LaneDim {
		l.yerr[j] = errorAt(l.k1[j], l.k3[j], l.k4[j], l.k5[j], l.k6[j], h)
	}
	reached := l.T + h
	if l.last {
		reached = l.T1
	}
	next, retry := l.Control.judge(5, l.Y[:], l.yerr[:], l.out[:], h, reached)
	l.H = next
	if retry {
		l.Y, l.Done = l.y0, false
		return
	}
	l.T, l.Done, l.open = reached, true, false
	l.k1, l.startValid = l.out, true
}
