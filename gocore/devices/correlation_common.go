package devices

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// corrDetector is what the three correlation detectors
// (correlation_detector, correlomatrix_detector,
// correlospinmatrix_detector) share: the active window, the time
// parameters, the time base they were read on, the window in steps of the
// current run, whether the results have the size of the parameters, and
// the node methods that depend on nothing else.
type corrDetector struct {
	W          Window
	times      corrTimes
	model      string
	base       simtime.Base
	tMin, tMax int64 // active window of this run, steps
	sized      bool  // the results have the size of the current parameters
	noEvents
}

// newCorrDetector returns the settings of a fresh detector model, whose
// default delta_tau is dfltSteps steps.
func newCorrDetector(model string, dfltSteps int64) corrDetector {
	b := simtime.DefaultBase()
	return corrDetector{W: DefaultWindow(), times: defaultCorrTimes(b, dfltSteps), model: model, base: b}
}

// copySettings returns the settings of c without its results, what a
// clone starts from.
func (c *corrDetector) copySettings() corrDetector {
	return corrDetector{W: c.W, times: c.times, model: c.model, base: c.base}
}

// Model implements node.Node.
func (c *corrDetector) Model() string { return c.model }

// ElementType implements node.Node.
func (c *corrDetector) ElementType() node.ElementType { return node.Recorder }

// Update implements node.Node; spikes arrive through HandleSpike.
func (c *corrDetector) Update(*node.Context, int64, int, int) {}

// status adds the window and the time parameters to d.
func (c *corrDetector) status(d dict.Dict) {
	c.W.status(d)
	c.times.status(d, c.base)
}

// prepare takes the time base and the window of the run from env; results
// not yet sized get their size (reset) before the first run, as NEST's
// buffers do.
func (c *corrDetector) prepare(env *node.Env, reset func()) {
	c.base = env.Base
	c.tMin, c.tMax = c.W.bounds(env.Base)
	if !c.sized {
		reset()
	}
}

// active tells whether a spike of stamp steps is one the detector takes:
// inside the active window, with results sized.
func (c *corrDetector) active(stamp int64) bool {
	return c.tMin < stamp && stamp <= c.tMax && c.sized
}

// insertSorted inserts x into list after every element not later than
// it (later reports whether an element is), the order in which NEST's
// detectors keep their spikes and pulses.
func insertSorted[T any](list []T, x T, later func(T) bool) []T {
	pos := len(list)
	for i, e := range list {
		if later(e) {
			pos = i
			break
		}
	}
	list = append(list, x)
	copy(list[pos+1:], list[pos:])
	list[pos] = x
	return list
}

// corrMatrix is what the two matrix detectors add to corrDetector: the
// number of receptors and the minimum delay, which bounds how long kept
// spikes must stay.
type corrMatrix struct {
	corrDetector
	nChannels int64
	minDelay  int64
}

func newCorrMatrix(model string, dfltSteps int64) corrMatrix {
	return corrMatrix{corrDetector: newCorrDetector(model, dfltSteps), nChannels: 1}
}

// copySettings returns the settings of c without its results.
func (c *corrMatrix) copySettings() corrMatrix {
	return corrMatrix{corrDetector: c.corrDetector.copySettings(), nChannels: c.nChannels}
}

// set is the SetStatus of both matrix detectors, with NEST's checks in
// NEST's order: N_channels, the time parameters (nonNegative as for
// corrTimes.set, then check, the model's own rule on them), the window.
// Nothing changes unless every entry is valid; a new N_channels or time
// parameter clears the results (reset).
func (c *corrMatrix) set(r *dict.Reader, env *node.Env, nonNegative bool, check func(corrTimes) error, reset func()) error {
	n := c.nChannels
	clear := false
	if ok, err := r.Int("N_channels", &n); err != nil {
		return err
	} else if ok {
		if n < 1 {
			return nesterr.New(nesterr.ErrBadProperty, "/N_channels can only be larger than zero (N_channels = %d).", n)
		}
		clear = true
	}
	times, changed, err := c.times.set(r, env.Base, c.model, nonNegative)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(times); err != nil {
			return err
		}
	}
	w, err := c.W.set(r, env.Base)
	if err != nil {
		return err
	}
	c.base = env.Base
	c.W, c.times, c.nChannels = w, times, n
	if clear || changed {
		reset()
	}
	return nil
}

// prepare is corrDetector.prepare, also taking the minimum delay.
func (c *corrMatrix) prepare(env *node.Env, reset func()) {
	c.minDelay = int64(env.MinDelay)
	c.corrDetector.prepare(env, reset)
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptors 0 to
// N_channels-1.
func (c *corrMatrix) CheckSpikeReceptor(_ string, rport int) error {
	if rport < 0 || int64(rport) > c.nChannels-1 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in %s (N_channels = %d).", rport, c.model, c.nChannels)
	}
	return nil
}

// accepts tells whether the detector takes e: active and on a receptor
// it has.
func (c *corrMatrix) accepts(e *node.SpikeEvent) bool {
	return c.active(e.Stamp) && int64(e.Rport) < c.nChannels
}

// newMatrix returns an n x n matrix of histograms of bins bins.
func newMatrix[T any](n int64, bins int) [][][]T {
	m := make([][][]T, n)
	for i := range n {
		m[i] = make([][]T, n)
		for j := range n {
			m[i][j] = make([]T, bins)
		}
	}
	return m
}

// matrixStatus returns the N_channels x N_channels nested lists Status
// shows for m, each histogram through list; before the results are sized
// every entry is empty, as NEST shows them.
func matrixStatus[T any, L any](c *corrMatrix, m [][][]T, list func([]T) L) []any {
	out := make([]any, c.nChannels)
	for i := range c.nChannels {
		row := make([]any, c.nChannels)
		for j := range c.nChannels {
			if c.sized {
				row[j] = list(m[i][j])
			} else {
				var empty []T
				row[j] = list(empty)
			}
		}
		out[i] = row
	}
	return out
}
