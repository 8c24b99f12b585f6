package ode

import "fmt"

// Func computes the derivatives dydt of a system at time t and state y.
// It must not keep y or dydt. A non-nil error aborts the step that called
// it; the error is returned to the caller of the step.
type Func func(t float64, y, dydt []float64) error

// Fehlberg's 4(5) tableau. Each coefficient is written as the rational
// number it stands for; as an untyped constant it is rounded once, to the
// nearest double, which is also what dividing the two exact doubles of a
// C initializer gives.
const (
	// Nodes: the fraction of the step at which stages 2..6 evaluate.
	rkfA2, rkfA3, rkfA4, rkfA5, rkfA6 = 1.0 / 4, 3.0 / 8, 12.0 / 13, 1.0, 1.0 / 2

	rkfB31, rkfB32 = 3.0 / 32, 9.0 / 32

	rkfB41, rkfB42, rkfB43 = 1932.0 / 2197, -7200.0 / 2197, 7296.0 / 2197

	rkfB51, rkfB52, rkfB53, rkfB54 = 439.0 / 216, -8.0, 3680.0 / 513, -845.0 / 4104

	rkfB61, rkfB62, rkfB63, rkfB64, rkfB65 = -8.0 / 27, 2.0, -3544.0 / 2565, 1859.0 / 4104, -11.0 / 40

	// Weights of the fifth-order solution (stage 2 has weight 0).
	rkfC1, rkfC3, rkfC4, rkfC5, rkfC6 = 16.0 / 135, 6656.0 / 12825, 28561.0 / 56430, -9.0 / 50, 2.0 / 55

	// Fifth- minus fourth-order weights: the error estimate.
	rkfE1, rkfE3, rkfE4, rkfE5, rkfE6 = 1.0 / 360, -128.0 / 4275, -2197.0 / 75240, 1.0 / 50, 2.0 / 55
)

// RKF45 is the explicit embedded Runge-Kutta-Fehlberg 4(5) stepper. It
// holds the work space for systems of one dimension; a value is not safe
// for concurrent use.
type RKF45 struct {
	k1, k2, k3, k4, k5, k6 []float64
	ytmp                   []float64
	kin                    []float64 // the start derivative of the step under way: k1 or dydtIn
}

// NewRKF45 returns a stepper for systems of dim equations.
func NewRKF45(dim int) *RKF45 {
	buf := make([]float64, 7*dim)
	part := func(i int) []float64 { return buf[i*dim : (i+1)*dim : (i+1)*dim] }
	return &RKF45{
		k1: part(0), k2: part(1), k3: part(2), k4: part(3), k5: part(4), k6: part(5),
		ytmp: part(6),
	}
}

// Dim returns the number of equations the stepper was made for.
func (s *RKF45) Dim() int { return len(s.k1) }

// Order returns the order used by the step-size control: 5, the order of
// the solution the stepper advances with.
func (s *RKF45) Order() int { return 5 }

// Apply advances y by one step h from t: on return y holds the
// fifth-order solution at t+h and yerr the estimate of its local error.
// dydtIn, if not nil, holds f(t, y) and saves one evaluation; dydtOut, if
// not nil, receives f(t+h, y(t+h)), which an error control on y' needs.
//
// If f fails, in one of the stages or in the final evaluation of
// dydtOut, y is unchanged and the error is returned.
func (s *RKF45) Apply(f Func, t, h float64, y, yerr, dydtIn, dydtOut []float64) error {
	if err := s.begin(f, t, y, yerr, dydtIn, dydtOut); err != nil {
		return err
	}
	if err := s.stage2(f, t, h, y); err != nil {
		return err
	}
	if err := s.stage3(f, t, h, y); err != nil {
		return err
	}
	if err := s.stage4(f, t, h, y); err != nil {
		return err
	}
	if err := s.stage5(f, t, h, y); err != nil {
		return err
	}
	if err := s.stage6(f, t, h, y); err != nil {
		return err
	}
	return s.finish(f, t, h, y, yerr, dydtOut)
}

