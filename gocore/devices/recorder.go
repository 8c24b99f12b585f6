package devices

import (
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
	"github.com/gonest/gonest/gocore/simtime"
)

// recorderCommon is what every recording device has: an activity window, a
// label and an event table in C memory.
type recorderCommon struct {
	W     Window
	Label string // label

	alloc  memory.Allocator
	table  *record.Table
	base   simtime.Base
	tMin   int64
	tMax   int64
	ready  bool // Prepare has run since the last change of window or resolution
	closed bool

	// file output (record_to "ascii")
	RecordTo  string // record_to: "memory" or "ascii"
	Precision int    // precision: digits after the point in files
	id        int
	model     string
	io        *node.IOConfig
	out       asciiOut
}

// InitRecording gives the recorder its event table in alloc's memory, its
// node id and model name, and the kernel's file configuration.
func (c *recorderCommon) initCommon(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	c.alloc, c.io, c.id, c.model = alloc, io, id, model
}

// fileName returns the output file of an ascii recorder.
func (c *recorderCommon) fileName() string {
	if c.io == nil {
		return ""
	}
	return asciiFileName(c.io, c.Label, c.model, c.id, 0, "dat")
}

// OpenOutput opens the output file of an ascii recorder before a run; it
// does nothing for memory recorders or an already open file.
func (c *recorderCommon) openOutput(columns []string) error {
	if c.RecordTo != "ascii" || c.out.f != nil || c.io == nil {
		return nil
	}
	return c.out.open(c.fileName(), c.io.Overwrite, columns)
}

// FlushOutput writes buffered file output after a run.
func (c *recorderCommon) FlushOutput() error { return c.out.flush() }

// write stores one event in the table and, for ascii recorders, the file.
func (c *recorderCommon) write(sender int64, timeMs float64, values []float64) {
	tab := c.table
	tab.AppendInt64(0, sender)
	tab.AppendFloat64(1, timeMs)
	for i, v := range values {
		tab.AppendFloat64(2+i, v)
	}
	if c.out.w != nil {
		c.out.row(sender, timeMs, values, c.Precision)
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
	c.out.close()
}

func (c *recorderCommon) status(d dict.Dict) {
	c.W.status(d)
	d["label"] = c.Label
	d["record_to"] = c.RecordTo
	d["time_in_steps"] = false
	if c.RecordTo == "ascii" {
		d["filenames"] = []string{c.fileName()}
		d["precision"] = c.Precision
		d["file_extension"] = "dat"
	}
	n := 0
	if c.table != nil {
		n = c.table.Len()
	}
	d["n_events"] = n
}

// setCommon reads the shared recorder keys into copies; commit applies
// them.
func (c *recorderCommon) setCommon(r *dict.Reader, base simtime.Base) (commit func(), err error) {
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
	if recordTo != c.RecordTo && c.out.f != nil {
		return nil, nesterr.New(nesterr.ErrBadProperty, "record_to cannot change after the recorder has written to '%s'.", c.out.name)
	}
	precision := int64(c.Precision)
	if _, err := r.Int("precision", &precision); err != nil {
		return nil, err
	} else if precision < 0 || precision > 17 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "precision must be in [0, 17], got %d.", precision)
	}
	var inSteps bool
	if ok, err := r.Bool("time_in_steps", &inSteps); err != nil {
		return nil, err
	} else if ok && inSteps {
		return nil, nesterr.New(nesterr.ErrBadProperty, "time_in_steps = True is not supported.")
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
		c.RecordTo, c.Precision = recordTo, int(precision)
		c.ready = false
		if clearEvents && c.table != nil {
			c.table.Reset()
		}
	}, nil
}

func (c *recorderCommon) prepare(base simtime.Base) {
	c.base = base
	c.tMin, c.tMax = c.W.bounds(base)
	c.ready = true
}

func (c *recorderCommon) active(stamp int64) bool { return c.tMin < stamp && stamp <= c.tMax }
