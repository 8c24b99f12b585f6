package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdpNNPreCentered is NEST's stdp_nn_pre_centered_synapse: STDP with
// presynaptically centred nearest-neighbour pairing. The presynaptic trace
// Kplus grows by 1 at each presynaptic spike and is reset to 0 by the
// first postsynaptic spike after it: at a presynaptic spike the weight is
// potentiated once, by Kplus decayed to the first postsynaptic spike since
// the previous presynaptic one (if any, which then resets Kplus), and
// depressed by the nearest-neighbour trace of the last postsynaptic spike
// before it; the weight dependence is stdp_synapse's.
//
// Parameters (per connection): tau_plus 20.0 ms, lambda 0.01, alpha 1.0,
// mu_plus 1.0, mu_minus 1.0, Wmax 100.0 (same sign as the weight); state
// Kplus 0.0 (>= 0).
type stdpNNPreCentered struct{ v *nnVisit }

func (stdpNNPreCentered) name() string        { return "stdp_nn_pre_centered_synapse" }
func (stdpNNPreCentered) needsHistory() bool  { return true }
func (stdpNNPreCentered) defaults() stdpState { return stdp{}.defaults() }

func (stdpNNPreCentered) status(s *stdpState, d dict.Dict) {
	nnStatus(s, d)
	d["Kplus"] = s.Kplus
}

func (stdpNNPreCentered) set(s *stdpState, r *dict.Reader) error {
	if err := readFloats(r, append(nnFields(s), floatField{"Kplus", &s.Kplus})); err != nil {
		return err
	}
	if s.Kplus < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Kplus must be non-negative (Kplus = %g).", s.Kplus)
	}
	return nil
}

func (stdpNNPreCentered) checkWeight(s *stdpState, weight float64) error {
	return sameSign(weight, s.Wmax)
}

func (stdpNNPreCentered) forTable() rule[stdpState] {
	return stdpNNPreCentered{v: newNNVisit(true, true)}
}

func (r stdpNNPreCentered) send(s *stdpState, w *float64, t float64, post Post) float64 {
	v := r.v
	if v == nil {
		v = newNNVisit(true, true)
	}
	var potentiated bool
	if *w, potentiated = v.run(s, *w, t, post); potentiated {
		s.Kplus = 0
	}
	_, nearest, _ := post.KValues(t)
	*w = s.depress(*w, nearest)
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)/s.TauPlus)) + 1
	s.lastSpike = t
	return *w
}
