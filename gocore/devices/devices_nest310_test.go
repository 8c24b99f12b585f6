package devices_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// devicesRef is the folder of the reference data that
// testdata/nest310/record_devices.py records with NEST 3.10.
var devicesRef = filepath.Join("..", "..", "testdata", "nest310", "devices")

// statSpec repeats a statistical scenario of record_devices.py (STATS).
type statSpec struct {
	model     string
	params    dict.Dict
	mother    []any // spike_dilutor: the mother train
	n         int
	T         float64
	segments  [][2]float64
	period    float64
	phaseBins int
	corrBin   float64
	groups    int // generators, each driving n/groups parrots (0: one)
}

func statSpecs() []statSpec {
	var mother []any
	for i := range 1999 {
		mother = append(mother, 2.5*float64(i+1))
	}
	return []statSpec{
		{model: "gamma_sup_generator", params: dict.Dict{"rate": 20.0, "gamma_shape": 3, "n_proc": 4}, n: 200, T: 5000,
			segments: [][2]float64{{0, 2500}, {2500, 5000}}, corrBin: 1.0},
		{model: "ppd_sup_generator", params: dict.Dict{"rate": 25.0, "dead_time": 15.0, "n_proc": 3, "frequency": 4.0, "relative_amplitude": 0.6},
			n: 200, T: 5000, period: 250, phaseBins: 4, corrBin: 1.0},
		{model: "mip_generator", params: dict.Dict{"rate": 80.0, "p_copy": 0.25}, n: 100, T: 5000, corrBin: 0.1, groups: 50},
		{model: "inhomogeneous_poisson_generator", params: dict.Dict{"rate_times": []any{100.0, 1100.0, 2100.0}, "rate_values": []any{50.0, 5.0, 150.0}},
			n: 200, T: 3100, segments: [][2]float64{{0, 100}, {100, 1100}, {1100, 2100}, {2100, 3100}}, corrBin: 1.0},
		{model: "sinusoidal_gamma_generator", params: dict.Dict{"rate": 30.0, "amplitude": 20.0, "frequency": 3.0, "phase": 30.0, "order": 4.0},
			n: 200, T: 5000, period: 1000.0 / 3.0, phaseBins: 4, corrBin: 1.0},
		{model: "spike_dilutor", params: dict.Dict{"p_copy": 0.4}, mother: mother, n: 100, T: 5000, corrBin: 0.1},
	}
}

// meanSE returns the mean and its standard error (sample standard
// deviation over sqrt(n)), as record_devices.py's mean_se.
func meanSE(xs []float64) [2]float64 {
	n := float64(len(xs))
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= n
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return [2]float64{m, math.Sqrt(v/(n-1)) / math.Sqrt(n)}
}

