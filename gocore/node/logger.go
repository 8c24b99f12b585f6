package node

// DataLogger samples some recordables of one node for one multimeter. The
// node calls Loggers.Record after every step; the multimeter drains the
// samples at the start of the next slice (Drain), which is when NEST hands
// a slice's samples to its recorders.
type DataLogger struct {
	// Indices are the positions in Recordables() of the sampled quantities,
	// in the multimeter's record_from order.
	Indices []int
	// IntervalSteps is the sampling interval and OffsetSteps the sampling
	// offset, both in steps.
	IntervalSteps int64
	OffsetSteps   int64

	nextRec int64 // step after whose update the next sample is taken; -1: not yet initialised
	stamps  []int64
	values  []float64 // len(stamps) * len(Indices), row-major
}

// NewDataLogger returns a logger for the recordable indices idx.
func NewDataLogger(idx []int, intervalSteps, offsetSteps int64) *DataLogger {
	return &DataLogger{Indices: idx, IntervalSteps: intervalSteps, OffsetSteps: offsetSteps, nextRec: -1}
}

// Init places the first sample on the sampling grid after now unless the
// logger is already running (its next sample lies in or after the current
// slice).
func (l *DataLogger) Init(now, sliceOrigin int64) {
	if l.nextRec >= sliceOrigin {
		return
	}
	if l.OffsetSteps == 0 {
		l.nextRec = (now/l.IntervalSteps+1)*l.IntervalSteps - 1
		return
	}
	l.nextRec = l.OffsetSteps - 1
	for l.nextRec <= now {
		l.nextRec += l.IntervalSteps
	}
}

// Drain calls fn for every pending sample (stamp in steps and the values in
// Indices order) and forgets them.
func (l *DataLogger) Drain(fn func(stamp int64, values []float64)) {
	n := len(l.Indices)
	for i, s := range l.stamps {
		fn(s, l.values[i*n:(i+1)*n])
	}
	l.stamps = l.stamps[:0]
	l.values = l.values[:0]
}

// Loggers is the set of data loggers attached to one node, embedded in
// every recordable model.
type Loggers struct {
	list []*DataLogger
}

// Add attaches a logger.
func (ls *Loggers) Add(l *DataLogger) { ls.list = append(ls.list, l) }

// Len returns the number of loggers attached.
func (ls *Loggers) Len() int { return len(ls.list) }

// Init initialises every logger before a run.
func (ls *Loggers) Init(now, sliceOrigin int64) {
	for _, l := range ls.list {
		l.Init(now, sliceOrigin)
	}
}

// Clear drops all loggers (used when a node is copied from a prototype).
func (ls *Loggers) Clear() { ls.list = nil }

// Record samples n after the update of step if any logger is due. It is
// called once per step by every recordable model, so the no-logger case is
// a length test inlined into the caller.
func (ls *Loggers) Record(step int64, n Recordable) {
	if len(ls.list) != 0 {
		ls.record(step, n)
	}
}

func (ls *Loggers) record(step int64, n Recordable) {
	for _, l := range ls.list {
		// A logger without quantities records nothing, not even times,
		// as NEST's does.
		if step < l.nextRec || len(l.Indices) == 0 {
			continue
		}
		l.stamps = append(l.stamps, step+1)
		for _, idx := range l.Indices {
			l.values = append(l.values, n.RecordableValue(idx))
		}
		l.nextRec += l.IntervalSteps
	}
}
