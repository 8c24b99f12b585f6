package kernel

import (
	"fmt"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// BenchmarkNeuronUpdate measures the kernel's cost of advancing one
// iaf_tum_2000 by one step: the slice loop, the neuron update, and the
// dc_generator's current delivered into the neuron's ring buffer. The
// neurons spike regularly (I*R = 20 mV above E_L, threshold 15 mV), but
// their spikes have no targets. Reported as ns/neuron-step.
func BenchmarkNeuronUpdate(b *testing.B) {
	for _, n := range []int{1, 1000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkUpdate(b, n) })
	}
}

func benchmarkUpdate(b *testing.B, n int) {
	// stepsPerCall is large enough that Simulate's per-call preparation
	// (propagators of every neuron) is negligible against the steps.
	const msPerCall, stepsPerCall = 100.0, 1000
	k := newKernel()
	dc := mustCreate(b, k, "dc_generator", 1, dict.Dict{"amplitude": 500.0})
	first := mustCreate(b, k, "iaf_tum_2000", n)
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(b, k, []int{dc}, ids, nil, nil)
	calls := 0
	for b.Loop() {
		if err := k.Simulate(msPerCall); err != nil {
			b.Fatal(err)
		}
		calls++
	}
	neuronSteps := float64(calls) * stepsPerCall * float64(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/neuronSteps, "ns/neuron-step")
}

// BenchmarkSpikeDelivery measures the delivery of one spike event to one
// target: sources iaf_tum_2000 neurons that spike in every step (t_ref 0,
// a current far above threshold) each have fanout static connections to
// iaf_tum_2000 targets on receptor 1 (the only receptor one iaf_tum_2000
// may use towards another; no other spiking model exists yet) and one to
// a spike_recorder. Every delivered spike reaches all fanout+1 targets in
// the same delivery, so the recorder's rows times fanout+1 is the exact
// number of delivered events. The time includes the updates of all
// neurons, small next to the events (fanout events per source-step).
// Reported as ns/event.
func BenchmarkSpikeDelivery(b *testing.B) {
	for _, sz := range []struct{ sources, fanout int }{{100, 100}, {1000, 1000}} {
		b.Run(fmt.Sprintf("sources=%d/fanout=%d", sz.sources, sz.fanout), func(b *testing.B) {
			benchmarkDelivery(b, sz.sources, sz.fanout)
		})
	}
}

func benchmarkDelivery(b *testing.B, sources, fanout int) {
	k := newKernel()
	src := mustCreate(b, k, "iaf_tum_2000", sources, dict.Dict{"I_e": 1e6, "t_ref": 0.0, "x": 1.0})
	tgt := mustCreate(b, k, "iaf_tum_2000", fanout)
	sr := mustCreate(b, k, "spike_recorder", 1)
	srcIDs, tgtIDs := make([]int, sources), make([]int, fanout)
	for i := range srcIDs {
		srcIDs[i] = src + i
	}
	for i := range tgtIDs {
		tgtIDs[i] = tgt + i
	}
	// Delay one step: slices of one step, a delivery in every step.
	mustConnect(b, k, srcIDs, tgtIDs, nil, dict.Dict{"weight": 1.0, "delay": 0.1, "receptor_type": 1})
	mustConnect(b, k, srcIDs, []int{sr}, nil, dict.Dict{"delay": 0.1})
	if got, want := k.NumConnections(), sources*(fanout+1); got != want {
		b.Fatalf("%d connections, want %d", got, want)
	}
	for b.Loop() {
		if err := k.Simulate(1.0); err != nil { // 10 steps
			b.Fatal(err)
		}
	}
	tab, err := k.Recording(sr)
	if err != nil {
		b.Fatal(err)
	}
	events := float64(tab.Len()) * float64(fanout+1)
	if events == 0 {
		b.Fatal("no spike was delivered")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
	b.ReportMetric(events/float64(b.N), "events/op")
}

// BenchmarkNeuronUpdateIe measures the update of neurons driven by their
// own I_e (no device input to deliver), 100 ms per Simulate call on one
// thread. One connection sets the min delay: 2000 neurons in slices of 10
// steps (delay 1 ms), as the neurons of small_connect in
// benchmarks/compare.py, whose state stays in the caches; and 20,000 in
// slices of one step (delay 0.1 ms), as in its cortical network, where
// each step reads every neuron's state from memory again. Reported as ns
// per neuron and step.
func BenchmarkNeuronUpdateIe(b *testing.B) {
	for _, model := range []string{"iaf_psc_alpha", "iaf_psc_exp", "iaf_psc_delta"} {
		for _, c := range []struct {
			n     int
			delay float64
		}{{2000, 1.0}, {2000, 0.1}, {20000, 0.1}} {
			b.Run(fmt.Sprintf("%s/n=%d/delay=%g", model, c.n, c.delay), func(b *testing.B) {
				const stepsPerCall = 1000
				k := newKernel()
				first := mustCreate(b, k, model, c.n, dict.Dict{"I_e": 400.0})
				mustConnect(b, k, []int{first}, []int{first + 1}, nil, dict.Dict{"delay": c.delay, "weight": 1.0})
				for b.Loop() {
					if err := k.Simulate(100); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*stepsPerCall*float64(c.n)), "ns/neuron-step")
			})
		}
	}
}
