package devices

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func newPulsePacket(t *testing.T, env *node.Env, d dict.Dict) *PulsePacketGenerator {
	t.Helper()
	g := NewPulsePacketGenerator()
	if err := set(t, g, env, d); err != nil {
		t.Fatal(err)
	}
	return g
}

// runPackets is runSlices for a generator prepared at step start (env.Now
// matters to the pulsepacket_generator).
func runPackets(g node.Node, env *node.Env, start, total, sliceLen int) *emitLog {
	env.Now = int64(start)
	return runSlices(g, env, start, total, sliceLen)
}

// spikeTimes expands the log into one step per spike.
func spikeSteps(log *emitLog) []int64 {
	var out []int64
	for i, s := range log.steps {
		for range log.mults[i] {
			out = append(out, s)
		}
	}
	return out
}

func TestPulsePacketGeneratorDefaults(t *testing.T) {
	want := dict.Dict{
		"pulse_times": []float64{}, "activity": 0, "sdev": 0.0,
		"origin": 0.0, "start": 0.0, "stop": math.MaxFloat64, "label": "",
	}
	if got := NewPulsePacketGenerator().Status(); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults %v, want %v", got, want)
	}
}

func TestPulsePacketGeneratorRejectsAndStaysUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"negative activity", dict.Dict{"activity": -5}, nesterr.ErrBadProperty},
		{"negative sdev", dict.Dict{"sdev": -5.0}, nesterr.ErrBadProperty},
		{"infinite sdev", dict.Dict{"sdev": math.Inf(1)}, nesterr.ErrBadProperty},
		{"pulse time not a number", dict.Dict{"pulse_times": []any{1.0, math.NaN()}}, nesterr.ErrBadProperty},
		{"good times, stop before start", dict.Dict{"pulse_times": []any{1.0}, "start": 3.0, "stop": 2.0}, nesterr.ErrBadProperty},
		{"fractional activity", dict.Dict{"activity": 2.5}, nesterr.ErrTypeMismatch},
		{"times not a list", dict.Dict{"pulse_times": "now"}, nesterr.ErrTypeMismatch},
		{"good sdev, bad label", dict.Dict{"sdev": 1.0, "label": 1.0}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envAt(t, 0.1)
			g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{5.0, 2.0}, "activity": 3, "sdev": 0.5, "stop": 40.0})
			before := g.Status()
			wantCategory(t, set(t, g, env, tc.d), tc.cat)
			if after := g.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestPulsePacketGeneratorSortsAndRoundTrips(t *testing.T) {
	env := envAt(t, 0.1)
	g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{4.6, 1.0, 2.5}, "activity": 150, "sdev": 0.1234})
	st := g.Status()
	if got := st["pulse_times"]; !reflect.DeepEqual(got, []float64{1.0, 2.5, 4.6}) {
		t.Errorf("pulse_times %v, want them sorted", got)
	}
	if err := set(t, g, env, st); err != nil {
		t.Fatalf("SetStatus(Status()): %v", err)
	}
	if got := g.Status(); !reflect.DeepEqual(got, st) {
		t.Errorf("round trip changed the status:\nbefore %v\nafter  %v", st, got)
	}
}

func TestPulsePacketGeneratorSharpPacket(t *testing.T) {
	// sdev 0: all spikes of a packet fall into one step and go out as one
	// event: 5.0 ms is step 50 (stamped 51), 7.25 ms rounds up to step 73.
	env := envAt(t, 0.1)
	g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{5.0, 7.25}, "activity": 7})
	log := runPackets(g, env, 0, 100, 10)
	if !reflect.DeepEqual(log.steps, []int64{50, 73}) || !reflect.DeepEqual(log.mults, []int{7, 7}) {
		t.Errorf("events in steps %v with multiplicities %v, want steps [50 73] with 7 each", log.steps, log.mults)
	}
}