// applyPair is a.Apply(fa, ta, ha, ya, ...) and b.Apply(fb, tb, hb, yb,
// ...) with their stages interleaved: the two systems are independent,
// so the processor overlaps the evaluations of one with those of the
// other. Each gives the same results as alone; a failure of one stops
// only that one.
func applyPair(a, b *RKF45, fa, fb Func, ta, ha float64, ya, yerrA, dydtInA, dydtOutA []float64,
	tb, hb float64, yb, yerrB, dydtInB, dydtOutB []float64) (errA, errB error) {
	errA = a.begin(fa, ta, ya, yerrA, dydtInA, dydtOutA)
	errB = b.begin(fb, tb, yb, yerrB, dydtInB, dydtOutB)
	if errA == nil {
		errA = a.stage2(fa, ta, ha, ya)
	}
	if errB == nil {
		errB = b.stage2(fb, tb, hb, yb)
	}
	if errA == nil {
		errA = a.stage3(fa, ta, ha, ya)
	}
	if errB == nil {
		errB = b.stage3(fb, tb, hb, yb)
	}
	if errA == nil {
		errA = a.stage4(fa, ta, ha, ya)
	}
	if errB == nil {
		errB = b.stage4(fb, tb, hb, yb)
	}
	if errA == nil {
		errA = a.stage5(fa, ta, ha, ya)
	}
	if errB == nil {
		errB = b.stage5(fb, tb, hb, yb)
	}
	if errA == nil {
		errA = a.stage6(fa, ta, ha, ya)
	}
	if errB == nil {
		errB = b.stage6(fb, tb, hb, yb)
	}
	if errA == nil {
		errA = a.finish(fa, ta, ha, ya, yerrA, dydtOutA)
	}
	if errB == nil {
		errB = b.finish(fb, tb, hb, yb, yerrB, dydtOutB)
	}
	return errA, errB
}

// begin checks the lengths and takes the start derivative: dydtIn, or
// f(t, y) into k1.
func (s *RKF45) begin(f Func, t float64, y, yerr, dydtIn, dydtOut []float64) error {
	n := len(s.k1)
	if len(y) != n || len(yerr) != n || (dydtIn != nil && len(dydtIn) != n) || (dydtOut != nil && len(dydtOut) != n) {
		return fmt.Errorf("ode: RKF45 for %d equations applied to vectors of other lengths (y %d, yerr %d)", n, len(y), len(yerr))
	}
	if dydtIn != nil {
		s.kin = dydtIn // only read
		return nil
	}
	s.kin = s.k1
	return f(t, y, s.k1)
}

// The stages 2..6 of a step from y: each forms its state y + h*(sum of
// b*k), the sum taken left to right, in ytmp and evaluates f there into
// its k. Stage 2 multiplies a2*h first, as the tableau's single entry
// allows. The formulas of one component (stage2At .. errorAt) are shared
// with the lanes (lanes.go), which must give the same bits. (Slices of
// length n let the compiler drop the bounds checks; begin has checked y.)

func stage2At(y, k1, h float64) float64 { return y + float64(float64(rkfA2*h)*k1) }

func stage3At(y, k1, k2, h float64) float64 {
	return y + float64(h*(float64(rkfB31*k1)+float64(rkfB32*k2)))
}

func stage4At(y, k1, k2, k3, h float64) float64 {
	sum := float64(rkfB41*k1) + float64(rkfB42*k2)
	sum += float64(rkfB43 * k3)
	return y + float64(h*sum)
}

func stage5At(y, k1, k2, k3, k4, h float64) float64 {
	sum := float64(rkfB51*k1) + float64(rkfB52*k2)
	sum += float64(rkfB53 * k3)
	sum += float64(rkfB54 * k4)
	return y + float64(h*sum)
}

func stage6At(y, k1, k2, k3, k4, k5, h float64) float64 {
	return y + float64(h*sum5(rkfB61, k1, rkfB62, k2, rkfB63, k3, rkfB64, k4, rkfB65, k5))
}

// solutionAt is the fifth-order solution of one component.
func solutionAt(y, k1, k3, k4, k5, k6, h float64) float64 {
	return y + float64(h*sum5(rkfC1, k1, rkfC3, k3, rkfC4, k4, rkfC5, k5, rkfC6, k6))
}

