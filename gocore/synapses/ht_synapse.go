package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// htSynapse is NEST's ht_synapse: the synaptic depression of Hill and
// Tononi (2005). A pool P of resources (1 when full) recovers towards 1
// between spikes with time constant tau_P; a spike transmits weight * P
// and then shrinks the pool by the fraction delta_P:
//
//	P <- 1 - (1 - P) * exp(-h / tau_P)   (h: time since the last spike)
//	transmit weight * P;  P <- P * (1 - delta_P)
//
// The first interval is measured from 0 ms, as in NEST.
//
// Parameters (per connection): tau_P 500.0 ms (> 0), delta_P 0.125 (in
// [0, 1]); state P 1.0 (in [0, 1]).
type htSynapse struct{}

type htSynapseState struct {
	TauP, DeltaP, P float64
	lastSpike       float64 // ms
}

func (htSynapse) name() string       { return "ht_synapse" }
func (htSynapse) needsHistory() bool { return false }

func (htSynapse) defaults() htSynapseState {
	return htSynapseState{TauP: 500, DeltaP: 0.125, P: 1}
}

func (htSynapse) status(s *htSynapseState, d dict.Dict) {
	d["tau_P"], d["delta_P"], d["P"] = s.TauP, s.DeltaP, s.P
}

func (htSynapse) set(s *htSynapseState, r *dict.Reader) error {
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

func (htSynapse) send(s *htSynapseState, w *float64, t float64, _ Post) float64 {
	s.P = 1 - (1-s.P)*libm.Exp(-(t-s.lastSpike)/s.TauP)
	out := *w * s.P
	s.P *= 1 - s.DeltaP
	s.lastSpike = t
	return out
}
