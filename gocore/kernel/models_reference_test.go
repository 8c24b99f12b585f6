package kernel

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// modelRefTol is the largest absolute deviation from NEST 3.10 accepted
// for V_m (mV) and the synaptic currents (pA) in the single-neuron
// scenarios. The models evaluate NEST's propagators with NEST's
// expressions in NEST's order, so the traces agree to the last bit or
// nearly so; what may remain are last-bit differences between the C
// library's and Go's exp/expm1, which the stable dynamics keep from
// growing. 1e-9 is orders of magnitude above that and far below any
// modelling error (a misplaced step or a wrong propagator moves V_m by
// more than 1e-3 mV). Observed on linux/amd64: every sample bit-identical
// but iaf_psc_alpha's V_m, within 1.4e-14 mV: these references come from
// a NEST built from source with the C library's expm1, while gonest
// follows NEST's PyPI wheel, which uses NEST's own expm1 (see nestExpm1)
// and whose recordings (testdata/nest310) it reproduces bit for bit.
const modelRefTol = 1e-9

// modelScenario is one of the reference README's single-neuron scenarios.
type modelScenario struct {
	dir        string
	model      string
	params     dict.Dict // neuron parameters other than the defaults
	exWeight   float64   // weight of the connection from node 2
	inWeight   float64   // weight of the connection from node 3
	dcAmp      float64   // pA
	quantities []string
}

var modelScenarios = []modelScenario{
	{dir: "iaf_psc_alpha_default", model: "iaf_psc_alpha", exWeight: 900, inWeight: -500, dcAmp: 420, quantities: []string{"V_m", "I_syn_ex", "I_syn_in"}},
	{dir: "iaf_psc_exp_default", model: "iaf_psc_exp", exWeight: 1500, inWeight: -800, dcAmp: 420, quantities: []string{"V_m", "I_syn_ex", "I_syn_in"}},
	{dir: "iaf_psc_delta_default", model: "iaf_psc_delta", exWeight: 8, inWeight: -4, dcAmp: 420, quantities: []string{"V_m"}},
}

// buildModelScenario creates the network of the reference README: node 1
// the neuron (default parameters unless sc.params says otherwise), 2 and 3 spike_generators (delays 1
// and 2 ms), 4 a dc_generator from 90 to 150 ms, 5 a multimeter at 0.1 ms,
// 6 a spike_recorder.
func buildModelScenario(t testing.TB, k *Kernel, sc modelScenario) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(k.SetStatus(dict.Dict{"resolution": 0.1}))
	if sc.params != nil {
		mustCreate(t, k, sc.model, 1, sc.params)
	} else {
		mustCreate(t, k, sc.model, 1)
	}
	exTimes := []any{5.0, 12.3, 12.3, 30.0, 30.1, 31.7, 55.5, 80.0, 80.2, 120.0}
	inTimes := []any{20.0, 40.4, 60.0, 61.1, 100.0}
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": exTimes})
	mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": inTimes})
	mustCreate(t, k, "dc_generator", 1, dict.Dict{"amplitude": sc.dcAmp, "start": 90.0, "stop": 150.0})
	recordFrom := make([]any, len(sc.quantities))
	for i, q := range sc.quantities {
		recordFrom[i] = q
	}
	mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.1, "record_from": recordFrom})
	mustCreate(t, k, "spike_recorder", 1)

	mustConnect(t, k, []int{2}, []int{1}, nil, dict.Dict{"weight": sc.exWeight, "delay": 1.0})
	mustConnect(t, k, []int{3}, []int{1}, nil, dict.Dict{"weight": sc.inWeight, "delay": 2.0})
	mustConnect(t, k, []int{4}, []int{1}, nil, nil)
	mustConnect(t, k, []int{5}, []int{1}, nil, nil)
	mustConnect(t, k, []int{1}, []int{6}, nil, nil)
}

