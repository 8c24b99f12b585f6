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
// (Ca, tau_Ca, beta_Ca; the trace itself is caState) and the ignore_and_spike switch with its interval
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

// to writes the generic entries to s, elements the value of
// synaptic_elements.
func (g nodeGeneric) to(s node.StatusSink, elements any) {
	s.Float("Ca", g.ca)
	s.Float("tau_Ca", g.tauCa)
	s.Float("beta_Ca", g.betaCa)
	s.Bool("ignore_and_spike", g.ignoreAndSpike)
	s.Float("ignore_and_spike_interval", g.iasInterval)
	s.Float("ignore_and_spike_offset", g.iasOffset)
	s.Float("post_trace", 0.0)
	s.Int("archiver_length", 0)
	s.Value("synaptic_elements", elements)
}

// noElements is synaptic_elements of a neuron that grows none; sinks copy
// what they keep (see node.StatusSink), so one value serves every node.
var noElements = dict.Dict{}

// caState is a neuron's calcium trace and synaptic elements as NEST's
// StructuralPlasticityNode keeps them: at each spike (time t) the elements
// grow or shrink from the last update's time to t, the trace decays to t
// and grows by beta_Ca; Ca reports the value right after the last update.
type caState struct {
	minus, last float64 // Ca after the last update, and its time (ms)
	tau, beta   float64
	elems       synElements // in name order; nil for most neurons
}

// advance brings the elements and the trace up to time t (ms); h is the
// resolution. NEST does so at every spike, at every structural plasticity
// update and for every node at the end of each Simulate.
func (c *caState) advance(t, h float64) {
	if t < c.last {
		return
	}
	for i := range c.elems {
		e := &c.elems[i]
		e.z = e.curve.update(t, c.last, c.minus, e.z, c.tau, e.growthRate, h)
		e.zT = t
	}
	c.minus *= libm.Exp((c.last - t) / c.tau)
	c.last = t
}

func (c *caState) spike(t, h float64) {
	if len(c.elems) == 0 {
		c.minus = c.minus*libm.Exp((c.last-t)/c.tau) + c.beta
		c.last = t
		return
	}
	c.advance(t, h)
	c.minus += c.beta
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
// (and for neurons the generic entries g) to d, the node's own status,
// with thread_local_id tlid.
func (k *Kernel) putKernelEntries(d dict.Dict, n node.Node, model string, g nodeGeneric, tlid int) {
	rec, stim := ownEntries(d)
	k.kernelEntries(node.DictSink{D: d}, n, model, g, tlid, rec, stim, noElements)
}

// ownEntries returns what the kernel's entries depend on in a node's own
// status d: its recordables in name order (nil: it has none) and whether
// it has stimulus_source.
func ownEntries(d dict.Dict) (recordables []string, stimulusSource bool) {
	if rec, ok := d["recordables"].([]string); ok {
		recordables = slices.Clone(rec)
		slices.Sort(recordables)
	}
	_, stimulusSource = d["stimulus_source"]
	return recordables, stimulusSource
}

// kernelEntries writes to s the entries NEST's kernel adds to the status
// of every node of model, n, over its own: rec is its own recordables in
// name order (nil: none), stim whether its own status has stimulus_source,
// elements its synaptic_elements (neurons with the generic entries g).
func (k *Kernel) kernelEntries(s node.StatusSink, n node.Node, model string, g nodeGeneric, tlid int,
	rec []string, stim bool, elements any) {
	if rec != nil {
		// NEST lists them in name order.
		s.Strings("recordables", rec)
	}
	s.Int("model_id", k.nodeModelIDs[model])
	_, gap := n.(node.GapJunctionNode)
	s.Bool("node_uses_wfr", gap && k.compat["use_wfr"].(bool))
	s.Int("thread_local_id", tlid)
	switch n.ElementType() {
	case node.Neuron:
		if hasGeneric(n) {
			g.to(s, elements)
		}
	case node.Stimulator:
		if !stim {
			s.String("stimulus_source", "")
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

// plainNeuron is implemented by the neurons NEST derives from its plain
// Node class (astrocyte_lr_1994, gif_pop_psc_exp, spike_train_injector):
// they have none of the generic entries (Ca, tau_Ca, beta_Ca,
// ignore_and_spike and its interval and offset, post_trace,
// archiver_length, synaptic_elements), and setting one is an
// UnaccessedDictionaryEntry, as in NEST.
type plainNeuron interface{ PlainNode() }

// checkSynapticElements checks the synaptic_elements entry of a node
// without the generic entries (see hasGeneric): only those neurons grow
// synaptic elements (synaptic_element.go), a neuron without them has no
// such entry, and devices accept it only empty.
func checkSynapticElements(n node.Node, d dict.Dict) error {
	v, ok := d["synaptic_elements"]
	if !ok {
		return nil
	}
	if n.ElementType() == node.Neuron {
		return nesterr.New(nesterr.ErrUnaccessedDictionaryEntry,
			"%s does not have the parameter(s) 'synaptic_elements'; nothing was changed.", n.Model())
	}
	if m, isMap := v.(map[string]any); isMap && len(m) == 0 {
		return nil
	}
	if m, isDict := v.(dict.Dict); isDict && len(m) == 0 {
		return nil
	}
	return nesterr.New(nesterr.ErrUnaccessedDictionaryEntry, "synaptic_elements: only neurons have synaptic elements.")
}

// ownGeneric is implemented by neurons that are no structural-plasticity
// node in NEST (the e-prop models, NEST's EpropArchivingNode): they have
// none of the generic entries but ignore_and_spike and its settings,
// which they keep, and obey, themselves.
type ownGeneric interface {
	OwnsIgnoreAndSpike()
}

// hasGeneric reports whether the kernel keeps the generic entries of n.
func hasGeneric(n node.Node) bool {
	if n.ElementType() != node.Neuron {
		return false
	}
	_, own := n.(ownGeneric)
	_, plain := n.(plainNeuron)
	return !own && !plain
}
