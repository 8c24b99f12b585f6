package kernel

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/comm"
	"github.com/gonest/gonest/gocore/dict"
)

// memHub joins in-process kernels as if they were processes: Allgather
// collects one buffer from every rank, then hands all of them to each.
type memHub struct {
	size  int
	in    chan memMsg
	out   []chan [][]byte
	start sync.Once
}

type memMsg struct {
	rank int
	buf  []byte
}

type memComm struct {
	rank int
	hub  *memHub
}

func newMemHub(size int) *memHub {
	h := &memHub{size: size, in: make(chan memMsg), out: make([]chan [][]byte, size)}
	for i := range h.out {
		h.out[i] = make(chan [][]byte)
	}
	go func() {
		for {
			all := make([][]byte, size)
			for range size {
				m, ok := <-h.in
				if !ok {
					return
				}
				all[m.rank] = m.buf
			}
			for _, ch := range h.out {
				ch <- all
			}
		}
	}()
	return h
}

func (c memComm) Rank() int { return c.rank }
func (c memComm) Size() int { return c.hub.size }
func (c memComm) gather(buf []byte) [][]byte {
	c.hub.in <- memMsg{rank: c.rank, buf: slices.Clone(buf)}
	return <-c.hub.out[c.rank]
}

func (c memComm) Alltoall(send, recv []byte) error {
	all := c.gather(send)
	blk := len(send) / c.hub.size
	for r, b := range all {
		if len(b) != len(send) {
			return fmt.Errorf("rank %d sent %d bytes, rank %d %d", r, len(b), c.rank, len(send))
		}
		copy(recv[r*blk:(r+1)*blk], b[c.rank*blk:(c.rank+1)*blk])
	}
	return nil
}

func (c memComm) Allgather(send, recv []byte) error {
	for r, b := range c.gather(send) {
		if len(b) != len(send) {
			return fmt.Errorf("rank %d sent %d bytes, rank %d %d", r, len(b), c.rank, len(send))
		}
		copy(recv[r*len(send):], b)
	}
	return nil
}

func (c memComm) AllreduceInt64(vals []int64, op comm.Op) error {
	buf := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(buf[8*i:], uint64(v))
	}
	for _, b := range c.gather(buf) {
		for i := range vals {
			v := int64(binary.LittleEndian.Uint64(b[8*i:]))
			switch op {
			case comm.OpMin:
				vals[i] = min(vals[i], v)
			case comm.OpMax:
				vals[i] = max(vals[i], v)
			}
		}
	}
	if op == comm.OpSum {
		return fmt.Errorf("memComm: OpSum is not needed")
	}
	return nil
}

// runDistributed builds and simulates the same network on size in-process
// "processes" and returns their kernels.
func runDistributed(t *testing.T, size int, build func(*Kernel), simMs float64) []*Kernel {
	t.Helper()
	return runVPs(t, size, 1, build, simMs)
}

