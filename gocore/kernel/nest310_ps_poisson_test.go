package kernel

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestNEST310PoissonGeneratorPsStatistics compares poisson_generator_ps
// with NEST 3.10 (ps/stats/poisson_generator_ps.json, record_ps.py):
// rate 200/s with dead time 2 ms into 100 parrot_neuron_ps for 1000 ms,
// 10 seeds each. The mean over runs of the spike count and of the mean
// and SD of the intervals must agree within 3 standard errors of the
// difference; no interval may be shorter than the dead time; spikes lie
// off the grid.
func TestNEST310PoissonGeneratorPsStatistics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(nest310Dir, "ps", "stats", "poisson_generator_ps.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Runs []map[string]float64 `json:"runs"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var runs []map[string]float64
	offGrid, total := 0, 0
	for seed := 1; seed <= len(ref.Runs); seed++ {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"rng_seed": float64(seed), "local_num_threads": float64(1 + seed%2)}); err != nil {
			t.Fatal(err)
		}
		pg := mustCreate(t, k, "poisson_generator_ps", 1, dict.Dict{"rate": 200.0, "dead_time": 2.0})
		p := mustCreate(t, k, "parrot_neuron_ps", 100)
		sr := mustCreate(t, k, "spike_recorder", 1)
		parrots := make([]int, 100)
		for i := range parrots {
			parrots[i] = p + i
		}
		mustConnect(t, k, []int{pg}, parrots, nil, nil)
		mustConnect(t, k, parrots, []int{sr}, nil, nil)
		mustSimulate(t, k, 1000)
		tab, _ := k.Recording(sr)
		senders, times := tab.Int64s(tab.Index("senders")), tab.Float64s(tab.Index("times"))
		bySender := map[int64][]float64{}
		for i, s := range senders {
			bySender[s] = append(bySender[s], times[i])
			if r := math.Mod(times[i]*10, 1); r > 1e-6 && r < 1-1e-6 {
				offGrid++
			}
			total++
		}
		var isis []float64
		for _, ts := range bySender {
			sort.Float64s(ts)
			for i := 1; i < len(ts); i++ {
				isis = append(isis, ts[i]-ts[i-1])
			}
		}
		m, sd := meanSD(isis)
		minISI := math.Inf(1)
		for _, d := range isis {
			minISI = math.Min(minISI, d)
		}
		if minISI < 2 {
			t.Errorf("seed %d: interval %g ms shorter than the dead time", seed, minISI)
		}
		runs = append(runs, map[string]float64{"count": float64(len(times)), "isi_mean": m, "isi_sd": sd})
	}
	if float64(offGrid) < 0.99*float64(total) {
		t.Errorf("only %d of %d spikes off the grid", offGrid, total)
	}
	for _, key := range []string{"count", "isi_mean", "isi_sd"} {
		var g, n []float64
		for i := range runs {
			g = append(g, runs[i][key])
			n = append(n, ref.Runs[i][key])
		}
		gm, gs := meanSD(g)
		nm, ns := meanSD(n)
		se := math.Sqrt(gs*gs/float64(len(g)) + ns*ns/float64(len(n)))
		if math.Abs(gm-nm) > 3*se {
			t.Errorf("%s: gonest %g, NEST %g, 3 SE = %g", key, gm, nm, 3*se)
		}
		t.Logf("%s: gonest %g, NEST %g (SE of difference %g)", key, gm, nm, se)
	}
}

// meanSD returns the mean and the (population) standard deviation.
func meanSD(x []float64) (float64, float64) {
	s := 0.0
	for _, v := range x {
		s += v
	}
	m := s / float64(len(x))
	v := 0.0
	for _, e := range x {
		v += (e - m) * (e - m)
	}
	return m, math.Sqrt(v / float64(len(x)))
}
