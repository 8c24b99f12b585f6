package ode

import (
	"math"
	"testing"
)

// pairedVanDerPol is two Van der Pol oscillators (x, v) and (u, w) with
// stiffness mu, the second driven by the first: steps get rejected.
func pairedVanDerPol(mu float64) func(y, dydt *[LaneDim]float64) {
	return func(y, dydt *[LaneDim]float64) {
		dydt[0] = y[1]
		dydt[1] = mu*(1-y[0]*y[0])*y[1] - y[0]
		dydt[2] = y[3]
		dydt[3] = mu*(1-y[2]*y[2])*y[3] - y[2] + 0.5*y[0]
	}
}

// TestLanesEqualEvolve checks that lanes stepped together give, bit for
// bit, the states, times and sizes of one Evolve per system with
// ReuseEndDerivative, through rejected attempts, lanes that finish their
// intervals at different rounds, and states changed between steps.
func TestLanesEqualEvolve(t *testing.T) {
	systems := []struct {
		f  func(y, dydt *[LaneDim]float64)
		c  *Control
		y0 [LaneDim]float64
	}{
		{pairedVanDerPol(5), newControl(t, 1e-8, 1e-8, 0, 1), [LaneDim]float64{2, 0, 1, 0}},
		{pairedVanDerPol(2), newControl(t, 1e-6, 1e-6, 1, 0), [LaneDim]float64{1, 0, -1, 0.5}},
		{pairedVanDerPol(8), newControl(t, 1e-7, 1e-7, 0, 1), [LaneDim]float64{0.5, 1, 2, 0}},
	}
	funcs := make([]Func, len(systems))
	evolves := make([]*Evolve, len(systems))
	ys := make([][]float64, len(systems))
	hs := make([]float64, len(systems))
	lanes := make([]*Lane, len(systems))
	for i, s := range systems {
		funcs[i] = func(_ float64, y, dydt []float64) error {
			s.f((*[LaneDim]float64)(y), (*[LaneDim]float64)(dydt))
			return nil
		}
		evolves[i] = NewEvolve(LaneDim, s.c)
		evolves[i].ReuseEndDerivative = true
		ys[i] = append([]float64(nil), s.y0[:]...)
		hs[i] = 0.1
		lanes[i] = &Lane{Y: s.y0, H: 0.1, Control: s.c}
	}
	laneFunc := func(y, dydt *[MaxLanes]*[LaneDim]float64) {
		for i, yi := range y {
			if yi != nil {
				systems[i].f(yi, dydt[i])
			}
		}
	}
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	rejected := 0
	var stepper Stepper
	for interval := range 200 {
		const t1 = 0.1
		for i, e := range evolves {
			e.StateChanged()
			if interval%7 == i {
				ys[i][1] += 0.25 // a kick between intervals, as a spike is
			}
			for tt := 0.0; tt < t1; {
				var err error
				if tt, hs[i], err = e.Apply(funcs[i], tt, t1, hs[i], ys[i]); err != nil {
					t.Fatal(err)
				}
			}
			rejected += int(e.FailedSteps)
			e.FailedSteps = 0
		}
		for i, l := range lanes {
			l.StateChanged()
			if interval%7 == i {
				l.Y[1] += 0.25
			}
			l.T, l.T1, l.Busy = 0, t1, true
		}
		for busy := true; busy; {
			stepper.Step(lanes, laneFunc)
			busy = false
			for _, l := range lanes {
				if l.Busy && l.Done && l.T >= l.T1 {
					l.Busy = false
				}
				busy = busy || l.Busy
			}
		}
		for i, l := range lanes {
			for j := range LaneDim {
				if !same(l.Y[j], ys[i][j]) || !same(l.H, hs[i]) {
					t.Fatalf("interval %d, system %d: lane %v (h %g), evolve %v (h %g)", interval, i, l.Y, l.H, ys[i], hs[i])
				}
			}
		}
	}
	if rejected == 0 {
		t.Error("no attempt was rejected; the test misses retries")
	}
}