// runVPs is runDistributed with threads threads per process.
func runVPs(t *testing.T, size, threads int, build func(*Kernel), simMs float64) []*Kernel {
	t.Helper()
	hub := newMemHub(size)
	defer close(hub.in)
	ks := make([]*Kernel, size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r := range size {
		ks[r] = New(memory.NewGoAllocator())
		if size > 1 {
			if err := ks[r].SetComm(memComm{rank: r, hub: hub}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ks[r].SetStatus(dict.Dict{"local_num_threads": int64(threads)}); err != nil {
			t.Fatal(err)
		}
		build(ks[r])
	}
	for r := range size {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = ks[r].Simulate(simMs)
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	return ks
}

// events merges the (sender, time) rows of recorder id over all ranks,
// sorted.
func mergedEvents(t *testing.T, ks []*Kernel, id int) [][2]float64 {
	t.Helper()
	var rows [][2]float64
	for _, k := range ks {
		tab, err := k.Recording(id)
		if err != nil {
			t.Fatal(err)
		}
		s, tm := tab.Int64s(0), tab.Float64s(1)
		for i := range s {
			rows = append(rows, [2]float64{float64(s[i]), tm[i]})
		}
	}
	slices.SortFunc(rows, func(a, b [2]float64) int {
		if a[1] != b[1] {
			return compareFloat(a[1], b[1])
		}
		return compareFloat(a[0], b[0])
	})
	return rows
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestDistributedSeedMatchesNEST(t *testing.T) {
	// With two processes the presynaptic neuron (node 2) and the
	// postsynaptic one (node 3) live on different processes, so every
	// spike that shapes the trace crosses between them.
	for _, size := range []int{2, 3} {
		t.Run(fmt.Sprintf("processes=%d", size), func(t *testing.T) {
			sc := seedScenarios[0]
			ks := runDistributed(t, size, func(k *Kernel) { buildSeed(t, k, sc) }, 1200)
			owner := ks[3%size] // node 3 is on VP 3 % size
			ref := filepath.Join("testdata", "seed", sc.dir)
			compareRecording(t, owner, 4, filepath.Join(ref, "voltmeter.csv"), seedTol, 12)
			for r, k := range ks {
				if r == 3%size {
					continue
				}
				if tab, _ := k.Recording(4); tab.Len() != 0 {
					t.Errorf("rank %d recorded %d samples of a neuron it does not own", r, tab.Len())
				}
			}
			spikes := mergedEvents(t, ks, 6)
			if len(spikes) != 20 {
				t.Errorf("spike_recorder copies hold %d spikes together, want NEST's 20", len(spikes))
			}
		})
	}
}

func TestDistributedNetworkEqualsSingleProcess(t *testing.T) {
	// A spike_generator drives parrots that feed iaf_psc_alpha neurons all
	// to all; the merged spikes of 1, 2 and 3 processes must be the same.
	build := func(k *Kernel) {
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		times := []any{}
		for i := 1; i <= 60; i++ {
			times = append(times, float64(i)*1.5)
		}
		gen, err := k.Create("spike_generator", 1, []dict.Dict{{"spike_times": times}})
		must(err)
		parrots, err := k.Create("parrot_neuron", 4, nil)
		must(err)
		nrn, err := k.Create("iaf_psc_alpha", 6, []dict.Dict{{"I_e": 300.0}})
		must(err)
		rec, err := k.Create("spike_recorder", 1, nil)
		must(err)
		_ = rec
		must(k.Connect([]int{gen}, ids(parrots, parrots+3), nil, nil))
		must(k.Connect(ids(parrots, parrots+3), ids(nrn, nrn+5), nil, dict.Dict{"weight": 400.0, "delay": 1.0}))
		must(k.Connect(ids(nrn, nrn+5), ids(nrn, nrn+5), dict.Dict{"rule": "fixed_indegree", "indegree": 2.0}, dict.Dict{"weight": -150.0, "delay": 2.0}))
		must(k.Connect(ids(parrots, nrn+5), []int{rec}, nil, nil))
	}
	want := mergedEvents(t, runDistributed(t, 1, build, 150), 12)
	if len(want) < 50 {
		t.Fatalf("the network spiked only %d times; the test needs activity", len(want))
	}
	for _, size := range []int{2, 3} {
		got := mergedEvents(t, runDistributed(t, size, build, 150), 12)
		if !slices.Equal(got, want) {
			t.Errorf("%d processes: %d spikes, single process %d; first difference at %d", size, len(got), len(want), firstDiff(got, want))
		}
	}
}

func firstDiff(a, b [][2]float64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestDistributedProcessesDrawDifferentRandomNumbers(t *testing.T) {
	// One poisson_generator drives four parrots; with two processes the
	// parrots live on different processes and must not get the same
	// spike trains (each process needs its own random streams).
	build := func(k *Kernel) {
		gen, _ := k.Create("poisson_generator", 1, []dict.Dict{{"rate": 2000.0}})
		p, _ := k.Create("parrot_neuron", 4, nil)
		rec, _ := k.Create("spike_recorder", 1, nil)
		if err := k.Connect([]int{gen}, ids(p, p+3), nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := k.Connect(ids(p, p+3), []int{rec}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	rows := mergedEvents(t, runDistributed(t, 2, build, 50), 6)
	trains := map[int][]float64{}
	for _, r := range rows {
		trains[int(r[0])] = append(trains[int(r[0])], r[1])
	}
	if len(trains) != 4 {
		t.Fatalf("spikes from %d parrots, want 4", len(trains))
	}
	for a := 2; a <= 5; a++ {
		for b := a + 1; b <= 5; b++ {
			if slices.Equal(trains[a], trains[b]) {
				t.Errorf("parrots %d and %d have identical spike trains", a, b)
			}
		}
	}
}

func TestDistributedVPSplitsGiveTheSameSpikes(t *testing.T) {
	// The Brunel network with Poisson input and random connectivity: for
	// the same number of virtual processes, every split into processes
	// and threads gives the same spikes, bit for bit.
	var rec int
	build := func(k *Kernel) { rec = buildBrunelInto(t, k, 40) }
	for _, splits := range [][][2]int{{{1, 2}, {2, 1}}, {{1, 4}, {2, 2}, {4, 1}}, {{1, 3}, {3, 1}}} {
		var want [][2]float64
		for i, pt := range splits {
			got := mergedEvents(t, runVPs(t, pt[0], pt[1], build, 200), rec)
			if i == 0 {
				want = got
				if len(want) < 200 {
					t.Fatalf("%v: only %d spikes; the test needs activity", pt, len(want))
				}
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("%d processes x %d threads: %d spikes, %d x %d: %d; first difference at %d",
					pt[0], pt[1], len(got), splits[0][0], splits[0][1], len(want), firstDiff(got, want))
			}
		}
	}
}

func TestDistributedNodePlacement(t *testing.T) {
	// NEST's vp_manager: node id n is on VP n % V, VP v on rank v % P as
	// thread v / P.
	ks := runVPs(t, 2, 3, func(k *Kernel) {
		if _, err := k.Create("iaf_psc_alpha", 13, nil); err != nil {
			t.Fatal(err)
		}
	}, 0)
	for r, k := range ks {
		for id := 1; id <= 13; id++ {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			vp := id % 6
			if st["vp"] != vp || st["local"] != (vp%2 == r) || (st["local"] == true && st["thread"] != vp/2) {
				t.Errorf("rank %d node %d: vp %v local %v thread %v, want vp %d on rank %d thread %d",
					r, id, st["vp"], st["local"], st["thread"], vp, vp%2, vp/2)
			}
		}
	}
}

func TestDistributedExchangeBuffersGrowAndShrink(t *testing.T) {
	// The chunks start at 2 records; a busy network makes them grow to
	// hold the largest count of a rank (1.5 times it), and a quiet period
	// shrinks them again, on every rank alike.
	var rec int
	ks := runVPs(t, 2, 1, func(k *Kernel) { rec = buildBrunelInto(t, k, 40) }, 100)
	if tab, _ := ks[0].Recording(rec); tab.Len() == 0 {
		t.Fatal("no spikes; the test needs activity")
	}
	grown := ks[0].spikeChunk
	for r, k := range ks {
		if k.spikeChunk != grown || k.spikeChunk < 3 || k.spikeMax+1 > k.spikeChunk {
			t.Errorf("rank %d: chunk %d records for a largest count of %d (rank 0: %d)", r, k.spikeChunk, k.spikeMax, grown)
		}
	}
	// Silence the network: no drive, so no spikes after the ring buffers
	// drain; the chunks shrink back towards 2.
	hub := newMemHub(2)
	defer close(hub.in)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for r, k := range ks {
		k.comm = memComm{rank: r, hub: hub}
		if err := k.SetStatus(dict.Dict{}); err != nil {
			t.Fatal(err)
		}
		if err := k.SetNodeStatus([]int{201}, []dict.Dict{{"rate": 0.0}}); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); errs[r] = k.Simulate(100) }()
	}
	wg.Wait()
	for r, k := range ks {
		if errs[r] != nil {
			t.Fatal(errs[r])
		}
		if k.spikeChunk >= grown || k.spikeChunk > 2 {
			t.Errorf("rank %d: chunk %d records after a silent period (was %d)", r, k.spikeChunk, grown)
		}
	}
}
