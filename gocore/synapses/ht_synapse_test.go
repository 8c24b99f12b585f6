package synapses

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestHTSynapsePoolRecursion follows the pool by hand: full at the first
// spike (it recovers towards 1 from the start), shrunk by delta_P after
// each spike, recovering with tau_P in between. The closed form uses
// math.Exp where the synapse uses libm.Exp: a few roundings apart.
func TestHTSynapsePoolRecursion(t *testing.T) {
	const w, tauP, deltaP = 2.5, 40.0, 0.3
	tab := oneConnection(t, "ht_synapse", w, dict.Dict{"tau_P": tauP, "delta_P": deltaP})
	times := []float64{5, 12.5, 13, 80}
	p, last := 1.0, 0.0
	for _, ts := range times {
		p = 1 - (1-p)*math.Exp(-(ts-last)/tauP)
		closeTo(t, "PSC", spike(t, tab, ts, nil), w*p, 1e-13)
		p *= 1 - deltaP
		last = ts
	}
	weight, st := state(tab)
	if weight != w {
		t.Errorf("stored weight = %g, want %g unchanged", weight, w)
	}
	closeTo(t, "P after the spikes", st["P"].(float64), p, 1e-14)
}

func TestHTSynapseDefaultsAndChecks(t *testing.T) {
	typ := builtin(t, "ht_synapse")
	d := typ.Defaults()
	if d["tau_P"] != 500.0 || d["delta_P"] != 0.125 || d["P"] != 1.0 {
		t.Errorf("defaults = %v, want tau_P 500, delta_P 0.125, P 1", d)
	}
	for _, bad := range []dict.Dict{{"tau_P": 0.0}, {"delta_P": 1.5}, {"delta_P": -0.1}, {"P": 2.0}} {
		if _, err := typ.Template(dict.NewReader(bad)); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("Template(%v) = %v, want BadProperty", bad, err)
		}
	}
}
