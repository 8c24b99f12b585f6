package models

import (
	"math"

	"github.com/gonest/gonest/gocore/node"
)

// NEST's threshold_lin_rate models: threshold_lin_rate_ipn,
// threshold_lin_rate_opn and rate_transformer_threshold_lin, with
// phi(h) = min(max(g (h - theta), 0), alpha) and no multiplicative
// coupling (H = 1).
//
// Parameters (status keys, defaults): g 1.0, theta 0.0, alpha inf.
func init() {
	register("threshold_lin_rate_ipn", func() node.Node {
		return newRateNeuronIPN("threshold_lin_rate_ipn", newThresholdLinRate())
	})
	register("threshold_lin_rate_opn", func() node.Node {
		return newRateNeuronOPN("threshold_lin_rate_opn", newThresholdLinRate())
	})
	register("rate_transformer_threshold_lin", func() node.Node {
		return newRateTransformer("rate_transformer_threshold_lin", newThresholdLinRate())
	})
}

type thresholdLinRate struct{ g, theta, alpha float64 }

func newThresholdLinRate() *thresholdLinRate { return &thresholdLinRate{g: 1, alpha: math.Inf(1)} }

func (l *thresholdLinRate) input(h float64) float64 {
	return math.Min(math.Max(l.g*(h-l.theta), 0), l.alpha)
}
func (l *thresholdLinRate) multCouplingEx(float64) float64 { return 1 }
func (l *thresholdLinRate) multCouplingIn(float64) float64 { return 1 }
func (l *thresholdLinRate) clone() rateNonlinearity        { c := *l; return &c }
func (l *thresholdLinRate) fields() []floatField {
	return []floatField{{"g", &l.g}, {"theta", &l.theta}, {"alpha", &l.alpha}}
}
