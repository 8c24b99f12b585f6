package devices

import (
	"slices"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
	"github.com/gonest/gonest/gocore/simtime"
)

// recorderCommon is what every recording device has: an activity window, a
// label and an event table in C memory.
//
// The table's columns are senders (int64), times and the recorded
// quantities (float64). With time_in_steps, as in NEST's memory backend,
// times holds the event's stamp in steps (int64) and an extra float64
// column offsets, right after times, holds the event's offset in ms.
type recorderCommon struct {
	W       Window
	Label   string // label
	InSteps bool   // time_in_steps

	alloc memory.Allocator
	table *record.Table
	base  simtime.Base
	tMin  int64
	tMax  int64
	// simulated is set once the recorder has been prepared for a run,
	// that is once Simulate has advanced time while it existed.
	simulated bool

	// file output (record_to "ascii")
	RecordTo  string // record_to: "memory" or "ascii"
	Precision int    // precision: digits after the point in files
	FileExt   string // file_extension of ascii files; "" is NEST's "dat"
	id        int
	model     string
	io        *node.IOConfig
	// outs are the open files, one per virtual process of this process
	// (VP Rank + t*NumProcs is outs[t]), as NEST has one recorder per VP
	outs []asciiOut
}

// settings returns a recorder with c's parameters and no table or file:
// the common part of a Clone.
func (c *recorderCommon) settings() recorderCommon {
	return recorderCommon{W: c.W, Label: c.Label, InSteps: c.InSteps, RecordTo: c.RecordTo, Precision: c.Precision, FileExt: c.FileExt, simulated: c.simulated}
}

// columns returns the names and kinds of the event table for the recorded
// quantities values in the current time mode.
func (c *recorderCommon) columns(values []string) ([]string, []record.Kind) {
	names := []string{"senders", "times"}
	kinds := []record.Kind{record.Int64, record.Float64}
	if c.InSteps {
		names = append(names, "offsets")
		kinds = []record.Kind{record.Int64, record.Int64, record.Float64}
	}
	names = append(names, values...)
	for range values {
		kinds = append(kinds, record.Float64)
	}
	return names, kinds
}

// newTable makes the event table for the recorded quantities values.
func (c *recorderCommon) newTable(values []string) {
	names, kinds := c.columns(values)
	c.table = record.NewTable(c.alloc, names, kinds)
}

// syncTable replaces the event table with an empty one when its columns
// no longer match the time mode or the recorded quantities values. Arrays
// exported from the old table stay valid.
func (c *recorderCommon) syncTable(values []string) {
	if c.table == nil {
		return
	}
	names, kinds := c.columns(values)
	same := slices.Equal(c.table.Names(), names)
	for i := 0; same && i < len(kinds); i++ {
		same = c.table.Kind(i) == kinds[i]
	}
	if same {
		return
	}
	old := c.table
	c.newTable(values)
	old.Release()
}

// eventColumns are the table columns that are not recorded quantities.
var eventColumns = []string{"senders", "times", "offsets"}

// InitRecording gives the recorder its event table in alloc's memory, its
// node id and model name, and the kernel's file configuration.
func (c *recorderCommon) initCommon(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	c.alloc, c.io, c.id, c.model = alloc, io, id, model
}

// fileNames returns the output files of an ascii recorder, one per
// virtual process of this process.
func (c *recorderCommon) fileNames() []string {
	if c.io == nil {
		return nil
	}
	procs := max(c.io.NumProcs, 1)
	var names []string
	for vp := c.io.Rank; vp < max(c.io.NumVPs, 1); vp += procs {
		names = append(names, asciiFileName(c.io, c.Label, c.model, c.id, vp, c.fileExt()))
	}
	return names
}

// fileExt is the extension of ascii files (file_extension, default "dat").
func (c *recorderCommon) fileExt() string {
	if c.FileExt == "" {
		return "dat"
	}
	return c.FileExt
}

// OpenOutput opens the output files of an ascii recorder before a run,
// anew (truncated) unless they are open already (between Prepare and
// Cleanup); it does nothing for memory recorders.
func (c *recorderCommon) openOutput(columns []string) error {
	if c.RecordTo != "ascii" || c.outs != nil || c.io == nil {
		return nil
	}
	names := c.fileNames()
	outs := make([]asciiOut, len(names))
	for i, name := range names {
		if err := outs[i].open(name, c.io.Overwrite, c.InSteps, columns); err != nil {
			for j := range i {
				outs[j].close()
			}
			return err
		}
	}
	c.outs = outs
	return nil
}

// FlushOutput writes buffered file output after a run.
func (c *recorderCommon) FlushOutput() error {
	for i := range c.outs {
		if err := c.outs[i].flush(); err != nil {
			return err
		}
	}
	return nil
}

// CloseOutput closes the files at the end of a run (NEST's Cleanup): the
// next run opens them anew.
func (c *recorderCommon) CloseOutput() {
	for i := range c.outs {
		c.outs[i].close()
	}
	c.outs = nil
}

// outFor returns the file for an event of node id (the file of the node's
// virtual process, or of this process's VP on the same thread when the
// node's VP is another process's), nil without files.
func (c *recorderCommon) outFor(id int64) *asciiOut {
	if len(c.outs) == 0 {
		return nil
	}
	vp := int(id) % max(c.io.NumVPs, 1)
	return &c.outs[(vp/max(c.io.NumProcs, 1))%len(c.outs)]
}

