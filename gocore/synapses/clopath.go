package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// ClopathPost is what clopath_synapse reads of its target besides the
// spike history: the facilitation and depression histories of NEST's
// Clopath neurons, seen through the dendritic delay (times already
// shifted by it, as Post's).
type ClopathPost interface {
	// LTPHistory calls fn with the time and amount of each facilitation
	// entry in (t1, t2], oldest first.
	LTPHistory(t1, t2 float64, fn func(t, dw float64))
	// LTDValue returns the depression amount at time t, or 0.
	LTDValue(t float64) float64
}

// clopathRequirer is implemented by rules whose targets must be Clopath
// neurons.
type clopathRequirer interface{ requiresClopath() }

// RequiresClopath reports whether connections of t need targets that keep
// the Clopath histories (NEST's REQUIRES_CLOPATH_ARCHIVING); the kernel
// refuses other targets at Connect.
func RequiresClopath(t Type) bool {
	st, ok := t.(interface{ rule() any })
	if !ok {
		return false
	}
	_, ok = st.rule().(clopathRequirer)
	return ok
}

func (t *synType[S]) rule() any { return t.r }

// clopath is NEST's clopath_synapse: the voltage-based rule of Clopath et
// al. (2010). When a presynaptic spike at t is transmitted, the weight is
// first facilitated by every facilitation entry of the target since the
// previous presynaptic spike, each times the presynaptic trace x_bar
// decayed to the entry's time (w += dw*x_bar*exp(-(t_entry - t_last)/tau_x),
// at most Wmax), then depressed by the target's depression amount at t
// (w -= dw, at least Wmin), both seen through the dendritic delay; the
// trace then decays to t and grows by 1/tau_x.
//
// Parameters (per connection): tau_x 15.0 ms, Wmin 0.0, Wmax 100.0 (the
// weight's sign must match Wmin's, zero counting as positive, and Wmax's,
// zero counting as negative); state x_bar 0.0. The rule's other
// parameters (A_LTP, A_LTD, theta_plus, ...) belong to the target neuron.
type clopath struct{}

type clopathState struct {
	XBar, TauX, Wmin, Wmax float64
	lastSpike              float64 // ms
}

func (clopath) name() string       { return "clopath_synapse" }
func (clopath) needsHistory() bool { return true }
func (clopath) requiresClopath()   {}

func (clopath) defaults() clopathState { return clopathState{TauX: 15, Wmin: 0, Wmax: 100} }

func (clopath) status(s *clopathState, d dict.Dict) {
	d["x_bar"], d["tau_x"], d["Wmin"], d["Wmax"] = s.XBar, s.TauX, s.Wmin, s.Wmax
}

func (clopath) set(s *clopathState, r *dict.Reader) error {
	return readFloats(r, []floatField{{"x_bar", &s.XBar}, {"tau_x", &s.TauX}, {"Wmin", &s.Wmin}, {"Wmax", &s.Wmax}})
}

// checkWeight is NEST's pair of sign rules, Wmin first.
func (clopath) checkWeight(s *clopathState, weight float64) error {
	if (weight >= 0) != (s.Wmin >= 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmin must have same sign (weight = %g, Wmin = %g).", weight, s.Wmin)
	}
	if (weight >= 0) != (s.Wmax > 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmax must have same sign (weight = %g, Wmax = %g).", weight, s.Wmax)
	}
	return nil
}

func (clopath) send(s *clopathState, w *float64, t float64, post Post) float64 {
	cp, _ := post.(ClopathPost)
	if cp != nil {
		weight := *w
		cp.LTPHistory(s.lastSpike, t, func(tEntry, dw float64) {
			minusDt := s.lastSpike - tEntry
			weight += dw * (s.XBar * libm.Exp(minusDt/s.TauX))
			if !(weight < s.Wmax) {
				weight = s.Wmax
			}
		})
		weight -= cp.LTDValue(t)
		if !(weight > s.Wmin) {
			weight = s.Wmin
		}
		*w = weight
	}
	s.XBar = s.XBar*libm.Exp((s.lastSpike-t)/s.TauX) + 1.0/s.TauX
	s.lastSpike = t
	return *w
}
