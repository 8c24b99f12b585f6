package synapses

import "github.com/gonest/gonest/gocore/dict"

// stdpNNRestr is NEST's stdp_nn_restr_synapse: STDP with restricted
// symmetric nearest-neighbour pairing, where a presynaptic spike pairs
// only with a postsynaptic spike that is its nearest neighbour both ways.
// At a presynaptic spike, if there was a postsynaptic spike since the
// previous presynaptic one, the weight is potentiated once by
// exp(-(t_post - t_last)/tau_plus) of the first of them and depressed by
// the nearest-neighbour trace of the last postsynaptic spike before it;
// otherwise nothing changes. The weight dependence is stdp_synapse's.
//
// Parameters (per connection): tau_plus 20.0 ms, lambda 0.01, alpha 1.0,
// mu_plus 1.0, mu_minus 1.0, Wmax 100.0 (same sign as the weight).
type stdpNNRestr struct{ v *nnVisit }

func (stdpNNRestr) name() string        { return "stdp_nn_restr_synapse" }
func (stdpNNRestr) needsHistory() bool  { return true }
func (stdpNNRestr) defaults() stdpState { return stdp{}.defaults() }

func (stdpNNRestr) status(s *stdpState, d dict.Dict) { nnStatus(s, d) }

func (stdpNNRestr) set(s *stdpState, r *dict.Reader) error { return readFloats(r, nnFields(s)) }

func (stdpNNRestr) checkWeight(s *stdpState, weight float64) error { return sameSign(weight, s.Wmax) }

func (stdpNNRestr) forTable() rule[stdpState] { return stdpNNRestr{v: newNNVisit(true, false)} }

func (r stdpNNRestr) send(s *stdpState, w *float64, t float64, post Post) float64 {
	v := r.v
	if v == nil {
		v = newNNVisit(true, false)
	}
	var paired bool
	if *w, paired = v.run(s, *w, t, post); paired {
		_, nearest, _ := post.KValues(t)
		*w = s.depress(*w, nearest)
	}
	s.lastSpike = t
	return *w
}
