package synapses

import "github.com/gonest/gonest/gocore/dict"

// stdpNNSymm is NEST's stdp_nn_symm_synapse: STDP with symmetric
// nearest-neighbour spike pairing. At each presynaptic spike the weight
// is potentiated by exp(-(t_post - t_last)/tau_plus) for each postsynaptic
// spike since the previous presynaptic one, then depressed by the
// nearest-neighbour trace of the last postsynaptic spike before it
// (exp(-(t - t_post)/tau_minus), tau_minus the target's), both through the
// dendritic delay; the weight dependence is stdp_synapse's.
//
// Parameters (per connection): tau_plus 20.0 ms, lambda 0.01, alpha 1.0,
// mu_plus 1.0, mu_minus 1.0, Wmax 100.0 (same sign as the weight).
type stdpNNSymm struct{ v *nnVisit }

func (stdpNNSymm) name() string        { return "stdp_nn_symm_synapse" }
func (stdpNNSymm) needsHistory() bool  { return true }
func (stdpNNSymm) defaults() stdpState { return stdp{}.defaults() }

func (stdpNNSymm) status(s *stdpState, d dict.Dict) { nnStatus(s, d) }

// set follows NEST, which checks only the sign of Wmax against the weight.
func (stdpNNSymm) set(s *stdpState, r *dict.Reader) error { return readFloats(r, nnFields(s)) }

func (stdpNNSymm) checkWeight(s *stdpState, weight float64) error { return sameSign(weight, s.Wmax) }

func (stdpNNSymm) forTable() rule[stdpState] { return stdpNNSymm{v: newNNVisit(false, false)} }

func (r stdpNNSymm) send(s *stdpState, w *float64, t float64, post Post) float64 {
	v := r.v
	if v == nil {
		v = newNNVisit(false, false)
	}
	*w, _ = v.run(s, *w, t, post)
	_, nearest, _ := post.KValues(t)
	*w = s.depress(*w, nearest)
	s.lastSpike = t
	return *w
}
