package models

import "github.com/gonest/gonest/gocore/node"

// NEST's lin_rate models: lin_rate_ipn, lin_rate_opn and
// rate_transformer_lin, with the linear gain phi(h) = g h and the
// multiplicative coupling factors H_ex(X) = g_ex (theta_ex - X),
// H_in(X) = g_in (theta_in + X).
//
// Parameters (status keys, defaults): g 1.0, g_ex 1.0, g_in 1.0,
// theta_ex 0.0, theta_in 0.0; the templates' in rate_neuron_ipn.go,
// rate_neuron_opn.go and rate_transformer_node.go.
func init() {
	register("lin_rate_ipn", func() node.Node { return newRateNeuronIPN("lin_rate_ipn", newLinRate()) })
	register("lin_rate_opn", func() node.Node { return newRateNeuronOPN("lin_rate_opn", newLinRate()) })
	register("rate_transformer_lin", func() node.Node { return newRateTransformer("rate_transformer_lin", newLinRate()) })
}

// linRate is the linear nonlinearity.
type linRate struct{ g, gEx, gIn, thetaEx, thetaIn float64 }

func newLinRate() *linRate { return &linRate{g: 1, gEx: 1, gIn: 1} }

func (l *linRate) input(h float64) float64             { return l.g * h }
func (l *linRate) multCouplingEx(rate float64) float64 { return l.gEx * (l.thetaEx - rate) }
func (l *linRate) multCouplingIn(rate float64) float64 { return l.gIn * (l.thetaIn + rate) }
func (l *linRate) clone() rateNonlinearity             { c := *l; return &c }
func (l *linRate) fields() []floatField {
	return []floatField{{"g", &l.g}, {"g_ex", &l.gEx}, {"g_in", &l.gIn}, {"theta_ex", &l.thetaEx}, {"theta_in", &l.thetaIn}}
}
