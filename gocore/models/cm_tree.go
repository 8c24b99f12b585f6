package models

import (
	"strconv"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// The compartment tree of cm_default (NEST's cm_tree): compartments are
// numbered in the order they are added, the first is the root (soma), and
// every other names an existing compartment as its parent. A step is one
// Crank-Nicolson step of the cable equation on the tree, whose matrix is
// tridiagonal along every branch and so is solved in O(n) by Hines'
// method: eliminate from the leaves down to the root, then substitute back
// up to the leaves. The order of the elimination (which fixes the
// rounding) is NEST's: the leaves in compartment order, each walked
// towards the root until a compartment still waits for other children.

// cmCompartment is one compartment with its channels.
type cmCompartment struct {
	Parent   int   // parent_idx; -1 for the root
	children []int // in the order they were added

	Cm float64 // C_m, nF: capacitance
	GC float64 // g_C, uS: coupling conductance to the parent
	GL float64 // g_L, uS: leak conductance
	EL float64 // e_L, mV: leak reversal potential
	V  float64 // v_comp<i>, mV: membrane potential

	Na cmNa
	K  cmK

	receptors [cmKinds][]int // indices into cmTree.receptors, by kind, in add order

	// propagator terms (Prepare) and the matrix row of the current step
	caDivDt, glDiv2, gg0, gcDiv2, glTimesEl float64
	ff, gg, hh, xx, yy                      float64
	passed                                  int
}

// cmCompartmentKeys are the parameters a compartment reads.
func (c *cmCompartment) fields() []floatField {
	return []floatField{
		{"C_m", &c.Cm}, {"g_C", &c.GC}, {"g_L", &c.GL}, {"e_L", &c.EL}, {"v_comp", &c.V},
		{"gbar_Na", &c.Na.Gbar}, {"e_Na", &c.Na.E}, {"gbar_K", &c.K.Gbar}, {"e_K", &c.K.E},
	}
}

// newCMCompartment returns a compartment with NEST's defaults overridden
// by params (nil for none), its channels at steady state for its
// potential. As in NEST the potential starts at -70 mV, not at e_L,
// unless v_comp is given.
func newCMCompartment(parent int, params dict.Dict) (cmCompartment, error) {
	c := cmCompartment{Parent: parent, Cm: 1, GC: 0.01, GL: 0.1, EL: -70, V: -70,
		Na: cmNa{E: 50}, K: cmK{E: -85}}
	if params != nil {
		r := dict.NewReader(params)
		if err := readFloats(r, c.fields()); err != nil {
			return c, err
		}
		if err := r.CheckAllUsed("The parameters of a cm_default compartment"); err != nil {
			return c, err
		}
	}
	c.Na.init(c.V)
	c.K.init(c.V)
	return c, nil
}

// cmTree is the neuron's structure: compartments and receptors.
type cmTree struct {
	comps     []cmCompartment
	receptors []cmReceptor
	leafs     []int // compartments without children, in index order
}

// clone returns a deep copy of t.
func (t *cmTree) clone() cmTree {
	c := cmTree{comps: append([]cmCompartment(nil), t.comps...), receptors: append([]cmReceptor(nil), t.receptors...),
		leafs: append([]int(nil), t.leafs...)}
	for i := range c.comps {
		cc := &c.comps[i]
		cc.children = append([]int(nil), cc.children...)
		for k := range cc.receptors {
			cc.receptors[k] = append([]int(nil), cc.receptors[k]...)
		}
	}
	return c
}

// cmUnknownCompartment is NEST's UnknownCompartment message.
func cmUnknownCompartment(idx int64, what string) error {
	return nesterr.New(nesterr.ErrUnknownCompartment, "Compartment %d %s.", idx, what)
}

// addCompartment appends a compartment with parent parent.
func (t *cmTree) addCompartment(parent int64, params dict.Dict) error {
	if parent >= 0 {
		if parent >= int64(len(t.comps)) {
			return cmUnknownCompartment(parent, "does not exist in tree, but was specified as a parent compartment")
		}
	} else if len(t.comps) > 0 {
		// Any negative parent means "no parent", as in NEST.
		return cmUnknownCompartment(0, ", the root, has already been instantiated")
	}
	c, err := newCMCompartment(int(parent), params)
	if err != nil {
		return err
	}
	idx := len(t.comps)
	t.comps = append(t.comps, c)
	if parent >= 0 {
		t.comps[parent].children = append(t.comps[parent].children, idx)
	}
	t.leafs = t.leafs[:0]
	for i := range t.comps {
		if len(t.comps[i].children) == 0 {
			t.leafs = append(t.leafs, i)
		}
	}
	return nil
}

// addReceptor appends a receptor of the named type on compartment comp.
func (t *cmTree) addReceptor(comp int64, typ string, params dict.Dict) error {
	if comp < 0 || comp >= int64(len(t.comps)) {
		return cmUnknownCompartment(comp, "does not exist in tree")
	}
	kind, err := cmKindOf(typ)
	if err != nil {
		return err
	}
	r, err := newCMReceptor(kind, int(comp), params)
	if err != nil {
		return err
	}
	c := &t.comps[comp]
	c.receptors[kind] = append(c.receptors[kind], len(t.receptors))
	t.receptors = append(t.receptors, r)
	return nil
}

// prepare computes the propagator terms for resolution dt.
func (t *cmTree) prepare(dt float64) {
	for i := range t.comps {
		c := &t.comps[i]
		c.caDivDt = c.Cm / dt
		c.glDiv2 = c.GL / 2
		c.gg0 = c.caDivDt + c.glDiv2
		c.gcDiv2 = c.GC / 2
		c.glTimesEl = c.GL * c.EL
	}
	for i := range t.receptors {
		t.receptors[i].prepare(dt)
	}
}

// buildRow sets up compartment i's row of the step's linear system: its
// diagonal gg, the coupling to its parent hh and the right-hand side ff,
// with the channels and receptors advanced by dt, spikes the weights per
// receptor and current the injected current, both of this step.
func (t *cmTree) buildRow(i int, dt float64, spikes []float64, current float64) {
	c := &t.comps[i]
	c.gg = c.gg0
	hasParent := c.Parent >= 0
	if hasParent {
		c.gg += c.gcDiv2
		c.hh = -c.gcDiv2
	}
	for _, ch := range c.children {
		c.gg += t.comps[ch].gcDiv2
	}
	v := c.V
	c.ff = float64((c.caDivDt-c.glDiv2)*v) + c.glTimesEl
	if hasParent {
		c.ff -= float64(c.gcDiv2 * (v - t.comps[c.Parent].V))
	}
	for _, ch := range c.children {
		cc := &t.comps[ch]
		c.ff -= float64(cc.gcDiv2 * (v - cc.V))
	}

	var g, iv float64
	dg, di := c.Na.step(v, dt)
	g += dg
	iv += di
	dg, di = c.K.step(v, dt)
	g += dg
	iv += di
	for k := range c.receptors {
		for _, ri := range c.receptors[k] {
			dg, di = t.receptors[ri].step(v, spikes[ri])
			g += dg
			iv += di
		}
	}
	c.gg += g
	c.ff += iv
	c.ff += current
}

// solve eliminates the tree's system from the leaves to the root and
// substitutes back, leaving the new potentials in V.
func (t *cmTree) solve() {
	for _, leaf := range t.leafs {
		i := leaf
		for {
			c := &t.comps[i]
			c.gg -= c.xx
			c.ff -= c.yy
			gOut, fOut := c.hh*c.hh/c.gg, c.ff*c.hh/c.gg
			if c.Parent < 0 {
				break
			}
			p := &t.comps[c.Parent]
			p.xx += gOut
			p.yy += fOut
			p.passed++
			if p.passed != len(p.children) {
				break
			}
			p.passed = 0
			i = c.Parent
		}
	}
	t.substitute(0, 0)
}

// substitute sets compartment i's potential from its parent's new
// potential vParent, then its subtree's.
func (t *cmTree) substitute(i int, vParent float64) {
	c := &t.comps[i]
	c.xx, c.yy = 0, 0
	c.V = (c.ff - float64(vParent*c.hh)) / c.gg
	for _, ch := range c.children {
		t.substitute(ch, c.V)
	}
}

// recordables calls add with every state variable's name and a pointer
// to it, compartments first, then receptors (the caller keeps the order in
// which names first appear).
func (t *cmTree) recordables(add func(name string, p *float64)) {
	for i := range t.comps {
		c := &t.comps[i]
		s := strconv.Itoa(i)
		add("v_comp"+s, &c.V)
		add("m_Na_"+s, &c.Na.M)
		add("h_Na_"+s, &c.Na.H)
		add("n_K_"+s, &c.K.N)
	}
	for i := range t.receptors {
		t.receptors[i].recordables(i, add)
	}
}

// status returns the compartments and the receptors as NEST lists them:
// each compartment with its parent; the receptors compartment by
// compartment, by type within a compartment.
func (t *cmTree) status() (comps, recs []any) {
	comps, recs = []any{}, []any{}
	for i := range t.comps {
		c := &t.comps[i]
		comps = append(comps, dict.Dict{"comp_idx": i, "parent_idx": c.Parent})
		for k := range c.receptors {
			for _, ri := range c.receptors[k] {
				recs = append(recs, dict.Dict{"comp_idx": i, "receptor_idx": ri, "receptor_type": cmKindNames[k]})
			}
		}
	}
	return comps, recs
}
