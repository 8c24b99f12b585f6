package devices_test

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestACGeneratorEqualsStepCurrentEquivalent drives two identical neurons,
// one with an ac_generator and one with a step_current_generator that
// changes every step to the sine's value at that time, both in the same
// window. Both devices send in step s the value for the time (s+1)*h, so
// the membranes must agree up to the ac_generator's rotation rounding
// (below 1e-12 pA in the current over this short run, see acTol) passed
// through the membrane (gain tau_m/C_m = 0.04 mV/pA): 1e-12 mV.
func TestACGeneratorEqualsStepCurrentEquivalent(t *testing.T) {
	const (
		h         = 0.1
		dc        = 100.0 // pA
		ac        = 55.0  // pA
		frequency = 100.0 // Hz
		phase     = 20.0  // degrees
		start     = 5.0   // ms
		stop      = 16.0  // ms
	)
	n := newNet(t, h)
	nrn := n.create("iaf_psc_alpha", 2, dict.Dict{"V_th": 1e10})
	acg := n.create("ac_generator", 1, dict.Dict{
		"amplitude": ac, "offset": dc, "frequency": frequency, "phase": phase, "start": start, "stop": stop,
	})
	var times, amps []any
	omega := 2 * math.Pi * frequency / 1000
	for s := int(start / h); float64(s)*h < stop+1e-9; s++ {
		tm := float64(s) * h
		times = append(times, tm)
		amps = append(amps, ac*math.Sin(omega*tm+phase*math.Pi/180)+dc)
	}
	scg := n.create("step_current_generator", 1, dict.Dict{
		"amplitude_times": times, "amplitude_values": amps, "start": start, "stop": stop,
	})
	vm := n.create("voltmeter", 2, dict.Dict{"interval": h})
	mm := n.create("multimeter", 2, dict.Dict{"interval": h, "record_from": []any{"I"}})
	n.connect(acg, nrn[:1], "", nil)
	n.connect(scg, nrn[1:], "", nil)
	n.connect(vm, nrn, "one_to_one", nil)
	n.connect(mm, []int{acg[0], scg[0]}, "one_to_one", nil)
	n.simulate(30.0)

	va, vs := n.floats(vm[0], "V_m"), n.floats(vm[1], "V_m")
	ia, is := n.floats(mm[0], "I"), n.floats(mm[1], "I")
	// Samples 0.1 to 29.0 ms: those of the last slice (min_delay 1 ms)
	// are collected only by a later Simulate, as in NEST.
	if len(va) != 290 || len(vs) != 290 || len(ia) != 290 || len(is) != 290 {
		t.Fatalf("sample counts %d %d %d %d, want 290 each", len(va), len(vs), len(ia), len(is))
	}
	moved := false
	for i := range va {
		if d := math.Abs(va[i] - vs[i]); d > 1e-12 {
			t.Fatalf("sample %d: V_m %.17g with the ac_generator, %.17g with the step currents", i, va[i], vs[i])
		}
		if d := math.Abs(ia[i] - is[i]); d > 1e-12 {
			t.Fatalf("sample %d: I %.17g from the ac_generator, %.17g from the step currents", i, ia[i], is[i])
		}
		moved = moved || va[i] != -70
	}
	if !moved {
		t.Fatal("the membranes never moved")
	}
}
