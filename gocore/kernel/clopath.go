package kernel

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// clopathShifted is a Clopath neuron's histories seen by a connection
// through its dendritic delay d: an entry at t is seen at t + d, as NEST's
// clopath_synapse reads get_LTP_history(t1 - d, t2 - d) and
// get_LTD_value(t - d) and adds d to the entries' times.
type clopathShifted struct {
	shiftedHistory
	c node.ClopathArchiving
}

func (h *clopathShifted) LTPHistory(t1, t2 float64, fn func(t, dw float64)) {
	d := h.d
	h.c.LTPHistory(t1-d, t2-d, func(t, dw float64) { fn(t+d, dw) })
}

func (h *clopathShifted) LTDValue(t float64) float64 { return h.c.LTDValue(t - h.d) }

// checkClopathTarget refuses, as NEST does, a connection of a model that
// needs the Clopath (or Urbanczik) histories to a target that keeps none.
func checkClopathTarget(typ synapses.Type, target node.Node) error {
	if typ == nil {
		return nil
	}
	_, clopathOK := target.(node.ClopathArchiving)
	_, urbanczikOK := target.(node.UrbanczikArchiving)
	if synapses.RequiresClopath(typ) && !clopathOK || synapses.RequiresUrbanczik(typ) && !urbanczikOK {
		return nesterr.New(nesterr.ErrNotImplemented,
			"This synapse model is not supported by the neuron model of at least one connection (%s).", target.Model())
	}
	return nil
}

// urbanczikShifted is an Urbanczik neuron's dendritic history seen by a
// connection through its dendritic delay d, as NEST's urbanczik_synapse
// reads get_urbanczik_history(t1 - d, t2 - d) and adds d to the times.
type urbanczikShifted struct {
	shiftedHistory
	u node.UrbanczikArchiving
}

func (h *urbanczikShifted) UrbanczikHistory(t1, t2 float64, fn func(t, dPI float64)) {
	d := h.d
	h.u.UrbanczikHistory(t1-d, t2-d, func(t, dPI float64) { fn(t+d, dPI) })
}

func (h *urbanczikShifted) UrbanczikDendrite() (gL, tauL, cM, tauSynEx, tauSynIn float64) {
	return h.u.UrbanczikDendrite()
}
