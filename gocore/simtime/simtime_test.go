package simtime

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/nesterr"
)

func TestNewBaseRejectsOffTicResolutions(t *testing.T) {
	for _, tc := range []struct {
		ticsPerMs, res float64
		ok             bool
	}{
		{1000, 0.1, true},
		{1000, 0.001, true},
		{1000, 0.0005, false}, // below one tic
		{1000, 0.1005, false}, // not a whole number of tics
		{1000, 0, false},
		{1000, -0.1, false},
		{10000, 0.0005, true},
	} {
		_, err := NewBase(tc.ticsPerMs, tc.res)
		if (err == nil) != tc.ok {
			t.Errorf("NewBase(%g, %g) error = %v, want ok=%v", tc.ticsPerMs, tc.res, err, tc.ok)
		}
		if err != nil && !errors.Is(err, nesterr.ErrKernelException) {
			t.Errorf("NewBase(%g, %g) error category = %v, want KernelException", tc.ticsPerMs, tc.res, err)
		}
	}
}

func TestConversionsOnDefaultGrid(t *testing.T) {
	b := DefaultBase()
	if b.TicsPerStep != 100 || b.Resolution != 0.1 {
		t.Fatalf("default base = %+v", b)
	}
	for _, tc := range []struct {
		ms    float64
		tics  int64
		steps int64 // ms -> tics -> steps, rounded up
		delay int64 // nearest step
		grid  bool
	}{
		{0, 0, 0, 0, true},
		{0.1, 100, 1, 1, true},
		{1.0, 1000, 10, 10, true},
		{2.0, 2000, 20, 20, true},
		{0.15, 150, 2, 2, false}, // half a step: ceil for times, round half up for delays
		{0.14, 140, 2, 1, false}, // times round up, delays to nearest
		{0.0004, 0, 0, 0, true},  // below half a tic rounds to 0
		{0.0005, 1, 1, 0, false}, // half a tic rounds up
		{1199.9, 1199900, 11999, 11999, true},
		{98.5, 98500, 985, 985, true},
	} {
		if got := b.MsToTics(tc.ms); got != tc.tics {
			t.Errorf("MsToTics(%g) = %d, want %d", tc.ms, got, tc.tics)
		}
		if got := b.MsToSteps(tc.ms); got != tc.steps {
			t.Errorf("MsToSteps(%g) = %d, want %d", tc.ms, got, tc.steps)
		}
		if got := b.DelayToSteps(tc.ms); got != tc.delay {
			t.Errorf("DelayToSteps(%g) = %d, want %d", tc.ms, got, tc.delay)
		}
		if got := b.IsGrid(tc.ms); got != tc.grid {
			t.Errorf("IsGrid(%g) = %v, want %v", tc.ms, got, tc.grid)
		}
	}
	if got := b.MsToSteps(math.Inf(1)); got != MaxSteps {
		t.Errorf("MsToSteps(+Inf) = %d", got)
	}
}

func TestStepsToMsMatchesTicArithmetic(t *testing.T) {
	b := DefaultBase()
	// NEST 3.10 reports tics*0.001: 99.10000000000001 for 991 steps of
	// 0.1 ms (seen in its recordings), but 0.3 for 3.
	for steps, want := range map[int64]float64{985: 98.5, 991: 99.10000000000001, 11999: 1199.9, 3: 0.3} {
		if got := b.StepsToMs(steps); got != want {
			t.Errorf("StepsToMs(%d) = %.17g, want %.17g", steps, got, want)
		}
	}
	if got := b.StepsToMs(MaxSteps); !math.IsInf(got, 1) {
		t.Errorf("StepsToMs(MaxSteps) = %g, want +Inf", got)
	}
}