func TestPulsePacketGeneratorCountAndSpread(t *testing.T) {
	// 2000 spikes around 50 ms with sdev 2 ms at h = 0.1 ms. A time x is
	// sent in step ceil(x/h) (after rounding to tics), on average h/2 late.
	// The sample mean and standard deviation of n Gaussian values have
	// standard errors sdev/sqrt(n) and sdev/sqrt(2n); five of them bound
	// the test (the step grid adds a variance of h^2/12, far below that).
	// Nothing is lost: the packet is drawn 10 sdev before its centre.
	const (
		activity = 2000
		sdev     = 2.0  // ms
		centre   = 50.0 // ms
		h        = 0.1  // ms
	)
	env := envAt(t, h)
	for _, sliceLen := range []int{1, 10, 25} {
		g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{centre}, "activity": activity, "sdev": sdev})
		log := runPackets(g, env, 0, 1000, sliceLen)
		steps := spikeSteps(log)
		if len(steps) != activity {
			t.Fatalf("slices of %d: %d spikes, want %d", sliceLen, len(steps), activity)
		}
		times := make([]float64, len(steps))
		for i, s := range steps {
			times[i] = float64(s) * h
			if i > 0 && s < steps[i-1] {
				t.Fatalf("slices of %d: spikes out of order (%d after %d)", sliceLen, s, steps[i-1])
			}
		}
		for i := 1; i < len(log.steps); i++ {
			if log.steps[i] == log.steps[i-1] {
				t.Fatalf("slices of %d: two events in step %d; spikes of one step must share one event", sliceLen, log.steps[i])
			}
		}
		m, s := sampleMoments(times)
		if d := math.Abs(m - (centre + h/2)); d > 5*sdev/math.Sqrt(activity) {
			t.Errorf("slices of %d: mean spike time %g ms, want %g +- %g", sliceLen, m, centre+h/2, 5*sdev/math.Sqrt(activity))
		}
		if d := math.Abs(s - sdev); d > 5*sdev/math.Sqrt(2*activity) {
			t.Errorf("slices of %d: spread %g ms, want %g +- %g", sliceLen, s, sdev, 5*sdev/math.Sqrt(2*activity))
		}
	}
}

func TestPulsePacketGeneratorWindowBySlice(t *testing.T) {
	// Window 20 to 40 ms, slices of 10 steps: a slice with origin T is
	// active when 200 < T+2 <= 400, so the slices 200 to 390. The packet at
	// 10 ms is drawn in the first active slice, but all its spikes lie
	// before it and are dropped; the one at 30 ms is sent whole, in steps
	// 200 to 399; the one at 60 ms is never drawn.
	const activity = 500
	env := envAt(t, 0.1)
	g := newPulsePacket(t, env, dict.Dict{
		"pulse_times": []any{10.0, 30.0, 60.0}, "activity": activity, "sdev": 1.0, "start": 20.0, "stop": 40.0,
	})
	log := runPackets(g, env, 0, 800, 10)
	steps := spikeSteps(log)
	if len(steps) != activity {
		t.Fatalf("%d spikes, want %d", len(steps), activity)
	}
	if steps[0] < 200 || steps[len(steps)-1] > 399 {
		t.Errorf("spikes in steps %d to %d, want within 200 to 399", steps[0], steps[len(steps)-1])
	}
}

func TestPulsePacketGeneratorNewParametersDropPendingSpikes(t *testing.T) {
	// The packet at 10 ms is drawn in the slice at 0 ms (within 10 sdev);
	// new parameters drop what is pending, and the new packet at 10 ms is
	// drawn again by the next Prepare.
	env := envAt(t, 0.1)
	g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{10.0}, "activity": 100, "sdev": 1.0})
	if log := runPackets(g, env, 0, 10, 10); len(log.steps) != 0 {
		t.Fatalf("spikes in steps %v, before any was due", log.steps)
	}
	if err := set(t, g, env, dict.Dict{"activity": 40}); err != nil {
		t.Fatal(err)
	}
	if n := len(spikeSteps(runPackets(g, env, 10, 300, 10))); n != 40 {
		t.Errorf("%d spikes after the change, want the new packet's 40", n)
	}
}

func TestPulsePacketGeneratorRedrawsPacketAtRunBoundary(t *testing.T) {
	// NEST 3.10 takes every packet within the tolerance of the current
	// time as due again at the start of a run: a packet around 30 ms
	// (tolerance 10 ms) split between two runs at 30 ms is drawn twice,
	// so about 1.5 packets' spikes arrive: all of the first draw (its
	// pending spikes are kept) plus the later half of the second.
	const activity = 1000
	env := envAt(t, 0.1)
	g := newPulsePacket(t, env, dict.Dict{"pulse_times": []any{30.0}, "activity": activity, "sdev": 1.0})
	first := len(spikeSteps(runPackets(g, env, 0, 300, 10)))
	second := len(spikeSteps(runPackets(g, env, 300, 600, 10)))
	// The second draw keeps the spikes at or after 30 ms: binomial with
	// p = 1/2 (plus the rounding of 30 ms itself), sd sqrt(n)/2.
	total := first + second
	if d := math.Abs(float64(total) - 1.5*activity); d > 5*math.Sqrt(activity)/2 {
		t.Errorf("%d spikes in all (%d, then %d), want about %d as NEST", total, first, second, activity*3/2)
	}
}
