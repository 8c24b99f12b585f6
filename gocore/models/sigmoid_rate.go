package models

import (
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

// NEST's sigmoid_rate models: sigmoid_rate_ipn and
// rate_transformer_sigmoid, with phi(h) = g / (1 + exp(-beta (h - theta)))
// and no multiplicative coupling (H = 1).
//
// Parameters (status keys, defaults): g 1.0, beta 1.0, theta 0.0.
func init() {
	register("sigmoid_rate_ipn", func() node.Node { return newRateNeuronIPN("sigmoid_rate_ipn", newSigmoidRate()) })
	register("rate_transformer_sigmoid", func() node.Node {
		return newRateTransformer("rate_transformer_sigmoid", newSigmoidRate())
	})
}

type sigmoidRate struct{ g, beta, theta float64 }

func newSigmoidRate() *sigmoidRate { return &sigmoidRate{g: 1, beta: 1} }

func (l *sigmoidRate) input(h float64) float64 {
	return l.g / (1. + libm.Exp(-l.beta*(h-l.theta)))
}
func (l *sigmoidRate) multCouplingEx(float64) float64 { return 1 }
func (l *sigmoidRate) multCouplingIn(float64) float64 { return 1 }
func (l *sigmoidRate) clone() rateNonlinearity        { c := *l; return &c }
func (l *sigmoidRate) fields() []floatField {
	return []floatField{{"g", &l.g}, {"beta", &l.beta}, {"theta", &l.theta}}
}
