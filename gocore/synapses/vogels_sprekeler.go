package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// vogelsSprekeler is NEST's vogels_sprekeler_synapse: the symmetric
// inhibitory STDP rule of Vogels et al. (2011). Both pre- and
// postsynaptic spikes grow |w| by eta times the other side's trace (the
// presynaptic Kplus with tau, the target's K- with its tau_minus, which
// should equal tau), and each presynaptic spike shrinks |w| by alpha eta;
// |w| stays within [0, |Wmax|] and the weight takes Wmax's sign. As in
// NEST the postsynaptic spikes act when the next presynaptic spike
// arrives.
//
// Parameters (per connection): tau 20.0 ms, alpha 0.12, eta 0.001, Wmax
// 1.0 (same sign as a non-zero weight); state Kplus 0.0 (>= 0). The
// model's default weight is 0.5 (the kernel's, see kernel synmodels).
type vogelsSprekeler struct{ v *vsVisit }

type vogelsSprekelerState struct {
	Tau, Alpha, Eta, Wmax, Kplus float64
	lastSpike                    float64 // ms
}

func (vogelsSprekeler) name() string       { return "vogels_sprekeler_synapse" }
func (vogelsSprekeler) needsHistory() bool { return true }

func (vogelsSprekeler) defaults() vogelsSprekelerState {
	return vogelsSprekelerState{Tau: 20, Alpha: 0.12, Eta: 0.001, Wmax: 1}
}

func (vogelsSprekeler) status(s *vogelsSprekelerState, d dict.Dict) {
	d["tau"], d["alpha"], d["eta"], d["Wmax"], d["Kplus"] = s.Tau, s.Alpha, s.Eta, s.Wmax, s.Kplus
}

func (vogelsSprekeler) set(s *vogelsSprekelerState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"tau", &s.Tau}, {"alpha", &s.Alpha}, {"eta", &s.Eta}, {"Wmax", &s.Wmax}, {"Kplus", &s.Kplus}}); err != nil {
		return err
	}
	if !(s.Kplus >= 0) {
		return nesterr.New(nesterr.ErrBadProperty, "State Kplus must be positive (Kplus = %g).", s.Kplus)
	}
	return nil
}

// checkWeight: NEST compares the sign bits of a non-zero weight and Wmax.
func (vogelsSprekeler) checkWeight(s *vogelsSprekelerState, weight float64) error {
	if weight != 0 && math.Signbit(weight) != math.Signbit(s.Wmax) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmax must have same sign (weight = %g, Wmax = %g).", weight, s.Wmax)
	}
	return nil
}

func (s *vogelsSprekelerState) facilitate(w, k float64) float64 {
	grown := math.Abs(w) + float64(s.Eta*k)
	if !(grown < math.Abs(s.Wmax)) {
		grown = s.Wmax
	}
	return math.Copysign(grown, s.Wmax)
}

type vsVisit struct {
	s     *vogelsSprekelerState
	w     float64
	visit func(tPost float64)
}

func newVSVisit() *vsVisit {
	v := &vsVisit{}
	v.visit = v.apply
	return v
}

func (v *vsVisit) apply(tPost float64) {
	v.w = v.s.facilitate(v.w, v.s.Kplus*libm.Exp((v.s.lastSpike-tPost)/v.s.Tau))
}

func (vogelsSprekeler) forTable() rule[vogelsSprekelerState] { return vogelsSprekeler{v: newVSVisit()} }

func (r vogelsSprekeler) send(s *vogelsSprekelerState, w *float64, t float64, post Post) float64 {
	v := r.v
	if v == nil {
		v = newVSVisit()
	}
	v.s, v.w = s, *w
	post.History(s.lastSpike, t, v.visit)
	nw := s.facilitate(v.w, post.KMinus(t))
	*w = math.Copysign(math.Max(math.Abs(nw)-float64(s.Alpha*s.Eta), 0), s.Wmax)
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)/s.Tau)) + 1
	s.lastSpike = t
	return *w
}
