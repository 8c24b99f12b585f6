package synapses

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// bernoulli is NEST's bernoulli_synapse: a static synapse that transmits
// each presynaptic spike with probability p_transmit, independently, with
// its weight (Lefort et al. 2009). The draw comes from the thread's random
// stream, so results match NEST's statistically, not spike by spike.
//
// Parameters (per connection): p_transmit 1.0 (in [0, 1]).
type bernoulli struct{}

type bernoulliState struct{ P float64 }

func (bernoulli) name() string       { return "bernoulli_synapse" }
func (bernoulli) needsHistory() bool { return false }

func (bernoulli) defaults() bernoulliState { return bernoulliState{P: 1} }

func (bernoulli) status(s *bernoulliState, d dict.Dict) { d["p_transmit"] = s.P }

func (bernoulli) set(s *bernoulliState, r *dict.Reader) error {
	if _, err := r.Float("p_transmit", &s.P); err != nil {
		return err
	}
	if s.P < 0 || s.P > 1 {
		return nesterr.New(nesterr.ErrBadProperty, "Spike transmission probability must be in [0, 1] (p_transmit = %g).", s.P)
	}
	return nil
}

// send is never used by a table (sendRandom replaces it).
func (bernoulli) send(_ *bernoulliState, w *float64, _ float64, _ Post) float64 { return *w }

// sendRandom draws once per spike, whatever its multiplicity: NEST's
// bernoulli_synapse takes spikes of multiplicity 1 only (it asserts so),
// and neurons' spikes reach plastic tables one by one.
func (bernoulli) sendRandom(s *bernoulliState, w *float64, _ float64, rng *rand.Rand) (float64, bool) {
	if rng.Float64() < s.P {
		return *w, true
	}
	return 0, false
}
