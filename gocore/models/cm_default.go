package models

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func init() { register("cm_default", func() node.Node { return NewCmDefault() }) }

// CmDefault is NEST's cm_default: a neuron made of compartments that the
// user adds at run time, each with a passive membrane, a sodium and a
// potassium channel (off by default) and any number of synaptic
// receptors. A spike is sent when the root compartment's potential
// crosses V_th from below. Units are not fixed beyond mV and ms: with
// conductances in uS, capacitances are in nF and currents in nA.
//
// Status keys:
//
//	V_th          -55 mV   spike threshold of the root compartment
//	compartments  list of {"comp_idx", "parent_idx"} (set: list of
//	              {"parent_idx", "params"}; only once, then use
//	              add_compartments)
//	receptors     list of {"comp_idx", "receptor_idx", "receptor_type"}
//	              (set: list of {"comp_idx", "receptor_type", "params"};
//	              only once, then use add_receptors)
//
// Compartment parameters (the "params" of a compartment):
//
//	C_m      1 nF      capacitance
//	g_C      0.01 uS   coupling conductance to the parent
//	g_L      0.1 uS    leak conductance
//	e_L      -70 mV    leak reversal potential
//	v_comp   -70 mV    initial potential (not e_L, as in NEST)
//	gbar_Na  0 uS      sodium channel maximal conductance
//	e_Na     50 mV     sodium reversal potential
//	gbar_K   0 uS      potassium channel maximal conductance
//	e_K      -85 mV    potassium reversal potential
//
// Receptor parameters: AMPA e_AMPA 0 mV, tau_r_AMPA 0.2 ms, tau_d_AMPA
// 3 ms; GABA e_GABA -80 mV, tau_r_GABA 0.2 ms, tau_d_GABA 10 ms; NMDA
// e_NMDA 0 mV, tau_r_NMDA 0.2 ms, tau_d_NMDA 43 ms; AMPA_NMDA
// e_AMPA_NMDA 0 mV, the AMPA and NMDA time constants and NMDA_ratio 2.
//
// Spike connections name a receptor by its index (receptor_type of
// Connect), current connections a compartment by its index. Recordables:
// v_comp<c>, m_Na_<c>, h_Na_<c>, n_K_<c> per compartment c, and per
// receptor r g_r_<T>_<r>, g_d_<T>_<r> (T = AMPA, GABA, NMDA; AN_AMPA and
// AN_NMDA for AMPA_NMDA).
//
// Where NEST 3.10 fails oddly, gonest fails cleanly or not at all: NEST
// reads e_K only when e_Na is given too (e_K alone is an unread entry,
// e_Na alone an IndexError), gonest reads each on its own, which gives
// NEST's results wherever NEST runs; an unknown receptor_type is
// BadProperty (NEST adds an input buffer and no receptor); and a failed
// set leaves the neuron unchanged (NEST keeps what it added before the bad
// entry, and a bad parent leaves its tree unusable).
type CmDefault struct {
	neuron
	Vth  float64 // V_th, mV
	tree cmTree

	// recordables in the order their names first appeared (a logger keeps
	// indices into it), with pointers into the current tree
	recNames []string
	recPtrs  []*float64
	recIndex map[string]int // name -> index into recNames

	dt   float64
	base simtime.Base
	in   []float64 // this step's input: receptors, then compartments
	// fresh: the run has not started; NEST clears the input buffers of
	// the receptors and compartments before every run (pre_run_hook), so
	// spikes and currents still in transit when a Simulate call ends are
	// dropped
	fresh bool
}

// NewCmDefault returns a cm_default without compartments.
func NewCmDefault() *CmDefault { return &CmDefault{neuron: newNeuron(), Vth: -55} }

// Model implements node.Node.
func (n *CmDefault) Model() string { return "cm_default" }

// Clone implements node.Node.
func (n *CmDefault) Clone() node.Node {
	c := &CmDefault{neuron: n.copyNeuron(), Vth: n.Vth, tree: n.tree.clone(), recNames: slices.Clone(n.recNames)}
	c.indexRecordables()
	return c
}

// ReceptorsPerNode implements node.PerNodeReceptors: the ports are the
// receptors and compartments of each node.
func (n *CmDefault) ReceptorsPerNode() {}

