package devices_test

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// vmTol bounds the difference between an iaf_psc_alpha's V_m driven by a
// piecewise constant current and the exact solution. The neuron
// propagates V_m exactly over each step, so only rounding separates them:
// about one ulp of V_m (|V_m| < 20 mV: 4e-15) per step, damped by
// exp(-h/tau_m) = 0.9 per step, so below 1e-13 in all; 1e-12 leaves room
// and is far below the effect of a step's misplacement (about 0.1 mV
// here).
const vmTol = 1e-12

// change is a jump of the membrane's input current by dI (pA) at time at
// (ms).
type change struct{ at, dI float64 }

// constantCurrentResponse is the exact V_m (mV, from 0 at rest 0) at time
// t of a leaky membrane (tau_m ms, C_m pF) whose input current makes the
// given jumps: each jump adds dI*tau_m/C_m*(1 - exp(-(t - at)/tau_m)).
func constantCurrentResponse(changes []change, tauM, cM, t float64) float64 {
	v := 0.0
	for _, c := range changes {
		if t > c.at {
			v += c.dI * tauM / cM * -math.Expm1(-(t-c.at)/tauM)
		}
	}
	return v
}

// TestStepCurrentGeneratorDrivesIafPscAlpha follows a step_current_generator
// through a connection of delay d into an iaf_psc_alpha without leak
// offset. NEST's rule, derived from the device's +2 shift: the membrane
// receives, on (c, c+h], the amplitude in force at c-d if start <= c-d <
// stop, else nothing. So amplitude_values[i] acts from
// amplitude_times[i]+d on, clipped to [start+d, stop+d): a change before
// start acts from start+d, one at or after stop never.
func TestStepCurrentGeneratorDrivesIafPscAlpha(t *testing.T) {
	const (
		h     = 0.1  // ms
		delay = 1.0  // ms
		start = 5.0  // ms
		stop  = 15.0 // ms
		tauM  = 1.0  // ms
		cM    = 1.0  // pF
	)
	times := []float64{1.5, 5.5, 7.5, 10.0, 14.9, 15.0, 20.0}
	values := []float64{1, -2, 4, -8, 16, -32, 64}

	n := newNet(t, h)
	nrn := n.create("iaf_psc_alpha", 1, dict.Dict{"V_th": 1e10, "C_m": cM, "tau_m": tauM, "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0})
	timesAny, valuesAny := make([]any, len(times)), make([]any, len(values))
	for i := range times {
		timesAny[i], valuesAny[i] = times[i], values[i]
	}
	scg := n.create("step_current_generator", 1, dict.Dict{
		"start": start, "stop": stop, "amplitude_times": timesAny, "amplitude_values": valuesAny,
	})
	vm := n.create("voltmeter", 1, dict.Dict{"interval": h})
	n.connect(scg, nrn, "", dict.Dict{"delay": delay})
	n.connect(vm, nrn, "", nil)
	n.simulate(25.0)

	// The jumps of the membrane current from the rule above.
	inForce := func(u float64) float64 { // amplitude in force at u
		a := 0.0
		for i, ti := range times {
			if ti <= u {
				a = values[i]
			}
		}
		return a
	}
	changes := []change{{start + delay, inForce(start)}}
	for i, ti := range times {
		if start < ti && ti < stop {
			changes = append(changes, change{ti + delay, values[i] - inForce(ti-h/2)})
		}
	}
	changes = append(changes, change{stop + delay, -inForce(stop - h/2)})

	ts, vs := n.floats(vm[0], "times"), n.floats(vm[0], "V_m")
	// The last slice's samples (min_delay 1 ms) come with a later run.
	if len(ts) != 240 || ts[0] != 0.1 || ts[239] != 24.0 {
		t.Fatalf("%d samples from %g to %g ms, want 240 from 0.1 to 24.0", len(ts), ts[0], ts[len(ts)-1])
	}
	worst := 0.0
	for i, tm := range ts {
		want := constantCurrentResponse(changes, tauM, cM, tm)
		d := math.Abs(vs[i] - want)
		worst = max(worst, d)
		if d > vmTol {
			t.Fatalf("t = %g ms: V_m = %.17g mV, want %.17g (difference %g)", tm, vs[i], want, d)
		}
	}
	t.Logf("largest difference from the exact solution: %g mV", worst)
	// The membrane is still at rest at start+delay and moves right after.
	if v := vs[59]; v != 0 || vs[60] == 0 {
		t.Errorf("V_m at 6.0 ms = %g, at 6.1 ms = %g; want 0 and then a change", v, vs[60])
	}
}

// TestStepCurrentGeneratorRecordsI records the sent current with a
// multimeter: I is the amplitude in force while the generator is active
// and 0 outside. A sample at time t shows the step that ends at t.
func TestStepCurrentGeneratorRecordsI(t *testing.T) {
	n := newNet(t, 0.1)
	scg := n.create("step_current_generator", 1, dict.Dict{
		"amplitude_times": []any{1.0, 2.0}, "amplitude_values": []any{3.0, -4.0}, "start": 0.5, "stop": 3.0,
	})
	mm := n.create("multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"I"}})
	n.connect(mm, scg, "", nil)
	n.simulate(5.0)
	ts, is := n.floats(mm[0], "times"), n.floats(mm[0], "I")
	for i, tm := range ts {
		// The sample at tm shows step s = tm/h - 1, active when
		// 5 < s+2 <= 30, i.e. 0.4 <= tm < 2.9 within float noise; the
		// amplitude changes in the step before its time.
		s := int(math.Round(tm/0.1)) - 1
		want := 0.0
		switch {
		case s+2 <= 5 || s+2 > 30:
		case s >= 19:
			want = -4
		case s >= 9:
			want = 3
		}
		if is[i] != want {
			t.Errorf("I at %g ms = %g, want %g", tm, is[i], want)
		}
	}
	// The last slice's samples (min_delay 1 ms) come with a later run.
	if len(ts) != 40 {
		t.Errorf("%d samples, want 40", len(ts))
	}
}
