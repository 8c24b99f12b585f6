package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// tsodyksHom is NEST's tsodyks_synapse_hom: the short-term plasticity of
// tsodyks_synapse (Tsodyks, Uziel and Markram 2000) with its time
// constants, U and the weight shared by all connections of the model. At
// each presynaptic spike the resources x (recovered), y (active) and u
// (utilisation) are propagated from the previous spike (the first interval
// is measured from 0 ms) and the synapse transmits weight * u * x. NEST
// propagates x with exp(-h/tau_rec) - 1 where tsodyks_synapse uses expm1;
// this model does the same, so the two differ in the last bits.
//
// Model-level parameters (SetDefaults or CopyModel only): weight 1.0 (the
// common weight; the kernel refuses per-connection weights), U 0.5 (in
// [0, 1]), tau_psc 3.0 ms (> 0), tau_rec 800.0 ms (> 0), tau_fac 0.0 ms
// (>= 0; 0 disables facilitation). Per connection: x 1.0, y 0.0 (x + y <=
// 1), u 0.0 (not checked, as in NEST).
type tsodyksHom struct{ p *tsodyksHomParams }

// tsodyksHomParams are the model-level parameters of tsodyks_synapse_hom.
type tsodyksHomParams struct {
	weight, U, tauPsc, tauRec, tauFac float64
}

type tsodyksHomState struct {
	X, Y, Uval float64
	lastSpike  float64 // ms
}

func newTsodyksHom() tsodyksHom {
	return tsodyksHom{p: &tsodyksHomParams{weight: 1, U: 0.5, tauPsc: 3, tauRec: 800, tauFac: 0}}
}

func (tsodyksHom) name() string       { return "tsodyks_synapse_hom" }
func (tsodyksHom) needsHistory() bool { return false }

func (tsodyksHom) defaults() tsodyksHomState { return tsodyksHomState{X: 1} }

func (tsodyksHom) status(s *tsodyksHomState, d dict.Dict) { d["x"], d["y"], d["u"] = s.X, s.Y, s.Uval }

func (tsodyksHom) set(s *tsodyksHomState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"x", &s.X}, {"y", &s.Y}, {"u", &s.Uval}}); err != nil {
		return err
	}
	if s.X+s.Y > 1 {
		return nesterr.New(nesterr.ErrBadProperty, "x + y must be <= 1.0 (x = %g, y = %g).", s.X, s.Y)
	}
	return nil
}

func (m tsodyksHom) modelStatus(d dict.Dict) {
	d["U"], d["tau_psc"], d["tau_rec"], d["tau_fac"] = m.p.U, m.p.tauPsc, m.p.tauRec, m.p.tauFac
}

// modelKeys leaves out the weight: the kernel refuses it per connection
// itself, for static_synapse_hom_w too.
func (tsodyksHom) modelKeys() []string { return []string{"U", "tau_psc", "tau_rec", "tau_fac"} }

// setModel checks in NEST's order (U, tau_psc, tau_rec, tau_fac); unlike
// NEST, a rejected call changes nothing.
func (m tsodyksHom) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"weight", &p.weight}, {"U", &p.U}, {"tau_psc", &p.tauPsc}, {"tau_rec", &p.tauRec}, {"tau_fac", &p.tauFac}}); err != nil {
		return nil, err
	}
	switch {
	case p.U > 1 || p.U < 0:
		return nil, nesterr.New(nesterr.ErrBadProperty, "U must be in [0,1] (U = %g).", p.U)
	case p.tauPsc <= 0:
		return nil, nesterr.New(nesterr.ErrBadProperty, "tau_psc must be > 0 (tau_psc = %g ms).", p.tauPsc)
	case p.tauRec <= 0:
		return nil, nesterr.New(nesterr.ErrBadProperty, "tau_rec must be > 0 (tau_rec = %g ms).", p.tauRec)
	case p.tauFac < 0:
		return nil, nesterr.New(nesterr.ErrBadProperty, "tau_fac must be >= 0 (tau_fac = %g ms).", p.tauFac)
	}
	return func() { *m.p = p }, nil
}

func (m tsodyksHom) cloneModel() rule[tsodyksHomState] {
	p := *m.p
	return tsodyksHom{p: &p}
}

// The float64 conversions keep each product rounded on its own, as NEST's
// C++ computes it, where Go could fuse it with the sum.
func (m tsodyksHom) send(s *tsodyksHomState, _ *float64, t float64, _ Post) float64 {
	p := m.p
	h := t - s.lastSpike
	puu := 0.0
	if p.tauFac != 0 {
		puu = libm.Exp(-h / p.tauFac)
	}
	pyy := libm.Exp(-h / p.tauPsc)
	pzz := libm.Exp(-h / p.tauRec)
	pxy := (float64((pzz-1)*p.tauRec) - float64((pyy-1)*p.tauPsc)) / (p.tauPsc - p.tauRec)
	pxz := 1 - pzz
	z := 1 - s.X - s.Y

	s.Uval *= puu
	s.X += float64(pxy*s.Y) + float64(pxz*z)
	s.Y *= pyy
	s.Uval += float64(p.U * (1 - s.Uval))
	released := s.Uval * s.X
	s.X -= released
	s.Y += released
	s.lastSpike = t
	return released * p.weight
}
