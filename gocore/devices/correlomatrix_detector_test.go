package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestCorrelomatrixDetectorDefaults(t *testing.T) {
	checkNEST310Defaults(t, "correlomatrix_detector")
}

// TestNEST310CorrelomatrixDetector: three channels with their own weights
// (one with multiplicities), Tstart, and a run split in two.
func TestNEST310CorrelomatrixDetector(t *testing.T) {
	runCorrelationScenario(t, "correlomatrix_detector")
}

// TestCorrelomatrixDetectorChecks follows NEST's validation.
func TestCorrelomatrixDetectorChecks(t *testing.T) {
	n := newNet(t, 0.1)
	d := n.create("correlomatrix_detector", 1, nil)
	for _, c := range []struct {
		params dict.Dict
		cat    *nesterr.Category
	}{
		{dict.Dict{"N_channels": 0}, nesterr.ErrBadProperty},
		{dict.Dict{"delta_tau": 0.2, "tau_max": 2.0}, nesterr.ErrBadProperty}, // even number of steps
		{dict.Dict{"delta_tau": 0.35}, nesterr.ErrStepMultipleRequired},
		{dict.Dict{"tau_max": 0.7}, nesterr.ErrTimeMultipleRequired},
	} {
		wantError(t, n.k.SetNodeStatus(d, []dict.Dict{c.params}), c.cat)
	}
	g := n.create("spike_generator", 1, nil)
	wantError(t, n.k.Connect(g, d, nil, dict.Dict{"receptor_type": 1}), nesterr.ErrUnknownReceptorType)
}
