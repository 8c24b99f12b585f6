package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// tsodyks is NEST's tsodyks_synapse: short-term depression and
// facilitation after Tsodyks, Uziel and Markram (2000). At each
// presynaptic spike the resources x (recovered), y (active) and u
// (utilisation) are propagated from the previous spike and the synapse
// transmits weight * u * x.
//
// Parameters (per connection): U 0.5 (increment of u, in [0, 1]), tau_psc
// 3.0 ms (decay of y), tau_rec 800.0 ms (recovery), tau_fac 0.0 ms
// (facilitation; 0 switches it off); state x 1.0, y 0.0, u 0.0.
type tsodyks struct{}

type tsodyksState struct {
	U, TauPsc, TauRec, TauFac float64
	X, Y, Uval                float64
	lastSpike                 float64 // ms; the first interval is measured from 0
}

func (tsodyks) name() string       { return "tsodyks_synapse" }
func (tsodyks) needsHistory() bool { return false }

func (tsodyks) defaults() tsodyksState {
	return tsodyksState{U: 0.5, TauPsc: 3.0, TauRec: 800.0, TauFac: 0.0, X: 1.0, Y: 0.0, Uval: 0.0}
}

func (tsodyks) status(s *tsodyksState, d dict.Dict) {
	d["U"], d["tau_psc"], d["tau_rec"], d["tau_fac"] = s.U, s.TauPsc, s.TauRec, s.TauFac
	d["x"], d["y"], d["u"] = s.X, s.Y, s.Uval
}

func (tsodyks) set(s *tsodyksState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"U", &s.U}, {"tau_psc", &s.TauPsc}, {"tau_rec", &s.TauRec}, {"tau_fac", &s.TauFac}, {"x", &s.X}, {"y", &s.Y}, {"u", &s.Uval}}); err != nil {
		return err
	}
	switch {
	case s.X+s.Y > 1:
		return nesterr.New(nesterr.ErrBadProperty, "x + y must be <= 1.0 (x = %g, y = %g).", s.X, s.Y)
	case s.U > 1 || s.U < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'U' must be in [0,1] (U = %g).", s.U)
	case s.TauPsc <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_psc' must be > 0 (tau_psc = %g ms).", s.TauPsc)
	case s.TauRec <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_rec' must be > 0 (tau_rec = %g ms).", s.TauRec)
	case s.TauFac < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'tau_fac' must be >= 0 (tau_fac = %g ms).", s.TauFac)
	case s.Uval > 1 || s.Uval < 0:
		return nesterr.New(nesterr.ErrBadProperty, "'u' must be in [0,1] (u = %g).", s.Uval)
	}
	return nil
}

func (tsodyks) send(s *tsodyksState, w *float64, t float64, _ Post) float64 {
	h := t - s.lastSpike
	puu := 0.0
	if s.TauFac != 0 {
		puu = libm.Exp(-h / s.TauFac)
	}
	pyy := libm.Exp(-h / s.TauPsc)
	pzz := math.Expm1(-h / s.TauRec)
	pxy := ResourceTransfer(pzz, pyy, h, s.TauPsc, s.TauRec)
	z := 1 - s.X - s.Y

	s.Uval *= puu
	s.X += pxy*s.Y - pzz*z
	s.Y *= pyy

	s.Uval += s.U * (1 - s.Uval)
	released := s.Uval * s.X
	s.X -= released
	s.Y += released
	s.lastSpike = t
	return *w * released
}

// ResourceTransfer is the share of the active resources y that has
// returned to the recovered pool x after dt:
//
//	(Pzz*tau_rec - (Pyy - 1)*tau_psc) / (tau_psc - tau_rec)
//
// with Pyy = exp(-dt/tau_psc) and Pzz = expm1(-dt/tau_rec). Where
// tau_psc == tau_rec the expression is 0/0 (NEST returns NaN); its limit
// -(expm1(-dt/tau) + exp(-dt/tau)*dt/tau) is used instead.
func ResourceTransfer(pzz, pyy, dt, tauPsc, tauRec float64) float64 {
	if tauPsc == tauRec {
		e := libm.Exp(-dt / tauRec)
		return -(math.Expm1(-dt/tauRec) + e*dt/tauRec)
	}
	return (pzz*tauRec - (pyy-1)*tauPsc) / (tauPsc - tauRec)
}
