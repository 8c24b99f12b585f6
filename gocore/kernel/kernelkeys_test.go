package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestUserDelayExtremaBoundConnections(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"min_delay": 0.5, "max_delay": 3.0}); err != nil {
		t.Fatal(err)
	}
	if got := kernelFloat(t, k, "min_delay"); got != 0.5 {
		t.Errorf("min_delay = %g, want 0.5", got)
	}
	if got := kernelFloat(t, k, "max_delay"); got != 3.0 {
		t.Errorf("max_delay = %g, want 3", got)
	}
	a := mustCreate(t, k, "iaf_psc_alpha", 2)
	// Within the range: accepted, and the extrema stay as the user set them.
	mustConnect(t, k, []int{a}, []int{a + 1}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"delay": 1.0})
	if got := kernelFloat(t, k, "min_delay"); got != 0.5 {
		t.Errorf("min_delay after connecting = %g, want 0.5", got)
	}
	for _, d := range []float64{0.2, 3.5} {
		err := k.Connect([]int{a}, []int{a + 1}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"delay": d})
		wantCategory(t, err, nesterr.ErrBadDelay)
	}
	if k.NumConnections() != 1 {
		t.Errorf("%d connections, want 1", k.NumConnections())
	}
	// With connections the extrema are fixed.
	wantCategory(t, k.SetStatus(dict.Dict{"min_delay": 0.1, "max_delay": 1.0}), nesterr.ErrBadProperty)
	mustSimulate(t, k, 5)
	if k.minDelay != 5 || k.maxDelay != 30 {
		t.Errorf("slice uses delays %d..%d steps, want 5..30", k.minDelay, k.maxDelay)
	}
}

func TestUserDelayExtremaErrors(t *testing.T) {
	k := newKernel()
	wantCategory(t, k.SetStatus(dict.Dict{"min_delay": 1.0}), nesterr.ErrBadProperty)
	wantCategory(t, k.SetStatus(dict.Dict{"min_delay": 2.0, "max_delay": 1.0}), nesterr.ErrBadDelay)
	wantCategory(t, k.SetStatus(dict.Dict{"min_delay": 0.05, "max_delay": 1.0}), nesterr.ErrBadDelay)
	// Nothing changed.
	if got := kernelFloat(t, k, "max_delay"); got != 0.1 {
		t.Errorf("max_delay = %g after rejected calls, want 0.1", got)
	}
	// Rounding: min_delay down, max_delay up to the grid.
	if err := k.SetStatus(dict.Dict{"min_delay": 0.25, "max_delay": 0.25}); err != nil {
		t.Fatal(err)
	}
	if lo, hi := kernelFloat(t, k, "min_delay"), kernelFloat(t, k, "max_delay"); lo != 0.2 || hi != 0.3 {
		t.Errorf("delays = %g, %g; want 0.2, 0.3", lo, hi)
	}
	// A coarser resolution rounds them again.
	if err := k.SetStatus(dict.Dict{"resolution": 1.0, "min_delay": 2.1, "max_delay": 12.3}); err != nil {
		t.Fatal(err)
	}
	if lo, hi := kernelFloat(t, k, "min_delay"), kernelFloat(t, k, "max_delay"); lo != 2 || hi != 13 {
		t.Errorf("delays at 1 ms resolution = %g, %g; want 2, 13", lo, hi)
	}
	k.Reset()
	if lo := kernelFloat(t, k, "min_delay"); lo != 0.1 {
		t.Errorf("min_delay after Reset = %g, want 0.1", lo)
	}
}

func TestTotalNumVirtualProcsSetsThreads(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"total_num_virtual_procs": int64(3)}); err != nil {
		t.Fatal(err)
	}
	if got := k.Status()["local_num_threads"]; got != 3 {
		t.Errorf("local_num_threads = %v, want 3", got)
	}
	wantCategory(t, k.SetStatus(dict.Dict{"total_num_virtual_procs": int64(0)}), nesterr.ErrBadProperty)
	wantCategory(t, k.SetStatus(dict.Dict{"total_num_virtual_procs": int64(2), "local_num_threads": int64(4)}), nesterr.ErrBadProperty)
	if got := k.Status()["total_num_virtual_procs"]; got != 3 {
		t.Errorf("total_num_virtual_procs = %v after rejected calls, want 3", got)
	}
}