// errorAt is the error estimate of one component.
func errorAt(k1, k3, k4, k5, k6, h float64) float64 {
	return h * sum5(rkfE1, k1, rkfE3, k3, rkfE4, k4, rkfE5, k5, rkfE6, k6)
}

// sum5 is c1*k1 + ... + c5*k5, each product rounded, summed left to
// right.
func sum5(c1, k1, c2, k2, c3, k3, c4, k4, c5, k5 float64) float64 {
	sum := float64(c1*k1) + float64(c2*k2)
	sum += float64(c3 * k3)
	sum += float64(c4 * k4)
	sum += float64(c5 * k5)
	return sum
}

func (s *RKF45) stage2(f Func, t, h float64, y []float64) error {
	n := len(s.ytmp)
	k1, ytmp, y := s.kin[:n], s.ytmp[:n], y[:n]
	for i := range n {
		ytmp[i] = stage2At(y[i], k1[i], h)
	}
	return f(t+float64(rkfA2*h), ytmp, s.k2)
}

func (s *RKF45) stage3(f Func, t, h float64, y []float64) error {
	n := len(s.ytmp)
	k1, k2, ytmp, y := s.kin[:n], s.k2[:n], s.ytmp[:n], y[:n]
	for i := range n {
		ytmp[i] = stage3At(y[i], k1[i], k2[i], h)
	}
	return f(t+float64(rkfA3*h), ytmp, s.k3)
}

func (s *RKF45) stage4(f Func, t, h float64, y []float64) error {
	n := len(s.ytmp)
	k1, k2, k3, ytmp, y := s.kin[:n], s.k2[:n], s.k3[:n], s.ytmp[:n], y[:n]
	for i := range n {
		ytmp[i] = stage4At(y[i], k1[i], k2[i], k3[i], h)
	}
	return f(t+float64(rkfA4*h), ytmp, s.k4)
}

func (s *RKF45) stage5(f Func, t, h float64, y []float64) error {
	n := len(s.ytmp)
	k1, k2, k3, k4, ytmp, y := s.kin[:n], s.k2[:n], s.k3[:n], s.k4[:n], s.ytmp[:n], y[:n]
	for i := range n {
		ytmp[i] = stage5At(y[i], k1[i], k2[i], k3[i], k4[i], h)
	}
	return f(t+float64(rkfA5*h), ytmp, s.k5)
}

func (s *RKF45) stage6(f Func, t, h float64, y []float64) error {
	n := len(s.ytmp)
	k1, k2, k3, k4, k5, ytmp, y := s.kin[:n], s.k2[:n], s.k3[:n], s.k4[:n], s.k5[:n], s.ytmp[:n], y[:n]
	for i := range n {
		ytmp[i] = stage6At(y[i], k1[i], k2[i], k3[i], k4[i], k5[i], h)
	}
	return f(t+float64(rkfA6*h), ytmp, s.k6)
}

// finish forms the fifth-order solution, evaluates dydtOut there if
// asked to, and only then writes the solution to y and the error
// estimate to yerr, so that y stays as it was should f fail.
func (s *RKF45) finish(f Func, t, h float64, y, yerr, dydtOut []float64) error {
	n := len(s.k1)
	k1, k3, k4, k5, k6, ytmp := s.kin[:n], s.k3[:n], s.k4[:n], s.k5[:n], s.k6[:n], s.ytmp[:n]
	y, yerr = y[:n], yerr[:n]
	for i := range n {
		ytmp[i] = solutionAt(y[i], k1[i], k3[i], k4[i], k5[i], k6[i], h)
	}

	if dydtOut != nil {
		if err := f(t+h, ytmp, dydtOut); err != nil {
			return err
		}
	}

	for i := range n {
		y[i] = ytmp[i]
		yerr[i] = errorAt(k1[i], k3[i], k4[i], k5[i], k6[i], h)
	}
	return nil
}

// Reset clears the work space. The stepper keeps nothing from one step to
// the next, so this only matters to code that inspects it.
func (s *RKF45) Reset() {
	for _, v := range [][]float64{s.k1, s.k2, s.k3, s.k4, s.k5, s.k6, s.ytmp} {
		clear(v)
	}
}
