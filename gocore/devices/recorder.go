package devices

import (
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
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
}

func (c *recorderCommon) status(d dict.Dict) {
	c.W.status(d)
	d["label"] = c.Label
	d["record_to"] = "memory"
	d["time_in_steps"] = false
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
	var recordTo string
	if ok, err := r.String("record_to", &recordTo); err != nil {
		return nil, err
	} else if ok && recordTo != "memory" {
		return nil, nesterr.New(nesterr.ErrBadProperty, "record_to '%s' is not available; only 'memory' is supported.", recordTo)
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
