// Package simtime is the simulator's time base. Time is counted in integer
// tics (default 1000 per ms) and simulation steps of a fixed number of tics;
// this is the only package where milliseconds given by users become steps.
//
// The conversions follow NEST 3.10's Time class: a time in ms is rounded to
// the nearest tic (halves up), a tic count is rounded up to whole steps, and
// a delay in ms is rounded to the nearest step.
package simtime

import (
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Default values of a fresh kernel.
const (
	DefaultTicsPerMs  = 1000.0
	DefaultResolution = 0.1 // ms
)

// MaxSteps stands for "no end" (NEST's +infinity time) in step counts.
const MaxSteps = int64(math.MaxInt64 / 4)

// Base fixes the tic length and the step length of a simulation.
type Base struct {
	TicsPerMs   float64 // tics per millisecond
	MsPerTic    float64 // 1 / TicsPerMs
	TicsPerStep int64   // tics per simulation step
	StepsPerMs  float64 // simulation steps per millisecond
	Resolution  float64 // step length in ms, as TicsPerStep * MsPerTic
}

// DefaultBase is the time base of a fresh kernel: 1000 tics per ms and a
// 0.1 ms step.
func DefaultBase() Base {
	b, err := NewBase(DefaultTicsPerMs, DefaultResolution)
	if err != nil {
		panic("simtime: default time base rejected: " + err.Error())
	}
	return b
}

// NewBase returns the time base with ticsPerMs tics per ms and steps of
// resolution ms. The resolution must be a whole, positive number of tics.
func NewBase(ticsPerMs, resolution float64) (Base, error) {
	if !(ticsPerMs > 0) || math.IsInf(ticsPerMs, 0) {
		return Base{}, nesterr.New(nesterr.ErrKernelException, "tics_per_ms must be positive and finite, got %g.", ticsPerMs)
	}
	if !(resolution > 0) || math.IsInf(resolution, 0) {
		return Base{}, nesterr.New(nesterr.ErrKernelException, "The resolution must be positive and finite, got %g ms.", resolution)
	}
	tics := resolution * ticsPerMs
	if tics < 1 {
		return Base{}, nesterr.New(nesterr.ErrKernelException,
			"Resolution must be greater than or equal to one tic (%g ms); got %g ms. Value unchanged.", 1/ticsPerMs, resolution)
	}
	rounded := math.Round(tics)
	if math.Abs(tics-rounded) > 1e-9*math.Max(1, tics) {
		return Base{}, nesterr.New(nesterr.ErrKernelException,
			"Resolution must be a multiple of the tic length (%g ms); got %g ms. Value unchanged.", 1/ticsPerMs, resolution)
	}
	b := Base{
		TicsPerMs:   ticsPerMs,
		MsPerTic:    1 / ticsPerMs,
		TicsPerStep: int64(rounded),
	}
	b.Resolution = float64(b.TicsPerStep) * b.MsPerTic
	b.StepsPerMs = 1 / b.Resolution
	return b, nil
}

// MsToTics converts ms to tics, rounding to the nearest tic with halves
// rounded up, as NEST's Time(ms) does.
func (b Base) MsToTics(ms float64) int64 {
	if math.IsInf(ms, 1) || ms*b.TicsPerMs > float64(MaxSteps) {
		return math.MaxInt64
	}
	if math.IsInf(ms, -1) || ms*b.TicsPerMs < -float64(MaxSteps) {
		return math.MinInt64
	}
	// Truncation toward zero of x + 0.5 is what NEST's cast does.
	return int64(ms*b.TicsPerMs + 0.5)
}

// TicsToSteps converts tics to steps, rounding up to the next whole step.
func (b Base) TicsToSteps(tics int64) int64 {
	switch tics {
	case math.MaxInt64:
		return MaxSteps
	case math.MinInt64:
		return -MaxSteps
	}
	// Integer division truncates toward zero, as in C++.
	return (tics + b.TicsPerStep - 1) / b.TicsPerStep
}

// MsToSteps converts a time in ms to steps: first to the nearest tic, then
// up to a whole step. Infinite times map to ±MaxSteps.
func (b Base) MsToSteps(ms float64) int64 { return b.TicsToSteps(b.MsToTics(ms)) }

// IsGrid reports whether ms falls on the step grid (after rounding to tics).
func (b Base) IsGrid(ms float64) bool {
	t := b.MsToTics(ms)
	return t != math.MaxInt64 && t != math.MinInt64 && t%b.TicsPerStep == 0
}

// DelayToSteps converts a delay in ms to steps, rounding to the nearest
// step (halves away from zero), as NEST does for connection delays.
func (b Base) DelayToSteps(ms float64) int64 {
	return int64(math.Floor(ms*b.StepsPerMs + 0.5))
}

// StepsToMs converts a step count to ms through tics, as NEST's
// Time::get_ms does: tics times ms_per_tic. So 3.5 ms on a 0.05 ms grid is
// 0.35000000000000003 as in NEST, not the double nearest to 0.35; user
// scripts that compare times for equality get NEST's answers.
func (b Base) StepsToMs(steps int64) float64 {
	if steps >= MaxSteps {
		return math.Inf(1)
	}
	if steps <= -MaxSteps {
		return math.Inf(-1)
	}
	return float64(steps*b.TicsPerStep) * b.MsPerTic
}

// TicsToMs converts tics to ms (tics times ms_per_tic, as NEST).
func (b Base) TicsToMs(tics int64) float64 {
	switch tics {
	case math.MaxInt64:
		return math.Inf(1)
	case math.MinInt64:
		return math.Inf(-1)
	}
	return float64(tics) * b.MsPerTic
}
