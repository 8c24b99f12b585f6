package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdp is NEST's stdp_synapse: pair-based spike-timing-dependent
// plasticity with a power-law weight dependence (Guetig et al. 2003).
// Weights change only when a presynaptic spike is transmitted: first
// potentiation for every postsynaptic spike since the previous presynaptic
// one (presynaptic trace K+), then depression by the postsynaptic trace K-
// at the spike's arrival, both seen through the dendritic delay (the
// connection delay).
//
// Parameters (per connection): tau_plus 20.0 ms, lambda 0.01, alpha 1.0,
// mu_plus 1.0, mu_minus 1.0, Wmax 100.0 (same sign as the weight); state
// Kplus 0.0. The postsynaptic time constant tau_minus belongs to the
// target neuron.
type stdp struct {
	f *stdpFacilitation // a table's own (see forTable); nil in the Type
}

// stdpFacilitation potentiates the weight of the connection being updated
// once for each postsynaptic spike History reports. Each table has its
// own, with visit bound once, so that a delivery allocates nothing.
type stdpFacilitation struct {
	s     *stdpState
	w     float64
	visit func(tPost float64)
}

func (f *stdpFacilitation) apply(tPost float64) {
	minusDt := f.s.lastSpike - tPost
	f.w = f.s.facilitate(f.w, f.s.Kplus*libm.Exp(minusDt/f.s.TauPlus))
}

func (stdp) forTable() rule[stdpState] {
	f := &stdpFacilitation{}
	f.visit = f.apply
	return stdp{f: f}
}

type stdpState struct {
	TauPlus, Lambda, Alpha, MuPlus, MuMinus, Wmax float64
	Kplus                                         float64
	lastSpike                                     float64 // ms
}

func (stdp) name() string       { return "stdp_synapse" }
func (stdp) needsHistory() bool { return true }

func (stdp) defaults() stdpState {
	return stdpState{TauPlus: 20, Lambda: 0.01, Alpha: 1, MuPlus: 1, MuMinus: 1, Wmax: 100}
}

func (stdp) status(s *stdpState, d dict.Dict) {
	d["tau_plus"], d["lambda"], d["alpha"] = s.TauPlus, s.Lambda, s.Alpha
	d["mu_plus"], d["mu_minus"], d["Wmax"], d["Kplus"] = s.MuPlus, s.MuMinus, s.Wmax, s.Kplus
}

func (stdp) set(s *stdpState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"tau_plus", &s.TauPlus}, {"lambda", &s.Lambda}, {"alpha", &s.Alpha}, {"mu_plus", &s.MuPlus},
		{"mu_minus", &s.MuMinus}, {"Wmax", &s.Wmax}, {"Kplus", &s.Kplus},
	}); err != nil {
		return err
	}
	// NEST 3.10 checks only Kplus here (and the sign of Wmax against the
	// weight, see checkWeight); tau_plus is taken as given.
	if s.Kplus < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Kplus must be non-negative (Kplus = %g).", s.Kplus)
	}
	return nil
}

// checkWeight is NEST's rule that the weight and Wmax have the same sign
// (zero counting as positive).
func (stdp) checkWeight(s *stdpState, weight float64) error {
	if (weight >= 0) != (s.Wmax >= 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmax must have same sign (weight = %g, Wmax = %g).", weight, s.Wmax)
	}
	return nil
}

func (r stdp) send(s *stdpState, w *float64, t float64, post Post) float64 {
	// The dendritic delay is folded in by the kernel: History and KMinus
	// are asked at times already shifted by it (see Kernel delivery).
	f := r.f
	if f == nil { // a rule used outside a table (tests)
		f = &stdpFacilitation{}
		f.visit = f.apply
	}
	f.s, f.w = s, *w
	post.History(s.lastSpike, t, f.visit)
	*w = s.depress(f.w, post.KMinus(t))
	s.Kplus = s.Kplus*libm.Exp((s.lastSpike-t)/s.TauPlus) + 1
	s.lastSpike = t
	return *w
}

func (s *stdpState) facilitate(w, kplus float64) float64 {
	norm := w/s.Wmax + s.Lambda*libm.Pow(1-w/s.Wmax, s.MuPlus)*kplus
	if norm < 1 {
		return norm * s.Wmax
	}
	return s.Wmax
}

func (s *stdpState) depress(w, kminus float64) float64 {
	norm := w/s.Wmax - s.Alpha*s.Lambda*libm.Pow(w/s.Wmax, s.MuMinus)*kminus
	if norm > 0 {
		return norm * s.Wmax
	}
	return 0
}