// readReferenceCSV returns the header and rows of a reference CSV, the
// sender column as integers and everything else as floats.
func readReferenceCSV(t *testing.T, path string) ([]string, []int64, [][]float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	senders := make([]int64, len(recs)-1)
	rows := make([][]float64, len(recs)-1)
	for i, rec := range recs[1:] {
		if senders[i], err = strconv.ParseInt(rec[0], 10, 64); err != nil {
			t.Fatalf("%s row %d: %v", path, i+2, err)
		}
		rows[i] = make([]float64, len(rec))
		for j := 1; j < len(rec); j++ {
			if rows[i][j], err = strconv.ParseFloat(rec[j], 64); err != nil {
				t.Fatalf("%s row %d: %v", path, i+2, err)
			}
		}
	}
	return recs[0], senders, rows
}

// compareWithReference checks recorder id against a reference CSV: the
// number of rows, then senders and times exactly, then every further
// column within tol. It returns the largest deviation per column.
//
// These references write times with four decimals (14.4000), so times
// are compared on that decimal grid: the recorders report NEST's
// tics*ms_per_tic (14.400000000000002 for some steps), one ulp from the
// decimal, and any step error still shows as a mismatch.
func compareWithReference(t *testing.T, k *Kernel, id int, path string, tol float64) map[string]float64 {
	t.Helper()
	header, senders, rows := readReferenceCSV(t, path)
	tab, err := k.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
	if tab.Len() != len(rows) {
		t.Fatalf("%s: recorder %d has %d rows, reference %d", name, id, tab.Len(), len(rows))
	}
	gotSenders := tab.Int64s(tab.Index("senders"))
	gotTimes := tab.Float64s(tab.Index("times"))
	for i := range rows {
		if gotSenders[i] != senders[i] || math.Round(gotTimes[i]*1e4) != math.Round(rows[i][1]*1e4) {
			t.Fatalf("%s row %d: (sender, time) = (%d, %.17g), reference (%d, %.17g)", name, i, gotSenders[i], gotTimes[i], senders[i], rows[i][1])
		}
	}
	worst := map[string]float64{}
	for j := 2; j < len(header); j++ {
		col := tab.Index(header[j])
		if col < 0 {
			t.Fatalf("%s: recorder %d has no column %s", name, id, header[j])
		}
		vals := tab.Float64s(col)
		dev, at, exact := 0.0, 0, 0
		for i, r := range rows {
			d := math.Abs(vals[i] - r[j])
			if d > dev || math.IsNaN(d) {
				dev, at = d, i
			}
			if vals[i] == r[j] {
				exact++
			}
		}
		worst[header[j]] = dev
		if !(dev <= tol) {
			t.Errorf("%s %s: max |deviation| %.3g at row %d (t = %g ms: got %.17g, NEST %.17g), tolerance %g",
				name, header[j], dev, at, rows[at][1], vals[at], rows[at][j], tol)
		}
		t.Logf("%s %s: max |deviation| %.3g, %d of %d samples bit-identical", name, header[j], dev, exact, len(rows))
	}
	return worst
}

func TestModelScenariosMatchNEST(t *testing.T) {
	for _, sc := range modelScenarios {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", sc.dir, threads), func(t *testing.T) {
				t.Parallel()
				k := newKernel()
				if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
					t.Fatal(err)
				}
				buildModelScenario(t, k, sc)
				mustSimulate(t, k, 200.0)

				ref := filepath.Join("testdata", "models", sc.dir)
				compareWithReference(t, k, 6, filepath.Join(ref, "spikes.csv"), 0)
				compareWithReference(t, k, 5, filepath.Join(ref, "multimeter.csv"), modelRefTol)

				raw, err := os.ReadFile(filepath.Join(ref, "final.json"))
				if err != nil {
					t.Fatal(err)
				}
				var final struct {
					Vm float64 `json:"V_m"`
				}
				if err := json.Unmarshal(raw, &final); err != nil {
					t.Fatal(err)
				}
				st, err := k.NodeStatus(1)
				if err != nil {
					t.Fatal(err)
				}
				if got := st["V_m"].(float64); !(math.Abs(got-final.Vm) <= modelRefTol) {
					t.Errorf("final V_m = %.17g, NEST %.17g (tolerance %g)", got, final.Vm, modelRefTol)
				}
			})
		}
	}
}
