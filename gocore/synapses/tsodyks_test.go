package synapses

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// tsodyksTol bounds the difference between the synapse's propagators and
// the closed-form solution written differently below: a few roundings of
// values up to 250 pA (about 1e-13) and of x, y, u in [0, 1].
const tsodyksTol = 1e-12

// tsodyksClosedForm returns x, y, u just before a spike h ms after one
// that left x0, y0 (and z = 1 - x0 - y0 = 0) and u0, by solving
//
//	dy/dt = -y/tau_psc, dz/dt = y/tau_psc - z/tau_rec, du/dt = -u/tau_fac
//
// directly: y = y0 e^{-h/tau_psc}, z = y0 tau_rec/(tau_rec - tau_psc)
// (e^{-h/tau_rec} - e^{-h/tau_psc}), x = 1 - y - z.
func tsodyksClosedForm(x0, y0, u0, h, tauPsc, tauRec, tauFac float64) (x, y, u float64) {
	if math.Abs(1-x0-y0) > 1e-15 {
		panic("closed form needs z = 0")
	}
	y = y0 * math.Exp(-h/tauPsc)
	z := y0 * tauRec / (tauRec - tauPsc) * (math.Exp(-h/tauRec) - math.Exp(-h/tauPsc))
	if tauFac > 0 {
		u = u0 * math.Exp(-h/tauFac)
	}
	return 1 - y - z, y, u
}

func TestTsodyksTwoSpikesClosedForm(t *testing.T) {
	cases := []struct {
		name                      string
		U, tauPsc, tauRec, tauFac float64
		t1, t2                    float64 // ms
	}{
		{"depressing", 0.5, 3, 800, 0, 20.9, 32.8},
		{"facilitating", 0.1, 1.5, 130, 530, 5, 25},
		{"fast recovery", 0.8, 2, 20, 10, 1, 4.5},
	}
	const w = 250.0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := oneConnection(t, "tsodyks_synapse", w, dict.Dict{
				"U": c.U, "tau_psc": c.tauPsc, "tau_rec": c.tauRec, "tau_fac": c.tauFac})
			// First spike: the state (x 1, y 0, u 0) is at rest, so u
			// jumps to U and a share U of all resources is released.
			closeTo(t, "first PSC", spike(t, tab, c.t1, nil), w*c.U, 0)
			x1, y1, u1 := 1-c.U, c.U, c.U

			x, y, u := tsodyksClosedForm(x1, y1, u1, c.t2-c.t1, c.tauPsc, c.tauRec, c.tauFac)
			u += c.U * (1 - u)
			released := u * x
			closeTo(t, "second PSC", spike(t, tab, c.t2, nil), w*released, tsodyksTol)

			weight, st := state(tab)
			if weight != w {
				t.Errorf("stored weight = %g, want %g unchanged", weight, w)
			}
			closeTo(t, "x", st["x"].(float64), x-released, tsodyksTol)
			closeTo(t, "y", st["y"].(float64), y+released, tsodyksTol)
			closeTo(t, "u", st["u"].(float64), u, tsodyksTol)
		})
	}
}

// TestTsodyksFirstIntervalFromZero: NEST's tsodyks_synapse starts with
// t_lastspike 0, so state set by the user decays over the time to the
// first spike.
func TestTsodyksFirstIntervalFromZero(t *testing.T) {
	const tauPsc, tauRec, U = 3.0, 800.0, 0.5
	tab := oneConnection(t, "tsodyks_synapse", 1, dict.Dict{"x": 0.5, "y": 0.5, "U": U, "tau_psc": tauPsc, "tau_rec": tauRec})
	x, _, _ := tsodyksClosedForm(0.5, 0.5, 0, 10, tauPsc, tauRec, 0)
	closeTo(t, "PSC at 10 ms", spike(t, tab, 10, nil), U*x, tsodyksTol)
}

func TestResourceTransferEqualTimeConstants(t *testing.T) {
	// Where tau_psc == tau_rec NEST's expression is 0/0; the limit must
	// join the neighbouring values continuously.
	const dt, tau = 4.0, 3.0
	at := ResourceTransfer(math.Expm1(-dt/tau), math.Exp(-dt/tau), dt, tau, tau)
	near := tau * (1 + 1e-6)
	beside := ResourceTransfer(math.Expm1(-dt/near), math.Exp(-dt/tau), dt, tau, near)
	if math.IsNaN(at) || math.Abs(at-beside) > 1e-6 {
		t.Errorf("Pxy at tau_psc == tau_rec = %g, next to it %g", at, beside)
	}
}
