package ode

import (
	"errors"
	"math"
	"testing"
)

// polynomial returns the system y' = sum c_k t^k.
func polynomial(c ...float64) Func {
	return func(t float64, _, dydt []float64) error {
		v, p := 0.0, 1.0
		for _, ck := range c {
			v += ck * p
			p *= t
		}
		dydt[0] = v
		return nil
	}
}

func TestRKF45QuadratureOrder(t *testing.T) {
	// For y' = p(t) a step is a quadrature rule. The fifth-order weights
	// integrate polynomials up to degree 4 exactly, the embedded
	// fourth-order ones up to degree 3, so the error estimate vanishes up
	// to degree 3 and not at degree 4. What remains is rounding in the
	// weighted sum of five stages with weights of both signs: some ulp of
	// the result (quadTol, relative, is 18 ulp; observed at most 5).
	const quadTol = 4e-15
	const t0, h = 0.3, 0.5
	integral := func(deg int, t float64) float64 { return math.Pow(t, float64(deg+1)) }
	for deg := 0; deg <= 4; deg++ {
		c := make([]float64, deg+1)
		c[deg] = float64(deg + 1) // y' = (deg+1) t^deg, y = t^(deg+1)
		s := NewRKF45(1)
		y := []float64{integral(deg, t0)}
		yerr := []float64{0}
		if err := s.Apply(polynomial(c...), t0, h, y, yerr, nil, nil); err != nil {
			t.Fatal(err)
		}
		want := integral(deg, t0+h)
		if math.Abs(y[0]-want) > quadTol*want {
			t.Errorf("degree %d: y = %.17g, exact %.17g", deg, y[0], want)
		}
		switch {
		case deg <= 3 && math.Abs(yerr[0]) > quadTol*want:
			t.Errorf("degree %d: error estimate %g, want 0 (the fourth-order solution is exact too)", deg, yerr[0])
		case deg == 4 && math.Abs(yerr[0]) < 1e-6:
			t.Errorf("degree 4: error estimate %g, want the fourth-order rule's visible error", yerr[0])
		}
	}
}

func TestRKF45ConvergenceOrder(t *testing.T) {
	// On y' = -y one step from y = 1 has a true error of order h^6 (the
	// fifth-order solution) and an error estimate of order h^5 (the
	// fourth-order one): halving h divides them by about 64 and 32. The
	// bounds leave room for the next terms of the expansions at h = 0.2.
	decay := func(_ float64, y, dydt []float64) error { dydt[0] = -y[0]; return nil }
	step := func(h float64) (errTrue, errEst float64) {
		y, yerr := []float64{1}, []float64{0}
		if err := NewRKF45(1).Apply(decay, 0, h, y, yerr, nil, nil); err != nil {
			t.Fatal(err)
		}
		return math.Abs(y[0] - math.Exp(-h)), math.Abs(yerr[0])
	}
	for _, h := range []float64{0.2, 0.1, 0.05} {
		e1, est1 := step(h)
		e2, est2 := step(h / 2)
		if r := e1 / e2; r < 55 || r > 75 {
			t.Errorf("h = %g: true error ratio %.1f on halving, want about 64 (sixth-order local error)", h, r)
		}
		if r := est1 / est2; r < 28 || r > 36 {
			t.Errorf("h = %g: error estimate ratio %.1f on halving, want about 32", h, r)
		}
		// The estimate is the fourth-order error, so it bounds the true
		// error of the fifth-order solution generously.
		if est1 < e1 {
			t.Errorf("h = %g: estimate %g below the true error %g", h, est1, e1)
		}
	}
}

func TestRKF45DerivativeBuffers(t *testing.T) {
	// A given f(t, y) replaces the first evaluation; dydtOut costs one
	// more evaluation and holds f at the end of the step. The state is
	// the same either way.
	calls := 0
	osc := func(_ float64, y, dydt []float64) error {
		calls++
		dydt[0], dydt[1] = y[1], -y[0]
		return nil
	}
	const h = 0.3
	yA, errA := []float64{1, 0}, make([]float64, 2)
	if err := NewRKF45(2).Apply(osc, 0, h, yA, errA, nil, nil); err != nil {
		t.Fatal(err)
	}
	if calls != 6 {
		t.Errorf("without buffers: %d evaluations, want 6", calls)
	}
	calls = 0
	yB, errB, in, out := []float64{1, 0}, make([]float64, 2), []float64{0, -1}, make([]float64, 2)
	if err := NewRKF45(2).Apply(osc, 0, h, yB, errB, in, out); err != nil {
		t.Fatal(err)
	}
	if calls != 6 {
		t.Errorf("with both buffers: %d evaluations, want 5 stages + 1 at the end", calls)
	}
	if yA[0] != yB[0] || yA[1] != yB[1] || errA[0] != errB[0] || errA[1] != errB[1] {
		t.Errorf("results differ: %v %v / %v %v", yA, errA, yB, errB)
	}
	if out[0] != yB[1] || out[1] != -yB[0] {
		t.Errorf("dydtOut = %v, want f(y(t+h)) = [%g %g]", out, yB[1], -yB[0])
	}
}

func TestRKF45FailingFunction(t *testing.T) {
	// The state is untouched when a stage fails and restored when the
	// final evaluation for dydtOut fails.
	boom := errors.New("boom")
	for failAt := 1; failAt <= 7; failAt++ {
		calls := 0
		f := func(_ float64, y, dydt []float64) error {
			calls++
			if calls == failAt {
				return boom
			}
			dydt[0] = -y[0]
			return nil
		}
		y := []float64{2}
		err := NewRKF45(1).Apply(f, 0, 0.1, y, []float64{0}, nil, []float64{0})
		if !errors.Is(err, boom) {
			t.Fatalf("failure in evaluation %d: error %v, want boom", failAt, err)
		}
		if y[0] != 2 {
			t.Errorf("failure in evaluation %d: y = %g, want 2 (unchanged)", failAt, y[0])
		}
	}
}

func TestRKF45RejectsWrongLengths(t *testing.T) {
	f := polynomial(1)
	if err := NewRKF45(2).Apply(f, 0, 0.1, []float64{0}, []float64{0}, nil, nil); err == nil {
		t.Error("a 2-equation stepper accepted a 1-element state")
	}
}
