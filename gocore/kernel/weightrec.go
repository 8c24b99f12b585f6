package kernel

import (
	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// A synapse model's defaults may name a weight_recorder; then every spike
// one of the model's connections transmits is reported to it (NEST's
// Connector::send_weight_event), static connections included. Threads
// deliver at the same time, so each collects its reports in
// thread.weightEvents during the delivery phase; the kernel then hands
// them to the recorders thread by thread (flushWeightEvents), so the
// events do not depend on timing.

// weightEvent is one transmitted spike to report.
type weightEvent struct {
	recorder       int32 // node index of the weight_recorder
	sender, target int32 // node indices
	rport, port    int32
	stamp          int64 // send time, steps
	weight         float64
}

// readWeightRecorder reads weight_recorder into m: a node id, or a list of
// at most one (a NodeCollection as Python passes it); an empty list or 0
// removes it.
func (k *Kernel) readWeightRecorder(m *synapseModel, r *dict.Reader) error {
	v, ok := r.Raw("weight_recorder")
	if !ok {
		return nil
	}
	if list, isList := v.([]any); isList {
		switch len(list) {
		case 0:
			m.weightRecorder = 0
			return nil
		case 1:
			v = list[0]
		default:
			return nesterr.New(nesterr.ErrBadProperty, "weight_recorder must be a single weight_recorder, got %d nodes.", len(list))
		}
	}
	id, err := dict.ToInt("weight_recorder", v)
	if err != nil {
		return err
	}
	if id == 0 {
		m.weightRecorder = 0
		return nil
	}
	n, err := k.node(int(id))
	if err != nil {
		return err
	}
	if _, ok := n.(*devices.WeightRecorder); !ok {
		return nesterr.New(nesterr.ErrBadProperty, "weight_recorder must be a weight_recorder; node %d is a %s.", id, k.modelOf[id-1])
	}
	m.weightRecorder = int(id)
	return nil
}

// weightRecorderStatus is the weight_recorder entry of a model's defaults:
// the list of its node ids (none or one).
func weightRecorderStatus(m synapseModel) []int {
	if m.weightRecorder == 0 {
		return []int{}
	}
	return []int{m.weightRecorder}
}

// checkModelOnlyKeys refuses, in a Connect's synapse specification, the
// keys that belong to the model: the weight of common-weight models and
// every model's weight_recorder; and what a dopamine model needs.
func (k *Kernel) checkModelOnlyKeys(m synapseModel, sr *dict.Reader) error {
	if sr.Has("weight_recorder") {
		return nesterr.New(nesterr.ErrNotImplemented, "Synapse parameter \"weight_recorder\" can only be set via SetDefaults() or CopyModel().")
	}
	if err := checkNoHomWeight(m, sr); err != nil {
		return err
	}
	return k.checkVolumeTransmitter(m, sr)
}

// recordWeight notes a spike of src sent at stamp that connection pos of
// model syn (on thread t) transmitted to target with weight, when the
// model has a weight_recorder.
func (t *thread) recordWeight(k *Kernel, syn, src, pos int, target, meta uint32, stamp int64, weight float64) {
	wr := k.synModels[syn].weightRecorder
	if wr == 0 {
		return
	}
	t.weightEvents = append(t.weightEvents, weightEvent{recorder: int32(wr - 1), sender: int32(src), target: int32(target),
		rport: int32(metaRport(meta)), port: int32(t.portOf(k, syn, src, pos)), stamp: stamp, weight: weight})
}

// portOf is NEST's lcid of connection pos of src in model syn's table on
// thread t: its index when the thread's connections of the model are
// ordered by source (NEST sorts them so), then in creation order. The
// first index of each source is computed again only when the table has
// changed (memory proportional to the network, for recorded models only).
func (t *thread) portOf(k *Kernel, syn, src, pos int) int {
	if t.ports == nil {
		t.ports = map[int]*portIndex{}
	}
	count, lenOf := t.tableShape(syn)
	pi := t.ports[syn]
	if pi == nil || pi.count != count || len(pi.first) != len(k.nodes) {
		pi = &portIndex{count: count, first: make([]int32, len(k.nodes))}
		n := 0
		for s := range pi.first {
			pi.first[s] = int32(n)
			n += lenOf(s)
		}
		t.ports[syn] = pi
	}
	return int(pi.first[src]) + pos
}

// portIndex holds the first port of each source in one table.
type portIndex struct {
	count int
	first []int32
}

// tableShape returns the number of connections of model syn on thread t
// and a function giving each source's.
func (t *thread) tableShape(syn int) (int, func(src int) int) {
	if syn < len(t.plastic) && t.plastic[syn] != nil {
		tab := t.plastic[syn]
		return tab.Count(), tab.Len
	}
	tab := &t.tables[syn]
	return tab.count, tab.lenOf
}

// flushWeightEvents hands the reports of the delivery phase to the
// recorders, thread by thread in order.
func (k *Kernel) flushWeightEvents() {
	for _, t := range k.threads {
		for i := range t.weightEvents {
			e := &t.weightEvents[i]
			if wr, ok := k.nodes[e.recorder].(*devices.WeightRecorder); ok {
				wr.Record(int64(e.sender)+1, int64(e.target)+1, e.stamp, e.weight, int64(e.rport), int64(e.port))
			}
		}
		t.weightEvents = t.weightEvents[:0]
	}
}
