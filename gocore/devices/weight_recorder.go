package devices

import (
	"slices"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
)

func init() { register("weight_recorder", func() node.Node { return NewWeightRecorder() }) }

// WeightRecorder is NEST's weight_recorder: it is not connected to
// anything; a synapse model whose defaults name it as weight_recorder
// reports to it every spike one of its connections transmits, with the
// weight transmitted. Events: senders (the presynaptic node), times (the
// time the spike was sent, not its arrival), targets, weights, receptors
// (the receptor port of the connection) and ports (the connection's index
// among the connections of its model on its target's thread, NEST's
// lcid). Parameters: origin, start, stop (a spike is recorded when its
// send time is in the window), label, record_to, precision,
// time_in_steps, senders and targets (node ids; when not empty, only
// spikes of those senders, to those targets, are recorded). In ascii
// files the integer columns are written with the precision of the floats.
type WeightRecorder struct {
	recorderCommon
	senders, targets []int64 // ascending, no repeats; empty: all
}

// weightColumns are the recorded columns after senders and times (and
// offsets with time_in_steps).
var weightColumns = []string{"targets", "weights", "receptors", "ports"}

// NewWeightRecorder returns a weight_recorder with NEST's defaults.
func NewWeightRecorder() *WeightRecorder {
	return &WeightRecorder{recorderCommon: recorderCommon{W: DefaultWindow(), RecordTo: "memory", Precision: 3}}
}

// Model implements node.Node.
func (w *WeightRecorder) Model() string { return "weight_recorder" }

// ElementType implements node.Node.
func (w *WeightRecorder) ElementType() node.ElementType { return node.Recorder }

// Clone implements node.Node.
func (w *WeightRecorder) Clone() node.Node {
	return &WeightRecorder{recorderCommon: w.settings(), senders: slices.Clone(w.senders), targets: slices.Clone(w.targets)}
}

// weightTable makes the event table: senders and times as every
// recorder's, then targets (int64), weights (float64), receptors and
// ports (int64).
func (w *WeightRecorder) weightTable() *record.Table {
	names, kinds := w.columns(nil)
	names = append(names, weightColumns...)
	kinds = append(kinds, record.Int64, record.Float64, record.Int64, record.Int64)
	return record.NewTable(w.alloc, names, kinds)
}

// InitRecording implements the kernel's recorder interface.
func (w *WeightRecorder) InitRecording(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	w.initCommon(alloc, io, id, model)
	w.table = w.weightTable()
}

// OpenOutput opens the output file before a run (record_to "ascii").
func (w *WeightRecorder) OpenOutput() error { return w.openOutput(weightColumns) }

// Status implements node.Node.
func (w *WeightRecorder) Status() dict.Dict {
	d := dict.Dict{}
	w.status(d)
	d["senders"], d["targets"] = nodeIDList(w.senders), nodeIDList(w.targets)
	return d
}

// readNodeIDs reads a list of node ids (a NodeCollection as Python passes
// it) into *dst, sorted, without repeats.
func readNodeIDs(r *dict.Reader, key string, dst *[]int64) error {
	v, ok := r.Raw(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		return nesterr.New(nesterr.ErrTypeMismatch, "%s expects a NodeCollection, got %s.", key, dict.Describe(v))
	}
	ids := make([]int64, len(list))
	for i, x := range list {
		id, err := dict.ToInt(key, x)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	slices.Sort(ids)
	*dst = slices.Compact(ids)
	return nil
}

// SetStatus implements node.Node; a change of time_in_steps starts an
// empty table, as for the other recorders.
func (w *WeightRecorder) SetStatus(r *dict.Reader, env *node.Env) error {
	senders, targets := w.senders, w.targets
	if err := readNodeIDs(r, "senders", &senders); err != nil {
		return err
	}
	if err := readNodeIDs(r, "targets", &targets); err != nil {
		return err
	}
	commit, err := w.setCommon(r, env)
	if err != nil {
		return err
	}
	w.senders, w.targets = senders, targets
	inSteps := w.InSteps
	commit()
	if w.table != nil && inSteps != w.InSteps {
		old := w.table
		w.table = w.weightTable()
		old.Release()
	}
	return nil
}

// Prepare implements node.Node.
func (w *WeightRecorder) Prepare(env *node.Env) { w.prepare(env.Base) }

// Update implements node.Node; events arrive through Record.
func (w *WeightRecorder) Update(*node.Context, int64, int, int) {}

// Record stores one transmitted spike: sent by sender at stamp (steps),
// reaching target on receptor rport through the connection numbered port,
// with weight. The kernel calls it from one thread at a time.
func (w *WeightRecorder) Record(sender, target, stamp int64, weight float64, rport, port int64) {
	tab := w.table
	if tab == nil || !w.active(stamp) {
		return
	}
	if !selected(w.senders, sender) || !selected(w.targets, target) {
		return
	}
	tab.AppendInt64(0, sender)
	col := 2
	timeMs := 0.0
	if w.InSteps {
		tab.AppendInt64(1, stamp)
		tab.AppendFloat64(2, 0)
		col = 3
	} else {
		timeMs = w.base.StepsToMs(stamp)
		tab.AppendFloat64(1, timeMs)
	}
	tab.AppendInt64(col, target)
	tab.AppendFloat64(col+1, weight)
	tab.AppendInt64(col+2, rport)
	tab.AppendInt64(col+3, port)
	// The connection, and so NEST's weight_recorder instance, is on the
	// target's virtual process.
	if out := w.outFor(target); out != nil {
		values := [4]float64{float64(target), weight, float64(rport), float64(port)}
		if w.InSteps {
			out.rowSteps(sender, stamp, 0, values[:], w.Precision)
		} else {
			out.row(sender, timeMs, values[:], w.Precision)
		}
	}
}

// selected reports whether id is in ids, or ids is empty.
func selected(ids []int64, id int64) bool {
	if len(ids) == 0 {
		return true
	}
	_, found := slices.BinarySearch(ids, id)
	return found
}

// nodeIDList is ids as a status value (the JSON boundary takes []int).
func nodeIDList(ids []int64) []int {
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out
}
