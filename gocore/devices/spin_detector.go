package devices

import (
	"strconv"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
)

func init() { register("spin_detector", func() node.Node { return NewSpinDetector() }) }

// SpinDetector is NEST's spin_detector: it decodes the signalling of
// binary neurons, which send one spike when they switch off and a spike of
// multiplicity 2 (or two spikes of one sender at one time) when they switch
// on, and records each transition with its state.
//
// Parameters: origin, start, stop, label, record_to, precision,
// time_in_steps, as spike_recorder. Events: senders, times, state (0 or
// 1, integers).
//
// As in NEST, a spike of multiplicity 2 is recorded at once with state 1;
// a single spike is held back: a second single spike of the same sender
// and time turns it into state 1, anything else (or the detector's next
// update) writes it with state 0. NEST's decoder also drops the spike that
// follows a held-back one from another sender, and so does this one. NEST
// hands spikes to the detector as they are sent, in the order the nodes
// are updated, and writes the held-back spike in the detector's own
// update; this model keeps that order, so a spike of a node with a higher
// id than the detector's is written one update later, exactly as NEST
// writes it, with one thread. (With several threads NEST gives every
// thread its own detector state; gonest keeps one.)
type SpinDetector struct {
	recorderCommon

	phase   int64 // update phases so far
	pending bool
	last    spinEvent
}

// spinEvent is a held-back spike and where it came in the order of NEST's
// calls: its update phase and whether its sender is updated after the
// detector.
type spinEvent struct {
	sender, stamp int64
	offset        float64
	state         int64
	phase         int64
	after         bool
}

var spinColumns = []string{"senders", "times", "state"}

// NewSpinDetector returns a spin_detector with NEST's defaults.
func NewSpinDetector() *SpinDetector {
	return &SpinDetector{recorderCommon: recorderCommon{W: DefaultWindow(), RecordTo: "memory", Precision: 3}}
}

// Model implements node.Node.
func (s *SpinDetector) Model() string { return "spin_detector" }

// ElementType implements node.Node.
func (s *SpinDetector) ElementType() node.ElementType { return node.Recorder }

// Clone implements node.Node.
func (s *SpinDetector) Clone() node.Node { return &SpinDetector{recorderCommon: s.settings()} }

// columns returns the event table's names and kinds: state is an integer
// column, as in NEST.
func (s *SpinDetector) columns() ([]string, []record.Kind) {
	if s.InSteps {
		return []string{"senders", "times", "offsets", "state"}, []record.Kind{record.Int64, record.Int64, record.Float64, record.Int64}
	}
	return spinColumns, []record.Kind{record.Int64, record.Float64, record.Int64}
}

// InitRecording gives the detector its event table.
func (s *SpinDetector) InitRecording(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	s.initCommon(alloc, io, id, model)
	names, kinds := s.columns()
	s.table = record.NewTable(alloc, names, kinds)
}

// OpenOutput opens the output file before a run (record_to "ascii").
func (s *SpinDetector) OpenOutput() error { return s.openOutput([]string{"state"}) }

// FlushOutput implements the end of a run: the held-back spike is written
// if NEST's update of the detector in the last phase came after it.
func (s *SpinDetector) FlushOutput() error {
	s.pass(s.phase, true)
	return s.recorderCommon.FlushOutput()
}

// Status implements node.Node.
func (s *SpinDetector) Status() dict.Dict {
	d := dict.Dict{}
	s.status(d)
	return d
}

// SetStatus implements node.Node.
func (s *SpinDetector) SetStatus(r *dict.Reader, env *node.Env) error {
	commit, err := s.setCommon(r, env)
	if err != nil {
		return err
	}
	commit()
	if s.table != nil {
		names, kinds := s.columns()
		if !sameColumns(s.table, names, kinds) {
			old := s.table
			s.table = record.NewTable(s.alloc, names, kinds)
			old.Release()
		}
	}
	return nil
}

func sameColumns(t *record.Table, names []string, kinds []record.Kind) bool {
	got := t.Names()
	if len(got) != len(names) {
		return false
	}
	for i := range names {
		if got[i] != names[i] || t.Kind(i) != kinds[i] {
			return false
		}
	}
	return true
}

// Prepare implements node.Node.
func (s *SpinDetector) Prepare(env *node.Env) { s.prepare(env.Base) }

// Update implements node.Node: NEST's update of the detector, which writes
// the held-back spike, comes in this phase after the spikes of the nodes
// updated before the detector; those arrive after this call here (they
// are handed over once the phase is done), so this call only passes the
// previous phase's update.
func (s *SpinDetector) Update(*node.Context, int64, int, int) {
	s.pass(s.phase, true)
	s.phase++
}

// pass writes the held-back spike if NEST's update of the detector in
// some phase lies between it and the position (phase, after).
func (s *SpinDetector) pass(phase int64, after bool) {
	if !s.pending {
		return
	}
	// The first update after the held-back spike: in its own phase if its
	// sender comes before the detector, else in the next.
	first := s.last.phase
	if s.last.after {
		first++
	}
	if first < phase || (first == phase && after) {
		s.emit(s.last)
		s.pending = false
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver.
func (s *SpinDetector) CheckSpikeReceptor(_ string, rport int) error {
	if rport != 0 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in spin_detector.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver with NEST's decoding.
func (s *SpinDetector) HandleSpike(e *node.SpikeEvent) {
	if s.table == nil || !s.active(e.Stamp) {
		return
	}
	after := e.Sender > s.id
	s.pass(s.phase, after)
	m := max(e.Multiplicity, 1)
	sender := int64(e.Sender)
	if m == 1 && s.pending && sender == s.last.sender && e.Stamp == s.last.stamp {
		s.last.state = 1
	}
	if s.pending {
		s.emit(s.last)
	}
	if m == 2 {
		s.emit(spinEvent{sender: sender, stamp: e.Stamp, offset: e.Offset, state: 1})
		s.pending = false
		return
	}
	if !s.pending {
		s.last = spinEvent{sender: sender, stamp: e.Stamp, offset: e.Offset, phase: s.phase, after: after}
		s.pending = true
	} else {
		s.pending = false
	}
}

// emit writes one transition.
func (s *SpinDetector) emit(ev spinEvent) {
	tab := s.table
	tab.AppendInt64(0, ev.sender)
	timeMs := 0.0
	if s.InSteps {
		tab.AppendInt64(1, ev.stamp)
		tab.AppendFloat64(2, ev.offset)
		tab.AppendInt64(3, ev.state)
	} else {
		timeMs = s.base.StepsToMs(ev.stamp) - ev.offset
		tab.AppendFloat64(1, timeMs)
		tab.AppendInt64(2, ev.state)
	}
	if o := s.outFor(ev.sender); o != nil && o.w != nil {
		b := strconv.AppendInt(o.buf[:0], ev.sender, 10)
		b = append(b, '\t')
		if s.InSteps {
			b = strconv.AppendInt(b, ev.stamp, 10)
			b = append(b, '\t')
			b = strconv.AppendFloat(b, ev.offset, 'f', s.Precision, 64)
		} else {
			b = strconv.AppendFloat(b, timeMs, 'f', s.Precision, 64)
		}
		b = append(b, '\t')
		b = strconv.AppendInt(b, ev.state, 10)
		b = append(b, '\n')
		o.w.Write(b)
		o.buf = b
	}
}
