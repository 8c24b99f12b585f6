package devices

import (
	"slices"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("voltmeter", func() node.Node { return NewVoltmeter() }) }

func init() { register("multimeter", func() node.Node { return NewMultimeter() }) }

// Multimeter is NEST's multimeter (and, with record_from ["V_m"] by
// default, its voltmeter). It is connected *to* the neurons it samples.
//
// Parameters: interval (ms, default 1.0, a multiple of the resolution),
// offset (ms, default 0), record_from (list of recordable names), origin,
// start, stop, label. Samples are taken at offset + k*interval (k >= 1)
// and handed over at the start of the next min-delay slice, so after
// Simulate(T) the recorder holds samples up to T - min_delay. Events:
// senders, times, one column per record_from entry; rows are grouped by
// slice, then by target in connection order, then by time. With
// time_in_steps, times are in steps and an offsets column (always 0 for
// samples) follows them.
type Multimeter struct {
	recorderCommon
	model      string
	Interval   float64  // interval, ms
	Offset     float64  // offset, ms
	RecordFrom []string // record_from

	targets []mmTarget
	// locked is set on copies of a multimeter that has targets, so that a
	// status change tried on the copy obeys the same rules.
	locked bool
}

type mmTarget struct {
	id     int
	rport  int // receptor of the connection: which of the target's loggers (from 1), as NEST numbers them
	logger *node.DataLogger
}

// NewMultimeter returns a multimeter with NEST's defaults.
func NewMultimeter() *Multimeter {
	return &Multimeter{model: "multimeter", recorderCommon: recorderCommon{W: DefaultWindow(), RecordTo: "memory", Precision: 3}, Interval: 1.0}
}

// NewVoltmeter returns a voltmeter: a multimeter recording V_m.
func NewVoltmeter() *Multimeter {
	m := NewMultimeter()
	m.model = "voltmeter"
	m.RecordFrom = []string{"V_m"}
	return m
}

// Model implements node.Node.
func (m *Multimeter) Model() string { return m.model }

// ElementType implements node.Node.
func (m *Multimeter) ElementType() node.ElementType { return node.Recorder }

// Clone implements node.Node; the copy has no targets and no table.
func (m *Multimeter) Clone() node.Node {
	return &Multimeter{recorderCommon: m.settings(), model: m.model, Interval: m.Interval, Offset: m.Offset,
		RecordFrom: slices.Clone(m.RecordFrom), locked: m.locked || len(m.targets) > 0}
}

// InitRecording gives the multimeter its event table in alloc's memory,
// its node id and model name, and the kernel's file configuration.
func (m *Multimeter) InitRecording(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	m.initCommon(alloc, io, id, model)
	m.newTable(m.RecordFrom)
}

// OpenOutput opens the output file before a run (record_to "ascii").
func (m *Multimeter) OpenOutput() error { return m.openOutput(m.RecordFrom) }

// Status implements node.Node.
func (m *Multimeter) Status() dict.Dict {
	d := dict.Dict{
		"interval":    m.Interval,
		"offset":      m.Offset,
		"record_from": slices.Clone(m.RecordFrom),
	}
	m.status(d)
	return d
}

