package synapses

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestTsodyks2TwoSpikes checks two spikes against values worked out by
// hand: the first spike sends w*u*x with the initial x and u; after h ms,
// x = 1 - (1 - x(1-u)) e^{-h/tau_rec} and u = U + u(1-U) e^{-h/tau_fac}.
func TestTsodyks2TwoSpikes(t *testing.T) {
	const w = 100.0
	// h = tau_rec ln 2 halves the distance of x to 1: x = 1 - (1 - 0.5)/2.
	// With facilitation off u returns to U.
	tab := oneConnection(t, "tsodyks2_synapse", w, dict.Dict{"U": 0.5, "tau_rec": 100.0, "tau_fac": 0.0})
	closeTo(t, "first PSC", spike(t, tab, 3, nil), w*0.5, 0)
	closeTo(t, "second PSC", spike(t, tab, 3+100*math.Ln2, nil), w*0.75*0.5, 1e-12)

	// Facilitation: U 0.2, u(0) = U; tau_fac = tau_rec = 50 and h = 50 ln 2
	// halve both decays: x = 1 - (1 - 0.8)/2 = 0.9, u = 0.2 + 0.2*0.8/2
	// = 0.28.
	tab = oneConnection(t, "tsodyks2_synapse", w, dict.Dict{"U": 0.2, "u": 0.2, "tau_rec": 50.0, "tau_fac": 50.0})
	closeTo(t, "first PSC", spike(t, tab, 0.5, nil), w*0.2, 0)
	closeTo(t, "second PSC", spike(t, tab, 0.5+50*math.Ln2, nil), w*0.9*0.28, 1e-12)
	weight, st := state(tab)
	if weight != w {
		t.Errorf("stored weight = %g, want %g unchanged", weight, w)
	}
	closeTo(t, "x", st["x"].(float64), 0.9, 1e-15)
	closeTo(t, "u", st["u"].(float64), 0.28, 1e-15)
}

// TestTsodyks2KeepsUWhenUChanges: as in NEST, setting U does not move
// the current u (0.5 by default), so the first spike uses u = 0.5.
func TestTsodyks2KeepsUWhenUChanges(t *testing.T) {
	tab := oneConnection(t, "tsodyks2_synapse", 10, dict.Dict{"U": 0.3})
	closeTo(t, "first PSC", spike(t, tab, 20.9, nil), 10*0.5, 0)
}

// TestTsodyks2SpikeAtZero: the first spike is recognised by a negative
// last spike time, so a spike at 0 ms counts as a previous spike.
func TestTsodyks2SpikeAtZero(t *testing.T) {
	tab := oneConnection(t, "tsodyks2_synapse", 1, dict.Dict{"U": 0.5, "tau_rec": 10.0})
	spike(t, tab, 0, nil)
	got := spike(t, tab, 10, nil)
	want := (1 - 0.5*math.Exp(-1)) * 0.5
	closeTo(t, "PSC at 10 ms", got, want, 1e-15)
}
