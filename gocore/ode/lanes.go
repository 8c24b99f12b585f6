package ode

import "github.com/gonest/gonest/gocore/libm"

// LaneDim is the number of equations of the system a Lane integrates.
const LaneDim = 4

// MaxLanes is the most lanes Stepper.Step takes.
const MaxLanes = 8

// LanesFunc evaluates right-hand sides: for every i with y[i] not nil,
// that of the system of lane i (its position in the slice given to
// Stepper.Step) at y[i] into dydt[i]. All lanes of a stage come in one call,
// so that an implementation may evaluate them together (in vector
// registers). Lanes serve systems whose right-hand side does not read
// the time.
type LanesFunc func(y, dydt *[MaxLanes]*[LaneDim]float64)

// Lane is the adaptive integration of one system of LaneDim equations
// over an interval [0, T1), made to run in lockstep with the integrations
// of other, independent systems: Stepper.Step takes one attempt in each busy
// lane, the stages of all lanes one after the other, so that the
// processor overlaps the chains of dependent operations of different
// systems (in a neuron's right-hand side they are long: a division, the
// exponential, another division).
//
// A lane gives the results of an Evolve with ReuseEndDerivative under the
// same control, bit for bit: the same attempts and sizes, the same states.
// Between two Stepper.Step, a caller that changes Y or an input of the
// right-hand side calls StateChanged, as with Evolve.
type Lane struct {
	Y       [LaneDim]float64 // the state
	T, T1   float64          // the time reached and the end of the interval
	H       float64          // the size of the next attempt
	Control *Control         // the error control; must not be nil
	// Busy says whether the lane takes part in the next Stepper.Step; the
	// caller sets it. After Stepper.Step, Done tells whether the last
	// attempt ended a step (Evolve.Apply returned; T and H are those it
	// would return) or was rejected and is to be retried (Y is back at
	// the start of the step, H is the smaller size).
	Busy, Done bool

	open       bool    // a step is under way (its start is saved in y0)
	startValid bool    // k1 holds f at Y (see Evolve.ReuseEndDerivative)
	last       bool    // the attempt under way is clamped to end on T1
	h          float64 // the size of the attempt under way
	worst      float64 // the worst error ratio of the attempt

	y0, k1, k2, k3, k4, k5, k6, yt, yerr, out [LaneDim]float64
}

// StateChanged tells the lane that Y or an input of its right-hand side
// changed, so that its next step evaluates the right-hand side at its
// start.
func (l *Lane) StateChanged() { l.startValid = false }

// Stepper steps lanes together. It holds the arguments of the LanesFunc
// (passed to a function value, they would be allocated in every call if
// they lived on the stack); a value serves one caller at a time.
//
// x, e and p hold the arguments and results of the powers of the error
// control, of[i] the index there of lane i's.
type Stepper struct {
	in, out [MaxLanes]*[LaneDim]float64
	x, e, p [MaxLanes + 3]float64
	of      [MaxLanes]int
	fours   [MaxLanes / 4][4]*Lane
}

// Step makes one attempt in every busy lane (at most MaxLanes), each from
// its own T, with its own size H (clamped to end on T1), and judges it by
// the lane's control, as Evolve.Apply does in each round of its loop.
func (s *Stepper) Step(lanes []*Lane, f LanesFunc) {
	in, out := &s.in, &s.out
	clear(in[:])
	clear(out[:])
	need := false
	for i, l := range lanes {
		if l.Busy && !l.open {
			l.open, l.y0 = true, l.Y
			if !l.startValid {
				in[i], out[i], need = &l.Y, &l.k1, true
			}
			l.startValid = false
		}
	}
	if need {
		f(in, out)
	}
	for i, l := range lanes {
		in[i], out[i] = nil, nil
		if l.Busy {
			l.h, l.last = clampStep(l.T, l.T1, l.H)
			l.stage2()
			in[i], out[i] = &l.yt, &l.k2
		}
	}
	f(in, out)
	// the busy lanes in fours, for form4 and estimate4
	fours := &s.fours
	*fours = [MaxLanes / 4][4]*Lane{}
	for i, l := range lanes {
		if l.Busy {
			fours[i/4][i%4] = l
		}
	}
	groups := (len(lanes) + 3) / 4
	for stage := 3; stage <= 7; stage++ {
		for k := range groups {
			if lanes4OK {
				form4(&fours[k], stage)
			} else {
				form4Go(&fours[k], stage)
			}
		}
		for i, l := range lanes {
			if l.Busy {
				out[i] = l.slope(stage)
			}
		}
		f(in, out)
	}
	// The solutions and their worst error ratios; then the powers of the
	// ratios that size the next attempts, four at a time (libm.Pow4);
	// then the verdicts.
	for _, l := range lanes {
		if l.Busy {
			l.Y = l.yt
		}
	}
	for k := range groups {
		if lanes4OK {
			estimate4(&fours[k])
		} else {
			estimate4Go(&fours[k])
		}
	}
	x, e, p := &s.x, &s.e, &s.p
	n := 0
	for i, l := range lanes {
		if !l.Busy {
			continue
		}
		if exp, need := resizeExponent(5, l.worst); need {
			x[n], e[n], s.of[i] = l.worst, exp, n
			n++
		}
	}
	for k := 0; k < n; k += 4 {
		for j := n; j < k+4; j++ {
			x[j], e[j] = 0.5, 0.2 // a power on Pow4's fast path
		}
		libm.Pow4((*[4]float64)(x[k:k+4]), (*[4]float64)(e[k:k+4]), (*[4]float64)(p[k:k+4]))
	}
	for i, l := range lanes {
		if l.Busy {
			l.settle(p[s.of[i]])
		}
	}
}

