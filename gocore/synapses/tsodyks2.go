package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// tsodyks2 is NEST's tsodyks2_synapse: the simplified short-term
// plasticity model of Tsodyks and Markram (1997) with facilitation
// (Fuhrmann et al. 2002). Between spikes x recovers towards 1 with tau_rec
// and u relaxes towards U with tau_fac; a spike transmits weight * u * x
// and then uses x*u of the resources.
//
// Parameters (per connection): U 0.5 (in [0, 1]), tau_rec 800.0 ms (> 0),
// tau_fac 0.0 ms (>= 0; 0 disables facilitation); state x 1.0, u = U.
type tsodyks2 struct{}

type tsodyks2State struct {
	U, TauRec, TauFac float64
	X, Uval           float64
	lastSpike         float64 // ms; negative before the first spike
}

func (tsodyks2) name() string       { return "tsodyks2_synapse" }
func (tsodyks2) needsHistory() bool { return false }

func (tsodyks2) defaults() tsodyks2State {
	return tsodyks2State{U: 0.5, TauRec: 800.0, TauFac: 0.0, X: 1.0, Uval: 0.5, lastSpike: -1}
}

func (tsodyks2) status(s *tsodyks2State, d dict.Dict) {
	d["U"], d["tau_rec"], d["tau_fac"], d["x"], d["u"] = s.U, s.TauRec, s.TauFac, s.X, s.Uval
}

func (tsodyks2) set(s *tsodyks2State, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"U", &s.U}, {"u", &s.Uval}, {"tau_rec", &s.TauRec}, {"tau_fac", &s.TauFac}, {"x", &s.X}}); err != nil {
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

func (tsodyks2) send(s *tsodyks2State, w *float64, t float64, _ Post) float64 {
	if s.lastSpike >= 0 {
		h := t - s.lastSpike
		xDecay := libm.Exp(-h / s.TauRec)
		uDecay := 0.0
		if s.TauFac != 0 {
			uDecay = libm.Exp(-h / s.TauFac)
		}
		s.X = 1 + (s.X-s.X*s.Uval-1)*xDecay
		s.Uval = s.U + s.Uval*(1-s.U)*uDecay
	}
	s.lastSpike = t
	return s.X * s.Uval * *w
}
