package kernel

import (
	"slices"

	"github.com/gonest/gonest/gocore/devices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Connections lists connections as parallel columns.
type Connections struct {
	Source       []int
	Target       []int
	SynapseModel []string
	Weight       []float64
	Delay        []float64 // ms
	Rport        []int
	// State holds the model parameters and state of connections with
	// plasticity (nil for static ones).
	State []dict.Dict
}

// Len returns the number of connections listed.
func (c *Connections) Len() int { return len(c.Source) }

// connRef locates one connection in the per-thread tables.
type connRef struct {
	thread, syn, src, pos int
	plastic               bool
	observer              bool // a multimeter's connection to a node it samples
	tgt                   int  // node id
	label                 int64
	meta                  uint32
	weight                float64
	state                 dict.Dict
}

// selectConnections calls fn for the connections whose source is in
// sources and whose target is in targets (nil: any) made with synapse
// model synapse ("": any), in NEST's order (see conn_order.go): by
// synapse model, then NEST's thread, then source, then creation. A
// multimeter's connections to the nodes it samples are listed too, as
// NEST lists them (static_synapse, weight 1, receptor numbering the
// target's recorders), after the others.
func (k *Kernel) selectConnections(sources, targets []int, synapse string, label int64, fn func(r *connRef)) error {
	var syns []int
	if synapse != "" {
		id, ok := k.synIndex[synapse]
		if !ok {
			return nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", synapse, k.synapseNames())
		}
		if k.countConnections(id) > 0 {
			syns = []int{id}
		}
	} else {
		syns = k.synapsesInNESTOrder()
	}
	k.noteThreadLids()
	var tgtOK func(int) bool
	if targets != nil {
		m := make(map[int]bool, len(targets))
		for _, id := range targets {
			m[id] = true
		}
		tgtOK = func(id int) bool { return m[id] }
	}
	srcList := sources
	if srcList == nil {
		srcList = make([]int, len(k.nodes))
		for i := range srcList {
			srcList[i] = i + 1
		}
	} else {
		srcList = slices.Clone(srcList)
		slices.Sort(srcList)
		srcList = slices.Compact(srcList)
	}
	keep := func(_ int, tgt uint32) bool { return tgtOK == nil || tgtOK(int(tgt)+1) }
	// A label selects among the labelled models' connections only.
	labelOK := func(t *thread, syn, src, pos int) (int64, bool) {
		l := t.labelOf(syn, src, pos)
		return l, label == Unlabelled || l == label
	}
	k.selectInNESTOrder(srcList, syns, sources != nil, targets != nil, keep, labelOK, fn)
	if label == Unlabelled && (synapse == "" || synapse == "static_synapse") {
		k.selectObservations(srcList, tgtOK, fn)
	}
	return nil
}

// selectObservations calls fn for the connections of the multimeters in
// srcList to the nodes they sample (targets passing tgtOK, nil: any).
func (k *Kernel) selectObservations(srcList []int, tgtOK func(int) bool, fn func(r *connRef)) {
	static := k.synIndex["static_synapse"]
	steps := max(k.base.DelayToSteps(k.synModels[static].delay), 1)
	for _, id := range srcList {
		if id < 1 || id > len(k.nodes) {
			continue
		}
		src := id - 1
		mm, ok := k.nodes[src].(*devices.Multimeter)
		if !ok || !k.isLocal(src) {
			continue
		}
		tids, rports := mm.Targets()
		for i, tid := range tids {
			if tgtOK == nil || tgtOK(tid) {
				fn(&connRef{thread: max(int(k.threadIdx[src]), 0), syn: static, src: src, pos: i,
					observer: true, tgt: tid, meta: packMeta(steps, rports[i]), weight: 1.0})
			}
		}
	}
}

// GetConnections lists the connections selected as by selectConnections.
func (k *Kernel) GetConnections(sources, targets []int, synapse string) (*Connections, error) {
	return k.getConnections(sources, targets, synapse, Unlabelled)
}

// getConnections lists the connections with the given label (Unlabelled:
// any). A labelled connection's state holds its synapse_label.
func (k *Kernel) getConnections(sources, targets []int, synapse string, label int64) (*Connections, error) {
	if err := k.checkListMemory(sources, targets, synapse, label); err != nil {
		return nil, err
	}
	out := &Connections{}
	err := k.selectConnections(sources, targets, synapse, label, func(r *connRef) {
		if k.synModels[r.syn].labelled {
			if r.state == nil {
				r.state = dict.Dict{}
			}
			r.state["synapse_label"] = int(r.label)
		}
		out.Source = append(out.Source, r.src+1)
		out.Target = append(out.Target, r.tgt)
		out.SynapseModel = append(out.SynapseModel, k.synModels[r.syn].name)
		out.Weight = append(out.Weight, k.reportedWeight(r))
		out.Delay = append(out.Delay, k.reportedDelay(r))
		out.Rport = append(out.Rport, metaRport(r.meta))
		out.State = append(out.State, r.state)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetConnections changes the connections at positions (nil: all) of the
// selection that GetConnections(sources, targets, synapse) lists, from
// params: one dictionary for all or one per position. "weight", "delay"
// and the parameters and state of plastic synapses can be changed. Every
// change is checked before any is made.
func (k *Kernel) SetConnections(sources, targets []int, synapse string, positions []int, params []dict.Dict) error {
	return k.setConnections(sources, targets, synapse, Unlabelled, positions, params)
}

// setConnections is SetConnections on the connections with the given
// label (Unlabelled: any); synapse_label itself can be changed on
// labelled connections.
func (k *Kernel) setConnections(sources, targets []int, synapse string, label int64, positions []int, params []dict.Dict) error {
	var refs []connRef
	if err := k.selectConnections(sources, targets, synapse, label, func(r *connRef) { refs = append(refs, *r) }); err != nil {
		return err
	}
	if positions == nil {
		positions = make([]int, len(refs))
		for i := range positions {
			positions[i] = i
		}
	}
	if len(params) != 1 && len(params) != len(positions) {
		return nesterr.New(nesterr.ErrBadParameter, "Expected one dictionary or one per connection (%d), got %d.", len(positions), len(params))
	}
	type change struct {
		ref    connRef
		weight float64
		meta   uint32
		state  any
		label  int64
	}
	changes := make([]change, len(positions))
	for j, p := range positions {
		if p < 0 || p >= len(refs) {
			return nesterr.New(nesterr.ErrKernelException, "Connection %d of the selection does not exist (it has %d).", p, len(refs))
		}
		ref := refs[p]
		if ref.observer {
			return nesterr.New(nesterr.ErrBadProperty, "The connection of %s (node %d) to node %d cannot be changed.", k.modelOf[ref.src], ref.src+1, ref.tgt)
		}
		d := params[0]
		if len(params) > 1 {
			d = params[j]
		}
		d, contSteps, err := k.contDelayDict(k.synModels[ref.syn], d, k.synModels[ref.syn].name+" connection")
		if err != nil {
			return err
		}
		r := dict.NewReader(d)
		// NEST reports these as entries it did not use.
		for _, key := range []string{"source", "target", "synapse_model", "receptor", "receptor_type"} {
			if r.Has(key) {
				return nesterr.New(nesterr.ErrUnaccessedDictionaryEntry, "'%s' of a connection cannot be changed; nothing was changed.", key)
			}
		}
		c := change{ref: ref, weight: ref.weight, meta: ref.meta, label: ref.label}
		if err := readLabel(k.synModels[ref.syn], r, &c.label); err != nil {
			return err
		}
		// A model's common weight is no connection's: NEST leaves
		// "weight" unread, which CheckAllUsed below reports.
		if !homWeight(k.synModels[ref.syn]) {
			if _, err := r.Float("weight", &c.weight); err != nil {
				return err
			}
		}
		delay := k.base.StepsToMs(metaDelay(ref.meta))
		if ok, err := r.Float("delay", &delay); err != nil {
			return err
		} else if ok {
			steps := contSteps
			if steps == 0 {
				if err := k.checkDelay(delay); err != nil {
					return err
				}
				steps = k.base.DelayToSteps(delay)
			}
			c.meta = packMeta(steps, metaRport(ref.meta))
		}
		if ref.plastic {
			st, err := k.threads[ref.thread].plastic[ref.syn].Prepared(ref.src, ref.pos, r)
			if err != nil {
				return err
			}
			// NEST checks the whole connection after a change, so that
			// a weight must match Wmax's sign, for instance.
			if err := k.synModels[ref.syn].typ.CheckWeight(st, c.weight); err != nil {
				return err
			}
			c.state = st
		}
		if err := r.CheckAllUsed(k.synModels[ref.syn].name + " connection"); err != nil {
			return err
		}
		changes[j] = c
	}
	for _, c := range changes {
		t := k.threads[c.ref.thread]
		if c.label != c.ref.label {
			t.labels[c.ref.syn][c.ref.src][c.ref.pos] = int32(c.label)
		}
		if c.ref.plastic {
			t.plastic[c.ref.syn].Apply(c.ref.src, c.ref.pos, c.state, c.weight, c.meta)
		} else {
			tab := &t.tables[c.ref.syn]
			tab.setWeight(c.ref.src, c.ref.pos, c.weight)
			tab.setMeta(c.ref.src, c.ref.pos, c.meta)
		}
		if d := metaDelay(c.meta); d < k.minDelayConn {
			k.minDelayConn = d
		} else if d > k.maxDelayConn {
			k.maxDelayConn = d
		}
	}
	return nil
}

// ConnectionPorts returns NEST's "port" of each connection that
// GetConnections(sources, targets, synapse) lists, in that order: the
// connection's index among the connections of its synapse model on its
// thread, counted source by source (NEST's connections sorted by source).
func (k *Kernel) ConnectionPorts(sources, targets []int, synapse string) ([]int, error) {
	var refs []connRef
	if err := k.selectConnections(sources, targets, synapse, Unlabelled, func(r *connRef) { refs = append(refs, *r) }); err != nil {
		return nil, err
	}
	type key struct {
		thread, syn int
		plastic     bool
	}
	offsets := map[key][]int{} // by source index: connections of the sources before it
	offsetOf := func(r *connRef) int {
		kk := key{r.thread, r.syn, r.plastic}
		off, ok := offsets[kk]
		if !ok {
			off = make([]int, len(k.nodes)+1)
			t := k.threads[r.thread]
			for src := range k.nodes {
				n := 0
				if r.plastic {
					t.plastic[r.syn].Each(src, func(uint32, uint32, float64, dict.Dict) { n++ })
				} else {
					n = t.tables[r.syn].lenOf(src)
				}
				off[src+1] = off[src] + n
			}
			offsets[kk] = off
		}
		return off[r.src]
	}
	ports := make([]int, len(refs))
	for i := range refs {
		if refs[i].observer {
			ports[i] = refs[i].pos
			continue
		}
		ports[i] = offsetOf(&refs[i]) + refs[i].pos
	}
	return ports, nil
}
