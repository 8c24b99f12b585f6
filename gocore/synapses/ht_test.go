package synapses

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestHTSynapseDepressesAndRecovers checks three spikes against the pool
// worked out by hand: the first (at 0 ms, last spike time 0) sends w*P
// and leaves P(1-delta_P); after h = tau_P ln 2 half the missing pool is
// back.
func TestHTSynapseDepressesAndRecovers(t *testing.T) {
	const w = 50.0
	tab := oneConnection(t, "ht_synapse", w, dict.Dict{"tau_P": 100.0, "delta_P": 0.5, "P": 0.8})
	closeTo(t, "first PSC", spike(t, tab, 0, nil), w*0.8, 0)
	// P = 0.4 after the first spike; recovery halves 1 - P = 0.6.
	closeTo(t, "second PSC", spike(t, tab, 100*math.Ln2, nil), w*0.7, 1e-12)
	// P = 0.35 after the second; a spike at the same time sees no recovery.
	closeTo(t, "third PSC", spike(t, tab, 100*math.Ln2, nil), w*0.35, 1e-12)
	_, st := state(tab)
	closeTo(t, "P", st["P"].(float64), 0.175, 1e-12)
}

func TestHTSynapseRejectsBadParameters(t *testing.T) {
	typ := builtin(t, "ht_synapse")
	for _, bad := range []dict.Dict{{"tau_P": 0.0}, {"delta_P": 1.5}, {"delta_P": -0.1}, {"P": 1.1}, {"P": -0.5}} {
		if _, err := typ.Template(dict.NewReader(bad)); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("%v: err = %v, want BadProperty", bad, err)
		}
	}
}
