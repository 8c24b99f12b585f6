package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// UrbanczikPost is what urbanczik_synapse reads of its target besides the
// spike history: the dendritic history of NEST's Urbanczik neurons seen
// through the dendritic delay (times already shifted by it), and the
// dendrite's parameters.
type UrbanczikPost interface {
	// UrbanczikHistory calls fn with the time and dPI of each entry in
	// (t1, t2], oldest first.
	UrbanczikHistory(t1, t2 float64, fn func(t, dPI float64))
	// UrbanczikDendrite returns the dendrite's g_L, C_m/g_L, C_m and
	// synaptic time constants.
	UrbanczikDendrite() (gL, tauL, cM, tauSynEx, tauSynIn float64)
}

type urbanczikRequirer interface{ requiresUrbanczik() }

// RequiresUrbanczik reports whether connections of t need targets that
// keep the Urbanczik history (NEST's REQUIRES_URBANCZIK_ARCHIVING).
func RequiresUrbanczik(t Type) bool {
	st, ok := t.(interface{ rule() any })
	if !ok {
		return false
	}
	_, ok = st.rule().(urbanczikRequirer)
	return ok
}

// urbanczik is NEST's urbanczik_synapse: the dendritic prediction rule of
// Urbanczik and Senn (2014). At a presynaptic spike at t every dendritic
// history entry since the previous one (time t_up, seen through the
// dendritic delay) contributes
//
//	PI = (tau_L_trace exp(-(t_up - t_last)/tau_L) - tau_s_trace exp(-(t_up - t_last)/tau_s)) dPI
//
// to PI_integral and, low-pass filtered with tau_Delta, to
// PI_exp_integral; the weight becomes
//
//	init_weight + (PI_integral - PI_exp_integral) 15 C_m tau_s eta/(g_L (tau_L - tau_s)),
//
// clipped to [Wmin, Wmax], with the dendrite's C_m, g_L, tau_L = C_m/g_L
// and tau_s its excitatory (weight > 0) or inhibitory synaptic time
// constant. The two traces then decay to t and grow by 1.
//
// Parameters (per connection): tau_Delta 100.0 ms, eta 0.07, Wmin 0.0,
// Wmax 100.0 (the weight's sign must match Wmax's). init_weight is the
// weight when the connection's parameters were last set (NEST's
// set_status): the given weight, or, when none was given, the weight the
// connection has at its next spike (which is the same weight).
type urbanczik struct{}

type urbanczikState struct {
	TauDelta, Eta, Wmin, Wmax float64
	initWeight                float64
	initPending               bool // initWeight is the weight at the next spike
	piIntegral, piExpIntegral float64
	tauLTrace, tauSTrace      float64
	lastSpike                 float64 // ms
}

func (urbanczik) name() string       { return "urbanczik_synapse" }
func (urbanczik) needsHistory() bool { return true }
func (urbanczik) requiresUrbanczik() {}

func (urbanczik) defaults() urbanczikState {
	return urbanczikState{TauDelta: 100, Eta: 0.07, Wmin: 0, Wmax: 100, initWeight: 1, lastSpike: -1}
}

func (urbanczik) status(s *urbanczikState, d dict.Dict) {
	d["tau_Delta"], d["eta"], d["Wmin"], d["Wmax"] = s.TauDelta, s.Eta, s.Wmin, s.Wmax
}

func (urbanczik) set(s *urbanczikState, r *dict.Reader) error {
	given := r.Has("tau_Delta") || r.Has("eta") || r.Has("Wmin") || r.Has("Wmax") || r.Has("receptor_type")
	if err := readFloats(r, []floatField{{"tau_Delta", &s.TauDelta}, {"eta", &s.Eta}, {"Wmin", &s.Wmin}, {"Wmax", &s.Wmax}}); err != nil {
		return err
	}
	// NEST's set_status takes the weight as init_weight; a weight given as
	// a number is known here, any other is the connection's own.
	raw, hasWeight := r.Raw("weight")
	if w, ok := raw.(float64); hasWeight && ok {
		s.initWeight, s.initPending = w, false
	} else if given || hasWeight {
		s.initPending = true
	}
	return nil
}

// checkWeight is NEST's pair of sign rules: the sign bits of the weight
// and Wmax, then the weight against Wmax with zero counting as negative.
func (urbanczik) checkWeight(s *urbanczikState, weight float64) error {
	if math.Signbit(weight) != math.Signbit(s.Wmax) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmin must have same sign (weight = %g, Wmax = %g).", weight, s.Wmax)
	}
	if (weight >= 0) != (s.Wmax > 0) {
		return nesterr.New(nesterr.ErrBadProperty, "Weight and Wmax must have same sign (weight = %g, Wmax = %g).", weight, s.Wmax)
	}
	return nil
}

func (urbanczik) send(s *urbanczikState, w *float64, t float64, post Post) float64 {
	if s.initPending {
		s.initWeight, s.initPending = *w, false
	}
	up, _ := post.(UrbanczikPost)
	if up == nil {
		return *w
	}
	gL, tauL, cM, tauEx, tauIn := up.UrbanczikDendrite()
	tauS := tauIn
	if *w > 0.0 {
		tauS = tauEx
	}
	dExp := 0.0
	up.UrbanczikHistory(s.lastSpike, t, func(tUp, dPI float64) {
		minusDeltaTUp := s.lastSpike - tUp
		minusTDown := tUp - t
		pi := (s.tauLTrace*libm.Exp(minusDeltaTUp/tauL) - s.tauSTrace*libm.Exp(minusDeltaTUp/tauS)) * dPI
		s.piIntegral += pi
		dExp += libm.Exp(minusTDown/s.TauDelta) * pi
	})
	s.piExpIntegral = libm.Exp((s.lastSpike-t)/s.TauDelta)*s.piExpIntegral + dExp
	weight := s.piIntegral - s.piExpIntegral
	weight = s.initWeight + weight*15.0*cM*tauS*s.Eta/(gL*(tauL-tauS))
	if weight > s.Wmax {
		weight = s.Wmax
	} else if weight < s.Wmin {
		weight = s.Wmin
	}
	*w = weight
	s.tauLTrace = s.tauLTrace*libm.Exp((s.lastSpike-t)/tauL) + 1.0
	s.tauSTrace = s.tauSTrace*libm.Exp((s.lastSpike-t)/tauS) + 1.0
	s.lastSpike = t
	return weight
}