// write stores one event, stamped stamp (steps) with offset (ms), in the
// table and, for ascii recorders, the file. As NEST's backends do, it
// stores the stamp and the offset with time_in_steps, and otherwise the
// time stamp*h - offset in ms.
func (c *recorderCommon) write(sender, stamp int64, offset float64, values []float64) {
	tab := c.table
	tab.AppendInt64(0, sender)
	first := 2
	timeMs := 0.0
	if c.InSteps {
		tab.AppendInt64(1, stamp)
		tab.AppendFloat64(2, offset)
		first = 3
	} else {
		timeMs = c.base.StepsToMs(stamp) - offset
		tab.AppendFloat64(1, timeMs)
	}
	for i, v := range values {
		tab.AppendFloat64(first+i, v)
	}
	if out := c.outFor(sender); out != nil {
		if c.InSteps {
			out.rowSteps(sender, stamp, offset, values, c.Precision)
		} else {
			out.row(sender, timeMs, values, c.Precision)
		}
	}
}

// Recording returns the event table.
func (c *recorderCommon) Recording() *record.Table { return c.table }

// ReleaseRecording frees the event table; exported arrays stay valid until
// their consumers release them.
func (c *recorderCommon) ReleaseRecording() {
	if c.table != nil {
		c.table.Release()
		c.table = nil
	}
	c.CloseOutput()
}

func (c *recorderCommon) status(d dict.Dict) {
	c.W.status(d)
	d["label"] = c.Label
	d["record_to"] = c.RecordTo
	d["time_in_steps"] = c.InSteps
	if c.RecordTo == "ascii" {
		d["filenames"] = c.fileNames()
		d["precision"] = c.Precision
		d["file_extension"] = c.fileExt()
	}
	n := 0
	if c.table != nil {
		n = c.table.Len()
	}
	d["n_events"] = n
}

// hasSimulated tells whether Simulate has advanced time since the kernel
// was last reset: the clock has moved, or the recorder has been prepared
// for a run (which covers a run interrupted before its first step).
func (c *recorderCommon) hasSimulated(env *node.Env) bool { return c.simulated || env.Now > 0 }

// setCommon reads the shared recorder keys into copies; commit applies
// them. The caller makes the table match a changed time_in_steps (see
// syncTable).
func (c *recorderCommon) setCommon(r *dict.Reader, env *node.Env) (commit func(), err error) {
	base := env.Base
	w, err := c.W.set(r, base)
	if err != nil {
		return nil, err
	}
	label := c.Label
	if _, err := r.String("label", &label); err != nil {
		return nil, err
	}
	recordTo := c.RecordTo
	if ok, err := r.String("record_to", &recordTo); err != nil {
		return nil, err
	} else if ok && recordTo != "memory" && recordTo != "ascii" {
		return nil, nesterr.New(nesterr.ErrBadProperty, "record_to '%s' is not available; use 'memory' or 'ascii'.", recordTo)
	}
	if recordTo != c.RecordTo && len(c.outs) > 0 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "record_to cannot change after the recorder has written to '%s'.", c.outs[0].name)
	}
	// file_extension belongs to the ascii backend, as in NEST.
	fileExt := c.FileExt
	if recordTo == "ascii" {
		if _, err := r.String("file_extension", &fileExt); err != nil {
			return nil, err
		}
		if fileExt != c.FileExt && len(c.outs) > 0 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "file_extension cannot change after the recorder has written to '%s'.", c.outs[0].name)
		}
	}
	precision := int64(c.Precision)
	if _, err := r.Int("precision", &precision); err != nil {
		return nil, err
	} else if precision < 0 || precision > 17 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "precision must be in [0, 17], got %d.", precision)
	}
	// time_in_steps is a setting of the recording backend in NEST: a
	// recorder moved to another backend starts from that backend's default,
	// false. It cannot be set once Simulate has run (kernel-wide, as in
	// NEST); the memory backend refuses even the current value there, the
	// ascii backend only a change.
	inSteps := c.InSteps && recordTo == c.RecordTo
	current := inSteps
	if ok, err := r.Bool("time_in_steps", &inSteps); err != nil {
		return nil, err
	} else if ok && c.hasSimulated(env) && (recordTo == "memory" || inSteps != current) {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Property time_in_steps cannot be set after Simulate has been called.")
	}
	var nEvents int64
	clearEvents := false
	if ok, err := r.Int("n_events", &nEvents); err != nil {
		return nil, err
	} else if ok {
		if nEvents != 0 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "n_events can only be set to 0, got %d.", nEvents)
		}
		clearEvents = true
	}
	return func() {
		c.W, c.Label = w, label
		c.RecordTo, c.Precision, c.FileExt = recordTo, int(precision), fileExt
		c.InSteps = inSteps
		if clearEvents && c.table != nil {
			c.table.Reset()
		}
	}, nil
}

func (c *recorderCommon) prepare(base simtime.Base) {
	c.base = base
	c.tMin, c.tMax = c.W.bounds(base)
	c.simulated = true
}

func (c *recorderCommon) active(stamp int64) bool { return c.tMin < stamp && stamp <= c.tMax }
