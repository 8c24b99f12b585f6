package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdpTriplet is NEST's stdp_triplet_synapse: the all-to-all triplet STDP
// rule of Pfister and Gerstner (2006) with additive weight changes. The
// synapse keeps two presynaptic traces, Kplus (tau_plus) and Kplus_triplet
// (tau_plus_triplet); the target keeps K- (its tau_minus) and a triplet
// trace (its tau_minus_triplet). At a presynaptic spike, for every
// postsynaptic spike since the previous one, |w| grows by
// Kplus(t_post) (Aplus + Aplus_triplet ky), ky being the postsynaptic
// triplet trace just before that spike; then |w| shrinks by
// K-(t) (Aminus + Aminus_triplet Kplus_triplet(t)), with Kplus_triplet
// taken before this spike's increment. |w| stays within [0, |Wmax|] and
// the weight takes Wmax's sign. Times are seen through the dendritic
// delay.
//
// Parameters (per connection): tau_plus 16.8 ms, tau_plus_triplet 101.0
// ms, Aplus 5e-10, Aminus 7e-3, Aplus_triplet 6.2e-3, Aminus_triplet
// 2.3e-4, Wmax 100.0 (same sign as the weight); state Kplus 0.0 (>= 0),
// Kplus_triplet 0.0 (>= 0).
type stdpTriplet struct{ v *tripletVisit }

type stdpTripletState struct {
	TauPlus, TauPlusTriplet                    float64
	Aplus, Aminus, AplusTriplet, AminusTriplet float64
	Kplus, KplusTriplet, Wmax                  float64
	lastSpike                                  float64 // ms
}

func (stdpTriplet) name() string       { return "stdp_triplet_synapse" }
func (stdpTriplet) needsHistory() bool { return true }

func (stdpTriplet) defaults() stdpTripletState {
	return stdpTripletState{TauPlus: 16.8, TauPlusTriplet: 101, Aplus: 5e-10, Aminus: 7e-3, AplusTriplet: 6.2e-3,
		AminusTriplet: 2.3e-4, Wmax: 100}
}

func (stdpTriplet) status(s *stdpTripletState, d dict.Dict) {
	d["tau_plus"], d["tau_plus_triplet"], d["Aplus"], d["Aminus"] = s.TauPlus, s.TauPlusTriplet, s.Aplus, s.Aminus
	d["Aplus_triplet"], d["Aminus_triplet"], d["Kplus"], d["Kplus_triplet"], d["Wmax"] = s.AplusTriplet, s.AminusTriplet, s.Kplus, s.KplusTriplet, s.Wmax
}

func (stdpTriplet) set(s *stdpTripletState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"tau_plus", &s.TauPlus}, {"tau_plus_triplet", &s.TauPlusTriplet}, {"Aplus", &s.Aplus},
		{"Aminus", &s.Aminus}, {"Aplus_triplet", &s.AplusTriplet}, {"Aminus_triplet", &s.AminusTriplet}, {"Kplus", &s.Kplus},
		{"Kplus_triplet", &s.KplusTriplet}, {"Wmax", &s.Wmax}}); err != nil {
		return err
	}
	switch {
	case !(s.Kplus >= 0):
		return nesterr.New(nesterr.ErrBadProperty, "State Kplus must be positive (Kplus = %g).", s.Kplus)
	case s.KplusTriplet < 0:
		return nesterr.New(nesterr.ErrBadProperty, "State Kplus_triplet must be positive (Kplus_triplet = %g).", s.KplusTriplet)
	}
	return nil
}

func (stdpTriplet) checkWeight(s *stdpTripletState, weight float64) error {
	return sameSign(weight, s.Wmax)
}

// tripletVisit potentiates for each postsynaptic spike HistoryTriplet
// reports; each table has its own, bound once, so that a delivery
// allocates nothing.
type tripletVisit struct {
	s     *stdpTripletState
	w     float64
	visit func(tPost, kTriplet float64)
}

func newTripletVisit() *tripletVisit {
	v := &tripletVisit{}
	v.visit = v.apply
	return v
}

func (v *tripletVisit) apply(tPost, kTriplet float64) {
	s := v.s
	kplus := s.Kplus * libm.Exp((s.lastSpike-tPost)/s.TauPlus)
	grown := math.Abs(v.w) + float64(kplus*(s.Aplus+float64(s.AplusTriplet*(kTriplet-1))))
	if !(grown < math.Abs(s.Wmax)) {
		grown = s.Wmax
	}
	v.w = math.Copysign(grown, s.Wmax)
}

func (stdpTriplet) forTable() rule[stdpTripletState] { return stdpTriplet{v: newTripletVisit()} }

func (r stdpTriplet) send(s *stdpTripletState, w *float64, t float64, post Post) float64 {
	v := r.v
	if v == nil {
		v = newTripletVisit()
	}
	v.s, v.w = s, *w
	post.HistoryTriplet(s.lastSpike, t, v.visit)
	s.KplusTriplet *= libm.Exp((s.lastSpike - t) / s.TauPlusTriplet)
	shrunk := math.Abs(v.w) - float64(post.KMinus(t)*(s.Aminus+float64(s.AminusTriplet*s.KplusTriplet)))
	*w = math.Copysign(math.Max(shrunk, 0), s.Wmax)
	s.KplusTriplet++
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)/s.TauPlus)) + 1
	s.lastSpike = t
	return *w
}
