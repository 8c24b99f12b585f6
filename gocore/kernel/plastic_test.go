package kernel

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// connState returns the state entry key of the only connection src -> tgt
// of synapse.
func connState(t *testing.T, k *Kernel, src, tgt int, synapse, key string) float64 {
	t.Helper()
	_, st := oneConnection(t, k, src, tgt, synapse)
	v, ok := st[key].(float64)
	if !ok {
		t.Fatalf("%s %d -> %d: state %s = %#v", synapse, src, tgt, key, st[key])
	}
	return v
}

// TestPlasticSynapsesUnrollNeuronMultiples: NEST buffers a neuron's spike
// of multiplicity m as m single spikes, so a plastic synapse is updated m
// times; a device sends its event directly, once, with its multiplicity.
// Parrot 2 repeats the two spikes of generator 1 at 5 ms as one spike of
// multiplicity 2; generator 3 sends one spike of multiplicity 2.
func TestPlasticSynapsesUnrollNeuronMultiples(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{5.0, 5.0}})
	mustCreate(t, k, "parrot_neuron", 1)
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{5.0}, "spike_multiplicities": []any{2.0}})
	mustCreate(t, k, "parrot_neuron", 4)
	// A device sends through one synapse model only (as in NEST): node 8
	// is generator 3's twin for tsodyks_synapse.
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{5.0}, "spike_multiplicities": []any{2.0}})
	mustConnect(t, k, []int{1}, []int{2}, nil, nil)
	for _, c := range []struct {
		src, tgt int
		synapse  string
	}{{2, 4, "stdp_synapse"}, {3, 5, "stdp_synapse"}, {2, 6, "tsodyks_synapse"}, {8, 7, "tsodyks_synapse"}} {
		mustConnect(t, k, []int{c.src}, []int{c.tgt}, nil, dict.Dict{"synapse_model": c.synapse})
	}
	mustSimulate(t, k, 20)

	// stdp: K+ = 1 after one spike, 1*e^0 + 1 = 2 after two at once.
	if got := connState(t, k, 2, 4, "stdp_synapse", "Kplus"); got != 2 {
		t.Errorf("stdp from the parrot: Kplus = %g, want 2", got)
	}
	if got := connState(t, k, 3, 5, "stdp_synapse", "Kplus"); got != 1 {
		t.Errorf("stdp from the generator: Kplus = %g, want 1", got)
	}
	// tsodyks (U 0.5, no facilitation): each spike releases U of x, so two
	// leave x = (1 - U)^2, one leaves 1 - U.
	if got := connState(t, k, 2, 6, "tsodyks_synapse", "x"); got != 0.25 {
		t.Errorf("tsodyks from the parrot: x = %g, want 0.25", got)
	}
	if got := connState(t, k, 8, 7, "tsodyks_synapse", "x"); got != 0.5 {
		t.Errorf("tsodyks from the generator: x = %g, want 0.5", got)
	}
}

// TestSTDPConnectChecksWeightSign: NEST sets a connection's own
// parameters, and so compares the signs of weight and Wmax, only when the
// synapse specification has some besides weight and delay. A rejected
// Connect makes no connection.
func TestSTDPConnectChecksWeightSign(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "parrot_neuron", 3)
	err := k.Connect([]int{1}, []int{2, 3}, nil, dict.Dict{"synapse_model": "stdp_synapse", "weight": -1.0, "Wmax": 100.0})
	if !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("weight -1, Wmax 100: %v, want BadProperty", err)
	}
	err = k.Connect([]int{1}, []int{2, 3}, nil, dict.Dict{"synapse_model": "stdp_synapse", "weight": []any{1.0, -1.0}, "receptor_type": 0.0})
	if !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("weights [1, -1] with receptor_type: %v, want BadProperty", err)
	}
	if c, _ := k.GetConnections(nil, nil, ""); c.Len() != 0 {
		t.Errorf("rejected Connect calls left %d connections", c.Len())
	}
	// Weight alone is set without the check, as in NEST.
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": "stdp_synapse", "weight": -1.0})
	mustConnect(t, k, []int{1}, []int{3}, nil, dict.Dict{"synapse_model": "stdp_synapse", "weight": -1.0, "Wmax": -10.0})
}

// TestSTDPDendriticDelayShiftsPairing: with a delay of 3 ms a
// postsynaptic spike at t_post pairs with a presynaptic spike at t_pre
// as if it had happened at t_post + 3 ms: post 12 and pre 10 potentiate
// by Wmax*lambda*e^{-(12+3-10)/tau_plus} at the next presynaptic spike
// (30 ms), which the post spike 18 ms before it depresses.
func TestSTDPDendriticDelayShiftsPairing(t *testing.T) {
	k := newKernel()
	// Parrot 3 repeats generator 1 (pre) 1 ms later, parrot 4 generator 2
	// (post) on receptor 0; the stdp connection 3 -> 4 goes to receptor
	// 1, which the parrot ignores.
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{9.0, 29.0}})
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{11.0}})
	mustCreate(t, k, "parrot_neuron", 2)
	mustConnect(t, k, []int{1}, []int{3}, nil, nil)
	mustConnect(t, k, []int{2}, []int{4}, nil, nil)
	mustConnect(t, k, []int{3}, []int{4}, nil, dict.Dict{
		"synapse_model": "stdp_synapse", "weight": 50.0, "delay": 3.0, "receptor_type": 1.0,
		"Wmax": 100.0, "lambda": 0.1, "alpha": 1.0, "mu_plus": 0.0, "mu_minus": 0.0, "tau_plus": 20.0,
	})
	mustSimulate(t, k, 40)
	w, _ := oneConnection(t, k, 3, 4, "stdp_synapse")
	want := 50 + 10*math.Exp(-5.0/20) - 10*math.Exp(-(30-12-3.0)/20)
	if math.Abs(w-want) > 1e-12 {
		t.Errorf("weight = %.17g, want %.17g", w, want)
	}
}
