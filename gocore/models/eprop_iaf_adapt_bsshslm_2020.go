package models

import "github.com/gonest/gonest/gocore/node"

func init() {
	register("eprop_iaf_adapt_bsshslm_2020", func() node.Node { return NewEpropIafAdaptBsshslm2020() })
}

// NewEpropIafAdaptBsshslm2020 returns NEST's eprop_iaf_adapt_bsshslm_2020
// with its defaults at rest: eprop_iaf_bsshslm_2020 (see
// EpropIafBsshslm2020) with an adaptive threshold. Each spike raises the
// adaptation a, which decays with adapt_tau:
//
//	a(t) = exp(-h/adapt_tau) a(t-1) + z(t-1),  V_th_adapt = V_th + adapt_beta a,
//
// and the neuron spikes, and takes its surrogate gradient, at V_th_adapt.
// The eligibility trace loses the adaptation's share: e = psi (z_bar -
// adapt_beta eps), with eps = exp(-h/adapt_tau) eps + e.
//
// Parameters beyond eprop_iaf_bsshslm_2020's: adapt_beta 1.0 (mV per
// unit of adaptation), adapt_tau 10.0 ms. State: adaptation (0) and
// V_th_adapt (mV, starts at V_th).
func NewEpropIafAdaptBsshslm2020() *EpropIafBsshslm2020 {
	n := NewEpropIafBsshslm2020()
	n.adaptive = true
	return n
}
