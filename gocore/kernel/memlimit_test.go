package kernel

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// memLimitedKernel returns a kernel with a few neurons and memory_limit
// set to limit bytes above what the process holds now.
func memLimitedKernel(t *testing.T, headroom float64) *Kernel {
	t.Helper()
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 10)
	rss, ok := procStatusBytes("VmRSS")
	if !ok {
		t.Skip("no /proc/self/status")
	}
	if err := k.SetStatus(dict.Dict{"memory_limit": int64(rss + headroom)}); err != nil {
		t.Fatal(err)
	}
	return k
}

// requests that cannot fit are refused with MemoryError before anything
// changes, and the kernel still simulates afterwards.
func TestMemoryLimitRefusesBeforeAllocating(t *testing.T) {
	k := memLimitedKernel(t, 64<<20)
	before := takeSnapshot(t, k)
	cases := []struct {
		name string
		do   func() error
	}{
		{"Create 1e12", func() error { _, err := k.Create("iaf_psc_alpha", 1_000_000_000_000, nil); return err }},
		{"Create 1e7 with bad params", func() error {
			_, err := k.Create("iaf_psc_alpha", 10_000_000, []dict.Dict{{"C_m": -1.0}})
			return err
		}},
		{"all_to_all 1e5 x 1e5", func() error {
			ids := make([]int, 100_000)
			for i := range ids {
				ids[i] = 1 + i%10
			}
			return k.Connect(ids, ids, dict.Dict{"rule": "all_to_all"}, nil)
		}},
		{"fixed_indegree 1e9", func() error {
			return k.Connect([]int{1, 2}, []int{3, 4}, dict.Dict{"rule": "fixed_indegree", "indegree": int64(1e9)}, nil)
		}},
		{"fixed_total_number 1e10", func() error {
			return k.Connect([]int{1, 2}, []int{3, 4}, dict.Dict{"rule": "fixed_total_number", "N": int64(1e10)}, nil)
		}},
		{"pairwise_poisson 1e9 per pair", func() error {
			return k.Connect([]int{1, 2}, []int{3, 4}, dict.Dict{"rule": "pairwise_poisson", "pairwise_avg_num_conns": 1e9}, nil)
		}},
	}
	for _, c := range cases {
		err := c.do()
		wantCategory(t, err, nesterr.ErrMemory)
		if d := before.diff(takeSnapshot(t, k)); d != "" {
			t.Errorf("%s: %s", c.name, d)
		}
	}
	mustSimulate(t, k, 10)
}

// A long delay makes every node's input ring long: refused at Simulate,
// which then changes nothing.
func TestMemoryLimitRingBuffers(t *testing.T) {
	k := newKernel()
	ids := make([]int, 2000)
	first := mustCreate(t, k, "iaf_psc_alpha", len(ids))
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, ids[:1], ids[1:2], dict.Dict{"rule": "one_to_one"}, dict.Dict{"delay": 1e6})
	rss, _ := procStatusBytes("VmRSS")
	if err := k.SetStatus(dict.Dict{"memory_limit": int64(rss + 256<<20)}); err != nil {
		t.Fatal(err)
	}
	// 2000 nodes x 2 channels x 1e7 steps x 8 bytes = 320 GB.
	wantCategory(t, k.Simulate(1), nesterr.ErrMemory)
	if got := k.Status()["biological_time"]; got != 0.0 {
		t.Errorf("biological_time %v after the refused Simulate", got)
	}
}

// NEST's limits for kernel keys: no more threads than can run, a
// resolution of at most 2^31 tics, T_max for the simulation time.
func TestKernelKeyLimits(t *testing.T) {
	k := newKernel()
	before := k.Status()
	for _, c := range []struct {
		set dict.Dict
		cat *nesterr.Category
	}{
		{dict.Dict{"local_num_threads": int64(1) << 31}, nesterr.ErrBadProperty},
		{dict.Dict{"local_num_threads": int64(0)}, nesterr.ErrBadProperty},
		{dict.Dict{"total_num_virtual_procs": int64(1) << 40}, nesterr.ErrBadProperty},
		{dict.Dict{"resolution": math.Ldexp(1, 63)}, nesterr.ErrKernelException},
		{dict.Dict{"resolution": 1e300}, nesterr.ErrKernelException},
		{dict.Dict{"resolution": math.NaN()}, nesterr.ErrKernelException},
		{dict.Dict{"resolution": 0.1, "tics_per_ms": 1e300}, nesterr.ErrKernelException},
		{dict.Dict{"memory_limit": int64(-1)}, nesterr.ErrBadProperty},
	} {
		wantCategory(t, k.SetStatus(c.set), c.cat)
	}
	if !reflect.DeepEqual(before, k.Status()) {
		t.Error("a refused kernel key changed the status")
	}
	if err := k.SetStatus(dict.Dict{"resolution": 1000.0}); err != nil {
		t.Fatalf("a resolution of 1 s (1e6 tics) is fine: %v", err)
	}
	k.Reset()
	wantCategory(t, k.CheckSimulate(1e300), nesterr.ErrKernelException)
	wantCategory(t, k.CheckSimulate(k.tMaxMs()+1), nesterr.ErrKernelException)
	if err := k.CheckSimulate(1e9); err != nil {
		t.Errorf("1e9 ms is within T_max: %v", err)
	}
}

