package kernel

import (
	"cmp"
	"slices"

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
// thread and creation. Multimeter observations are not connections in
// this sense. The work is done source by source, so memory beyond the
// result stays proportional to one source's connections.
func (k *Kernel) GetConnections(sources, targets []int, synapse string) (*Connections, error) {
	synID := -1
	if synapse != "" {
		id, ok := k.synIndex[synapse]
		if !ok {
			return nil, nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", synapse, k.synapseNames())
		}
		synID = id
	}
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

	type row struct {
		tgt, syn, thread, pos int
		meta                  uint32
		weight                float64
		state                 dict.Dict
	}
	out := &Connections{}
	var rows []row
	keep := func(syn int, tgt uint32) bool {
		return (synID < 0 || syn == synID) && (tgtOK == nil || tgtOK(int(tgt)+1))
	}
	for _, id := range srcList {
		if id < 1 || id > len(k.nodes) {
			continue
		}
		src := id - 1
		rows = rows[:0]
		for ti, t := range k.threads {
			for syn := range t.tables {
				tab := &t.tables[syn]
				if src >= len(tab.targets) {
					continue
				}
				for pos, tgt := range tab.targets[src] {
					if keep(syn, tgt) {
						rows = append(rows, row{tgt: int(tgt) + 1, syn: syn, thread: ti, pos: pos,
							meta: tab.metaOf(src, pos), weight: tab.weightOf(src, pos)})
					}
				}
			}
			for syn, tab := range t.plastic {
				if tab == nil {
					continue
				}
				pos := 0
				tab.Each(src, func(target, meta uint32, weight float64, state dict.Dict) {
					if keep(syn, target) {
						rows = append(rows, row{tgt: int(target) + 1, syn: syn, thread: ti, pos: pos, meta: meta, weight: weight, state: state})
					}
					pos++
				})
			}
		}
		slices.SortStableFunc(rows, func(a, b row) int {
			return cmp.Or(cmp.Compare(a.tgt, b.tgt), cmp.Compare(a.syn, b.syn), cmp.Compare(a.thread, b.thread), cmp.Compare(a.pos, b.pos))
		})
		for _, r := range rows {
			out.Source = append(out.Source, id)
			out.Target = append(out.Target, r.tgt)
			out.SynapseModel = append(out.SynapseModel, k.synModels[r.syn].name)
			out.Weight = append(out.Weight, r.weight)
			out.Delay = append(out.Delay, k.base.StepsToMs(metaDelay(r.meta)))
			out.Rport = append(out.Rport, metaRport(r.meta))
			out.State = append(out.State, r.state)
		}
	}
	return out, nil
}
