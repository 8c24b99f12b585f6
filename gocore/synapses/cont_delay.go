package synapses

import (
	"github.com/gonest/gonest/gocore/dict"
)

// contDelay is NEST's cont_delay_synapse: a static synapse whose delay
// need not be a multiple of the resolution h. A delay d = (k + f) h with 0
// < f < 1 is kept as k + 1 steps less an offset h (1 - f); spikes are
// delivered k + 1 steps after they were sent, carrying the offset, and the
// connection reports d back. The kernel splits the delay and hands the
// offset in under the internal key delay_offset (ms), which it never shows
// (see kernel's contdelay.go).
//
// Parameters: none besides weight and delay. A delay given to Connect is
// rounded to the grid as for any synapse (the connection keeps the model's
// default offset, as in NEST); an off-grid delay set with SetDefaults,
// CopyModel or SetStatus keeps its fraction.
//
// The offset only matters to targets that take spikes at precise times
// within a step (NEST's *_ps models), which gonest does not have: on grid
// neurons NEST's cont_delay_synapse acts as a static synapse of k + 1
// steps, and so does this one.
type contDelay struct{}

type contDelayState struct{ Offset float64 } // ms

func (contDelay) name() string                          { return "cont_delay_synapse" }
func (contDelay) needsHistory() bool                    { return false }
func (contDelay) defaults() contDelayState              { return contDelayState{} }
func (contDelay) status(s *contDelayState, d dict.Dict) { d["delay_offset"] = s.Offset }

func (contDelay) set(s *contDelayState, r *dict.Reader) error {
	_, err := r.Float("delay_offset", &s.Offset)
	return err
}

func (contDelay) send(_ *contDelayState, w *float64, _ float64, _ Post) float64 { return *w }