// trainStats computes record_devices.py's statistics of the trains.
func trainStats(trains [][]float64, s statSpec) map[string][2]float64 {
	out := map[string][2]float64{}
	// Per-train values are averaged within each group first (see
	// record_devices.py): trains of one mip_generator are not independent.
	meanSE := func(xs []float64) [2]float64 {
		if s.groups == 0 || len(xs) != len(trains) {
			return meanSE(xs)
		}
		size := len(xs) / s.groups
		g := make([]float64, s.groups)
		for i, x := range xs {
			g[i/size] += x / float64(size)
		}
		return meanSE(g)
	}
	var rates, cvs []float64
	for _, tr := range trains {
		rates = append(rates, float64(len(tr))/s.T*1000)
		if len(tr) >= 3 {
			var isi []float64
			for i := 1; i < len(tr); i++ {
				isi = append(isi, tr[i]-tr[i-1])
			}
			m, sd := 0.0, 0.0
			for _, x := range isi {
				m += x
			}
			m /= float64(len(isi))
			for _, x := range isi {
				sd += (x - m) * (x - m)
			}
			sd = math.Sqrt(sd / float64(len(isi)))
			if m > 0 {
				cvs = append(cvs, sd/m)
			}
		}
	}
	out["rate"], out["cv"] = meanSE(rates), meanSE(cvs)
	for k, seg := range s.segments {
		var r []float64
		for _, tr := range trains {
			c := 0
			for _, t := range tr {
				if t >= seg[0] && t < seg[1] {
					c++
				}
			}
			r = append(r, float64(c)/(seg[1]-seg[0])*1000)
		}
		out[fmt.Sprintf("segment%d", k)] = meanSE(r)
	}
	if s.period > 0 {
		cycles := s.T / s.period
		for k := range s.phaseBins {
			var r []float64
			for _, tr := range trains {
				c := 0
				for _, t := range tr {
					if int(math.Floor(math.Mod(t, s.period)/s.period*float64(s.phaseBins))) == k {
						c++
					}
				}
				r = append(r, float64(c)/(cycles*s.period/float64(s.phaseBins))*1000)
			}
			out[fmt.Sprintf("phase%d", k)] = meanSE(r)
		}
	}
	nb := int(math.Round(s.T / s.corrBin))
	bins := func(tr []float64) []float64 {
		x := make([]float64, nb)
		for _, t := range tr {
			x[min(int(t/s.corrBin), nb-1)]++
		}
		return x
	}
	var cs []float64
	for i := 0; i+1 < len(trains); i += 2 {
		if c, ok := pearson(bins(trains[i]), bins(trains[i+1])); ok {
			cs = append(cs, c)
		}
	}
	out["corr"] = meanSE(cs)
	return out
}

func pearson(x, y []float64) (float64, bool) {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// runStatScenario builds the scenario as record_devices.py does and
// returns each parrot's train, shifted back by the 1 ms delay.
func runStatScenario(t *testing.T, s statSpec, threads int, seed int) [][]float64 {
	n := newNet(t, 0.1)
	if err := n.k.SetStatus(dict.Dict{"local_num_threads": threads, "rng_seed": seed}); err != nil {
		t.Fatal(err)
	}
	var gen []int
	if s.model == "spike_dilutor" {
		mother := n.create("spike_generator", 1, dict.Dict{"spike_times": s.mother})
		gen = n.create("spike_dilutor", 1, s.params)
		n.connect(mother, gen, "", nil)
	} else {
		gen = n.create(s.model, max(s.groups, 1), s.params)
	}
	parrots := n.create("parrot_neuron", s.n, nil)
	sr := n.create("spike_recorder", 1, nil)
	size := s.n / len(gen)
	for g := range gen {
		n.connect(gen[g:g+1], parrots[g*size:(g+1)*size], "", dict.Dict{"delay": 1.0})
	}
	n.connect(parrots, sr, "", nil)
	n.simulate(s.T + 1)
	senders, times := n.ints(sr[0], "senders"), n.floats(sr[0], "times")
	trains := make([][]float64, s.n)
	for i, snd := range senders {
		tt := times[i] - 1.0
		if tt < s.T {
			trains[int(snd)-parrots[0]] = append(trains[int(snd)-parrots[0]], tt)
		}
	}
	for _, tr := range trains {
		sort.Float64s(tr)
	}
	return trains
}

// TestNEST310GeneratorStatistics compares every statistic of every random
// generator scenario with NEST's: the means must agree within three
// combined standard errors.
func TestNEST310GeneratorStatistics(t *testing.T) {
	for _, s := range statSpecs() {
		t.Run(s.model, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(devicesRef, s.model, "stats.json"))
			if err != nil {
				t.Fatal(err)
			}
			var ref map[string][2]float64
			if err := json.Unmarshal(raw, &ref); err != nil {
				t.Fatal(err)
			}
			threads := 2
			if s.model == "spike_dilutor" {
				threads = 1 // NEST refuses it with several threads
			}
			got := trainStats(runStatScenario(t, s, threads, statSeed), s)
			for key, want := range ref {
				g, ok := got[key]
				if !ok {
					t.Errorf("%s: not computed", key)
					continue
				}
				tol := 3 * math.Hypot(g[1], want[1])
				if math.Abs(g[0]-want[0]) > tol {
					t.Errorf("%s = %.5g ± %.2g, NEST %.5g ± %.2g (differ by %.2f combined SE)", key, g[0], g[1], want[0], want[1],
						math.Abs(g[0]-want[0])/math.Hypot(g[1], want[1]))
				} else {
					t.Logf("%s = %.5g ± %.2g, NEST %.5g ± %.2g", key, g[0], g[1], want[0], want[1])
				}
			}
		})
	}
}

func readEventsCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// TestNEST310SpikeDilutorExact repeats record_devices.py's deterministic
// spike_dilutor scenarios (p_copy 1, with and without a window): every
// event, sender and time, must equal NEST's.
func TestNEST310SpikeDilutorExact(t *testing.T) {
	for name, window := range map[string]dict.Dict{
		"spike_dilutor_exact":  {},
		"spike_dilutor_window": {"start": 3.0, "stop": 15.0},
	} {
		t.Run(name, func(t *testing.T) {
			n := newNet(t, 0.1)
			params := dict.Dict{"p_copy": 1.0}
			for k, v := range window {
				params[k] = v
			}
			sg := n.create("spike_generator", 1, dict.Dict{
				"spike_times":          []any{0.1, 0.5, 1.0, 1.0, 2.3, 3.2, 4.4, 5.0, 6.1, 7.7, 9.0},
				"spike_multiplicities": []any{1, 2, 1, 1, 3, 1, 2, 1, 1, 1, 1},
			})
			d := n.create("spike_dilutor", 1, params)
			sr := n.create("spike_recorder", 1, nil)
			p := n.create("parrot_neuron", 1, nil)
			n.connect(sg, d, "", dict.Dict{"delay": 1.0})
			n.connect(d, sr, "", nil)
			n.connect(d, p, "", dict.Dict{"delay": 2.0})
			n.connect(p, sr, "", nil)
			n.simulate(12)
			n.simulate(8)
			compareEvents(t, n, sr[0], filepath.Join(devicesRef, name, "events.csv"))
		})
	}
}

// compareEvents compares a recorder's events, ordered by time and sender,
// with a reference events.csv exactly.
func compareEvents(t *testing.T, n *net, id int, path string) {
	t.Helper()
	type ev struct {
		s int64
		t float64
	}
	senders, times := n.ints(id, "senders"), n.floats(id, "times")
	var got []ev
	for i := range senders {
		got = append(got, ev{senders[i], times[i]})
	}
	sort.SliceStable(got, func(i, j int) bool {
		if got[i].t != got[j].t {
			return got[i].t < got[j].t
		}
		return got[i].s < got[j].s
	})
	rows := readEventsCSV(t, path)
	if len(rows) != len(got) {
		t.Errorf("%d events, NEST %d", len(got), len(rows))
	}
	for i := range min(len(rows), len(got)) {
		s, _ := strconv.ParseInt(rows[i][0], 10, 64)
		tm, _ := strconv.ParseFloat(rows[i][1], 64)
		if got[i].s != s || got[i].t != tm {
			t.Errorf("event %d: sender %d at %v, NEST sender %d at %v", i, got[i].s, got[i].t, s, tm)
		}
	}
}

