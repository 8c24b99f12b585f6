package devices

import "github.com/gonest/gonest/gocore/node"

// currentGeneratorActive is NEST 3.10's activity rule for stimulation
// devices of type CURRENT_GENERATOR: the device is active in step s when
// t_min < s+2 <= t_max (bounds from Window.bounds). The two steps are one
// for delivery and one because a current reaches the membrane in the
// step after its arrival, so a current generator with start t acts on the
// membrane from t + delay on. NEST also files pulsepacket_generator and
// sinusoidal_poisson_generator under this type, so their spikes follow the
// same rule.
func currentGeneratorActive(step, tMin, tMax int64) bool {
	s := step + 2
	return tMin < s && s <= tMax
}

// deviceLoggers gives a stimulation device what a multimeter needs to
// record from it (NEST's recordables "I" and "rate").
type deviceLoggers struct {
	logs node.Loggers
}

// Loggers implements node.Recordable.
func (d *deviceLoggers) Loggers() *node.Loggers { return &d.logs }
