package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestCorrelospinmatrixDetectorDefaults(t *testing.T) {
	checkNEST310Defaults(t, "correlospinmatrix_detector")
}

// TestNEST310CorrelospinmatrixDetector: three binary channels encoded by
// spike_generators (on: multiplicity 2, off: one spike), a run split in
// two.
func TestNEST310CorrelospinmatrixDetector(t *testing.T) {
	runCorrelationScenario(t, "correlospinmatrix_detector")
}

// TestCorrelospinmatrixDetectorChecks follows NEST's validation: negative
// times first, then the grid.
func TestCorrelospinmatrixDetectorChecks(t *testing.T) {
	n := newNet(t, 0.1)
	d := n.create("correlospinmatrix_detector", 1, nil)
	for _, c := range []struct {
		params dict.Dict
		cat    *nesterr.Category
	}{
		{dict.Dict{"N_channels": 0}, nesterr.ErrBadProperty},
		{dict.Dict{"delta_tau": -0.15}, nesterr.ErrBadProperty},
		{dict.Dict{"Tstop": -1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"delta_tau": 0.15}, nesterr.ErrStepMultipleRequired},
		{dict.Dict{"tau_max": 0.55}, nesterr.ErrTimeMultipleRequired},
	} {
		wantError(t, n.k.SetNodeStatus(d, []dict.Dict{c.params}), c.cat)
	}
}
