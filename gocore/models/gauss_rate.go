package models

import (
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

// NEST's gauss_rate models: gauss_rate_ipn and rate_transformer_gauss,
// with phi(h) = g exp(-(h - mu)^2 / (2 sigma^2)) and no multiplicative
// coupling. Its mu and sigma share their keys with rate_neuron_ipn's: as
// in NEST, setting one sets both, and the status shows the
// nonlinearity's.
//
// Parameters (status keys, defaults): g 1.0, mu 0.0, sigma 0.0.
func init() {
	register("gauss_rate_ipn", func() node.Node { return newRateNeuronIPN("gauss_rate_ipn", newGaussRate()) })
	register("rate_transformer_gauss", func() node.Node { return newRateTransformer("rate_transformer_gauss", newGaussRate()) })
}

type gaussRate struct{ g, mu, sigma float64 }

func newGaussRate() *gaussRate { return &gaussRate{g: 1} }

func (l *gaussRate) input(h float64) float64 {
	return l.g * libm.Exp(-libm.Pow(h-l.mu, 2.)/(2.*libm.Pow(l.sigma, 2.)))
}
func (l *gaussRate) multCouplingEx(float64) float64 { return 1 }
func (l *gaussRate) multCouplingIn(float64) float64 { return 1 }
func (l *gaussRate) clone() rateNonlinearity        { c := *l; return &c }
func (l *gaussRate) fields() []floatField {
	return []floatField{{"g", &l.g}, {"mu", &l.mu}, {"sigma", &l.sigma}}
}