// keep_source_table is stored and read back (it was read back as true).
func TestKeepSourceTableReadsBack(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"keep_source_table": false}); err != nil {
		t.Fatal(err)
	}
	if got := k.Status()["keep_source_table"]; got != false {
		t.Errorf("keep_source_table = %v, want false", got)
	}
	k.Reset()
	if got := k.Status()["keep_source_table"]; got != true {
		t.Errorf("after Reset keep_source_table = %v, want true", got)
	}
}

// The estimate of a node counts what it holds beyond its own struct.
func TestNodeBytesCountsContents(t *testing.T) {
	k := newKernel()
	small := nodeBytes(k.prototypes["iaf_psc_alpha"])
	if small < memNodeOverhead+64 || small > 1<<16 {
		t.Errorf("iaf_psc_alpha estimated at %g bytes", small)
	}
	if formatBytes(3<<30) != "3.0 GiB" {
		t.Errorf("formatBytes(3 GiB) = %q", formatBytes(3<<30))
	}
}

// A multimeter's samples over a long run are known in advance: a run whose
// samples cannot fit is refused before it starts.
func TestMemoryLimitMultimeterSamples(t *testing.T) {
	k := newKernel()
	first := mustCreate(t, k, "iaf_psc_alpha", 100)
	mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"V_m"}})
	ids := make([]int, 100)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, []int{mm}, ids, dict.Dict{"rule": "all_to_all"}, nil)
	rss, _ := procStatusBytes("VmRSS")
	if err := k.SetStatus(dict.Dict{"memory_limit": int64(rss + 256<<20)}); err != nil {
		t.Fatal(err)
	}
	// 1e7 samples x 100 targets x 3 columns x 8 bytes = 24 GB.
	wantCategory(t, k.Simulate(1e6), nesterr.ErrMemory)
	if got := k.Status()["biological_time"]; got != 0.0 {
		t.Errorf("biological_time %v after the refused Simulate", got)
	}
	mustSimulate(t, k, 10)
}

// update_time_limit stops a run after a cycle slower than the limit, as in
// NEST, and must be positive.
func TestUpdateTimeLimit(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 1000)
	wantCategory(t, k.SetStatus(dict.Dict{"update_time_limit": 0.0}), nesterr.ErrKernelException)
	if err := k.SetStatus(dict.Dict{"update_time_limit": 1e-9}); err != nil {
		t.Fatal(err)
	}
	wantCategory(t, k.Simulate(100), nesterr.ErrKernelException)
	if bt := k.Status()["biological_time"].(float64); bt <= 0 || bt >= 100 {
		t.Errorf("stopped at %g ms, want after the first cycle", bt)
	}
	if err := k.SetStatus(dict.Dict{"update_time_limit": math.Inf(1)}); err != nil {
		t.Fatal(err)
	}
	mustSimulate(t, k, 10)
}

// Processes that built different networks get a named error naming both
// sizes before the first run, not an index error in the spike exchange.
func TestDistributedDifferentNetworksRefused(t *testing.T) {
	for _, sameSize := range []bool{false, true} {
		hub := newMemHub(2)
		ks := []*Kernel{newKernel(), newKernel()}
		for r, k := range ks {
			if err := k.SetComm(memComm{rank: r, hub: hub}); err != nil {
				t.Fatal(err)
			}
		}
		mustCreate(t, ks[0], "iaf_psc_alpha", 4)
		if sameSize {
			mustCreate(t, ks[1], "parrot_neuron", 4)
		} else {
			mustCreate(t, ks[1], "iaf_psc_alpha", 6)
		}
		errs := make([]error, 2)
		done := make(chan int)
		for r := range ks {
			go func() { errs[r] = ks[r].Simulate(10); done <- r }()
		}
		<-done
		<-done
		close(hub.in)
		for r, err := range errs {
			wantCategory(t, err, nesterr.ErrKernelException)
			if msg := err.Error(); !sameSize && (!strings.Contains(msg, " 4") || !strings.Contains(msg, " 6")) {
				t.Errorf("rank %d: %v does not name the sizes", r, err)
			}
		}
	}
}

// Listing more connections than fit is refused; a small selection of the
// same network is listed.
func TestMemoryLimitGetConnections(t *testing.T) {
	k := newKernel()
	first := mustCreate(t, k, "iaf_psc_alpha", 1000)
	ids := make([]int, 1000)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, ids, ids, dict.Dict{"rule": "fixed_indegree", "indegree": int64(200)}, nil)
	rss, _ := procStatusBytes("VmRSS")
	if err := k.SetStatus(dict.Dict{"memory_limit": int64(rss + 32<<20)}); err != nil {
		t.Fatal(err)
	}
	// 200,000 connections x 384 bytes = 77 MB > 0.8 x 32 MiB.
	_, err := k.GetConnections(nil, nil, "")
	wantCategory(t, err, nesterr.ErrMemory)
	c, err := k.GetConnections(nil, ids[:1], "")
	if err != nil || len(c.Source) != 200 {
		t.Fatalf("the connections of one target: %v, %d", err, len(c.Source))
	}
}
