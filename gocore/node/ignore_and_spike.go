package node

// IgnoreAndSpiker is a neuron that honours NEST's ignore_and_spike switch:
// while it is on, the neuron's own threshold test is replaced by spikes
// forced at fixed intervals (NEST 3.10 has it in iaf_psc_delta and the
// e-prop neurons). The kernel keeps the three status entries with the
// other generic neuron entries and hands them on after every accepted
// change; offsetSet and intervalSet say which of the two times the change
// named.
type IgnoreAndSpiker interface {
	SetIgnoreAndSpike(on bool, offset, interval float64, offsetSet, intervalSet bool)
}

// IgnoreAndSpike is the state a model embeds to implement IgnoreAndSpiker.
// Its countdown runs in steps: the first forced spike falls offset after
// the moment the offset was set (or the neuron was made), the next ones
// interval apart. Times become steps in Prepare, which always comes
// between a change and the next update.
type IgnoreAndSpike struct {
	On                bool
	Offset, Interval  float64 // ms
	untilSpike        int64   // steps left to the next forced spike
	intervalSteps     int64
	restartFromOffset bool // the offset was set (or the node made) since the last Prepare
}

// DefaultIgnoreAndSpike is the state of a new neuron: off, offset 1 ms,
// interval 100 ms (NEST's defaults).
func DefaultIgnoreAndSpike() IgnoreAndSpike {
	return IgnoreAndSpike{Offset: 1, Interval: 100, restartFromOffset: true}
}

// Copy returns the state of a copy of the neuron: NEST's copy constructor
// starts the countdown again from the offset.
func (s IgnoreAndSpike) Copy() IgnoreAndSpike {
	s.restartFromOffset = true
	return s
}

// Set takes a change accepted by the kernel.
func (s *IgnoreAndSpike) Set(on bool, offset, interval float64, offsetSet, intervalSet bool) {
	s.On, s.Offset, s.Interval = on, offset, interval
	if offsetSet {
		s.restartFromOffset = true
	}
	_ = intervalSet // the interval's steps are computed at every Prepare
}

// Prepare turns the times into steps with msToSteps (rounding as NEST's
// Time does).
func (s *IgnoreAndSpike) Prepare(msToSteps func(float64) int64) {
	s.intervalSteps = msToSteps(s.Interval)
	if s.restartFromOffset {
		s.untilSpike = msToSteps(s.Offset)
		s.restartFromOffset = false
	}
}

// Due reports whether the neuron spikes in this step: with the switch off,
// whether its own threshold test (dynamic) fired; with it on, whether the
// countdown, run down by one step per call, reaches zero.
func (s *IgnoreAndSpike) Due(dynamic bool) bool {
	if !s.On {
		return dynamic
	}
	s.untilSpike--
	if s.untilSpike == 0 {
		s.untilSpike = s.intervalSteps
		return true
	}
	return false
}
