package devices

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// Window holds the origin, start and stop of a device, in ms as the user
// gave them (on the grid or infinite).
type Window struct {
	Origin float64 // origin, ms
	Start  float64 // start, ms
	Stop   float64 // stop, ms (+Inf: never)
}

// DefaultWindow is always open.
func DefaultWindow() Window { return Window{Origin: 0, Start: 0, Stop: math.Inf(1)} }

func (w Window) status(d dict.Dict) { w.statusTo(node.DictSink{D: d}) }

// statusTo writes origin, start and stop to s.
func (w Window) statusTo(s node.StatusSink) {
	s.Float("origin", w.Origin)
	s.Float("start", w.Start)
	// NEST reports an endless window's stop as the largest double (its
	// +infinity time in ms) and takes that value back as "never".
	if math.IsInf(w.Stop, 1) {
		s.Float("stop", math.MaxFloat64)
	} else {
		s.Float("stop", w.Stop)
	}
}

// set reads origin, start and stop from r into a copy of w and validates
// it on base.
func (w Window) set(r *dict.Reader, base simtime.Base) (Window, error) {
	for _, f := range []struct {
		key string
		dst *float64
	}{{"origin", &w.Origin}, {"start", &w.Start}, {"stop", &w.Stop}} {
		ok, err := r.Float(f.key, f.dst)
		if err != nil {
			return w, err
		}
		if ok && *f.dst == math.MaxFloat64 {
			*f.dst = math.Inf(1)
		}
		if ok && !math.IsInf(*f.dst, 0) && !base.IsGrid(*f.dst) {
			return w, nesterr.New(nesterr.ErrBadProperty, "%s must be a multiple of the simulation resolution (%s = %g ms, resolution %g ms).",
				f.key, f.key, *f.dst, base.Resolution)
		}
	}
	if w.Stop < w.Start {
		return w, nesterr.New(nesterr.ErrBadProperty, "stop >= start required (start = %g ms, stop = %g ms).", w.Start, w.Stop)
	}
	return w, nil
}

// bounds returns the open lower and closed upper bound of the window in
// steps.
func (w Window) bounds(base simtime.Base) (tMin, tMax int64) {
	origin := base.MsToTics(w.Origin)
	tMin = base.TicsToSteps(origin + base.MsToTics(w.Start))
	if math.IsInf(w.Stop, 1) {
		tMax = simtime.MaxSteps
	} else {
		tMax = base.TicsToSteps(origin + base.MsToTics(w.Stop))
	}
	return tMin, tMax
}

// setWindowLabel reads the active window (on base) into *w and then the
// label into *label: the entries most stimulators read last, in that
// order. The caller's copies are committed only when no error came.
func setWindowLabel(r *dict.Reader, base simtime.Base, w *Window, label *string) error {
	nw, err := w.set(r, base)
	if err != nil {
		return err
	}
	*w = nw
	_, err = r.String("label", label)
	return err
}

// deviceStatusSize is the room a device's status dictionary is made with:
// its own entries and the kernel's (see node.StatusDict).
const deviceStatusSize = 24
