package models

import "math"

// propagatorInputs remembers, bit for bit, the values a model last
// derived its propagators from (time constants, capacitance, the step).
// The propagators are pure functions of them, so when the same bits come
// again, as in a loop of short Simulate calls that change only I_e, the
// propagators Prepare computed last time are the ones it would compute
// now. The zero value matches nothing. It lives beside the propagators
// it vouches for, so a copy of the one is a copy of the other.
type propagatorInputs struct {
	bits [6]uint64
	n    int
	ok   bool
}

// unchanged reports whether xs are, bit for bit, the values of the last
// call, and remembers them for the next.
func (m *propagatorInputs) unchanged(xs ...float64) bool {
	if len(xs) > len(m.bits) {
		panic("propagatorInputs: too many inputs")
	}
	same := m.ok && m.n == len(xs)
	for i, x := range xs {
		b := math.Float64bits(x)
		same = same && m.bits[i] == b
		m.bits[i] = b
	}
	m.n, m.ok = len(xs), true
	return same
}
