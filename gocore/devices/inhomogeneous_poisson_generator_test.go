package devices_test

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestInhomogeneousPoissonGeneratorDefaults(t *testing.T) {
	checkNEST310Defaults(t, "inhomogeneous_poisson_generator")
}

// TestInhomogeneousPoissonGeneratorSteps: no spikes before the first rate
// time or while the rate is 0; a rate time t applies to the spikes
// stamped t and later (NEST 3.10 gives 5.0 and 9.9 here).
func TestInhomogeneousPoissonGeneratorSteps(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("inhomogeneous_poisson_generator", 1, dict.Dict{
		"rate_times": []any{5.0, 10.0}, "rate_values": []any{1e6, 0.0},
	})
	sr := n.create("spike_recorder", 1, nil)
	n.connect(g, sr, "", nil)
	n.simulate(20)
	times := n.floats(sr[0], "times")
	if len(times) == 0 || times[0] != 5.0 || times[len(times)-1] != 9.9 {
		t.Errorf("spikes from %v to %v, want 5.0 to 9.9", times[:min(1, len(times))], times[max(0, len(times)-1):])
	}
}

// TestInhomogeneousPoissonGeneratorOptions follows NEST's rules for
// allow_offgrid_times and for times in the past.
func TestInhomogeneousPoissonGeneratorOptions(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("inhomogeneous_poisson_generator", 1, dict.Dict{"rate_times": []any{1.0}, "rate_values": []any{10.0}})
	wantError(t, n.k.SetNodeStatus(g, []dict.Dict{{"allow_offgrid_times": true}}), nesterr.ErrBadProperty)
	if err := n.k.SetNodeStatus(g, []dict.Dict{{"allow_offgrid_times": true, "rate_times": []any{1.05}, "rate_values": []any{10.0}}}); err != nil {
		t.Fatal(err)
	}
	st, _ := n.k.NodeStatus(g[0])
	if got := st["rate_times"].([]float64); len(got) != 1 || got[0] != 1.1 {
		t.Errorf("rate_times %v, want [1.1]", got)
	}
	n.simulate(5)
	wantError(t, n.k.SetNodeStatus(g, []dict.Dict{{"rate_times": []any{5.0}, "rate_values": []any{1.0}}}), nesterr.ErrBadProperty)
}