// Status implements node.Node.
func (n *CmDefault) Status() dict.Dict {
	comps, recs := n.tree.status()
	names := slices.Clone(n.recNames)
	slices.Sort(names)
	d := dict.Dict{"V_th": n.Vth, "compartments": comps, "receptors": recs, "recordables": names}
	n.arch.Status(d)
	return d
}

// cmEntries returns the dictionaries of a compartments or receptors
// entry: one dictionary or a list of them.
func cmEntries(key string, raw any) ([]dict.Dict, error) {
	asDict := func(v any) (dict.Dict, bool) {
		switch m := v.(type) {
		case dict.Dict:
			return m, true
		case map[string]any:
			return dict.Dict(m), true
		}
		return nil, false
	}
	if d, ok := asDict(raw); ok {
		return []dict.Dict{d}, nil
	}
	if list, ok := raw.([]any); ok {
		out := make([]dict.Dict, len(list))
		for i, e := range list {
			d, ok := asDict(e)
			if !ok {
				return nil, nesterr.New(nesterr.ErrBadProperty, "'%s' entry could not be identified: element %d is %s, provide a parameter dict or a list of them.", key, i, dict.Describe(e))
			}
			out[i] = d
		}
		return out, nil
	}
	return nil, nesterr.New(nesterr.ErrBadProperty, "'%s' entry could not be identified (got %s), provide a parameter dict or a list of them.", key, dict.Describe(raw))
}

// cmParams returns the optional "params" dictionary of an entry.
func cmParams(r *dict.Reader, what string) (dict.Dict, error) {
	raw, ok := r.Raw("params")
	if !ok {
		return nil, nil
	}
	switch m := raw.(type) {
	case dict.Dict:
		return m, nil
	case map[string]any:
		return dict.Dict(m), nil
	}
	return nil, nesterr.New(nesterr.ErrTypeMismatch, "params of a %s expects a dictionary, got %s.", what, dict.Describe(raw))
}

// cmRequiredInt reads the integer key of an entry, which must be there.
func cmRequiredInt(r *dict.Reader, key, what string) (int64, error) {
	var v int64
	ok, err := r.Int(key, &v)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, nesterr.New(nesterr.ErrKeyError, "A %s needs '%s'.", what, key)
	}
	return v, nil
}

func (t *cmTree) addCompartmentEntry(d dict.Dict) error {
	r := dict.NewReader(d)
	parent, err := cmRequiredInt(r, "parent_idx", "cm_default compartment")
	if err != nil {
		return err
	}
	params, err := cmParams(r, "cm_default compartment")
	if err != nil {
		return err
	}
	if err := r.CheckAllUsed("A cm_default compartment entry"); err != nil {
		return err
	}
	return t.addCompartment(parent, params)
}

func (t *cmTree) addReceptorEntry(d dict.Dict) error {
	r := dict.NewReader(d)
	comp, err := cmRequiredInt(r, "comp_idx", "cm_default receptor")
	if err != nil {
		return err
	}
	var typ string
	ok, err := r.String("receptor_type", &typ)
	if err != nil {
		return err
	}
	if !ok {
		return nesterr.New(nesterr.ErrKeyError, "A cm_default receptor needs 'receptor_type'.")
	}
	params, err := cmParams(r, "cm_default receptor")
	if err != nil {
		return err
	}
	if err := r.CheckAllUsed("A cm_default receptor entry"); err != nil {
		return err
	}
	return t.addReceptor(comp, typ, params)
}

// SetStatus implements node.Node: V_th, the archive settings, then the
// compartments and receptors to add, in NEST's order, on copies that are
// committed only when every entry was valid (NEST keeps the compartments
// added before a bad one).
func (n *CmDefault) SetStatus(r *dict.Reader, _ *node.Env) error {
	vth := n.Vth
	if _, err := r.Float("V_th", &vth); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	tree := n.tree.clone()
	steps := []struct {
		key   string
		once  bool
		isSet func() bool
		add   func(dict.Dict) error
	}{
		{"compartments", true, func() bool { return len(tree.comps) > 0 }, tree.addCompartmentEntry},
		{"add_compartments", false, nil, tree.addCompartmentEntry},
		{"receptors", true, func() bool { return len(tree.receptors) > 0 }, tree.addReceptorEntry},
		{"add_receptors", false, nil, tree.addReceptorEntry},
	}
	changed := false
	for _, s := range steps {
		raw, ok := r.Raw(s.key)
		if !ok {
			continue
		}
		if s.once && s.isSet() {
			return nesterr.New(nesterr.ErrBadProperty, "'%s' is already defined for this model; add more with 'add_%s'.", s.key, s.key)
		}
		entries, err := cmEntries(s.key, raw)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := s.add(e); err != nil {
				return err
			}
		}
		changed = true
	}
	n.Vth, n.arch = vth, arch
	if changed {
		n.tree = tree
		n.indexRecordables()
	}
	return nil
}

