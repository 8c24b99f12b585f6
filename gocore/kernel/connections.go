package kernel

import (
	"sort"

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

// GetConnections lists the connections whose source is in sources and
// whose target is in targets (nil: any) made with synapse model synapse
// ("": any), ordered by source, then target, then synapse model, then
// creation. Multimeter observations are not connections in this sense.
func (k *Kernel) GetConnections(sources, targets []int, synapse string) (*Connections, error) {
	synID := -1
	if synapse != "" {
		id, ok := k.synIndex[synapse]
		if !ok {
			return nil, nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", synapse, k.synapseNames())
		}
		synID = id
	}
	in := func(set []int) func(int) bool {
		if set == nil {
			return func(int) bool { return true }
		}
		m := make(map[int]bool, len(set))
		for _, id := range set {
			m[id] = true
		}
		return func(id int) bool { return m[id] }
	}
	srcOK, tgtOK := in(sources), in(targets)
	type row struct {
		src, tgt, syn, thread, pos int
		c                          conn
		weight                     float64
		state                      dict.Dict
	}
	var rows []row
	for ti, t := range k.threads {
		for id, tab := range t.tables {
			if synID >= 0 && id != synID {
				continue
			}
			for src, ts := range tab.targets {
				if !srcOK(src + 1) {
					continue
				}
				for pos, tgt := range ts {
					if tgtOK(int(tgt) + 1) {
						rows = append(rows, row{src: src + 1, tgt: int(tgt) + 1, syn: id, thread: ti, pos: pos,
							c: conn{target: tgt, meta: tab.metaOf(src, pos)}, weight: tab.weightOf(src, pos)})
					}
				}
			}
		}
		for id, tab := range t.plastic {
			if tab == nil || synID >= 0 && id != synID {
				continue
			}
			for src := 0; src < len(k.nodes); src++ {
				if !srcOK(src + 1) {
					continue
				}
				pos := 0
				tab.Each(src, func(target, meta uint32, weight float64, state dict.Dict) {
					if tgtOK(int(target) + 1) {
						rows = append(rows, row{src: src + 1, tgt: int(target) + 1, syn: id, thread: ti, pos: pos,
							c: conn{target: target, meta: meta}, weight: weight, state: state})
					}
					pos++
				})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.src != b.src {
			return a.src < b.src
		}
		if a.tgt != b.tgt {
			return a.tgt < b.tgt
		}
		if a.syn != b.syn {
			return a.syn < b.syn
		}
		if a.thread != b.thread {
			return a.thread < b.thread
		}
		return a.pos < b.pos
	})
	out := &Connections{}
	for _, r := range rows {
		out.Source = append(out.Source, r.src)
		out.Target = append(out.Target, r.tgt)
		out.SynapseModel = append(out.SynapseModel, k.synModels[r.syn].name)
		out.Weight = append(out.Weight, r.weight)
		out.Delay = append(out.Delay, k.base.StepsToMs(r.c.delay()))
		out.Rport = append(out.Rport, r.c.rport())
		out.State = append(out.State, r.state)
	}
	return out, nil
}
