package models

import (
	"math"

	"github.com/gonest/gonest/gocore/node"
)

// condDual is what iaf_cond_alpha and iaf_cond_beta share: the state (a
// membrane and, for the excitatory and the inhibitory synapse, a
// conductance g fed by a companion dg, see condKernel), the integration,
// the update loop, the input and the recordables. The models differ only
// in their parameters, in the time constants their right-hand sides give
// condKernel and in the jump of dg per nS of weight (psConInitEx and
// psConInitIn, which each model derives in Prepare).
type condDual struct {
	S condDualState
	v condDualInternals
	plainNeuron
	input [condDualChannels]float64
}

// State vector elements, in NEST's order.
const (
	condDualV = iota
	condDualDGEx
	condDualGEx
	condDualDGIn
	condDualGIn
	condDualDim
)

// condDualState is the dynamic state.
type condDualState struct {
	Y        [condDualDim]float64 // V_m (mV), dg_ex (nS/ms), g_ex (nS), dg_in (nS/ms), g_in (nS)
	RefSteps int64                // remaining refractory steps
	IStim    float64              // current input read in the previous step, pA
}

// fields are the state's status keys, in NEST's reading order.
func (s *condDualState) fields() []floatField {
	return []floatField{
		{"V_m", &s.Y[condDualV]}, {"g_ex", &s.Y[condDualGEx]}, {"dg_ex", &s.Y[condDualDGEx]},
		{"g_in", &s.Y[condDualGIn]}, {"dg_in", &s.Y[condDualDGIn]},
	}
}

// condDualInternals are derived in Prepare.
type condDualInternals struct {
	condODE
	psConInitEx float64 // jump of dg_ex per nS of weight
	psConInitIn float64 // jump of dg_in per nS of weight
}

// Input ring-buffer channels.
const (
	condDualSpikeEx = iota
	condDualSpikeIn // sum of the (zero or negative) weights
	condDualCurrent
	condDualChannels
)

var condDualRecordables = []string{"V_m", "g_ex", "g_in", "t_ref_remaining"}

// newCondDual returns the shared part of a neuron of model at rest at
// eL.
func newCondDual(model string, eL float64) condDual {
	c := condDual{plainNeuron: newPlainNeuron(model, condDualSpikeEx, condDualSpikeIn, condDualCurrent)}
	c.S.Y[condDualV] = eL
	return c
}

// copyDual returns the shared part of a copy: the state, but no loggers,
// empty buffers and its own integration set up when first prepared.
func (c *condDual) copyDual() condDual {
	return condDual{S: c.S, plainNeuron: c.copyPlain()}
}

// update is the models' Update, in NEST's order inside a step:
// integrate, then the refractory count-down (holding V_m at vReset) or
// the threshold test at vTh, then add the spikes arriving in this step to
// dg_ex and dg_in, then take the current for the next step, then log.
func (c *condDual) update(ctx *node.Context, origin int64, from, to int, vTh, vReset float64) {
	s, v := &c.S, &c.v
	in := &c.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance(c.model, v.f, s.Y[:])

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[condDualV], vTh, vReset) {
			v.fire(ctx, &c.arch, step, 0)
		}

		c.ring.Take(ctx.Slot(step), in[:])
		s.Y[condDualDGEx] += float64(in[condDualSpikeEx] * v.psConInitEx)
		s.Y[condDualDGIn] += float64(-in[condDualSpikeIn] * v.psConInitIn)

		s.IStim = in[condDualCurrent]
		c.logs.Record(step, c)
	}
}

// Recordables implements node.Recordable.
func (c *condDual) Recordables() []string { return condDualRecordables }

// RecordableValue implements node.Recordable.
func (c *condDual) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return c.S.Y[condDualV]
	case 1:
		return c.S.Y[condDualGEx]
	case 2:
		return c.S.Y[condDualGIn]
	case 3:
		return c.v.refractoryRemaining(c.S.RefSteps)
	}
	return math.NaN()
}
