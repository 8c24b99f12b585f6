package models

import (
	"math"

	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// clopathEntry is one entry of a Clopath history: a time (ms, NEST's
// representation), the weight change written for it and how many
// connections have read it.
type clopathEntry struct {
	t, dw float64
	reads int
}

// clopathHistory is what NEST's ClopathArchivingNode keeps for
// clopath_synapse besides the spike archive, shared by
// aeif_psc_delta_clopath and hh_psc_alpha_clopath. At the end of every
// step the neuron hands over V_m and its filtered versions; u_bar_plus and
// u_bar_minus are used delay_u_bars later (a ring of delay_u_bars/h + 1
// slots, zero before they fill, as in NEST). When V_m > theta_plus and the
// delayed u_bar_plus > theta_minus, a facilitation entry
//
//	A_LTP*(V_m - theta_plus)*(u_bar_plus - theta_minus)*h
//
// is appended; when the delayed u_bar_minus > theta_minus, a depression
// entry A_LTD*(u_bar_minus - theta_minus) (times u_bar_bar^2/u_ref_squared
// unless A_LTD_const) goes into a ring of max_delay + 1 slots. Both are
// written only while some plastic connection reads the neuron's history.
// Facilitation entries read by every such connection are dropped (the
// newest is always kept).
type clopathHistory struct {
	ready        bool
	uPlus, uMin  []float64 // the delayed u_bar_plus and u_bar_minus
	uIdx         int
	ltd          []clopathEntry
	ltdCur       int
	ltp          []clopathEntry
	ltpFirst     int // entries before it are dropped
	ticsPerStep  int64
	msPerTic, hr float64
	stdpEps      float64
}

// clopathPrepare sets the rings up at the first run only (NEST's
// init_clopath_buffers, called when the buffers are first initialised).
func (c *clopathHistory) clopathPrepare(env *node.Env, rule ClopathRule) {
	if c.ready {
		return
	}
	c.ready = true
	n := int(env.Base.DelayToSteps(rule.DelayUBars)) + 1
	c.uPlus, c.uMin, c.uIdx = make([]float64, n), make([]float64, n), 0
	c.ltd, c.ltdCur = make([]clopathEntry, env.RingLen-env.MinDelay+1), 0
	c.clopathBase(env.Base)
}

func (c *clopathHistory) clopathBase(b simtime.Base) {
	c.ticsPerStep, c.msPerTic, c.hr = b.TicsPerStep, b.MsPerTic, b.Resolution
	c.stdpEps = 1e-6
}

// clopathWrite is NEST's write_clopath_history for the end of step (whose stamp
// is step+1), with the neuron's rule and number of history readers.
func (c *clopathHistory) clopathWrite(step int64, u, uBarPlus, uBarMinus, uBarBar float64, rule *ClopathRule, readers int) {
	tMs := float64((step+1)*c.ticsPerStep) * c.msPerTic
	c.uPlus[c.uIdx], c.uMin[c.uIdx] = uBarPlus, uBarMinus
	c.uIdx = (c.uIdx + 1) % len(c.uPlus)
	delPlus, delMinus := c.uPlus[c.uIdx], c.uMin[c.uIdx]
	if u > rule.ThetaPlus && delPlus > rule.ThetaMinus && readers > 0 {
		// drop the front entries every reader has passed, keeping one
		for len(c.ltp)-c.ltpFirst > 1 && c.ltp[c.ltpFirst].reads >= readers {
			c.ltpFirst++
		}
		if c.ltpFirst > 64 && 2*c.ltpFirst > len(c.ltp) {
			c.ltp = append(c.ltp[:0], c.ltp[c.ltpFirst:]...)
			c.ltpFirst = 0
		}
		dw := rule.ALTP * (u - rule.ThetaPlus) * (delPlus - rule.ThetaMinus) * c.hr
		c.ltp = append(c.ltp, clopathEntry{t: tMs, dw: dw})
	}
	if delMinus > rule.ThetaMinus && readers > 0 {
		var dw float64
		if rule.ALTDConst {
			dw = rule.ALTD * (delMinus - rule.ThetaMinus)
		} else {
			dw = rule.ALTD * uBarBar * uBarBar * (delMinus - rule.ThetaMinus) / rule.URefSquared
		}
		c.ltd[c.ltdCur] = clopathEntry{t: tMs, dw: dw}
		c.ltdCur = (c.ltdCur + 1) % len(c.ltd)
	}
}

// LTPHistory implements node.ClopathArchiving.
func (c *clopathHistory) LTPHistory(t1, t2 float64, fn func(t, dw float64)) {
	h := c.ltp[c.ltpFirst:]
	i := 0
	for i < len(h) && h[i].t-1.0e-6 < t1 {
		i++
	}
	for ; i < len(h) && h[i].t-1.0e-6 < t2; i++ {
		h[i].reads++
		fn(h[i].t, h[i].dw)
	}
}

// LTDValue implements node.ClopathArchiving.
func (c *clopathHistory) LTDValue(t float64) float64 {
	if len(c.ltd) == 0 || t < 0 {
		return 0
	}
	for i := range c.ltd {
		if math.Abs(t-c.ltd[i].t) < c.stdpEps {
			return c.ltd[i].dw
		}
	}
	return 0
}

// copyHistory returns an empty history for a copy of the neuron (set up
// again at its first run).
func (c *clopathHistory) copyHistory() clopathHistory { return clopathHistory{} }
