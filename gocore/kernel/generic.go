package kernel

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// nodeGeneric holds the status entries NEST 3.10's kernel keeps for every
// neuron whatever its model: the calcium trace of structural plasticity
// (Ca, tau_Ca, beta_Ca) and the ignore_and_spike switch with its interval
// and offset. They are stored and reported here; the models that honour
// ignore_and_spike (node.IgnoreAndSpiker) get its entries after each change.
type nodeGeneric struct {
	ca, tauCa, betaCa      float64
	ignoreAndSpike         bool
	iasInterval, iasOffset float64
}

var defaultGeneric = nodeGeneric{ca: 0, tauCa: 10000, betaCa: 0.001, iasInterval: 100, iasOffset: 1}

// genericKeys are the settable entries of nodeGeneric.
var genericKeys = []string{"Ca", "tau_Ca", "beta_Ca", "ignore_and_spike", "ignore_and_spike_interval", "ignore_and_spike_offset"}

// passIgnoreAndSpike hands the ignore_and_spike entries of g to a node
// that honours them, after a change that named the generic entries gen.
func passIgnoreAndSpike(n node.Node, g nodeGeneric, gen dict.Dict) {
	s, ok := n.(node.IgnoreAndSpiker)
	if !ok || len(gen) == 0 {
		return
	}
	_, offsetSet := gen["ignore_and_spike_offset"]
	_, intervalSet := gen["ignore_and_spike_interval"]
	s.SetIgnoreAndSpike(g.ignoreAndSpike, g.iasOffset, g.iasInterval, offsetSet, intervalSet)
}

// mergeNamed returns named with the keys of gen added (only the names
// matter to passIgnoreAndSpike).
func mergeNamed(named, gen dict.Dict) dict.Dict {
	if len(gen) == 0 {
		return named
	}
	if named == nil {
		named = dict.Dict{}
	}
	for key, v := range gen {
		named[key] = v
	}
	return named
}

// split removes the generic keys from d (a copy, if it has any) and
// returns them with the rest.
func splitGeneric(d dict.Dict) (rest, generic dict.Dict) {
	for _, key := range genericKeys {
		v, ok := d[key]
		if !ok {
			continue
		}
		if generic == nil {
			generic = dict.Dict{}
			rest = d.Clone()
		}
		generic[key] = v
		delete(rest, key)
	}
	if generic == nil {
		return d, nil
	}
	return rest, generic
}

// with returns g changed by the entries of d, checked as NEST checks them.
func (g nodeGeneric) with(d dict.Dict) (nodeGeneric, error) {
	if len(d) == 0 {
		return g, nil
	}
	r := dict.NewReader(d)
	if _, err := r.Float("Ca", &g.ca); err != nil {
		return g, err
	}
	if _, err := r.Float("tau_Ca", &g.tauCa); err != nil {
		return g, err
	}
	if _, err := r.Float("beta_Ca", &g.betaCa); err != nil {
		return g, err
	}
	if _, err := r.Bool("ignore_and_spike", &g.ignoreAndSpike); err != nil {
		return g, err
	}
	if _, err := r.Float("ignore_and_spike_interval", &g.iasInterval); err != nil {
		return g, err
	}
	if _, err := r.Float("ignore_and_spike_offset", &g.iasOffset); err != nil {
		return g, err
	}
	switch {
	case g.ca < 0:
		return g, nesterr.New(nesterr.ErrBadProperty, "Calcium concentration cannot be negative.")
	case g.tauCa <= 0:
		return g, nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive.")
	case g.betaCa <= 0:
		return g, nesterr.New(nesterr.ErrBadProperty,
			"For Ca to function as an integrator of the electrical activity, beta_ca needs to be greater than 0.")
	case !(g.iasInterval > 0):
		return g, nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_interval > 0 required (got %g).", g.iasInterval)
	case !(g.iasOffset > 0):
		return g, nesterr.New(nesterr.ErrBadProperty, "ignore_and_spike_offset > 0 required (got %g).", g.iasOffset)
	}
	return g, nil
}

