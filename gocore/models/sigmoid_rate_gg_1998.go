package models

import (
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

// NEST's sigmoid_rate_gg_1998 models (Gancarz and Grossberg 1998):
// sigmoid_rate_gg_1998_ipn and rate_transformer_sigmoid_gg_1998, with
// phi(h) = (g h)^4 / (0.1^4 + (g h)^4) and no multiplicative coupling.
//
// Parameters (status keys, defaults): g 1.0.
func init() {
	register("sigmoid_rate_gg_1998_ipn", func() node.Node {
		return newRateNeuronIPN("sigmoid_rate_gg_1998_ipn", newSigmoidRateGG1998())
	})
	register("rate_transformer_sigmoid_gg_1998", func() node.Node {
		return newRateTransformer("rate_transformer_sigmoid_gg_1998", newSigmoidRateGG1998())
	})
}

type sigmoidRateGG1998 struct{ g float64 }

func newSigmoidRateGG1998() *sigmoidRateGG1998 { return &sigmoidRateGG1998{g: 1} }

func (l *sigmoidRateGG1998) input(h float64) float64 {
	gh4 := libm.Pow(l.g*h, 4.)
	return gh4 / (libm.Pow(.1, 4.) + libm.Pow(l.g*h, 4.))
}
func (l *sigmoidRateGG1998) multCouplingEx(float64) float64 { return 1 }
func (l *sigmoidRateGG1998) multCouplingIn(float64) float64 { return 1 }
func (l *sigmoidRateGG1998) clone() rateNonlinearity        { c := *l; return &c }
func (l *sigmoidRateGG1998) fields() []floatField           { return []floatField{{"g", &l.g}} }
