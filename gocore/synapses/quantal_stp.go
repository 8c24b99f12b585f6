package synapses

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// quantalSTP is NEST's quantal_stp_synapse: stochastic short-term
// plasticity with n release sites (Fuhrmann et al. 2002, Loebel et al.
// 2009). Between presynaptic spikes u relaxes towards U with tau_fac and
// each of the n - a depleted sites recovers with probability 1 -
// exp(-h/tau_rec); at a spike each of the a available sites releases with
// probability u, and the synapse transmits weight times the number of
// releases, or nothing when no site releases. Released sites are depleted.
// The draws come from the thread's random stream, in NEST's order
// (recoveries, then releases), so results match NEST's statistically, not
// spike by spike.
//
// Parameters (per connection): U 0.5 (in [0, 1]), u 0.5 (in [0, 1]),
// tau_rec 800.0 ms (> 0), tau_fac 0.0 ms (>= 0; below 1e-10 ms
// facilitation is off), n 1 (release sites), a 1 (available sites; NEST
// checks neither against the other).
type quantalSTP struct{}

type quantalSTPState struct {
	U, Uval, TauRec, TauFac float64
	N, A                    int64
	lastSpike               float64 // ms; negative before the first spike
}

func (quantalSTP) name() string       { return "quantal_stp_synapse" }
func (quantalSTP) needsHistory() bool { return false }

func (quantalSTP) defaults() quantalSTPState {
	return quantalSTPState{U: 0.5, Uval: 0.5, TauRec: 800, TauFac: 0, N: 1, A: 1, lastSpike: -1}
}

func (quantalSTP) status(s *quantalSTPState, d dict.Dict) {
	d["U"], d["u"], d["tau_rec"], d["tau_fac"] = s.U, s.Uval, s.TauRec, s.TauFac
	d["n"], d["a"] = int(s.N), int(s.A)
}

func (quantalSTP) set(s *quantalSTPState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"U", &s.U}, {"u", &s.Uval}, {"tau_rec", &s.TauRec}, {"tau_fac", &s.TauFac}}); err != nil {
		return err
	}
	if _, err := r.Int("n", &s.N); err != nil {
		return err
	}
	if _, err := r.Int("a", &s.A); err != nil {
		return err
	}
	switch {
	case s.U > 1 || s.U < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'U' must be in [0,1] (U = %g).", s.U)
	case s.Uval > 1 || s.Uval < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'u' must be in [0,1] (u = %g).", s.Uval)
	case s.TauRec <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_rec' must be > 0 (tau_rec = %g ms).", s.TauRec)
	case s.TauFac < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_fac' must be >= 0 (tau_fac = %g ms).", s.TauFac)
	}
	return nil
}

// send is never used by a table (sendRandom replaces it); it transmits
// the expected weight, for callers without a random stream.
func (quantalSTP) send(s *quantalSTPState, w *float64, _ float64, _ Post) float64 {
	return *w * s.Uval * float64(s.A)
}

func (quantalSTP) sendRandom(s *quantalSTPState, w *float64, t float64, rng *rand.Rand) (float64, bool) {
	if s.lastSpike >= 0 {
		h := t - s.lastSpike
		pDecay := libm.Exp(-h / s.TauRec)
		uDecay := 0.0
		if s.TauFac >= 1e-10 {
			uDecay = libm.Exp(-h / s.TauFac)
		}
		s.Uval = s.U + float64(s.Uval*(1-s.U)*uDecay)
		for depleted := s.N - s.A; depleted > 0; depleted-- {
			if rng.Float64() < 1-pDecay {
				s.A++
			}
		}
	}
	var released int64
	for i := s.A; i > 0; i-- {
		if rng.Float64() < s.Uval {
			released++
		}
	}
	s.lastSpike = t
	if released == 0 {
		return 0, false
	}
	s.A -= released
	return float64(released) * *w, true
}