// TestNEST310SinusoidalGammaRate compares the recordable rate of a
// sinusoidal_gamma_generator, over a parameter change between two runs,
// with NEST's (within 1e-12 relative: the sine of a product may round
// differently in the last place).
func TestNEST310SinusoidalGammaRate(t *testing.T) {
	n := newNet(t, 0.1)
	g := n.create("sinusoidal_gamma_generator", 1, dict.Dict{"rate": 30.0, "amplitude": 20.0, "frequency": 7.0, "phase": 45.0, "order": 2.0})
	mm := n.create("multimeter", 1, dict.Dict{"record_from": []any{"rate"}, "interval": 0.5})
	n.connect(mm, g, "", nil)
	n.simulate(100)
	if err := n.k.SetNodeStatus(g, []dict.Dict{{"frequency": 11.0, "amplitude": 5.0}}); err != nil {
		t.Fatal(err)
	}
	n.simulate(50)
	times, rates := n.floats(mm[0], "times"), n.floats(mm[0], "rate")
	rows := readEventsCSV(t, filepath.Join(devicesRef, "sinusoidal_gamma_generator_rate", "multimeter.csv"))
	if len(rows) != len(times) {
		t.Fatalf("%d samples, NEST %d", len(times), len(rows))
	}
	for i, r := range rows {
		tm, _ := strconv.ParseFloat(r[1], 64)
		rate, _ := strconv.ParseFloat(r[2], 64)
		if times[i] != tm || math.Abs(rates[i]-rate) > 1e-12*50 {
			t.Errorf("sample %d: rate %.17g at %v, NEST %.17g at %v", i, rates[i], times[i], rate, tm)
		}
	}
}

// TestNEST310GeneratorErrors sets the bad parameters of record_devices.py's
// ERRORS on a fresh node and expects NEST's exception.
func TestNEST310GeneratorErrors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(devicesRef, "generator_errors", "errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Model  string         `json:"model"`
		Params map[string]any `json:"params"`
		Error  *string        `json:"error"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		n := newNet(t, 0.1)
		id := n.create(c.Model, 1, nil)[0]
		err := n.k.SetNodeStatus([]int{id}, []dict.Dict{dict.Dict(c.Params)})
		switch {
		case c.Error == nil && err != nil:
			t.Errorf("%s %v: %v, NEST accepts it", c.Model, c.Params, err)
		case c.Error != nil && err == nil:
			t.Errorf("%s %v: accepted, NEST raises %s", c.Model, c.Params, *c.Error)
		case c.Error != nil:
			if nesterr.CategoryOf(err) != *c.Error {
				t.Errorf("%s %v: %v (%s), NEST raises %s", c.Model, c.Params, err, nesterr.CategoryOf(err), *c.Error)
			}
		}
	}
}

// statSeed is the rng_seed of the statistical scenarios.
var statSeed = 7

// nodeKeys are status keys the kernel, not the model, provides.
var nodeKeys = map[string]bool{
	"global_id": true, "local": true, "model": true, "model_id": true, "element_type": true, "thread": true,
	"thread_local_id": true, "vp": true, "frozen": true, "node_uses_wfr": true, "type_id": true, "elementsize": true,
	"available": true, "capacity": true, "instantiations": true, "stimulus_source": true,
}

// checkNEST310Defaults compares the model's defaults in gonest with
// testdata/nest310/defaults/<model>.json: every key of NEST's (but the
// kernel's own) with an equal value.
func checkNEST310Defaults(t *testing.T, model string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "defaults", model+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	got, err := newNet(t, 0.1).k.Defaults(model)
	if err != nil {
		t.Fatal(err)
	}
	for key, w := range want {
		if nodeKeys[key] || key == "events" {
			continue
		}
		g, ok := got[key]
		if !ok {
			t.Errorf("%s: no %s (NEST %v)", model, key, w)
			continue
		}
		if fmt.Sprint(jsonNumber(g)) != fmt.Sprint(jsonNumber(w)) {
			t.Errorf("%s: %s = %v, NEST %v", model, key, g, w)
		}
	}
}

// jsonNumber gives numbers one form (float64) and lists of them one form
// ([]any) so that values compare by printing.
func jsonNumber(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return v
}

// wantError fails unless err is of NEST's exception category cat.
func wantError(t *testing.T, err error, cat *nesterr.Category) {
	t.Helper()
	if err == nil || nesterr.CategoryOf(err) != cat.Name() {
		t.Errorf("error = %v, want %s", err, cat.Name())
	}
}
