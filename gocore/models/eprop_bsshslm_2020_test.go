package models

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// TestEpropSurrogates: each surrogate gradient is its height at the
// threshold, falls off with the distance in units of its width, and is 0
// while refractory (analytic values, exact up to one rounding).
func TestEpropSurrogates(t *testing.T) {
	const h, w, tol = 0.5, 2.0, 1e-15
	for name, at1 := range map[string]float64{
		"piecewise_linear": h * 0.5, "exponential": h * math.Exp(-0.5),
		"fast_sigmoid_derivative": h / 2.25, "arctan_derivative": h / 1.25,
	} {
		f := epropSurrogates[name]
		if got := f(0, 3, 3, h, w); got != h {
			t.Errorf("%s at threshold: %g, want %g", name, got, h)
		}
		if got := f(0, 4, 3, h, w); math.Abs(got-at1) > tol {
			t.Errorf("%s half a width away: %.17g, want %.17g", name, got, at1)
		}
		if got := f(1, 3, 3, h, w); got != 0 {
			t.Errorf("%s while refractory: %g, want 0", name, got)
		}
	}
}

// TestEpropIafSetStatus: f_target is set in spikes/s and reported as
// NEST stores it (spikes/ms); potentials follow E_L as NEST's do; a
// refused change leaves the neuron as it was.
func TestEpropIafSetStatus(t *testing.T) {
	n := NewEpropIafAdaptBsshslm2020()
	env := &node.Env{Eprop: node.EpropSettings{UpdateInterval: 10, LearningWindow: 10}}
	env.Base.Resolution = 1
	if err := n.SetStatus(dict.NewReader(dict.Dict{"f_target": 20.0, "E_L": -60.0}), env); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	if st["f_target"] != 0.02 || st["V_th"] != -55.0 || st["V_m"] != -70.0 || st["V_th_adapt"] != -55.0 {
		t.Errorf("after f_target 20, E_L -60: f_target %v, V_th %v, V_m %v, V_th_adapt %v", st["f_target"], st["V_th"], st["V_m"], st["V_th_adapt"])
	}
	before := n.Status()
	for _, bad := range []dict.Dict{{"C_m": 1.0, "tau_m": -1.0}, {"surrogate_gradient_function": "step", "C_m": 2.0},
		{"flush_event_send_interval": 5.0}, {"adapt_tau": 0.0}, {"V_min": -50.0}} {
		if err := n.SetStatus(dict.NewReader(bad), env); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	after := n.Status()
	for key, v := range before {
		if key != "recordables" && after[key] != v {
			t.Errorf("%s changed by refused calls: %v -> %v", key, v, after[key])
		}
	}
}
