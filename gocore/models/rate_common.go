package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// This file holds what NEST's rate models share: the three templates
// rate_neuron_ipn (rate_neuron_ipn.go), rate_neuron_opn
// (rate_neuron_opn.go) and rate_transformer_node
// (rate_transformer_node.go) take a nonlinearity (lin_rate.go,
// tanh_rate.go, ...), and all of them keep the same buffers: rates
// arriving through instantaneous connections (one per step of the slice,
// filled at delivery and cleared after every update), rates arriving
// through delayed connections (a ring indexed by the step they take
// effect in), and the rates they send (secondary events, see
// node/secondary.go).

// rateNonlinearity is the part of a rate model its template does not
// fix: the gain function applied to the input and the factors of
// multiplicative coupling, with their parameters.
type rateNonlinearity interface {
	input(h float64) float64
	multCouplingEx(rate float64) float64
	multCouplingIn(rate float64) float64
	// fields are the nonlinearity's status keys.
	fields() []floatField
	clone() rateNonlinearity
}

// Input channels of the delayed-rate ring.
const (
	rateDelayedEx = iota // sum of the inputs of connections with weight >= 0
	rateDelayedIn        // the others
	rateChannels
)

// rateBase is the part every rate model has besides its parameters and
// state.
type rateBase struct {
	neuron
	model string
	nl    rateNonlinearity
	// linearSummation is the linear_summation parameter the handlers
	// need: the nonlinearity applies to the summed input (true) or to
	// each input before summation.
	linearSummation bool
	// oneSum puts all input in the excitatory lanes, whatever the sign of
	// the weight (rate_transformer_node keeps a single sum).
	oneSum bool

	minDelay  int
	wfr       node.WFRSettings
	ready     bool      // buffers set up (NEST's init_buffers, once)
	instantEx []float64 // by step of the slice
	instantIn []float64
	lastY     []float64 // values of the last waveform-relaxation iteration
	random    []float64 // standard normal numbers of the slice (noisy models)
	sentNow   []float64 // coefficients of the last InstantRate event
	sentLater []float64 // coefficients of the last DelayedRate event
	rng       *rand.Rand
	ringSlots int
	delayed   [rateChannels]float64
}

func newRateBase(model string, nl rateNonlinearity) rateBase {
	return rateBase{neuron: newNeuron(), model: model, nl: nl, linearSummation: true}
}

// copyRate returns the parts of a copy: parameters, but no buffers.
func (b *rateBase) copyRate() rateBase {
	return rateBase{neuron: b.copyNeuron(), model: b.model, nl: b.nl.clone(), linearSummation: b.linearSummation}
}

// Model implements node.Node.
func (b *rateBase) Model() string { return b.model }

// SendsSpikes implements node.SpikeSender: rate models send rates only.
func (b *rateBase) SendsSpikes() bool { return false }

// SendsSecondary implements node.SecondarySender.
func (b *rateBase) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.InstantRate || kind == node.DelayedRate
}

// SecondaryCoefficients implements node.SecondarySender.
func (b *rateBase) SecondaryCoefficients(kind node.SecondaryKind) []float64 {
	if kind == node.DelayedRate {
		return b.sentLater
	}
	return b.sentNow
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: rates on
// receptor 0.
func (b *rateBase) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.InstantRate && kind != node.DelayedRate {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n%s does not accept this kind of input.", b.model)
	}
	return checkReceptor(b.model, rport, 0)
}

// HandleSecondary implements node.SecondaryReceiver: an instantaneous
// rate adds to the step of the slice it belongs to, a delayed one to the
// ring slot of the step it takes effect in; without linear summation the
// nonlinearity applies to each input first. Weights >= 0 are excitatory.
func (b *rateBase) HandleSecondary(e *node.SecondaryEvent) {
	ch := rateDelayedEx
	if e.Weight < 0 && !b.oneSum {
		ch = rateDelayedIn
	}
	for i, c := range e.Coeffs {
		v := c
		if !b.linearSummation {
			v = b.nl.input(c)
		}
		v = e.Weight * v
		if e.Kind == node.DelayedRate {
			b.ring.Add(int((e.Origin+int64(i)+e.Delay)%int64(b.ringLen())), ch, v)
		} else if ch == rateDelayedEx {
			b.instantEx[i] += v
		} else {
			b.instantIn[i] += v
		}
	}
}

func (b *rateBase) ringLen() int { return b.ringSlots }

// UsesWaveformRelaxation implements node.GapJunctionNode (node_uses_wfr).
func (b *rateBase) UsesWaveformRelaxation() {}

// prepareRate sets up the buffers before the first run (they keep their
// content between runs, as NEST's) and the loggers before every run.
func (b *rateBase) prepareRate(env *node.Env, noisy bool) {
	b.wfr = env.WFR
	b.rng = env.RNG
	b.ringSlots = env.RingLen
	if !b.ready || b.minDelay != env.MinDelay {
		md := env.MinDelay
		b.minDelay = md
		b.instantEx, b.instantIn = make([]float64, md), make([]float64, md)
		b.lastY, b.sentNow, b.sentLater = make([]float64, md), make([]float64, md), make([]float64, md)
		b.random = make([]float64, md)
		if noisy {
			b.drawNoise()
		}
		b.ready = true
	}
	b.bindBuffers(env, rateChannels)
}

