package kernel

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// cont_delay_synapse keeps the fraction of a step of an off-grid delay as
// an offset in the connection's state (key delayOffsetKey, which only the
// kernel reads and writes): the delay d = (k + f) h is stored as k + 1
// steps less h (1 - f), as NEST does, and reported back as d.

const delayOffsetKey = "delay_offset"

// contDelay reports whether m derives from cont_delay_synapse.
func contDelay(m synapseModel) bool { return m.base == "cont_delay_synapse" }

// splitContDelay splits delay ms into whole steps and the offset that is
// to be subtracted from them. On the grid it is checked as any delay;
// off the grid both neighbouring step counts must be valid delays, as
// NEST's assert_two_valid_delays_steps requires.
func (k *Kernel) splitContDelay(ms float64) (int64, float64, error) {
	h := k.base.Resolution
	whole, frac := math.Modf(ms / h)
	if frac == 0 || math.IsNaN(frac) {
		if err := k.checkDelay(ms); err != nil {
			return 0, 0, err
		}
		return k.base.DelayToSteps(ms), 0, nil
	}
	lower := int64(whole)
	for _, steps := range []int64{lower, lower + 1} {
		if steps < 1 {
			return 0, 0, nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to resolution (delay = %g ms, resolution = %g ms).", ms, h)
		}
		if err := k.checkDelay(k.base.StepsToMs(steps)); err != nil {
			return 0, 0, err
		}
	}
	return lower + 1, h * (1 - frac), nil
}

// contDelayDict returns d with the offset of its delay added under
// delayOffsetKey, for a cont_delay_synapse model (d itself otherwise, or
// when d sets no delay). The offset key is the kernel's: a user's is
// refused as NEST refuses a key it does not know.
func (k *Kernel) contDelayDict(m synapseModel, d dict.Dict, what string) (dict.Dict, int64, error) {
	if !contDelay(m) {
		return d, 0, nil
	}
	if _, ok := d[delayOffsetKey]; ok {
		return nil, 0, nesterr.New(nesterr.ErrUnaccessedDictionaryEntry, "%s does not have the parameter(s) '%s'; nothing was changed.", what, delayOffsetKey)
	}
	v, ok := d["delay"]
	if !ok {
		return d, 0, nil
	}
	ms, err := dict.ToFloat("delay", v)
	if err != nil {
		return nil, 0, err
	}
	steps, off, err := k.splitContDelay(ms)
	if err != nil {
		return nil, 0, err
	}
	c := d.Clone()
	c[delayOffsetKey] = off
	return c, steps, nil
}

// defaultDelay is the delay a Connect without one gives model m's
// connections: the default, or for cont_delay_synapse the whole steps of
// it (its offset comes with the default state).
func (k *Kernel) defaultDelay(m synapseModel) float64 {
	if !contDelay(m) {
		return m.delay
	}
	if steps, _, err := k.splitContDelay(m.delay); err == nil {
		return k.base.StepsToMs(steps)
	}
	return m.delay
}

// reportedDelay is the delay GetConnections lists for r (ms); for
// cont_delay_synapse it takes the offset out of r's state.
func (k *Kernel) reportedDelay(r *connRef) float64 {
	steps := metaDelay(r.meta)
	if !contDelay(k.synModels[r.syn]) {
		return k.base.StepsToMs(steps)
	}
	off, _ := r.state[delayOffsetKey].(float64)
	delete(r.state, delayOffsetKey)
	return nestStampMs(k.base, steps) - off
}
