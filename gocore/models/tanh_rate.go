package models

import (
	"math"

	"github.com/gonest/gonest/gocore/node"
)

// NEST's tanh_rate models: tanh_rate_ipn, tanh_rate_opn and
// rate_transformer_tanh, with phi(h) = tanh(g (h - theta)) and no
// multiplicative coupling (H = 1).
//
// Parameters (status keys, defaults): g 1.0, theta 0.0.
func init() {
	register("tanh_rate_ipn", func() node.Node { return newRateNeuronIPN("tanh_rate_ipn", newTanhRate()) })
	register("tanh_rate_opn", func() node.Node { return newRateNeuronOPN("tanh_rate_opn", newTanhRate()) })
	register("rate_transformer_tanh", func() node.Node { return newRateTransformer("rate_transformer_tanh", newTanhRate()) })
}

type tanhRate struct{ g, theta float64 }

func newTanhRate() *tanhRate { return &tanhRate{g: 1} }

func (l *tanhRate) input(h float64) float64        { return math.Tanh(l.g * (h - l.theta)) }
func (l *tanhRate) multCouplingEx(float64) float64 { return 1 }
func (l *tanhRate) multCouplingIn(float64) float64 { return 1 }
func (l *tanhRate) clone() rateNonlinearity        { c := *l; return &c }
func (l *tanhRate) fields() []floatField           { return []floatField{{"g", &l.g}, {"theta", &l.theta}} }
