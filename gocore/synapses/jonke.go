package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// jonke is NEST's jonke_synapse: additive STDP with exponential weight
// dependence and a constant depression beta (Jonke et al. 2017). At a
// presynaptic spike the weight grows by lambda (exp(mu_plus w) K+ - beta)
// for every postsynaptic spike since the previous presynaptic one (capped
// at Wmax), then changes by lambda (-alpha exp(mu_minus w) K- - beta)
// (floored at 0), K+ being the presynaptic trace (tau_plus) and K- the
// target's; with lambda 0 nothing changes. Times are seen through the
// dendritic delay.
//
// Model-level parameters (SetDefaults or CopyModel only; NEST checks
// none): alpha 1.0, beta 0.0, lambda 0.01, mu_plus 0.0, mu_minus 0.0,
// tau_plus 20.0 ms, Wmax 100.0. Per connection: Kplus 0.0 (>= 0).
type jonke struct {
	p *jonkeParams
	v *jonkeVisit // a table's own (see forTable); nil in the Type
}

type jonkeParams struct {
	alpha, beta, lambda, muPlus, muMinus, tauPlus, wmax float64
}

type jonkeState struct {
	Kplus     float64
	lastSpike float64 // ms
}

func newJonke() jonke {
	return jonke{p: &jonkeParams{alpha: 1, beta: 0, lambda: 0.01, muPlus: 0, muMinus: 0, tauPlus: 20, wmax: 100}}
}

func (jonke) name() string                      { return "jonke_synapse" }
func (jonke) needsHistory() bool                { return true }
func (jonke) defaults() jonkeState              { return jonkeState{} }
func (jonke) status(s *jonkeState, d dict.Dict) { d["Kplus"] = s.Kplus }

func (jonke) set(s *jonkeState, r *dict.Reader) error {
	if _, err := r.Float("Kplus", &s.Kplus); err != nil {
		return err
	}
	if s.Kplus < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Kplus must be non-negative (Kplus = %g).", s.Kplus)
	}
	return nil
}

func (m jonke) modelStatus(d dict.Dict) {
	p := m.p
	d["alpha"], d["beta"], d["lambda"], d["mu_plus"] = p.alpha, p.beta, p.lambda, p.muPlus
	d["mu_minus"], d["tau_plus"], d["Wmax"] = p.muMinus, p.tauPlus, p.wmax
}

func (jonke) modelKeys() []string {
	return []string{"alpha", "beta", "lambda", "mu_plus", "mu_minus", "tau_plus", "Wmax"}
}

func (m jonke) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"alpha", &p.alpha}, {"beta", &p.beta}, {"lambda", &p.lambda}, {"tau_plus", &p.tauPlus},
		{"mu_plus", &p.muPlus}, {"mu_minus", &p.muMinus}, {"Wmax", &p.wmax}}); err != nil {
		return nil, err
	}
	return func() { *m.p = p }, nil
}

func (m jonke) cloneModel() rule[jonkeState] {
	p := *m.p
	return jonke{p: &p}
}

func (p *jonkeParams) facilitate(w, kplus float64) float64 {
	if p.lambda == 0 {
		return w
	}
	nw := w + float64(p.lambda*(float64(libm.Exp(p.muPlus*w)*kplus)-p.beta))
	if nw < p.wmax {
		return nw
	}
	return p.wmax
}

func (p *jonkeParams) depress(w, kminus float64) float64 {
	if p.lambda == 0 {
		return w
	}
	nw := w + float64(p.lambda*(float64(-p.alpha*libm.Exp(p.muMinus*w)*kminus)-p.beta))
	if nw > 0 {
		return nw
	}
	return 0
}

type jonkeVisit struct {
	p            *jonkeParams
	w, kplus, t0 float64
	visit        func(tPost float64)
}

func newJonkeVisit(p *jonkeParams) *jonkeVisit {
	v := &jonkeVisit{p: p}
	v.visit = v.apply
	return v
}

func (v *jonkeVisit) apply(tPost float64) {
	v.w = v.p.facilitate(v.w, v.kplus*libm.Exp((v.t0-tPost)/v.p.tauPlus))
}

func (m jonke) forTable() rule[jonkeState] { return jonke{p: m.p, v: newJonkeVisit(m.p)} }

func (m jonke) send(s *jonkeState, w *float64, t float64, post Post) float64 {
	v := m.v
	if v == nil {
		v = newJonkeVisit(m.p)
	}
	v.w, v.kplus, v.t0 = *w, s.Kplus, s.lastSpike
	post.History(s.lastSpike, t, v.visit)
	*w = m.p.depress(v.w, post.KMinus(t))
	s.Kplus = float64(s.Kplus*libm.Exp((s.lastSpike-t)/m.p.tauPlus)) + 1
	s.lastSpike = t
	return *w
}
