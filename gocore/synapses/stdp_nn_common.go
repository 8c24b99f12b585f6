package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// The nearest-neighbour STDP synapses (stdp_nn_symm_synapse,
// stdp_nn_pre_centered_synapse, stdp_nn_restr_synapse) share the
// parameters and the power-law weight dependence of stdp_synapse (Guetig
// et al. 2003) and differ in which spike pairs count (Morrison et al.
// 2008, fig. 7). Their state is stdpState, of which only
// stdp_nn_pre_centered_synapse reports and uses Kplus.

// nnFields are the per-connection parameters of the nearest-neighbour
// synapses, in NEST's order.
func nnFields(s *stdpState) []floatField {
	return []floatField{{"tau_plus", &s.TauPlus}, {"lambda", &s.Lambda}, {"alpha", &s.Alpha}, {"mu_plus", &s.MuPlus},
		{"mu_minus", &s.MuMinus}, {"Wmax", &s.Wmax}}
}

func nnStatus(s *stdpState, d dict.Dict) {
	d["tau_plus"], d["lambda"], d["alpha"] = s.TauPlus, s.Lambda, s.Alpha
	d["mu_plus"], d["mu_minus"], d["Wmax"] = s.MuPlus, s.MuMinus, s.Wmax
}

// sameSign is NEST's test of the nearest-neighbour and triplet synapses
// that a weight and Wmax have the same sign, zero counting as positive.
func sameSign(weight, wmax float64) error {
	if (weight >= 0) != (wmax >= 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmax must have same sign (weight = %g, Wmax = %g).", weight, wmax)
	}
	return nil
}

// nnVisit applies the potentiation of a nearest-neighbour rule to the
// postsynaptic spikes History reports: every one (stdp_nn_symm_synapse) or
// only the first (the other two), scaled by Kplus where the rule has it.
// Each table has its own, with visit bound once, so that a delivery
// allocates nothing.
type nnVisit struct {
	s         *stdpState
	w         float64
	firstOnly bool
	withKplus bool
	seen      bool
	visit     func(tPost float64)
}

func newNNVisit(firstOnly, withKplus bool) *nnVisit {
	v := &nnVisit{firstOnly: firstOnly, withKplus: withKplus}
	v.visit = v.apply
	return v
}

func (v *nnVisit) apply(tPost float64) {
	if v.firstOnly && v.seen {
		return
	}
	v.seen = true
	k := libm.Exp((v.s.lastSpike - tPost) / v.s.TauPlus)
	if v.withKplus {
		k = v.s.Kplus * k
	}
	v.w = v.s.facilitate(v.w, k)
}

// run visits the history between s's last presynaptic spike and t (which
// counts every entry as read, as NEST's get_history does, also where
// only the first one is used) and returns the potentiated weight and
// whether there was a postsynaptic spike.
func (v *nnVisit) run(s *stdpState, w, t float64, post Post) (float64, bool) {
	v.s, v.w, v.seen = s, w, false
	post.History(s.lastSpike, t, v.visit)
	return v.w, v.seen
}
