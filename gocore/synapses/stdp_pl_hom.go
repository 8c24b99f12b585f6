package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdpPLHom is NEST's stdp_pl_synapse_hom: pair-based STDP with power-law
// potentiation and multiplicative depression (Morrison et al. 2007), the
// plastic synapse of the HPC benchmark. At each transmitted presynaptic
// spike the weight is first potentiated for every postsynaptic spike since
// the previous presynaptic one,
//
//	w <- w + lambda * w^mu * K+ e^{-(t_post + d - t_last)/tau_plus},
//
// then depressed by the postsynaptic trace K- at the spike's arrival,
//
//	w <- max(0, w - lambda * alpha * w * K-),
//
// with no upper bound; the presynaptic trace K+ then decays to the spike
// and grows by 1. Spike times are seen through the dendritic delay d (the
// connection delay), which the kernel folds into Post.
//
// Model-level parameters (one set per synapse model, settable only with
// SetDefaults or CopyModel): tau_plus 20.0 ms (> 0), lambda 0.1, alpha 1.0,
// mu 0.4. Per connection: Kplus 0.0 (NEST checks neither its sign nor the
// weight's). The postsynaptic time constant tau_minus belongs to the
// target neuron.
type stdpPLHom struct {
	p *plHomParams
}

// plHomParams are the model-level parameters of stdp_pl_synapse_hom.
type plHomParams struct {
	tauPlus, tauPlusInv float64 // ms, 1/ms
	lambda, alpha, mu   float64
}

type stdpPLHomState struct {
	Kplus     float64
	lastSpike float64 // ms
}

func newSTDPPLHom() stdpPLHom {
	return stdpPLHom{p: &plHomParams{tauPlus: 20, tauPlusInv: 1.0 / 20, lambda: 0.1, alpha: 1, mu: 0.4}}
}

func (stdpPLHom) name() string       { return "stdp_pl_synapse_hom" }
func (stdpPLHom) needsHistory() bool { return true }

func (stdpPLHom) defaults() stdpPLHomState { return stdpPLHomState{} }

func (stdpPLHom) status(s *stdpPLHomState, d dict.Dict) { d["Kplus"] = s.Kplus }

func (stdpPLHom) set(s *stdpPLHomState, r *dict.Reader) error {
	_, err := r.Float("Kplus", &s.Kplus)
	return err
}

func (m stdpPLHom) modelStatus(d dict.Dict) {
	d["tau_plus"], d["lambda"], d["alpha"], d["mu"] = m.p.tauPlus, m.p.lambda, m.p.alpha, m.p.mu
}

func (stdpPLHom) modelKeys() []string { return []string{"tau_plus", "lambda", "alpha", "mu"} }

// setModel follows NEST's STDPPLHomCommonProperties::set_status, which
// checks only tau_plus. NEST stores tau_plus before checking it, so a
// rejected value stays (and every later SetDefaults of the model fails);
// here a rejected call changes nothing.
func (m stdpPLHom) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"tau_plus", &p.tauPlus}, {"lambda", &p.lambda}, {"alpha", &p.alpha}, {"mu", &p.mu}}); err != nil {
		return nil, err
	}
	if !(p.tauPlus > 0) {
		return nil, nesterr.New(nesterr.ErrBadProperty, "tau_plus > 0. required (tau_plus = %g ms).", p.tauPlus)
	}
	p.tauPlusInv = 1 / p.tauPlus
	return func() { *m.p = p }, nil
}

func (m stdpPLHom) cloneModel() rule[stdpPLHomState] {
	p := *m.p
	return stdpPLHom{p: &p}
}

// send is the rule for one connection (see plHomTable.step); the table
// applies it to a source's connections in its own loop.
func (m stdpPLHom) send(s *stdpPLHomState, w *float64, t float64, post Post) float64 {
	a, d := post.(ArchiveView).ViewedArchive()
	*w = m.p.step(*w, s.Kplus, s.lastSpike, t, a, d)
	m.p.advance(s, t)
	return *w
}

// The float64 conversions keep each product rounded on its own, as NEST's
// C++ computes it, where Go could fuse it with the sum.
func (p *plHomParams) facilitate(w, kplus float64) float64 {
	return w + float64(p.lambda*libm.Pow(w, p.mu)*kplus)
}

func (p *plHomParams) depress(w, kminus float64) float64 {
	if w -= float64(p.lambda * p.alpha * w * kminus); w > 0 {
		return w
	}
	return 0
}
