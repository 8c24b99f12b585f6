package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// ht is NEST's ht_synapse, the depressing synapse of Hill and Tononi
// (2005): a pool P of available resources recovers towards 1 with tau_P
// between spikes; a spike transmits weight * P and then takes the
// fraction delta_P of the pool.
//
// Parameters (per connection): tau_P 500.0 ms (> 0), delta_P 0.125 (in
// [0, 1]); state P 1.0 (in [0, 1]). As in NEST the time of the last
// spike starts at 0 ms, so the first spike finds the pool recovered from
// t = 0.
type ht struct{}

type htState struct {
	TauP, DeltaP, P float64
	lastSpike       float64 // ms
}

func (ht) name() string       { return "ht_synapse" }
func (ht) needsHistory() bool { return false }

func (ht) defaults() htState { return htState{TauP: 500, DeltaP: 0.125, P: 1} }

func (ht) status(s *htState, d dict.Dict) {
	d["tau_P"], d["delta_P"], d["P"] = s.TauP, s.DeltaP, s.P
}

func (ht) set(s *htState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"tau_P", &s.TauP}, {"delta_P", &s.DeltaP}, {"P", &s.P}}); err != nil {
		return err
	}
	switch {
	case s.TauP <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "tau_P > 0 required (tau_P = %g ms).", s.TauP)
	case s.DeltaP < 0 || s.DeltaP > 1:
		return nesterr.New(nesterr.ErrBadProperty, "0 <= delta_P <= 1 required (delta_P = %g).", s.DeltaP)
	case s.P < 0 || s.P > 1:
		return nesterr.New(nesterr.ErrBadProperty, "0 <= P <= 1 required (P = %g).", s.P)
	}
	return nil
}

func (ht) send(s *htState, w *float64, t float64, _ Post) float64 {
	s.P = 1 - float64((1-s.P)*libm.Exp(-(t-s.lastSpike)/s.TauP))
	out := *w * s.P
	s.P *= 1 - s.DeltaP
	s.lastSpike = t
	return out
}
