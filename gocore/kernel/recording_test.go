package kernel

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/record"
)

func TestRecorderTimingFollowsMinDelay(t *testing.T) {
	// Samples of the last min-delay slice of a Simulate call reach the
	// recorder only when the next slice runs (PYNEST_BEHAVIOUR.md,
	// "Recording"), so after Simulate(T) the recorder holds samples up to
	// T - min_delay.
	for _, tc := range []struct {
		name     string
		model    string
		interval float64
		dcDelay  float64 // 0: no dc_generator
		minDelay float64
		runs     []float64
		want     []float64 // sample times after all runs
	}{
		{"no neuron connections", "multimeter", 0.1, 0, 1.0, []float64{100}, gridTimes(1, 1, 990)},
		{"second Simulate", "multimeter", 0.1, 0, 1.0, []float64{100, 100}, gridTimes(1, 1, 1990)},
		{"a 0.5 ms delay", "multimeter", 0.1, 0.5, 0.5, []float64{100}, gridTimes(1, 1, 995)},
		{"a 0.1 ms delay", "multimeter", 0.1, 0.1, 0.1, []float64{100}, gridTimes(1, 1, 999)},
		{"voltmeter, interval 1.0", "voltmeter", 1.0, 0, 1.0, []float64{100}, gridTimes(10, 10, 99)},
		{"interval longer than the slice", "multimeter", 1.0, 0.5, 0.5, []float64{100}, gridTimes(10, 10, 99)},
		// Samples held back at the end of one call arrive with the first
		// slice of the next, so only the last call's final slice is missing.
		{"three calls", "multimeter", 0.5, 0.5, 0.5, []float64{30, 30, 40}, gridTimes(5, 5, 199)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKernel()
			n := mustCreate(t, k, "iaf_tum_2000", 1)
			if tc.dcDelay > 0 {
				dc := mustCreate(t, k, "dc_generator", 1, dict.Dict{"amplitude": 100.0})
				mustConnect(t, k, []int{dc}, []int{n}, nil, dict.Dict{"delay": tc.dcDelay})
			}
			params := dict.Dict{"interval": tc.interval}
			if tc.model == "multimeter" {
				params["record_from"] = []any{"V_m"}
			}
			mm := mustCreate(t, k, tc.model, 1, params)
			mustConnect(t, k, []int{mm}, []int{n}, nil, nil)
			if got := kernelFloat(t, k, "min_delay"); got != tc.minDelay {
				t.Fatalf("min_delay = %g, want %g", got, tc.minDelay)
			}
			for _, T := range tc.runs {
				mustSimulate(t, k, T)
			}
			tab, err := k.Recording(mm)
			if err != nil {
				t.Fatal(err)
			}
			times := tab.Float64s(tab.Index("times"))
			if len(times) != len(tc.want) {
				t.Fatalf("%d samples (%v .. %v), want %d (%v .. %v)", len(times), first(times), last(times), len(tc.want), first(tc.want), last(tc.want))
			}
			if !reflect.DeepEqual(times, tc.want) {
				for i := range times {
					if times[i] != tc.want[i] {
						t.Fatalf("sample %d at %.17g ms, want %.17g", i, times[i], tc.want[i])
					}
				}
			}
		})
	}
}

func first(x []float64) any {
	if len(x) == 0 {
		return "none"
	}
	return x[0]
}

func last(x []float64) any {
	if len(x) == 0 {
		return "none"
	}
	return x[len(x)-1]
}

// pieces are 1200 ms in 7 unequal chunks on the 0.1 ms grid. None is a
// multiple of 1.5 ms, so with that min_delay every call but the last ends
// inside a slice.
var pieces = []float64{0.1, 17.3, 250.0, 0.7, 432.1, 99.9, 399.9}

