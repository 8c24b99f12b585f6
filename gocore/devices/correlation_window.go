package devices

import (
	"math"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/record"
	"github.com/gonest/gonest/gocore/simtime"
)

// corrTimes are the time parameters the correlation detectors share, as
// NEST's Time values in tics: the bin width delta_tau, the largest lag
// tau_max and the counting interval [Tstart, Tstop].
type corrTimes struct {
	deltaTau     int64 // tics; 0: the default, 5 steps of the current resolution
	tauMax       int64 // tics
	tStart       int64 // tics
	tStop        int64 // tics; math.MaxInt64: +inf
	deltaTauDflt bool
	dfltSteps    int64 // the default delta_tau in steps
}

// defaultCorrTimes returns NEST's defaults on base: delta_tau dfltSteps
// steps (of the current resolution until set), tau_max ten times that
// (fixed in ms from then on), Tstart 0, Tstop +inf.
func defaultCorrTimes(base simtime.Base, dfltSteps int64) corrTimes {
	return corrTimes{tauMax: 10 * dfltSteps * base.TicsPerStep, tStop: math.MaxInt64, deltaTauDflt: true, dfltSteps: dfltSteps}
}

// deltaTauTics is delta_tau in tics on base.
func (c corrTimes) deltaTauTics(base simtime.Base) int64 {
	if c.deltaTauDflt {
		return c.dfltSteps * base.TicsPerStep
	}
	return c.deltaTau
}

// steps returns delta_tau and tau_max in steps on base.
func (c corrTimes) steps(base simtime.Base) (deltaTau, tauMax int64) {
	return c.deltaTauTics(base) / base.TicsPerStep, c.tauMax / base.TicsPerStep
}

func (c corrTimes) status(d dict.Dict, base simtime.Base) {
	d["delta_tau"] = base.TicsToMs(c.deltaTauTics(base))
	d["tau_max"] = base.TicsToMs(c.tauMax)
	d["Tstart"] = base.TicsToMs(c.tStart)
	if c.tStop == math.MaxInt64 {
		d["Tstop"] = math.MaxFloat64
	} else {
		d["Tstop"] = base.TicsToMs(c.tStop)
	}
}

// set reads the time parameters into a copy and checks them as NEST does:
// delta_tau a multiple of the resolution, tau_max a multiple of delta_tau.
// changed reports whether any was given (NEST then clears the histograms).
// With nonNegative, a negative value is refused first, as
// correlospinmatrix_detector does.
func (c corrTimes) set(r *dict.Reader, base simtime.Base, model string, nonNegative bool) (out corrTimes, changed bool, err error) {
	var v float64
	negative := func(key string) error {
		if nonNegative && v < 0 {
			return nesterr.New(nesterr.ErrBadProperty, "/%s must not be negative (%s = %g ms).", key, key, v)
		}
		return nil
	}
	read := func(key string, dst *int64) error {
		ok, err := r.Float(key, &v)
		if err != nil || !ok {
			return err
		}
		changed = true
		if err := negative(key); err != nil {
			return err
		}
		if v == math.MaxFloat64 || math.IsInf(v, 1) {
			*dst = math.MaxInt64
			return nil
		}
		if math.IsNaN(v) || math.Abs(v*base.TicsPerMs) >= float64(simtime.MaxSteps) {
			return nesterr.New(nesterr.ErrBadProperty, "%s: %s must be a finite time (%s = %g ms).", model, key, key, v)
		}
		*dst = base.MsToTics(v)
		return nil
	}
	if ok, err2 := r.Float("delta_tau", &v); err2 != nil {
		return c, false, err2
	} else if ok {
		changed = true
		if err := negative("delta_tau"); err != nil {
			return c, false, err
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v*base.TicsPerMs) >= float64(simtime.MaxSteps) {
			return c, false, nesterr.New(nesterr.ErrBadProperty, "%s: delta_tau must be a finite time (delta_tau = %g ms).", model, v)
		}
		c.deltaTau, c.deltaTauDflt = base.MsToTics(v), false
	}
	for _, f := range []struct {
		key string
		dst *int64
	}{{"tau_max", &c.tauMax}, {"Tstart", &c.tStart}, {"Tstop", &c.tStop}} {
		if err := read(f.key, f.dst); err != nil {
			return c, false, err
		}
	}
	dt := c.deltaTauTics(base)
	if dt%base.TicsPerStep != 0 || dt <= 0 {
		return c, false, nesterr.New(nesterr.ErrStepMultipleRequired,
			"In model %s, the value for property delta_tau must be a multiple of the resolution %g ms (delta_tau = %g ms).",
			model, base.Resolution, base.TicsToMs(dt))
	}
	if c.tauMax%dt != 0 || c.tauMax < 0 {
		return c, false, nesterr.New(nesterr.ErrTimeMultipleRequired,
			"In model %s, the value for property tau_max must be a multiple of delta_tau (tau_max = %g ms, delta_tau = %g ms).",
			model, base.TicsToMs(c.tauMax), base.TicsToMs(dt))
	}
	return c, changed, nil
}

// counts tells whether a spike of stamp steps lies in [Tstart, Tstop].
func (c corrTimes) counts(stamp int64, base simtime.Base) bool {
	t := stamp * base.TicsPerStep
	return c.tStart <= t && (c.tStop == math.MaxInt64 || t <= c.tStop)
}

// noEvents gives the correlation detectors, which NEST files as recorders
// but which keep their results in status entries, an event table without
// columns: code that asks every recorder for its events (PyNEST's get())
// then finds none instead of failing.
type noEvents struct{ table *record.Table }

// InitRecording implements the kernel's recorder interface.
func (n *noEvents) InitRecording(alloc memory.Allocator, _ *node.IOConfig, _ int, _ string) {
	n.table = record.NewTable(alloc, nil, nil)
}

// OpenOutput implements the kernel's recorder interface: no files.
func (n *noEvents) OpenOutput() error { return nil }

// FlushOutput implements the kernel's recorder interface: no files.
func (n *noEvents) FlushOutput() error { return nil }

// CloseOutput implements the kernel's recorder interface: no files.
func (n *noEvents) CloseOutput() {}

// Recording returns the (empty) event table.
func (n *noEvents) Recording() *record.Table { return n.table }

// ReleaseRecording frees the event table.
func (n *noEvents) ReleaseRecording() {
	if n.table != nil {
		n.table.Release()
		n.table = nil
	}
}
