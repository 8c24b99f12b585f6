package kernel

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// binaryStat is one summary record_stats_binary.py writes.
type binaryStat struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
	N    int     `json:"n"`
}

type binaryNetConfig struct {
	Model    string         `json:"model"`
	N        int            `json:"n"`
	T        float64        `json:"t"`
	Indegree int            `json:"indegree"`
	Params   map[string]any `json:"params"`
	WExc     float64        `json:"w_exc"`
	WInh     float64        `json:"w_inh"`
	FracExc  float64        `json:"frac_exc"`
	Delay    float64        `json:"delay"`
	Current  *float64       `json:"current"`
	Repeats  int            `json:"repeats"`
	Stats    map[string]binaryStat
}

type binaryStatsRef struct {
	Pair struct {
		Pairs      int                   `json:"pairs"`
		TSim       float64               `json:"t_sim"`
		TauMax     float64               `json:"tau_max"`
		Resolution float64               `json:"resolution"`
		Stats      map[string]binaryStat `json:"stats"`
	} `json:"pair"`
	Nets map[string]binaryNetConfig `json:"nets"`
}

func summarize(x []float64) binaryStat {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return binaryStat{Mean: m, Std: math.Sqrt(ss / float64(len(x)-1)), N: len(x)}
}

// compareStat fails unless gonest's mean is within 3 standard errors of
// the difference of NEST's (the SE combines both samples' spreads).
func compareStat(t *testing.T, name string, got, want binaryStat) {
	t.Helper()
	se := math.Sqrt(got.Std*got.Std/float64(got.N) + want.Std*want.Std/float64(want.N))
	d := math.Abs(got.Mean - want.Mean)
	t.Logf("%-12s gonest %.6g (sd %.3g, n %d)  NEST %.6g (sd %.3g)  |d|/SE %.2f", name, got.Mean, got.Std, got.N, want.Mean, want.Std, d/se)
	if d > 3*se {
		t.Errorf("%s: gonest %g, NEST %g: differ by %.2f standard errors", name, got.Mean, want.Mean, d/se)
	}
}

func readBinaryStats(t *testing.T) binaryStatsRef {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "stats", "binary_neurons.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref binaryStatsRef
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestBinaryNeuronStatisticsPair repeats NEST's
// correlospinmatrix_detector_two_neuron.py example for 60 independent
// pairs (record_stats_binary.py, "pair"): a ginzburg_neuron switching on
// with probability 1/2 drives a mcculloch_pitts_neuron, each pair read by
// its own correlospinmatrix_detector and all by one spin_detector. The
// per-pair mean activities, covariances at lags 0 and +-2 ms, variance of
// the first neuron and the transition counts the spin_detector records
// must agree with NEST 3.10's within 3 standard errors.
func TestBinaryNeuronStatisticsPair(t *testing.T) {
	ref := readBinaryStats(t).Pair
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": ref.Resolution, "rng_seed": int64(98765)}); err != nil {
		t.Fatal(err)
	}
	sd := mustCreate(t, k, "spin_detector", 1)
	type pair struct{ csd, n1, n2 int }
	var pairs []pair
	for range ref.Pairs {
		csd := mustCreate(t, k, "correlospinmatrix_detector", 1,
			dict.Dict{"N_channels": int64(2), "tau_max": ref.TauMax, "Tstart": ref.TauMax, "delta_tau": ref.Resolution})
		n1 := mustCreate(t, k, "ginzburg_neuron", 1, dict.Dict{"theta": 0.0, "tau_m": 10.0, "c_1": 0.0, "c_2": 1.0, "c_3": 1.0})
		n2 := mustCreate(t, k, "mcculloch_pitts_neuron", 1, dict.Dict{"theta": 0.5, "tau_m": 10.0})
		mustConnect(t, k, []int{n1}, []int{n2}, nil, dict.Dict{"weight": 1.0})
		mustConnect(t, k, []int{n1}, []int{csd}, nil, dict.Dict{"receptor_type": int64(0)})
		mustConnect(t, k, []int{n2}, []int{csd}, nil, dict.Dict{"receptor_type": int64(1)})
		mustConnect(t, k, []int{n1, n2}, []int{sd}, nil, nil)
		pairs = append(pairs, pair{csd, n1, n2})
	}
	mustSimulate(t, k, ref.TSim)
	tab, err := k.Recording(sd)
	if err != nil {
		t.Fatal(err)
	}
	senders, states := tab.Int64s(tab.Index("senders")), tab.Int64s(tab.Index("state"))
	trans, on := map[int64]float64{}, map[int64]float64{}
	for i, s := range senders {
		trans[s]++
		if states[i] == 1 {
			on[s]++
		}
	}
	mid := int(math.Round(ref.TauMax / ref.Resolution))
	lag := int(math.Round(2.0 / ref.Resolution))
	got := map[string][]float64{}
	norm := ref.Resolution / ref.TSim
	for _, p := range pairs {
		st, err := k.NodeStatus(p.csd)
		if err != nil {
			t.Fatal(err)
		}
		cc := st["count_covariance"].([]any)
		at := func(i, j, b int) float64 { return float64(cc[i].([]any)[j].([]int)[b]) * norm }
		m1, m2 := at(0, 0, mid), at(1, 1, mid)
		got["m1"] = append(got["m1"], m1)
		got["m2"] = append(got["m2"], m2)
		got["c12_0"] = append(got["c12_0"], at(0, 1, mid)-m1*m2)
		got["c12_p2"] = append(got["c12_p2"], at(0, 1, mid+lag)-m1*m2)
		got["c12_m2"] = append(got["c12_m2"], at(0, 1, mid-lag)-m1*m2)
		got["c11_0"] = append(got["c11_0"], at(0, 0, mid)-m1*m1)
		got["trans1"] = append(got["trans1"], trans[int64(p.n1)])
		got["trans2"] = append(got["trans2"], trans[int64(p.n2)])
		got["on1"] = append(got["on1"], on[int64(p.n1)])
		got["on2"] = append(got["on2"], on[int64(p.n2)])
	}
	for _, name := range []string{"m1", "m2", "c12_0", "c12_p2", "c12_m2", "c11_0", "trans1", "trans2", "on1", "on2"} {
		compareStat(t, name, summarize(got[name]), ref.Stats[name])
	}
}