// buildUniformDelay builds the seed network (same ids and parameters as
// buildSeed) with every connection, recorders included, at delay ms, so
// that min_delay is delay.
func buildUniformDelay(t testing.TB, k *Kernel, sc seedScenario, delay float64) {
	t.Helper()
	syn := dict.Dict{"delay": delay}
	cM := sc.tauM / sc.rM
	const vTh, tRef, f = 15.0, 2.0, 20.0 / 1000.0
	amp := vTh * cM / sc.tauM / (1 - math.Exp(-(1/f-tRef)/sc.tauM))
	mustCreate(t, k, "dc_generator", 1, dict.Dict{"amplitude": amp, "start": 50.0, "stop": 1050.0})
	mustCreate(t, k, "iaf_tum_2000", 2, dict.Dict{
		"C_m": cM, "tau_m": sc.tauM, "tau_syn_ex": sc.tauPsc, "tau_syn_in": sc.tauPsc,
		"V_th": vTh, "V_reset": 0.0, "E_L": 0.0, "V_m": 0.0, "t_ref": tRef,
		"U": sc.U, "tau_psc": sc.tauPsc, "tau_rec": sc.tauRec, "tau_fac": sc.tauFac,
		"x": 1.0, "u": 0.0,
	})
	mustConnect(t, k, []int{1}, []int{2}, nil, syn)
	mustConnect(t, k, []int{2}, []int{3}, nil, dict.Dict{"weight": sc.weight, "delay": delay, "receptor_type": 1})
	mustCreate(t, k, "voltmeter", 1, dict.Dict{"interval": 1.0})
	mustConnect(t, k, []int{4}, []int{3}, nil, syn)
	mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"V_m", "I_syn_ex", "I_syn_in"}})
	mustConnect(t, k, []int{5}, []int{2, 3}, nil, syn)
	mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{2, 3}, []int{6}, nil, syn)
}

func TestSimulateInPiecesEqualsOneRun(t *testing.T) {
	total := 0.0
	for _, p := range pieces {
		total += p
	}
	if math.Abs(total-1200) > 1e-9 {
		t.Fatalf("pieces add up to %g ms, not 1200", total)
	}
	type build struct {
		name     string
		minDelay float64
		build    func(testing.TB, *Kernel)
	}
	var builds []build
	for _, sc := range seedScenarios {
		builds = append(builds,
			build{"seed " + sc.dir, 0.1, func(t testing.TB, k *Kernel) { buildSeed(t, k, sc) }},
			build{"min_delay 1.5, " + sc.dir, 1.5, func(t testing.TB, k *Kernel) { buildUniformDelay(t, k, sc, 1.5) }},
		)
	}
	for _, threads := range []int{1, 3} {
		for _, b := range builds {
			t.Run(fmt.Sprintf("%s/threads=%d", b.name, threads), func(t *testing.T) {
				t.Parallel()
				testPieces(t, threads, b.minDelay, b.build)
			})
		}
	}
}

// testPieces runs a network built by build once for 1200 ms and once in
// pieces, both on threads threads, and requires identical results.
func testPieces(t *testing.T, threads int, minDelay float64, build func(testing.TB, *Kernel)) {
	t.Helper()
	whole, chunked := newKernel(), newKernel()
	for _, k := range []*Kernel{whole, chunked} {
		if err := k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
			t.Fatal(err)
		}
		build(t, k)
	}
	if got := kernelFloat(t, whole, "min_delay"); got != minDelay {
		t.Fatalf("min_delay = %g, want %g", got, minDelay)
	}
	mustSimulate(t, whole, 1200)
	for _, p := range pieces {
		mustSimulate(t, chunked, p)
	}
	if got := kernelFloat(t, chunked, "biological_time"); got != 1200 {
		t.Fatalf("biological_time after the pieces = %.17g, want 1200", got)
	}
	// Bit-identical: the same updates run in the same order whatever the
	// call boundaries; only the slicing of the loops differs.
	for _, id := range []int{4, 5, 6} {
		equalRecordings(t, whole, chunked, id)
	}
	for _, id := range []int{2, 3} {
		a, _ := whole.NodeStatus(id)
		c, _ := chunked.NodeStatus(id)
		// The calcium trace decays to the end of every Simulate call, as
		// in NEST, so it may differ in the last bits.
		if ca, cc := a["Ca"].(float64), c["Ca"].(float64); math.Abs(ca-cc) > 1e-15*math.Abs(ca) {
			t.Errorf("node %d: Ca %.17g after one run, %.17g after pieces", id, ca, cc)
		}
		delete(a, "Ca")
		delete(c, "Ca")
		if !reflect.DeepEqual(a, c) {
			t.Errorf("node %d: final status differs:\none run %v\npieces  %v", id, a, c)
		}
	}
	spikes, _ := whole.Recording(6)
	if spikes.Len() < 20 {
		t.Errorf("only %d spikes recorded; the network is not doing what the seed does", spikes.Len())
	}
}