// SetStatus implements node.Node. interval, offset and record_from cannot
// change once the multimeter has targets.
func (m *Multimeter) SetStatus(r *dict.Reader, env *node.Env) error {
	interval, offset, from := m.Interval, m.Offset, slices.Clone(m.RecordFrom)
	gotI, err := r.Float("interval", &interval)
	if err != nil {
		return err
	}
	gotO, err := r.Float("offset", &offset)
	if err != nil {
		return err
	}
	gotR, err := r.Strings("record_from", &from)
	if err != nil {
		return err
	}
	if (gotI || gotO || gotR) && (m.locked || len(m.targets) > 0) {
		return nesterr.New(nesterr.ErrBadProperty,
			"The recording interval, the interval offset and the list of properties to record cannot be changed after the multimeter has been connected to nodes.")
	}
	base := env.Base
	if gotI {
		if base.MsToTics(interval) < base.TicsPerStep {
			return nesterr.New(nesterr.ErrBadProperty, "The sampling interval must be at least as long as the simulation resolution (interval = %g ms, resolution %g ms).", interval, base.Resolution)
		}
		if !base.IsGrid(interval) {
			return nesterr.New(nesterr.ErrBadProperty, "The sampling interval must be a multiple of the simulation resolution (interval = %g ms, resolution %g ms).", interval, base.Resolution)
		}
	}
	if gotO && offset != 0 {
		if base.MsToTics(offset) < base.TicsPerStep {
			return nesterr.New(nesterr.ErrBadProperty,
				"The offset for the sampling interval must be at least as long as the simulation resolution (offset = %g ms, resolution %g ms).", offset, base.Resolution)
		}
		// NEST keeps the offset in whole steps, rounding up.
		offset = base.StepsToMs(base.MsToSteps(offset))
	}
	if gotR {
		seen := make(map[string]bool, len(from))
		for _, name := range from {
			if seen[name] {
				return nesterr.New(nesterr.ErrBadProperty, "record_from names '%s' twice.", name)
			}
			if slices.Contains(eventColumns, name) {
				// No model records such a quantity; it would clash with
				// the event column of that name.
				return nesterr.New(nesterr.ErrBadProperty, "record_from cannot name '%s', an event column of every multimeter.", name)
			}
			seen[name] = true
		}
	}
	commit, err := m.setCommon(r, env)
	if err != nil {
		return err
	}
	commit()
	m.Interval, m.Offset = interval, offset
	if gotR {
		m.RecordFrom = from
	}
	m.syncTable(m.RecordFrom)
	return nil
}

// Attach makes the multimeter sample target id; it checks that the target
// offers every quantity in record_from.
func (m *Multimeter) Attach(id int, target node.Recordable, env *node.Env) error {
	avail := target.Recordables()
	idx := make([]int, len(m.RecordFrom))
	for i, name := range m.RecordFrom {
		idx[i] = slices.Index(avail, name)
		if idx[i] < 0 {
			return nesterr.New(nesterr.ErrIllegalConnection,
				"Creation of connection is not possible because:\nCannot connect with unknown recordable %s (node %d offers %v).", name, id, avail)
		}
	}
	base := env.Base
	l := node.NewDataLogger(idx, base.MsToSteps(m.Interval), base.MsToSteps(m.Offset))
	target.Loggers().Add(l)
	m.targets = append(m.targets, mmTarget{id: id, rport: target.Loggers().Len(), logger: l})
	return nil
}

// Targets returns the ids of the nodes the multimeter samples, in the
// order they were connected, with the receptor of each connection.
func (m *Multimeter) Targets() (ids, rports []int) {
	for _, t := range m.targets {
		ids = append(ids, t.id)
		rports = append(rports, t.rport)
	}
	return ids, rports
}

// Observes reports whether the multimeter samples node id already.
func (m *Multimeter) Observes(id int) bool {
	for _, t := range m.targets {
		if t.id == id {
			return true
		}
	}
	return false
}

// Prepare implements node.Node.
func (m *Multimeter) Prepare(env *node.Env) { m.prepare(env.Base) }

// Update implements node.Node; sampling is done by the targets' loggers
// and collection by Collect.
func (m *Multimeter) Update(*node.Context, int64, int, int) {}

// Collect moves the samples the targets logged during the previous slice
// into the event table, keeping those inside the activity window.
func (m *Multimeter) Collect() {
	if m.table == nil {
		return
	}
	for _, t := range m.targets {
		sender := int64(t.id)
		t.logger.Drain(func(stamp int64, values []float64) {
			if m.active(stamp) {
				m.write(sender, stamp, 0, values)
			}
		})
	}
}