// drawNoise draws the standard normal numbers of the next slice from the
// thread's stream.
func (b *rateBase) drawNoise() {
	for i := range b.random {
		if b.rng != nil {
			b.random[i] = b.rng.NormFloat64()
		} else {
			b.random[i] = 0
		}
	}
}

// readDelayed returns the delayed input of step; a waveform-relaxation
// iteration leaves it for the next iteration and the final update.
func (b *rateBase) readDelayed(ctx *node.Context, step int64, wfr bool) (ex, in float64) {
	slot := ctx.Slot(step)
	if wfr {
		b.ring.Peek(slot, b.delayed[:])
	} else {
		b.ring.Take(slot, b.delayed[:])
	}
	return b.delayed[rateDelayedEx], b.delayed[rateDelayedIn]
}

// converged notes value y of lag in an iteration and reports whether it
// stayed within wfr_tol of the previous iteration's.
func (b *rateBase) converged(lag int, y float64) bool {
	ok := math.Abs(y-b.lastY[lag]) <= b.wfr.Tol
	b.lastY[lag] = y
	return ok
}

// finishUpdate ends an update of steps from..to: the final update sends
// the rates of the slice through delayed connections (sent: the value of
// each step) and, as a guess for the next slice, the last rate (last)
// through instantaneous ones; an iteration sends sent through the
// instantaneous ones. Then the instantaneous input is cleared.
func (b *rateBase) finishUpdate(from, to int, sent []float64, last float64, wfr bool) {
	if !wfr {
		copy(b.sentLater, sent)
		clear(b.lastY)
		for lag := from; lag < to; lag++ {
			sent[lag] = last
		}
	}
	copy(b.sentNow, sent)
	clear(b.instantEx)
	clear(b.instantIn)
}

// addInput adds the input of one step to rate as the ipn and opn
// templates do, in NEST's order of operations: dEx, iEx, dIn, iIn are
// the delayed and instantaneous excitatory and inhibitory inputs, p2 the
// input propagator and prev the rate the coupling factors are taken at
// (multiplicative coupling; 1 otherwise). With linear summation the
// nonlinearity applies to the summed input (to each sign's sum with
// multiplicative coupling); without, the handlers applied it already.
func (b *rateBase) addInput(rate, p2, dEx, iEx, dIn, iIn float64, multCoupling bool, prev float64) float64 {
	hEx, hIn := 1.0, 1.0
	if multCoupling {
		hEx, hIn = b.nl.multCouplingEx(prev), b.nl.multCouplingIn(prev)
	}
	if b.linearSummation && !multCoupling {
		return rate + p2*b.nl.input(dEx+iEx+dIn+iIn)
	}
	ex, in := dEx+iEx, dIn+iIn
	if b.linearSummation {
		ex, in = b.nl.input(ex), b.nl.input(in)
	}
	rate += p2 * hEx * ex
	return rate + p2*hIn*in
}

// rateStatus writes the archive's keys and the nonlinearity's (last, as
// NEST: gauss_rate's mu and sigma shadow the neuron's).
func (b *rateBase) rateStatus(d dict.Dict) {
	b.arch.Status(d)
	writeFloats(d, b.nl.fields())
}

// boolField names a boolean status key and where its value goes.
type boolField struct {
	key string
	dst *bool
}

// readBools reads every field present in r.
func readBools(r *dict.Reader, fields []boolField) error {
	for _, f := range fields {
		if _, err := r.Bool(f.key, f.dst); err != nil {
			return err
		}
	}
	return nil
}

// writeBools adds every field's value to d.
func writeBools(d dict.Dict, fields []boolField) {
	for _, f := range fields {
		d[f.key] = *f.dst
	}
}

// setRateStatus is the transactional SetStatus of the rate templates: it
// reads the template's parameters (fields, bools, checked by validate,
// all pointing into the caller's copy), the nonlinearity's parameters and
// rate (into *rate, also a copy) and the archive settings; nothing of the
// node changes unless all succeed, then commit installs the copies and
// returns the new linear_summation, and the new nonlinearity and archive
// are taken over here.
func (b *rateBase) setRateStatus(r *dict.Reader, fields []floatField, bools []boolField, validate func() error,
	rate *float64, commit func() bool) error {
	nl := b.nl.clone()
	if err := readFloats(r, fields); err != nil {
		return err
	}
	if err := readBools(r, bools); err != nil {
		return err
	}
	if err := readFloats(r, nl.fields()); err != nil {
		return err
	}
	if err := validate(); err != nil {
		return err
	}
	if _, err := r.Float("rate", rate); err != nil {
		return err
	}
	arch, err := b.arch.Set(r)
	if err != nil {
		return err
	}
	b.linearSummation = commit()
	b.nl, b.arch = nl, arch
	return nil
}
