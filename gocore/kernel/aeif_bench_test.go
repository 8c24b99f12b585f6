package kernel

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/record"
)

// buildAeifNetwork builds the aeif_cond_exp workload of
// benchmarks/compare.py, its populations divided by scale: 1600
// excitatory and 400 inhibitory neurons with I_e = 500 pA, a 6 kHz
// Poisson drive of weight 5 nS, fixed indegrees 100 (1 nS) and 25
// (-4 nS), delays 1.5 ms, a spike recorder on all of them.
func buildAeifNetwork(tb testing.TB, scale int) (*Kernel, int) {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	k := New(memory.NewGoAllocator())
	must(k.SetStatus(dict.Dict{"resolution": 0.1, "rng_seed": 143202461.0}))
	nE, nI := 1600/scale, 400/scale
	first, err := k.Create("aeif_cond_exp", nE+nI, []dict.Dict{{"I_e": 500.0}})
	must(err)
	exc, inh, all := ids(first, first+nE-1), ids(first+nE, first+nE+nI-1), ids(first, first+nE+nI-1)
	noise, err := k.Create("poisson_generator", 1, []dict.Dict{{"rate": 6000.0}})
	must(err)
	rec, err := k.Create("spike_recorder", 1, nil)
	must(err)
	must(k.Connect([]int{noise}, all, nil, dict.Dict{"weight": 5.0, "delay": 1.0}))
	must(k.Connect(exc, all, dict.Dict{"rule": "fixed_indegree", "indegree": 100.0}, dict.Dict{"weight": 1.0, "delay": 1.5}))
	must(k.Connect(inh, all, dict.Dict{"rule": "fixed_indegree", "indegree": 25.0}, dict.Dict{"weight": -4.0, "delay": 1.5}))
	must(k.Connect(all, []int{rec}, nil, nil))
	return k, rec
}

// BenchmarkAeifNetwork simulates 100 ms of buildAeifNetwork's network
// per iteration and reports the time per simulated second and the rate.
func BenchmarkAeifNetwork(b *testing.B) {
	k, rec := buildAeifNetwork(b, 1)
	const simMs = 100.0
	for b.Loop() {
		if err := k.Simulate(simMs); err != nil {
			b.Fatal(err)
		}
	}
	tab, _ := k.Recording(rec)
	b.ReportMetric(b.Elapsed().Seconds()/(simMs*float64(b.N)/1000), "s/sim-s")
	b.ReportMetric(float64(tab.Len())/(2000*simMs*float64(b.N)/1000), "Hz")
}

// BenchmarkAeifNetworkSmall simulates 100 ms of buildAeifNetwork's
// network at an eighth of its size per iteration, a fixed amount of work
// for counting instructions (valgrind --tool=callgrind with
// GODEBUG=asyncpreemptoff=1 and -test.benchtime 1x). It logs the spikes'
// digest (-test.v), by which runs of different builds compare bit for
// bit.
func BenchmarkAeifNetworkSmall(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		k, rec := buildAeifNetwork(b, 8)
		b.StartTimer()
		if err := k.Simulate(100); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		tab, _ := k.Recording(rec)
		digest := sha256.New()
		for i := range tab.Names() {
			switch tab.Kind(i) {
			case record.Int64:
				for _, v := range tab.Int64s(i) {
					digest.Write(binary.LittleEndian.AppendUint64(nil, uint64(v)))
				}
			case record.Float64:
				for _, v := range tab.Float64s(i) {
					digest.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
				}
			}
		}
		b.Logf("%d spikes, digest %x", tab.Len(), digest.Sum(nil))
		b.StartTimer()
	}
}
