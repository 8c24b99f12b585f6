package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
)

// stdpHom is NEST's stdp_synapse_hom: the rule of stdp_synapse (pair-based
// STDP with power-law weight dependence, Guetig et al. 2003) with its
// parameters shared by all connections of the model. At each transmitted
// presynaptic spike the weight is potentiated for every postsynaptic spike
// since the previous presynaptic one (presynaptic trace K+), then depressed
// by the postsynaptic trace K- at the spike's arrival, both seen through
// the dendritic delay.
//
// Model-level parameters (SetDefaults or CopyModel only; NEST checks none
// of them, nor the sign of the weight against Wmax): tau_plus 20.0 ms,
// lambda 0.01, alpha 1.0, mu_plus 1.0, mu_minus 1.0, Wmax 100.0. Per
// connection: Kplus 0.0 (not checked). The postsynaptic time constant
// tau_minus belongs to the target neuron.
type stdpHom struct {
	p *stdpState       // the model-level parameters; Kplus and lastSpike unused
	f *homFacilitation // a table's own (see forTable); nil in the Type
}

type stdpHomState struct {
	Kplus     float64
	lastSpike float64 // ms
}

func newSTDPHom() stdpHom {
	p := stdp{}.defaults()
	return stdpHom{p: &p}
}

func (stdpHom) name() string       { return "stdp_synapse_hom" }
func (stdpHom) needsHistory() bool { return true }

func (stdpHom) defaults() stdpHomState { return stdpHomState{} }

func (stdpHom) status(s *stdpHomState, d dict.Dict) { d["Kplus"] = s.Kplus }

func (stdpHom) set(s *stdpHomState, r *dict.Reader) error {
	_, err := r.Float("Kplus", &s.Kplus)
	return err
}

func (m stdpHom) modelStatus(d dict.Dict) {
	p := m.p
	d["tau_plus"], d["lambda"], d["alpha"] = p.TauPlus, p.Lambda, p.Alpha
	d["mu_plus"], d["mu_minus"], d["Wmax"] = p.MuPlus, p.MuMinus, p.Wmax
}

func (stdpHom) modelKeys() []string {
	return []string{"tau_plus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax"}
}

func (m stdpHom) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"tau_plus", &p.TauPlus}, {"lambda", &p.Lambda}, {"alpha", &p.Alpha}, {"mu_plus", &p.MuPlus},
		{"mu_minus", &p.MuMinus}, {"Wmax", &p.Wmax}}); err != nil {
		return nil, err
	}
	return func() { *m.p = p }, nil
}

func (m stdpHom) cloneModel() rule[stdpHomState] {
	p := *m.p
	return stdpHom{p: &p}
}

// homFacilitation potentiates like stdpFacilitation, for the shared
// parameters and one connection's trace.
type homFacilitation struct {
	p            *stdpState
	w, kplus, t0 float64
	visit        func(tPost float64)
}

func (f *homFacilitation) apply(tPost float64) {
	f.w = f.p.facilitate(f.w, f.kplus*libm.Exp((f.t0-tPost)/f.p.TauPlus))
}

func (m stdpHom) forTable() rule[stdpHomState] { return stdpHom{p: m.p, f: newHomFacilitation(m.p)} }

func newHomFacilitation(p *stdpState) *homFacilitation {
	f := &homFacilitation{p: p}
	f.visit = f.apply
	return f
}

// The float64 conversion keeps the product rounded on its own, as NEST's
// C++ computes it, where Go could fuse it with the sum.
func (m stdpHom) send(s *stdpHomState, w *float64, t float64, post Post) float64 {
	p, f := m.p, m.f
	if f == nil { // a rule used outside a table (tests)
		f = newHomFacilitation(p)
	}
	f.w, f.kplus, f.t0 = *w, s.Kplus, s.lastSpike
	post.History(s.lastSpike, t, f.visit)
	*w = p.depress(f.w, post.KMinus(t))
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)/p.TauPlus)) + 1
	s.lastSpike = t
	return *w
}