// TestBinaryNeuronStatisticsNetworks runs record_stats_binary.py's
// recurrent networks (erfc_neuron with a constant current from a
// noise_generator, ginzburg_neuron; fixed in-degree without multapses),
// each as many times as NEST did with different seeds: the means over the
// runs of the population averages of the time-averaged S and h and of the
// transitions per second must agree with NEST 3.10's within 3 standard
// errors.
func TestBinaryNeuronStatisticsNetworks(t *testing.T) {
	ref := readBinaryStats(t).Nets
	for name, cfg := range ref {
		t.Run(name, func(t *testing.T) {
			got := map[string][]float64{}
			for seed := range cfg.Repeats {
				for key, v := range runBinaryNet(t, cfg, int64(1000+seed)) {
					got[key] = append(got[key], v)
				}
			}
			for _, key := range []string{"S", "h", "transitions"} {
				compareStat(t, key, summarize(got[key]), cfg.Stats[key])
			}
		})
	}
}

// runBinaryNet simulates one network of cfg and returns the population
// means of the time-averaged S and h and of the transitions per second.
func runBinaryNet(t *testing.T, cfg binaryNetConfig, seed int64) map[string]float64 {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 0.1, "rng_seed": seed}); err != nil {
		t.Fatal(err)
	}
	params := dict.Dict{}
	for key, v := range cfg.Params {
		params[key] = v
	}
	first := mustCreate(t, k, cfg.Model, cfg.N, params)
	pop := make([]int, cfg.N)
	for i := range pop {
		pop[i] = first + i
	}
	nExc := int(float64(cfg.N) * cfg.FracExc)
	kExc := int(float64(cfg.Indegree) * cfg.FracExc)
	mustConnect(t, k, pop[:nExc], pop, dict.Dict{"rule": "fixed_indegree", "indegree": int64(kExc), "allow_multapses": false},
		dict.Dict{"weight": cfg.WExc, "delay": cfg.Delay})
	mustConnect(t, k, pop[nExc:], pop, dict.Dict{"rule": "fixed_indegree", "indegree": int64(cfg.Indegree - kExc), "allow_multapses": false},
		dict.Dict{"weight": cfg.WInh, "delay": cfg.Delay})
	if cfg.Current != nil {
		ng := mustCreate(t, k, "noise_generator", 1, dict.Dict{"mean": *cfg.Current, "std": 0.0})
		mustConnect(t, k, []int{ng}, pop, nil, nil)
	}
	mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0, "record_from": []any{"S", "h"}})
	mustConnect(t, k, []int{mm}, pop, nil, nil)
	sd := mustCreate(t, k, "spin_detector", 1)
	mustConnect(t, k, pop, []int{sd}, nil, nil)
	mustSimulate(t, k, cfg.T)

	mt, err := k.Recording(mm)
	if err != nil {
		t.Fatal(err)
	}
	s, h := make([]float64, cfg.N), make([]float64, cfg.N)
	cnt := make([]float64, cfg.N)
	snd, sv, hv := mt.Int64s(mt.Index("senders")), mt.Float64s(mt.Index("S")), mt.Float64s(mt.Index("h"))
	for i, id := range snd {
		j := int(id) - first
		s[j] += sv[i]
		h[j] += hv[i]
		cnt[j]++
	}
	st, err := k.Recording(sd)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{"transitions": float64(len(st.Int64s(st.Index("senders")))) * 1000 / cfg.T / float64(cfg.N)}
	for j := range s {
		out["S"] += s[j] / cnt[j] / float64(cfg.N)
		out["h"] += h[j] / cnt[j] / float64(cfg.N)
	}
	return out
}

// TestBinaryNeuronSignalTypes: binary neurons exchange binary signals
// only with binary neurons, their detectors and the models NEST lets send
// or receive every signal type; other connections are IllegalConnection.
func TestBinaryNeuronSignalTypes(t *testing.T) {
	k := newKernel()
	b := mustCreate(t, k, "erfc_neuron", 1)
	m := mustCreate(t, k, "mcculloch_pitts_neuron", 1)
	iaf := mustCreate(t, k, "iaf_psc_alpha", 1)
	dc := mustCreate(t, k, "dc_generator", 1)
	sg := mustCreate(t, k, "spike_generator", 1)
	ng := mustCreate(t, k, "noise_generator", 1)
	sr := mustCreate(t, k, "spike_recorder", 1)
	sd := mustCreate(t, k, "spin_detector", 1)
	pa := mustCreate(t, k, "parrot_neuron", 1)
	for _, c := range [][2]int{{b, m}, {sg, b}, {ng, b}, {b, sr}, {b, sd}, {b, pa}, {pa, b}, {sg, sd}} {
		mustConnect(t, k, []int{c[0]}, []int{c[1]}, nil, nil)
	}
	for _, c := range [][2]int{{b, iaf}, {iaf, b}, {dc, b}, {iaf, sd}} {
		wantCategory(t, k.Connect([]int{c[0]}, []int{c[1]}, nil, nil), nesterr.ErrIllegalConnection)
	}
	wantCategory(t, k.Connect([]int{sg}, []int{b}, nil, dict.Dict{"receptor_type": int64(1)}), nesterr.ErrUnknownReceptorType)
}