func TestCompatKernelKeysStored(t *testing.T) {
	k := newKernel()
	st := k.Status()
	if st["use_compressed_spikes"] != true || st["rng_type"] != "mt19937_64" || st["max_num_syn_models"] != 511 {
		t.Fatalf("defaults: use_compressed_spikes=%v rng_type=%v max_num_syn_models=%v",
			st["use_compressed_spikes"], st["rng_type"], st["max_num_syn_models"])
	}
	if err := k.SetStatus(dict.Dict{"use_compressed_spikes": false, "rng_type": "Philox_32", "wfr_tol": 0.01}); err != nil {
		t.Fatal(err)
	}
	st = k.Status()
	if st["use_compressed_spikes"] != false || st["rng_type"] != "Philox_32" || st["wfr_tol"] != 0.01 {
		t.Errorf("after set: %v %v %v", st["use_compressed_spikes"], st["rng_type"], st["wfr_tol"])
	}
	wantCategory(t, k.SetStatus(dict.Dict{"rng_type": "nonsense", "use_compressed_spikes": true}), nesterr.ErrBadProperty)
	wantCategory(t, k.SetStatus(dict.Dict{"use_compressed_spikes": "yes"}), nesterr.ErrTypeMismatch)
	if k.Status()["use_compressed_spikes"] != false {
		t.Error("a rejected SetStatus changed use_compressed_spikes")
	}
	wantCategory(t, k.SetStatus(dict.Dict{"rng_types": []any{"x"}}), nesterr.ErrKernelException)
	k.Reset()
	if k.Status()["rng_type"] != "mt19937_64" {
		t.Error("Reset kept rng_type")
	}
	if tMax := kernelFloat(t, k, "T_max"); math.Abs(tMax-1152921504606846.8) > 1 {
		t.Errorf("T_max = %g", tMax)
	}
}

func TestLocalSpikeCounterCountsLastRun(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 2, dict.Dict{"I_e": 1000.0})
	mustSimulate(t, k, 50)
	first := k.Status()["local_spike_counter"].(int64)
	if first < 2 {
		t.Fatalf("local_spike_counter = %d after 50 ms of strong drive", first)
	}
	mustSimulate(t, k, 50)
	if got := k.Status()["local_spike_counter"].(int64); got < 1 || got > first+2 {
		t.Errorf("second run counts %d (first %d): must count that run only", got, first)
	}
}

func TestBiologicalTimeResetsToZeroOnly(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 1)
	mustSimulate(t, k, 10)
	wantCategory(t, k.SetStatus(dict.Dict{"biological_time": 5.0}), nesterr.ErrBadProperty)
	if got := kernelFloat(t, k, "biological_time"); got != 10 {
		t.Fatalf("biological_time = %g after a rejected set, want 10", got)
	}
	if err := k.SetStatus(dict.Dict{"biological_time": 0.0}); err != nil {
		t.Fatal(err)
	}
	if got := kernelFloat(t, k, "biological_time"); got != 0 {
		t.Fatalf("biological_time = %g, want 0", got)
	}
	mustSimulate(t, k, 3)
	if got := kernelFloat(t, k, "biological_time"); math.Abs(got-3) > 1e-12 {
		t.Errorf("biological_time = %g after 3 ms more, want 3", got)
	}
}

func TestWaveformRelaxationSettings(t *testing.T) {
	k := newKernel()
	wantCategory(t, k.SetStatus(dict.Dict{"wfr_comm_interval": 0.05}), nesterr.ErrKernelException)
	wantCategory(t, k.SetStatus(dict.Dict{"use_wfr": false, "wfr_comm_interval": 0.5}), nesterr.ErrKernelException)
	if err := k.SetStatus(dict.Dict{"wfr_comm_interval": 0.5}); err != nil {
		t.Fatal(err)
	}
	if err := k.SetStatus(dict.Dict{"use_wfr": false, "resolution": 0.2}); err != nil {
		t.Fatal(err)
	}
	if got := kernelFloat(t, k, "wfr_comm_interval"); got != 0.2 {
		t.Errorf("wfr_comm_interval = %g with use_wfr off, want the resolution 0.2", got)
	}
	mustCreate(t, k, "iaf_psc_alpha", 1)
	wantCategory(t, k.SetStatus(dict.Dict{"use_wfr": true}), nesterr.ErrKernelException)
	// NEST refuses use_wfr once nodes exist, even at its present value
	// (testsuite/pytests/other/test_wfr_settings.py).
	wantCategory(t, k.SetStatus(dict.Dict{"use_wfr": false}), nesterr.ErrKernelException)
}

