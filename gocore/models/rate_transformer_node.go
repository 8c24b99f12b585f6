package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// RateTransformerNode is NEST's rate_transformer_node template: it sends
// phi(sum of weighted input rates) of the previous step, with no dynamics
// of its own, the base of rate_transformer_lin, _tanh, _threshold_lin,
// _sigmoid, _sigmoid_gg_1998 and _gauss. Without linear_summation phi
// applies to each input before the sum.
//
// Parameters: linear_summation (true) and the nonlinearity's parameters.
// State: rate. Recordables: rate.
type RateTransformerNode struct {
	LinearSummation bool
	Rate            float64
	rateBase
	sent []float64
}

func newRateTransformer(model string, nl rateNonlinearity) *RateTransformerNode {
	n := &RateTransformerNode{LinearSummation: true, rateBase: newRateBase(model, nl)}
	n.oneSum = true
	return n
}

var rateTransformerRecordables = []string{"rate"}

// Clone implements node.Node.
func (n *RateTransformerNode) Clone() node.Node {
	c := &RateTransformerNode{LinearSummation: n.LinearSummation, Rate: n.Rate, rateBase: n.copyRate()}
	c.oneSum = true
	return c
}

// Status implements node.Node.
func (n *RateTransformerNode) Status() dict.Dict {
	d := dict.Dict{"rate": n.Rate, "linear_summation": n.LinearSummation,
		"recordables": append([]string(nil), rateTransformerRecordables...)}
	n.rateStatus(d)
	return d
}

// SetStatus implements node.Node (transactional).
func (n *RateTransformerNode) SetStatus(r *dict.Reader, _ *node.Env) error {
	lin, rate, nl := n.LinearSummation, n.Rate, n.nl.clone()
	if _, err := r.Bool("linear_summation", &lin); err != nil {
		return err
	}
	if err := readFloats(r, nl.fields()); err != nil {
		return err
	}
	if _, err := r.Float("rate", &rate); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.LinearSummation, n.Rate, n.nl, n.arch = lin, rate, nl, arch
	n.linearSummation = lin
	return nil
}

// Prepare implements node.Node.
func (n *RateTransformerNode) Prepare(env *node.Env) {
	n.linearSummation = n.LinearSummation
	n.prepareRate(env, false)
	n.sent = resizeState(n.sent, env.MinDelay) // cleared by every update
}

// update is NEST's update_ of rate_transformer_node: the rate of a step
// is phi of its input (or the sum of the transformed inputs).
func (n *RateTransformerNode) update(ctx *node.Context, origin int64, from, to int, wfr bool) bool {
	done := true
	clear(n.sent)
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.sent[lag] = n.Rate
		delayed, _ := n.readDelayed(ctx, step, wfr) // one sum (oneSum)
		instant := n.instantEx[lag]
		if n.LinearSummation {
			n.Rate = n.nl.input(delayed + instant)
		} else {
			n.Rate = delayed + instant
		}
		if wfr {
			done = n.converged(lag, n.Rate) && done
		} else {
			n.logs.Record(step, n)
		}
	}
	n.finishUpdate(from, to, n.sent, n.Rate, wfr)
	return done
}

// Update implements node.Node.
func (n *RateTransformerNode) Update(ctx *node.Context, origin int64, from, to int) {
	n.update(ctx, origin, from, to, false)
}

// WFRUpdate implements node.WFRNode.
func (n *RateTransformerNode) WFRUpdate(ctx *node.Context, origin int64, from, to int) bool {
	saved := n.Rate
	done := n.update(ctx, origin, from, to, true)
	n.Rate = saved
	return done
}

// Recordables implements node.Recordable.
func (n *RateTransformerNode) Recordables() []string { return rateTransformerRecordables }

// RecordableValue implements node.Recordable.
func (n *RateTransformerNode) RecordableValue(int) float64 { return n.Rate }
