package node

import "github.com/gonest/gonest/gocore/libm"

// Window returns the positions [start, end) of the history entries with
// t1 < t <= t2 (to within stdpEps), oldest first, and counts them as
// read by one more connection: History without the callback, for the
// synapses that read the history in their own loop. SpikeTime gives the
// entries' times; the positions hold until the next Spike.
func (a *Archive) Window(t1, t2 float64) (start, end int) {
	lo, hi := t1+stdpEps, t2+stdpEps
	end = len(a.history)
	for end > 0 && a.history[end-1].t >= hi {
		end--
	}
	start = end
	for start > 0 && a.history[start-1].t >= lo {
		start--
		a.history[start].reads++
	}
	return start, end
}

// SpikeTime returns the time (ms) of history entry i (see Window).
func (a *Archive) SpikeTime(i int) float64 { return a.history[i].t }

// WindowKMinus is Window(t1, t2) together with KMinus(t2), found in the
// same walk back from the newest entry: the entries after the window are
// later than t2 and never K-'s.
func (a *Archive) WindowKMinus(t1, t2 float64) (start, end int, kminus float64) {
	start, end = a.Window(t1, t2)
	for i := end - 1; i >= 0; i-- {
		if h := &a.history[i]; t2-h.t > stdpEps {
			return start, end, h.kminus * libm.Exp((h.t-t2)*(1/a.TauMinus))
		}
	}
	return start, end, 0
}