// form forms the state of stage 3..6 (7: the solution) in yt.
func (l *Lane) form(stage int) {
	switch stage {
	case 3:
		l.stage3()
	case 4:
		l.stage4()
	case 5:
		l.stage5()
	case 6:
		l.stage6()
	default:
		l.solution()
	}
}

// slope returns where the right-hand side at the state of stage 3..7
// goes.
func (l *Lane) slope(stage int) *[LaneDim]float64 {
	switch stage {
	case 3:
		return &l.k3
	case 4:
		return &l.k4
	case 5:
		return &l.k5
	case 6:
		return &l.k6
	}
	return &l.out
}

// settle judges the attempt under way, whose solution is in Y, with the
// worst error ratio l.worst; p is that ratio to the power
// resizeExponent gives, if it gives one.
func (l *Lane) settle(p float64) {
	h := l.h
	reached := l.T + h
	if l.last {
		reached = l.T1
	}
	proposed, adj := resize(l.worst, p, h)
	next, retry := verdict(proposed, adj, h, reached)
	l.H = next
	if retry {
		l.Y, l.Done = l.y0, false
		return
	}
	l.T, l.Done, l.open = reached, true, false
	l.k1, l.startValid = l.out, true
}

// The stages of a lane's attempt one component at a time: the state of
// each stage in yt, then the solution in yt and the error estimate in
// yerr.

func (l *Lane) stage2() {
	for j := range LaneDim {
		l.yt[j] = stage2At(l.Y[j], l.k1[j], l.h)
	}
}

func (l *Lane) stage3() {
	for j := range LaneDim {
		l.yt[j] = stage3At(l.Y[j], l.k1[j], l.k2[j], l.h)
	}
}

func (l *Lane) stage4() {
	for j := range LaneDim {
		l.yt[j] = stage4At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.h)
	}
}

func (l *Lane) stage5() {
	for j := range LaneDim {
		l.yt[j] = stage5At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.k4[j], l.h)
	}
}

func (l *Lane) stage6() {
	for j := range LaneDim {
		l.yt[j] = stage6At(l.Y[j], l.k1[j], l.k2[j], l.k3[j], l.k4[j], l.k5[j], l.h)
	}
}

func (l *Lane) solution() {
	for j := range LaneDim {
		l.yt[j] = solutionAt(l.Y[j], l.k1[j], l.k3[j], l.k4[j], l.k5[j], l.k6[j], l.h)
	}
}

func (l *Lane) estimate() {
	for j := range LaneDim {
		l.yerr[j] = errorAt(l.k1[j], l.k3[j], l.k4[j], l.k5[j], l.k6[j], l.h)
	}
}

// estimate4Go is what estimate4 does: the error estimate of each lane
// given (not nil) and its worst error ratio, in l.worst.
func estimate4Go(lanes *[4]*Lane) {
	for _, l := range lanes {
		if l != nil {
			l.estimate()
			l.worst = l.Control.worst4(&l.yt, &l.yerr, &l.out, l.h)
		}
	}
}

// form4Go is what form4 does: Lane.form of each lane given.
func form4Go(lanes *[4]*Lane, stage int) {
	for _, l := range lanes {
		if l != nil {
			l.form(stage)
		}
	}
}
