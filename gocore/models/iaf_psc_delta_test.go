package models

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// rejectCase is a status change a model must refuse as a whole.
type rejectCase struct {
	name string
	d    dict.Dict
	cat  *nesterr.Category
	// msg, if set, must appear in the error: it pins which of several
	// broken rules NEST reports first.
	msg string
}

// checkRejections applies every case to a fresh node that start has
// moved away from the defaults (so that "unchanged" differs from "reset")
// and requires the error category and an unchanged status.
func checkRejections(t *testing.T, mk func() node.Node, start dict.Dict, cases []rejectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := mk()
			if err := n.SetStatus(dict.NewReader(start), testEnv()); err != nil {
				t.Fatal(err)
			}
			before := n.Status()
			err := n.SetStatus(dict.NewReader(tc.d), testEnv())
			if !errors.Is(err, tc.cat) {
				t.Fatalf("SetStatus(%v) = %v, want category %s", tc.d, err, tc.cat.Name())
			}
			if tc.msg != "" && !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
			if after := n.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// checkUnknownKeyUnaccessed requires that a model leaves a key it does not
// know unread, so that the kernel can report it.
func checkUnknownKeyUnaccessed(t *testing.T, n node.Node, known string) {
	t.Helper()
	r := dict.NewReader(dict.Dict{known: 1.5, "no_such_key": 1.0})
	if err := n.SetStatus(r, testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := r.Unused(); !reflect.DeepEqual(got, []string{"no_such_key"}) {
		t.Errorf("Unused() = %v, want [no_such_key]", got)
	}
}

// stepper drives one neuron step by step on the test grid (h = 0.1 ms).
type stepper struct {
	n      node.Node
	ctx    *node.Context
	spikes *spikeLog
	step   int64
}

func newStepper(t *testing.T, n node.Node, d dict.Dict) *stepper {
	t.Helper()
	if err := n.SetStatus(dict.NewReader(d), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	log := &spikeLog{}
	return &stepper{n: n, ctx: &node.Context{RingLen: env.RingLen, Emit: log}, spikes: log}
}

// spike delivers a spike of weight w that takes effect in the next step.
func (s *stepper) spike(w float64, rport, mult int) {
	s.n.(node.SpikeReceiver).HandleSpike(&node.SpikeEvent{Slot: s.ctx.Slot(s.step), Rport: rport, Weight: w, Multiplicity: mult})
}

// current delivers a current read in the next step (it acts from the step
// after that on).
func (s *stepper) current(i float64, rport int) {
	s.n.(node.CurrentReceiver).HandleCurrent(s.ctx.Slot(s.step), rport, i)
}

func (s *stepper) advance() {
	s.n.Update(s.ctx, s.step, 0, 1)
	s.step++
}

func (s *stepper) value(i int) float64 { return s.n.(node.Recordable).RecordableValue(i) }

func TestIafPscDeltaDefaults(t *testing.T) {
	st := NewIafPscDelta().Status()
	want := dict.Dict{
		"E_L": -70.0, "I_e": 0.0, "V_th": -55.0, "V_reset": -70.0, "V_min": -math.MaxFloat64,
		"C_m": 250.0, "tau_m": 10.0, "t_ref": 2.0, "refractory_input": false, "V_m": -70.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafPscDeltaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafPscDelta() }
	start := dict.Dict{"V_m": -65.0, "I_e": 1.0, "refractory_input": true}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"V_th below V_reset", dict.Dict{"I_e": 10.0, "V_th": -71.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"V_reset given with E_L is absolute", dict.Dict{"E_L": -80.0, "V_reset": -54.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"C_m negative", dict.Dict{"I_e": 10.0, "C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"tau_m zero", dict.Dict{"I_e": 10.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "Membrane time constant"},
		{"tau_m negative", dict.Dict{"I_e": 10.0, "tau_m": -10.0}, nesterr.ErrBadProperty, "Membrane time constant"},
		// NEST tests the threshold rule first, then C_m, t_ref, tau_m.
		{"first rule reported", dict.Dict{"V_reset": -50.0, "C_m": 0.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"t_ref before tau_m", dict.Dict{"t_ref": -1.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "Refractory"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "C_m": "large"}, nesterr.ErrTypeMismatch, ""},
		{"number for refractory_input", dict.Dict{"I_e": 10.0, "refractory_input": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"tau_m": 20.0, "V_m": "rest"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"tau_m": 20.0, "V_m": -60.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
}

func TestIafPscDeltaUnknownKeyAndELShift(t *testing.T) {
	checkUnknownKeyUnaccessed(t, NewIafPscDelta(), "I_e")

	n := NewIafPscDelta()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_m": -68.0, "V_th": -52.0, "V_reset": -75.0, "V_min": -90.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -60.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	// E_L alone moves no absolute potential, as in NEST.
	st := n.Status()
	for key, want := range map[string]float64{"E_L": -60, "V_m": -68, "V_th": -52, "V_reset": -75, "V_min": -90} {
		if got := st[key].(float64); got != want {
			t.Errorf("%s = %.17g, want %g", key, got, want)
		}
	}
}

// deltaTol bounds the deviation of the propagated potential from the
// closed form w*exp(-t/tau_m): one rounding per step of a value below
// 20 mV, decaying afterwards, and the rounding of adding E_L = -70 mV
// (a few ulp of 70, 1.4e-14 mV each).
const deltaTol = 1e-12

func TestIafPscDeltaSingleSpikeJumpAndDecay(t *testing.T) {
	for _, w := range []float64{5, -7.5, 14.9} {
		s := newStepper(t, NewIafPscDelta(), dict.Dict{"tau_m": 12.0})
		s.spike(w/2, 0, 2) // multiplicity multiplies the weight
		s.advance()
		if got := s.value(0); got != -70+w {
			t.Fatalf("w = %g: V_m after the arrival step = %.17g, want a jump to exactly %g", w, got, -70+w)
		}
		for k := 1; k <= 1000; k++ {
			s.advance()
			want := -70 + w*math.Exp(-float64(k)*0.1/12.0)
			if got := s.value(0); !(math.Abs(got-want) <= deltaTol) {
				t.Fatalf("w = %g, %d steps after the jump: V_m = %.17g, closed form %.17g", w, k, got, want)
			}
		}
		if len(s.spikes.steps) != 0 {
			t.Errorf("w = %g: spiked at %v below threshold", w, s.spikes.steps)
		}
	}
}

func TestIafPscDeltaThresholdRefractoryAndRefractoryInput(t *testing.T) {
	// A 20 mV jump fires at once (step 0) and clamps V_m to V_reset for
	// t_ref/h = 20 steps: steps 1..20 count r down from 20, step 21
	// integrates again. A 3 mV spike arriving in step k of that period
	// is dropped by default; with refractory_input it is added in step 21,
	// discounted by exp(-r*h/tau_m) with r = 21-k, the steps left at its
	// arrival.
	const k, w = 6, 3.0
	for _, refrInput := range []bool{false, true} {
		s := newStepper(t, NewIafPscDelta(), dict.Dict{"refractory_input": refrInput})
		s.spike(20, 0, 1)
		s.advance()
		if !reflect.DeepEqual(s.spikes.steps, []int64{0}) {
			t.Fatalf("spike steps %v, want [0]", s.spikes.steps)
		}
		if ts := s.n.Status()["t_spike"]; ts != 0.1 {
			t.Errorf("t_spike = %v after the spike stamped 0.1 ms", ts)
		}
		for s.step <= 20 {
			if s.step == k {
				s.spike(w, 0, 1)
			}
			s.advance()
			if got := s.value(0); got != -70 {
				t.Fatalf("refractory_input %t, step %d: V_m = %g during the refractory period, want -70", refrInput, s.step-1, got)
			}
		}
		s.advance() // step 21
		want := -70.0
		if refrInput {
			want += w * math.Exp(-float64(21-k)*0.1/10)
		}
		if got := s.value(0); math.Abs(got-want) > 1e-13 {
			t.Errorf("refractory_input %t: V_m after the refractory period = %.17g, want %.17g", refrInput, got, want)
		}
	}
}

func TestIafPscDeltaLowerBound(t *testing.T) {
	s := newStepper(t, NewIafPscDelta(), dict.Dict{"V_min": -72.0})
	s.spike(-10, 0, 1)
	s.advance()
	if got := s.value(0); got != -72 {
		t.Errorf("V_m = %g after a -10 mV jump, want the bound -72", got)
	}
}

func TestIafPscDeltaCurrentActsFromTheFollowingStep(t *testing.T) {
	// A current read in step 0 acts in step 1 only: V_m relaxes towards
	// E_L + I*tau_m/C_m by the factor 1 - exp(-h/tau_m).
	const i = 500.0
	s := newStepper(t, NewIafPscDelta(), nil)
	s.current(i, 0)
	s.advance()
	if got := s.value(0); got != -70 {
		t.Fatalf("V_m = %g in the step that reads the current, want -70", got)
	}
	s.advance()
	want := -70 + i*10/250*(1-math.Exp(-0.1/10))
	if got := s.value(0); math.Abs(got-want) > 1e-13 {
		t.Errorf("V_m = %.17g one step later, want %.17g", got, want)
	}
}

func TestIafPscDeltaReceptors(t *testing.T) {
	n := NewIafPscDelta()
	for _, rport := range []int{0, 1, -1} {
		for _, err := range []error{n.CheckSpikeReceptor("spike_generator", rport), n.CheckCurrentReceptor(rport)} {
			if rport == 0 && err != nil {
				t.Errorf("receptor 0 rejected: %v", err)
			}
			if rport != 0 && !errors.Is(err, nesterr.ErrUnknownReceptorType) {
				t.Errorf("receptor %d: %v, want UnknownReceptorType", rport, err)
			}
		}
	}
}