func TestNodeIDsInCreationOrder(t *testing.T) {
	k := newKernel()
	for _, step := range []struct {
		model string
		n     int
		first int
	}{
		{"dc_generator", 1, 1},
		{"iaf_tum_2000", 3, 2},
		{"voltmeter", 1, 5},
		{"iaf_tum_2000", 2, 6},
		{"spike_recorder", 1, 8},
		{"multimeter", 2, 9},
	} {
		if got := mustCreate(t, k, step.model, step.n); got != step.first {
			t.Fatalf("Create(%s, %d) returned %d, want %d", step.model, step.n, got, step.first)
		}
		for id := step.first; id < step.first+step.n; id++ {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			if st["global_id"] != id || st["model"] != step.model {
				t.Errorf("node %d: global_id %v, model %v, want %d, %s", id, st["global_id"], st["model"], id, step.model)
			}
		}
	}
	if k.NumNodes() != 10 || k.Status()["network_size"] != 10 {
		t.Errorf("NumNodes = %d, network_size = %v, want 10", k.NumNodes(), k.Status()["network_size"])
	}
	for _, id := range []int{0, 11, -1} {
		_, err := k.NodeStatus(id)
		wantCategory(t, err, nesterr.ErrUnknownNode)
	}
}

func TestResetRestartsIDsAndReleasesRecordings(t *testing.T) {
	alloc := record.NewCountingAllocator()
	k := New(alloc)
	if err := k.SetStatus(dict.Dict{"resolution": 0.2}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, k, "iaf_tum_2000", 2, dict.Dict{"I_e": 500.0})
	mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.2, "record_from": []any{"V_m"}})
	sr := mustCreate(t, k, "spike_recorder", 1)
	mustConnect(t, k, []int{mm}, []int{1, 2}, nil, nil)
	mustConnect(t, k, []int{1, 2}, []int{sr}, nil, nil)
	mustSimulate(t, k, 200)
	if alloc.Outstanding() == 0 {
		t.Fatal("nothing allocated after recording 200 ms; the release check would prove nothing")
	}
	k.Reset()
	if got := alloc.Outstanding(); got != 0 {
		t.Errorf("%d bytes of recordings still allocated after Reset", got)
	}
	st := k.Status()
	for key, want := range map[string]any{
		"network_size": 0, "num_connections": 0, "biological_time": 0.0, "resolution": 0.1,
	} {
		if st[key] != want {
			t.Errorf("after Reset %s = %v, want %v", key, st[key], want)
		}
	}
	if _, err := k.NodeStatus(1); !errorsIs(err, nesterr.ErrUnknownNode) {
		t.Errorf("NodeStatus(1) after Reset = %v, want UnknownNode", err)
	}
	if got := mustCreate(t, k, "spike_recorder", 1); got != 1 {
		t.Errorf("first id after Reset = %d, want 1", got)
	}
	if got := mustCreate(t, k, "iaf_tum_2000", 1); got != 2 {
		t.Errorf("second id after Reset = %d, want 2", got)
	}
	tab, err := k.Recording(1)
	if err != nil || tab.Len() != 0 {
		t.Errorf("new spike_recorder: %v rows, err %v; want an empty recording", tab.Len(), err)
	}
	// The reset kernel runs like a new one.
	mustSimulate(t, k, 10)
	if got := kernelFloat(t, k, "biological_time"); got != 10 {
		t.Errorf("biological_time = %g after Reset and Simulate(10)", got)
	}
}