func TestMultimeterConnectsToANodeOnce(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 2)
	mm := mustCreate(t, k, "multimeter", 1)
	mustConnect(t, k, []int{mm}, []int{n}, dict.Dict{"rule": "all_to_all"}, nil)
	before := k.NumConnections()
	err := k.Connect([]int{mm}, []int{n, n + 1}, dict.Dict{"rule": "all_to_all"}, nil)
	wantCategory(t, err, nesterr.ErrIllegalConnection)
	if k.NumConnections() != before {
		t.Errorf("a refused Connect changed the connection count from %d to %d", before, k.NumConnections())
	}
	mustConnect(t, k, []int{mm}, []int{n + 1}, dict.Dict{"rule": "all_to_all"}, nil)
}

func TestMultimeterConnectionsAreListed(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 2)
	mm1 := mustCreate(t, k, "multimeter", 1)
	mm2 := mustCreate(t, k, "multimeter", 1)
	mustConnect(t, k, []int{mm1}, []int{n, n + 1}, dict.Dict{"rule": "all_to_all"}, nil)
	mustConnect(t, k, []int{mm2}, []int{n + 1}, dict.Dict{"rule": "all_to_all"}, nil)
	c, err := k.GetConnections([]int{mm2}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 1 || c.Target[0] != n+1 || c.Rport[0] != 2 || c.SynapseModel[0] != "static_synapse" {
		t.Fatalf("mm2's connections: %+v", c)
	}
	c, _ = k.GetConnections(nil, []int{n + 1}, "")
	if c.Len() != 2 || c.Source[0] != mm1 || c.Rport[0] != 1 || c.Source[1] != mm2 {
		t.Errorf("connections to node %d: %+v", n+1, c)
	}
	all, _ := k.GetConnections(nil, nil, "")
	if all.Len() != k.NumConnections() {
		t.Errorf("GetConnections lists %d, num_connections %d", all.Len(), k.NumConnections())
	}
	err = k.SetConnections([]int{mm1}, nil, "", nil, []dict.Dict{{"weight": 2.0}})
	wantCategory(t, err, nesterr.ErrBadProperty)
	if none, _ := k.GetConnections([]int{mm1}, nil, "stdp_synapse"); none.Len() != 0 {
		t.Errorf("a synapse filter still lists %d multimeter connections", none.Len())
	}
}

func TestConnectionPortsCountBySourceOnEachThread(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 3)
	ids := []int{n, n + 1, n + 2}
	mustConnect(t, k, ids, ids, dict.Dict{"rule": "all_to_all"}, nil)
	ports, err := k.ConnectionPorts([]int{n + 2}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	// Sources 1 and 2 hold ports 0..5; source 3's connections follow.
	if len(ports) != 3 || ports[0] != 6 || ports[1] != 7 || ports[2] != 8 {
		t.Errorf("ports of source 3: %v, want [6 7 8]", ports)
	}
	all, _ := k.ConnectionPorts(nil, nil, "")
	for i, p := range all {
		if p != i {
			t.Fatalf("ports of all connections: %v", all)
		}
	}
}

func TestProbabilisticRulesCannotTargetRecorders(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 1)
	rec := mustCreate(t, k, "spike_recorder", 2)
	for _, spec := range []dict.Dict{
		{"rule": "fixed_indegree", "indegree": int64(1)},
		{"rule": "fixed_outdegree", "outdegree": int64(1)},
		{"rule": "fixed_total_number", "N": int64(1)},
		{"rule": "pairwise_bernoulli", "p": 1.0},
	} {
		wantCategory(t, k.Connect([]int{n}, []int{rec, rec + 1}, spec, nil), nesterr.ErrIllegalConnection)
	}
	mustConnect(t, k, []int{n}, []int{rec, rec + 1}, dict.Dict{"rule": "all_to_all"}, nil)
}
