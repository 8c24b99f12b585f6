package models

import (
	"fmt"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// BenchmarkIafTum2000Update measures the model alone: n neurons with a
// constant I_e (I*R 20 mV above E_L against a 15 mV threshold, so they
// spike regularly; initial V_m spread over [E_L, V_th] so they do so out of
// phase, some in the first step) updated slice by slice without a kernel,
// so that the difference to kernel.BenchmarkNeuronUpdate is the kernel's
// share. Reported as ns/neuron-step.
func BenchmarkIafTum2000Update(b *testing.B) {
	for _, n := range []int{1, 1000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkModelUpdate(b, n) })
	}
}

func benchmarkModelUpdate(b *testing.B, n int) {
	const sliceSteps = 10
	env := testEnv()
	env.RingLen, env.MinDelay = 2*sliceSteps, sliceSteps
	neurons := make([]*IafTum2000, n)
	for i := range neurons {
		neurons[i] = NewIafTum2000()
		vm := -70 + 15*float64(i%100)/99
		if err := neurons[i].SetStatus(dict.NewReader(dict.Dict{"I_e": 500.0, "V_m": vm}), env); err != nil {
			b.Fatal(err)
		}
		neurons[i].Prepare(env)
	}
	spikes := &countingEmitter{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: spikes}
	// At least 1e5 neuron-steps per iteration, so that small n measures
	// the update rather than the loop around it.
	slices := max(1, 100000/(n*sliceSteps))
	var origin int64
	for b.Loop() {
		for range slices {
			for i, nrn := range neurons {
				ctx.Index = i
				nrn.Update(ctx, origin, 0, sliceSteps)
			}
			origin += sliceSteps
		}
	}
	if spikes.n == 0 {
		b.Fatal("no neuron spiked; the benchmark does not exercise the spike path")
	}
	neuronSteps := float64(b.N) * float64(slices*sliceSteps) * float64(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/neuronSteps, "ns/neuron-step")
}

// countingEmitter counts spikes and drops them. The embedded interface
// (nil) keeps it compiling when node.Emitter grows.
type countingEmitter struct {
	node.Emitter
	n int
}

func (c *countingEmitter) EmitSpike(int, int64, float64)     { c.n++ }
func (*countingEmitter) EmitSpikes(int, int64, float64, int) {}
func (*countingEmitter) EmitPoisson(int, int64, float64)     {}
func (c *countingEmitter) SendCurrent(int, int64, float64)   {}
