package kernel

import (
	"sync/atomic"

	"github.com/gonest/gonest/gocore/nesterr"
)

// How often a long Create (nodes) and the checking pass of Connect (pairs)
// look for an Interrupt: often enough to stop within milliseconds, rarely
// enough to cost nothing measurable.
const (
	createCheckEvery  = 1 << 12
	connectCheckEvery = 1 << 16
)

var (
	errCreateInterrupted  = nesterr.New(nesterr.ErrInterrupted, "Create was interrupted; no node was created.")
	errConnectInterrupted = nesterr.New(nesterr.ErrInterrupted, "Connect was interrupted while checking the connections; none was made.")
)

// withStop returns rl polling stop during its walk, for Connect's checking
// pass (the storing pass must run to its end and uses rl itself).
func withStop(rl rule, stop *atomic.Bool) rule {
	switch r := rl.(type) {
	case allToAll:
		r.stop = stop
		return r
	case fixedIndegree:
		r.stop = stop
		return r
	case fixedOutdegree:
		r.stop = stop
		return r
	case fixedTotal:
		r.stop = stop
		return r
	case pairwiseBernoulli:
		r.stop = stop
		return r
	case pairwisePoisson:
		r.stop = stop
		return r
	case symmetricBernoulli:
		r.stop = stop
		return r
	case tripartiteView:
		r.primary = withStop(r.primary, stop)
		return r
	}
	return rl
}