func (g nodeGeneric) put(d dict.Dict) {
	d["Ca"], d["tau_Ca"], d["beta_Ca"] = g.ca, g.tauCa, g.betaCa
	d["ignore_and_spike"] = g.ignoreAndSpike
	d["ignore_and_spike_interval"], d["ignore_and_spike_offset"] = g.iasInterval, g.iasOffset
	d["post_trace"], d["archiver_length"] = 0.0, 0
	d["synaptic_elements"] = dict.Dict{}
}

// caState is a neuron's calcium trace as NEST's StructuralPlasticityNode
// keeps it: at each spike (time t) the value decays from the last spike's
// time and grows by beta_Ca; Ca reports the value right after the last
// spike.
type caState struct {
	minus, last float64 // Ca after the last spike, and that spike's time (ms)
	tau, beta   float64
}

// decayTo lets the trace decay to time t (NEST does so for every node at
// the end of each Simulate).
func (c *caState) decayTo(t float64) {
	if t > c.last {
		c.minus *= libm.Exp((c.last - t) / c.tau)
		c.last = t
	}
}

func (c *caState) spike(t float64) {
	c.minus = c.minus*libm.Exp((c.last-t)/c.tau) + c.beta
	c.last = t
}

// genericOfNode returns the generic entries of node index i.
func (k *Kernel) genericOfNode(i int) nodeGeneric {
	g, ok := k.genericOf[i]
	if !ok {
		g = defaultGeneric
	}
	if i < len(k.ca) {
		g.ca, g.tauCa, g.betaCa = k.ca[i].minus, k.ca[i].tau, k.ca[i].beta
	}
	return g
}

func (k *Kernel) genericOfModel(model string) nodeGeneric {
	if g, ok := k.protoGeneric[model]; ok {
		return g
	}
	return defaultGeneric
}

// putKernelEntries adds what NEST's kernel reports for every node of model
// (and for neurons the generic entries g).
func (k *Kernel) putKernelEntries(d dict.Dict, n node.Node, model string, g nodeGeneric) {
	if rec, ok := d["recordables"].([]string); ok {
		// NEST lists them in name order.
		rec = slices.Clone(rec)
		slices.Sort(rec)
		d["recordables"] = rec
	}
	d["model_id"] = k.nodeModelIDs[model]
	_, gap := n.(node.GapJunctionNode)
	d["node_uses_wfr"] = gap && k.compat["use_wfr"].(bool)
	d["thread_local_id"] = -1
	switch n.ElementType() {
	case node.Neuron:
		g.put(d)
	case node.Stimulator:
		if _, ok := d["stimulus_source"]; !ok {
			d["stimulus_source"] = ""
		}
	}
}

// initModelIDs gives the node models NEST 3.10's model_id values; models
// NEST does not have follow its ids in name order, as copies do later.
func (k *Kernel) initModelIDs() {
	k.nodeModelIDs = make(map[string]int, len(k.prototypes))
	k.typeOf = make(map[string]string, len(k.prototypes))
	k.nextNodeModelID = len(nest310NodeModelIDs)
	for _, name := range sortedKeys(k.prototypes) {
		k.typeOf[name] = name
		if id, ok := nest310NodeModelIDs[name]; ok {
			k.nodeModelIDs[name] = id
			continue
		}
		k.nodeModelIDs[name] = k.nextNodeModelID
		k.nextNodeModelID++
	}
	k.protoGeneric = map[string]nodeGeneric{}
	k.genericOf = map[int]nodeGeneric{}
}

// checkSynapticElements accepts synaptic_elements only empty: gonest has
// no structural plasticity.
func checkSynapticElements(d dict.Dict) error {
	v, ok := d["synaptic_elements"]
	if !ok {
		return nil
	}
	if m, isMap := v.(map[string]any); isMap && len(m) == 0 {
		return nil
	}
	if m, isDict := v.(dict.Dict); isDict && len(m) == 0 {
		return nil
	}
	return nesterr.New(nesterr.ErrNotImplemented, "synaptic_elements: structural plasticity is not supported by gonest.")
}
