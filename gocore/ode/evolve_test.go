package ode

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func decayFunc(lambda float64) Func {
	return func(_ float64, y, dydt []float64) error {
		dydt[0] = -lambda * y[0]
		return nil
	}
}

// oscillator is the harmonic oscillator x' = v, v' = -omega^2 x.
func oscillator(omega float64) Func {
	w2 := omega * omega
	return func(_ float64, y, dydt []float64) error {
		dydt[0], dydt[1] = y[1], -w2*y[0]
		return nil
	}
}

// newControl returns NewControl's control or stops the test.
func newControl(t *testing.T, epsAbs, epsRel, aY, aDydt float64) *Control {
	t.Helper()
	c, err := NewControl(epsAbs, epsRel, aY, aDydt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEvolveKnownSolutions(t *testing.T) {
	// Integrated in intervals of 0.1 (as NEST does, one simulation step
	// per Advance) with the step size carried over. The bound on the
	// global error, tol, is stated per case: the control holds the local
	// error of the fourth-order estimate near eps per step, the
	// fifth-order solution that is propagated is much better, and
	// stable problems do not let errors grow, so a modest multiple of eps
	// over the whole run suffices. The observed errors are logged.
	type check func(tEnd float64, y []float64) float64 // returns |error|
	for _, tc := range []struct {
		name string
		f    Func
		y0   []float64
		c    *Control
		tEnd float64
		tol  float64
		err  check
	}{
		{
			name: "decay, y control", f: decayFunc(1.5), y0: []float64{2},
			c: newControl(t, 1e-8, 0, 1, 0), tEnd: 10, tol: 1e-7,
			err: func(tt float64, y []float64) float64 { return math.Abs(y[0] - 2*math.Exp(-1.5*tt)) },
		},
		{
			name: "fast decay, relative y control", f: decayFunc(40), y0: []float64{1},
			// A relative control bounds the relative error of each
			// step near eps_rel; over the ~320 steps it takes they add up
			// to at most 320*eps_rel = 3.2e-5.
			c: newControl(t, 0, 1e-7, 1, 0), tEnd: 1, tol: 3.2e-5,
			err: func(tt float64, y []float64) float64 { return math.Abs(y[0]/math.Exp(-40*tt) - 1) },
		},
		{
			name: "oscillator, y control", f: oscillator(2), y0: []float64{1, 0},
			c: newControl(t, 1e-9, 0, 1, 0), tEnd: 20, tol: 1e-7,
			err: func(tt float64, y []float64) float64 {
				return math.Max(math.Abs(y[0]-math.Cos(2*tt)), math.Abs(y[1]+2*math.Sin(2*tt)))
			},
		},
		{
			name: "oscillator, yp control", f: oscillator(1), y0: []float64{0, 1},
			c: newControl(t, 1e-9, 1e-9, 0, 1), tEnd: 30, tol: 1e-6,
			err: func(tt float64, y []float64) float64 {
				return math.Max(math.Abs(y[0]-math.Sin(tt)), math.Abs(y[1]-math.Cos(tt)))
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := append([]float64(nil), tc.y0...)
			e := NewEvolve(len(y), tc.c)
			h, worst := 0.1, 0.0
			steps := int(math.Round(tc.tEnd / 0.1))
			for k := range steps {
				var err error
				if h, err = e.Advance(tc.f, 0, 0.1, h, y); err != nil {
					t.Fatal(err)
				}
				worst = math.Max(worst, tc.err(float64(k+1)*0.1, y))
			}
			if !(worst <= tc.tol) {
				t.Errorf("max |error| %.3g, tolerance %g", worst, tc.tol)
			}
			t.Logf("max |error| %.3g over %d steps (%d attempts, %d rejected)", worst, steps, e.Count, e.FailedSteps)
		})
	}
}

func TestEvolveLandsExactlyOnTarget(t *testing.T) {
	// Steps of 0.03 from 0 reach 0.09000000000000001, not 0.09; the last
	// step is clamped to what remains and the time returned is t1 itself.
	for _, tc := range []struct {
		t0, t1, h float64
		steps     int
	}{
		{0, 0.1, 0.03, 4},
		{0, 0.1, 0.1, 1},
		{0, 0.1, 1, 1},
		{1.7, 1.9, 0.07, 3},
	} {
		t.Run(fmt.Sprintf("%g..%g by %g", tc.t0, tc.t1, tc.h), func(t *testing.T) {
			y := []float64{1}
			e := NewEvolve(1, nil) // fixed steps: the sizes stay as asked
			tt, h, times := tc.t0, tc.h, []float64{}
			for tt < tc.t1 {
				var err error
				if tt, h, err = e.Apply(decayFunc(1), tt, tc.t1, h, y); err != nil {
					t.Fatal(err)
				}
				times = append(times, tt)
			}
			if len(times) != tc.steps || times[len(times)-1] != tc.t1 {
				t.Errorf("times %v, want %d steps ending exactly at %.17g", times, tc.steps, tc.t1)
			}
			if wantLast := tc.t1 - (tc.t0 + float64(tc.steps-1)*tc.h); math.Abs(e.LastStep-wantLast) > 1e-15 {
				t.Errorf("last step %.17g, want the remainder %.17g", e.LastStep, wantLast)
			}
		})
	}
}

func TestEvolveStepSizeControl(t *testing.T) {
	t.Run("grows at most 5-fold per accepted step", func(t *testing.T) {
		// y' = 1 has no error at all: each step grows 5-fold until the
		// interval end clamps it.
		e := NewEvolve(1, newControl(t, 1e-6, 0, 1, 0))
		y, tt, h := []float64{0}, 0.0, 1e-4
		var sizes []float64
		for tt < 1 {
			var err error
			if tt, h, err = e.Apply(polynomial(1), tt, 1, h, y); err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, e.LastStep)
		}
		want := []float64{1e-4, 5e-4, 25e-4, 125e-4, 625e-4, 3125e-4, 1 - 3906e-4}
		if len(sizes) != len(want) {
			t.Fatalf("step sizes %v, want %v", sizes, want)
		}
		for i := range want {
			if math.Abs(sizes[i]-want[i]) > 1e-15 {
				t.Errorf("step %d: size %.17g, want %g", i, sizes[i], want[i])
			}
		}
		// The proposal after the clamped last step is 5 times that step.
		if math.Abs(h-5*sizes[len(sizes)-1]) > 1e-15 {
			t.Errorf("proposed next size %g, want 5 x the last %g", h, sizes[len(sizes)-1])
		}
		if y[0] != tt || tt != 1 {
			t.Errorf("y(1) = %.17g at t = %.17g, want exactly 1 at 1", y[0], tt)
		}
	})
	t.Run("a step too large is retried smaller", func(t *testing.T) {
		// y' = -50 y from h = 1: the first attempts are rejected and
		// shrunk (at most 5-fold each) until the error is acceptable;
		// the retries start from the saved state, so the accepted step
		// equals a single step of its size.
		const lambda = 50
		c := newControl(t, 1e-6, 0, 1, 0)
		e := NewEvolve(1, c)
		y := []float64{1}
		tt, h, err := e.Apply(decayFunc(lambda), 0, 10, 1, y)
		if err != nil {
			t.Fatal(err)
		}
		if e.FailedSteps == 0 || e.Count != e.FailedSteps+1 {
			t.Fatalf("%d attempts, %d rejected; want some rejections and one accepted step", e.Count, e.FailedSteps)
		}
		if tt != e.LastStep {
			t.Errorf("time reached %g, want the accepted step size %g", tt, e.LastStep)
		}
		single := []float64{1}
		if err := NewRKF45(1).Apply(decayFunc(lambda), 0, e.LastStep, single, []float64{0}, nil, nil); err != nil {
			t.Fatal(err)
		}
		if y[0] != single[0] {
			t.Errorf("y after retries %.17g, one clean step of that size %.17g", y[0], single[0])
		}
		if h <= 0 || h > 5*e.LastStep {
			t.Errorf("next size %g out of (0, 5 x %g]", h, e.LastStep)
		}
	})
	t.Run("a decrease that cannot move time keeps the step", func(t *testing.T) {
		// At t = 1e17 a step of 1 is below one ulp of t: t+h == t, so a
		// rejected step stands and h is kept rather than shrinking
		// forever.
		e := NewEvolve(1, newControl(t, 0, 0, 1, 0))
		y := []float64{1}
		tt, h, err := e.Apply(decayFunc(1), 1e17, 2e17, 1, y)
		if err != nil {
			t.Fatal(err)
		}
		if e.FailedSteps != 0 || h != 1 || tt != 1e17+1 {
			t.Errorf("rejected %d, h = %g, t = %g; want the step kept with h = 1", e.FailedSteps, h, tt)
		}
	})
}

func TestEvolveCarriesStepSizeAcrossIntervals(t *testing.T) {
	// NEST calls Advance once per simulation step with the size it
	// returned last time: on smooth decay, after the first interval, a
	// single attempt covers each interval, and the result does not depend
	// on where the intervals are cut (the same as one long Advance, with
	// the steps landing on the same times).
	e := NewEvolve(1, newControl(t, 1e-3, 0, 1, 0))
	y, h := []float64{-70}, 0.1
	for range 100 {
		before := e.Count
		var err error
		if h, err = e.Advance(decayFunc(0.1), 0, 0.1, h, y); err != nil {
			t.Fatal(err)
		}
		if before > 0 && e.Count-before != 1 {
			t.Fatalf("interval after %d attempts took %d more, want 1", before, e.Count-before)
		}
	}
	if want := -70 * math.Exp(-1); math.Abs(y[0]-want) > 1e-9 {
		t.Errorf("y(10) = %.17g, want %.17g", y[0], want)
	}
}

func TestEvolveErrors(t *testing.T) {
	t.Run("direction", func(t *testing.T) {
		e := NewEvolve(1, nil)
		y := []float64{3}
		tt, h, err := e.Apply(decayFunc(1), 0, 1, -0.1, y)
		if !errors.Is(err, ErrDirection) || tt != 0 || h != -0.1 || y[0] != 3 {
			t.Errorf("got t = %g, h = %g, y = %g, err %v; want ErrDirection and nothing moved", tt, h, y[0], err)
		}
	})
	t.Run("failing system", func(t *testing.T) {
		boom := errors.New("boom")
		calls := 0
		f := func(_ float64, y, dydt []float64) error {
			if calls++; calls > 3 {
				return boom
			}
			dydt[0] = -y[0]
			return nil
		}
		e := NewEvolve(1, newControl(t, 1e-6, 0, 1, 0))
		y := []float64{3}
		tt, h, err := e.Apply(f, 0.5, 1, 0.2, y)
		if !errors.Is(err, boom) || tt != 0.5 || h != 0.2 || y[0] != 3 {
			t.Errorf("got t = %g, h = %g, y = %g, err %v; want boom with t, h, y as given", tt, h, y[0], err)
		}
		if _, err := e.Advance(f, 0, 1, 0.1, y); !errors.Is(err, boom) {
			t.Errorf("Advance error %v, want boom", err)
		}
	})
	t.Run("length", func(t *testing.T) {
		if _, _, err := NewEvolve(2, nil).Apply(decayFunc(1), 0, 1, 0.1, []float64{1}); err == nil {
			t.Error("a 2-equation evolution accepted 1 value")
		}
	})
}

func TestEvolveReset(t *testing.T) {
	e := NewEvolve(1, nil)
	if _, err := e.Advance(decayFunc(1), 0, 1, 0.3, []float64{1}); err != nil {
		t.Fatal(err)
	}
	if e.Count != 4 || e.LastStep == 0 {
		t.Fatalf("count %d, last step %g before reset", e.Count, e.LastStep)
	}
	e.Reset()
	if e.Count != 0 || e.FailedSteps != 0 || e.LastStep != 0 {
		t.Errorf("after Reset: %+v", e)
	}
}

func ExampleEvolve_Advance() {
	// Exponential decay y' = -y from y = 1, one Advance per 0.1 ms step
	// as in a neuron model, the step size carried from one to the next.
	c, err := YControl(1e-9, 0)
	if err != nil {
		panic(err)
	}
	e := NewEvolve(1, c)
	y, h := []float64{1}, 0.1
	for range 10 {
		if h, err = e.Advance(func(_ float64, y, dydt []float64) error {
			dydt[0] = -y[0]
			return nil
		}, 0, 0.1, h, y); err != nil {
			panic(err)
		}
	}
	fmt.Printf("y(1) = %.9f, exact %.9f\n", y[0], math.Exp(-1))
	// Output: y(1) = 0.367879441, exact 0.367879441
}

// TestEvolveSkipEndDerivative checks that dropping the end-of-step
// evaluation changes no state or step under a control on y, saves one
// evaluation in seven, and is ignored under a control that reads y'.
func TestEvolveSkipEndDerivative(t *testing.T) {
	for _, c := range []struct {
		aY, aDydt float64
		saves     bool
	}{{1, 0, true}, {0, 1, false}} {
		run := func(skip bool) ([]float64, uint64, int) {
			calls := 0
			f := oscillator(7)
			counted := func(t float64, y, dydt []float64) error { calls++; return f(t, y, dydt) }
			e := NewEvolve(2, newControl(t, 1e-9, 1e-9, c.aY, c.aDydt))
			e.SkipEndDerivative = skip
			y := []float64{1, 0}
			h := 0.1
			for i := range 20 {
				var err error
				if h, err = e.Advance(counted, float64(i)*0.1, float64(i+1)*0.1, h, y); err != nil {
					t.Fatal(err)
				}
			}
			return y, e.Count, calls
		}
		y0, n0, calls0 := run(false)
		y1, n1, calls1 := run(true)
		if math.Float64bits(y0[0]) != math.Float64bits(y1[0]) || math.Float64bits(y0[1]) != math.Float64bits(y1[1]) || n0 != n1 {
			t.Errorf("a_dydt %g: skipping changed the result: %v after %d steps, %v after %d", c.aDydt, y1, n1, y0, n0)
		}
		if want := calls0 - int(n0); c.saves && calls1 != want || !c.saves && calls1 != calls0 {
			t.Errorf("a_dydt %g: %d evaluations with the skip, %d without (%d steps)", c.aDydt, calls1, calls0, n0)
		}
	}
}

// TestEvolveReuseEndDerivative checks that starting each step from the
// previous step's end derivative changes no state or step under a
// control that reads y' (the case where the end derivative exists),
// saves the start evaluation of every accepted step after the first of
// an Advance, and that StateChanged makes Apply evaluate f again.
func TestEvolveReuseEndDerivative(t *testing.T) {
	run := func(reuse bool) ([]float64, uint64, uint64, int) {
		calls := 0
		f := oscillator(7)
		counted := func(t float64, y, dydt []float64) error { calls++; return f(t, y, dydt) }
		e := NewEvolve(2, newControl(t, 1e-9, 1e-9, 0, 1))
		e.ReuseEndDerivative = reuse
		y := []float64{1, 0}
		h := 0.1
		for i := range 20 {
			var err error
			if h, err = e.Advance(counted, float64(i)*0.1, float64(i+1)*0.1, h, y); err != nil {
				t.Fatal(err)
			}
		}
		return y, e.Count, e.FailedSteps, calls
	}
	y0, n0, failed0, calls0 := run(false)
	y1, n1, failed1, calls1 := run(true)
	if math.Float64bits(y0[0]) != math.Float64bits(y1[0]) || math.Float64bits(y0[1]) != math.Float64bits(y1[1]) || n0 != n1 || failed0 != failed1 {
		t.Fatalf("reusing changed the result: %v after %d steps, %v after %d", y1, n1, y0, n0)
	}
	// Without reuse: 1 start evaluation per accepted step, 6 per attempt.
	// With it, one start per Advance.
	accepted := int(n0 - failed0)
	if want := calls0 - accepted + 20; calls1 != want {
		t.Errorf("%d evaluations with reuse, want %d (%d without, %d accepted steps)", calls1, want, calls0, accepted)
	}

	calls := 0
	counted := func(_ float64, y, dydt []float64) error { calls++; dydt[0] = -y[0]; return nil }
	e := NewEvolve(1, newControl(t, 1e-9, 1e-9, 0, 1))
	e.ReuseEndDerivative = true
	y := []float64{1}
	if _, _, err := e.Apply(counted, 0, 1, 0.01, y); err != nil {
		t.Fatal(err)
	}
	before := calls
	if _, _, err := e.Apply(counted, 0.01, 1, 0.01, y); err != nil {
		t.Fatal(err)
	}
	if reused := calls - before; reused != 6 {
		t.Errorf("second step took %d evaluations, want 6 (start reused)", reused)
	}
	y[0] = 2
	e.StateChanged()
	before = calls
	if _, _, err := e.Apply(counted, 0.02, 1, 0.01, y); err != nil {
		t.Fatal(err)
	}
	if fresh := calls - before; fresh != 7 {
		t.Errorf("step after StateChanged took %d evaluations, want 7", fresh)
	}
}

// vanDerPol is x' = v, v' = mu (1 - x^2) v - x, stiff enough for mu = 5
// that the control rejects steps.
func vanDerPol(mu float64) Func {
	return func(_ float64, y, dydt []float64) error {
		dydt[0], dydt[1] = y[1], mu*(1-y[0]*y[0])*y[1]-y[0]
		return nil
	}
}

// TestApplyPairEqualsApply checks that ApplyPair gives, bit for bit, the
// states, times, step sizes and counts of two separate runs of Apply, for
// systems that take different numbers of attempts per Apply (rejections
// included), with and without reuse of the end derivative, and that a
// failing system stops only itself.
func TestApplyPairEqualsApply(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		newPair := func() (*Evolve, *Evolve) {
			a := NewEvolve(2, newControl(t, 1e-8, 1e-8, 0, 1))
			b := NewEvolve(2, newControl(t, 1e-6, 1e-6, 1, 0))
			a.ReuseEndDerivative, b.ReuseEndDerivative = reuse, reuse
			return a, b
		}
		fa, fb := vanDerPol(5), oscillator(3)
		a1, b1 := newPair()
		a2, b2 := newPair()
		ya1, yb1 := []float64{2, 0}, []float64{1, 0}
		ya2, yb2 := []float64{2, 0}, []float64{1, 0}
		ta1, ha1, tb1, hb1 := 0.0, 0.1, 0.0, 0.1
		ta2, ha2, tb2, hb2 := 0.0, 0.1, 0.0, 0.1
		for i := range 300 {
			t1 := float64(i+1) * 0.1
			for ta1 < t1 {
				var err error
				if ta1, ha1, err = a1.Apply(fa, ta1, t1, ha1, ya1); err != nil {
					t.Fatal(err)
				}
				if tb1 < t1 {
					if tb1, hb1, err = b1.Apply(fb, tb1, t1, hb1, yb1); err != nil {
						t.Fatal(err)
					}
				}
				var ra, rb Result
				if tb2 < t1 {
					ra, rb = ApplyPair(a2, b2, fa, fb, ta2, t1, ha2, ya2, tb2, t1, hb2, yb2)
					tb2, hb2 = rb.T, rb.H
				} else {
					ra.T, ra.H, ra.Err = a2.Apply(fa, ta2, t1, ha2, ya2)
				}
				ta2, ha2 = ra.T, ra.H
				if ra.Err != nil || rb.Err != nil {
					t.Fatal(ra.Err, rb.Err)
				}
			}
			for tb1 < t1 {
				var err error
				if tb1, hb1, err = b1.Apply(fb, tb1, t1, hb1, yb1); err != nil {
					t.Fatal(err)
				}
				var rb Result
				rb.T, rb.H, rb.Err = b2.Apply(fb, tb2, t1, hb2, yb2)
				tb2, hb2 = rb.T, rb.H
			}
			same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
			if !same(ya1[0], ya2[0]) || !same(ya1[1], ya2[1]) || !same(yb1[0], yb2[0]) || !same(yb1[1], yb2[1]) ||
				!same(ta1, ta2) || !same(ha1, ha2) || !same(tb1, tb2) || !same(hb1, hb2) {
				t.Fatalf("reuse %v, interval %d: pair %v %v (h %g %g), alone %v %v (h %g %g)", reuse, i, ya2, yb2, ha2, hb2, ya1, yb1, ha1, hb1)
			}
		}
		if a1.Count != a2.Count || a1.FailedSteps != a2.FailedSteps || b1.Count != b2.Count || b1.FailedSteps != b2.FailedSteps {
			t.Errorf("reuse %v: counts pair %d/%d %d/%d, alone %d/%d %d/%d", reuse,
				a2.Count, a2.FailedSteps, b2.Count, b2.FailedSteps, a1.Count, a1.FailedSteps, b1.Count, b1.FailedSteps)
		}
		if a1.FailedSteps == 0 {
			t.Errorf("reuse %v: no step of the Van der Pol system was rejected; the test misses retries", reuse)
		}
	}

	boom := errors.New("boom")
	calls := 0
	failing := func(_ float64, _, _ []float64) error {
		if calls++; calls == 3 {
			return boom
		}
		return nil
	}
	a := NewEvolve(1, newControl(t, 1e-6, 1e-6, 0, 1))
	b := NewEvolve(1, newControl(t, 1e-6, 1e-6, 0, 1))
	yb := []float64{1}
	ra, rb := ApplyPair(a, b, failing, decayFunc(1), 0, 1, 0.1, []float64{1}, 0, 1, 0.1, yb)
	if !errors.Is(ra.Err, boom) || rb.Err != nil || rb.T != 0.1 {
		t.Errorf("failing first system: %+v, %+v (want boom, and the second at 0.1)", ra, rb)
	}
}