// indexRecordables points the recordables at the current tree, adding
// the names of new compartments and receptors at the end.
func (n *CmDefault) indexRecordables() {
	if n.recIndex == nil {
		n.recIndex = make(map[string]int, len(n.recNames))
		for i, name := range n.recNames {
			n.recIndex[name] = i
		}
	}
	n.recPtrs = slices.Grow(n.recPtrs[:0], len(n.recNames))[:len(n.recNames)]
	n.tree.recordables(func(name string, p *float64) {
		if i, ok := n.recIndex[name]; ok {
			n.recPtrs[i] = p
			return
		}
		n.recIndex[name] = len(n.recNames)
		n.recNames = append(n.recNames, name)
		n.recPtrs = append(n.recPtrs, p)
	})
}

// CheckPrepare implements node.PrepareChecker: a neuron without
// compartments cannot be simulated.
func (n *CmDefault) CheckPrepare() error {
	if len(n.tree.comps) == 0 {
		return cmUnknownCompartment(0, "does not exist in tree, meaning that no compartments have been added")
	}
	return nil
}

// CheckSpikeReceptor implements node.SpikeReceiver: the receptor indices.
func (n *CmDefault) CheckSpikeReceptor(_ string, rport int) error {
	if rport < 0 || rport >= len(n.tree.receptors) {
		return nesterr.New(nesterr.ErrUnknownPort, "Port with id %d does not exist. Valid spike receptor ports for cm_default are in [0, %d[", rport, len(n.tree.receptors))
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver. Like NEST, a negative weight
// stops the simulation with BadProperty.
func (n *CmDefault) HandleSpike(e *node.SpikeEvent) {
	if e.Weight < 0 {
		panic(nesterr.New(nesterr.ErrBadProperty, "Synaptic weights must be positive (cm_default got %g from node %d).", e.Weight, e.Sender))
	}
	n.ring.Add(e.Slot, e.Rport, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: the compartment
// indices.
func (n *CmDefault) CheckCurrentReceptor(rport int) error {
	if rport < 0 || rport >= len(n.tree.comps) {
		return nesterr.New(nesterr.ErrUnknownPort, "Port with id %d does not exist. Valid current receptor ports for cm_default are in [0, %d[", rport, len(n.tree.comps))
	}
	return nil
}

// HandleCurrent implements node.CurrentReceiver.
func (n *CmDefault) HandleCurrent(slot, rport int, weighted float64) {
	n.ring.Add(slot, len(n.tree.receptors)+rport, weighted)
}

// Prepare implements node.Node.
func (n *CmDefault) Prepare(env *node.Env) {
	n.dt, n.base = env.Base.Resolution, env.Base
	n.tree.prepare(n.dt)
	channels := len(n.tree.receptors) + len(n.tree.comps)
	if len(n.in) != channels {
		n.in = make([]float64, channels)
	}
	n.bindBuffers(env, channels)
	n.fresh = true
}

// Update implements node.Node: per step, build the tree's system with
// this step's input, solve it, then test the root for a threshold
// crossing from below and log.
func (n *CmDefault) Update(ctx *node.Context, origin int64, from, to int) {
	t := &n.tree
	nrec := len(t.receptors)
	if n.fresh {
		for slot := range ctx.RingLen {
			n.ring.Take(slot, n.in)
		}
		n.fresh = false
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), n.in)
		vPrev := t.comps[0].V
		for i := range t.comps {
			t.buildRow(i, n.dt, n.in[:nrec], n.in[nrec+i])
		}
		t.solve()
		if v := t.comps[0].V; v >= n.Vth && vPrev < n.Vth {
			n.arch.Spike(n.base.StepsToMs(step + 1))
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
		}
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *CmDefault) Recordables() []string { return n.recNames }

// RecordableValue implements node.Recordable.
func (n *CmDefault) RecordableValue(i int) float64 { return *n.recPtrs[i] }
