package models

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// gifStat is one statistic as testdata/nest310/record_stats_gif.py writes
// it: mean, standard deviation and number of trials.
type gifStat struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
	N    int     `json:"n"`
}

// gifStatsFile is testdata/nest310/stats/<model>.json.
type gifStatsFile struct {
	Params   map[string]any `json:"params"`
	Protocol struct {
		Trials     int     `json:"trials"`
		Resolution float64 `json:"resolution"`
		WarmupMs   float64 `json:"warmup_ms"`
		TMs        float64 `json:"T_ms"`
		SampleMs   float64 `json:"sample_ms"`
	} `json:"protocol"`
	Rate   gifStat `json:"rate"`
	CV     gifStat `json:"cv"`
	MeanVm gifStat `json:"mean_V_m"`
}

func readGifStats(t *testing.T, model string) gifStatsFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "stats", model+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f gifStatsFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// summarize returns mean, standard deviation (n-1) and count of xs.
func summarize(xs []float64) gifStat {
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return gifStat{Mean: mean, Std: math.Sqrt(ss / float64(len(xs)-1)), N: len(xs)}
}

// agreeWithin3SE fails unless the means of got and want differ by at most
// three standard errors of their difference.
func agreeWithin3SE(t *testing.T, name string, got, want gifStat) {
	t.Helper()
	se := math.Sqrt(got.Std*got.Std/float64(got.N) + want.Std*want.Std/float64(want.N))
	d := math.Abs(got.Mean - want.Mean)
	if !(d <= 3*se) {
		t.Errorf("%s: gonest %.5g (n = %d), NEST %.5g (n = %d): difference %.3g > 3 standard errors (%.3g)",
			name, got.Mean, got.N, want.Mean, want.N, d, 3*se)
	}
	t.Logf("%s: gonest %.5g, NEST %.5g, difference %.2f standard errors", name, got.Mean, want.Mean, d/se)
}

// checkGifStatistics runs NEST's statistics protocol (record_stats_gif.py)
// on gonest's model: independent trials of one neuron each under the
// recorded parameters, each with a random stream of its own, and compares
// rate, CV of the inter-spike intervals and mean V_m with NEST's within 3
// standard errors. The streams are seeded, so the test is repeatable.
// trials > 0 runs fewer trials than NEST did (for slow models; the
// standard errors account for it).
func checkGifStatistics(t *testing.T, model string, mk func() node.Node, trials int) {
	ref := readGifStats(t, model)
	pr := ref.Protocol
	if trials > 0 && trials < pr.Trials {
		pr.Trials = trials
	}
	base, err := simtime.NewBase(1000, pr.Resolution)
	if err != nil {
		t.Fatal(err)
	}
	warm := base.MsToSteps(pr.WarmupMs)
	total := warm + base.MsToSteps(pr.TMs)
	every := base.MsToSteps(pr.SampleMs)
	params := dict.Dict{}
	for k, v := range ref.Params {
		params[k] = v
	}
	var rates, cvs, vms []float64
	for trial := range pr.Trials {
		n := mk()
		if err := n.SetStatus(dict.NewReader(params), testEnv()); err != nil {
			t.Fatal(err)
		}
		env := &node.Env{Base: base, RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(0x6966, uint64(trial)))}
		n.Prepare(env)
		log := &spikeLog{}
		ctx := &node.Context{RingLen: env.RingLen, Emit: log}
		vSum, vN := 0.0, 0
		for step := int64(0); step < total; step++ {
			n.Update(ctx, step, 0, 1)
			if stamp := step + 1; stamp > warm && stamp%every == 0 {
				vSum += n.(node.Recordable).RecordableValue(0)
				vN++
			}
		}
		var times []float64
		for _, s := range log.steps {
			if s+1 > warm {
				times = append(times, base.StepsToMs(s+1))
			}
		}
		rates = append(rates, float64(len(times))/pr.TMs*1000)
		if len(times) >= 3 {
			isi := make([]float64, len(times)-1)
			for i := range isi {
				isi[i] = times[i+1] - times[i]
			}
			// NumPy's std (ddof 0) over mean, as the script computes it.
			s := summarize(isi)
			cvs = append(cvs, s.Std*math.Sqrt(float64(len(isi)-1)/float64(len(isi)))/s.Mean)
		}
		vms = append(vms, vSum/float64(vN))
	}
	agreeWithin3SE(t, "rate (1/s)", summarize(rates), ref.Rate)
	agreeWithin3SE(t, "CV of ISIs", summarize(cvs), ref.CV)
	agreeWithin3SE(t, "mean V_m (mV)", summarize(vms), ref.MeanVm)
}

// gifRejectCases are the rules the single-neuron gif models share, in
// the order NEST checks them; every case carries a valid change that must
// not survive.
func gifRejectCases() []rejectCase {
	return []rejectCase{
		{"tau_sfa and q_sfa of different sizes", dict.Dict{"I_e": 10.0, "tau_sfa": []any{10.0, 20.0}, "q_sfa": []any{1.0}}, nesterr.ErrBadProperty, "'tau_sfa' and 'q_sfa'"},
		{"tau_stc and q_stc of different sizes", dict.Dict{"I_e": 10.0, "tau_stc": []any{10.0}}, nesterr.ErrBadProperty, "'tau_stc' and 'q_stc'"},
		{"g_L zero", dict.Dict{"I_e": 10.0, "g_L": 0.0}, nesterr.ErrBadProperty, "Membrane conductance"},
		{"Delta_V zero", dict.Dict{"I_e": 10.0, "Delta_V": 0.0}, nesterr.ErrBadProperty, "Delta_V"},
		{"C_m negative", dict.Dict{"I_e": 10.0, "C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.5}, nesterr.ErrBadProperty, "Refractory"},
		{"lambda_0 negative", dict.Dict{"I_e": 10.0, "lambda_0": -1.0}, nesterr.ErrBadProperty, "lambda_0"},
		{"tau_sfa element zero", dict.Dict{"I_e": 10.0, "tau_sfa": []any{10.0, 0.0}, "q_sfa": []any{1.0, 2.0}}, nesterr.ErrBadProperty, "tau_sfa[1]"},
		{"tau_stc element negative", dict.Dict{"I_e": 10.0, "tau_stc": []any{-1.0}, "q_stc": []any{1.0}}, nesterr.ErrBadProperty, "tau_stc[0]"},
		{"sizes before g_L", dict.Dict{"g_L": 0.0, "q_stc": []any{1.0}}, nesterr.ErrBadProperty, "'tau_stc' and 'q_stc'"},
		{"g_L before Delta_V", dict.Dict{"g_L": -1.0, "Delta_V": -1.0}, nesterr.ErrBadProperty, "Membrane conductance"},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "g_L": "leaky"}, nesterr.ErrTypeMismatch, ""},
		{"number for a vector", dict.Dict{"I_e": 10.0, "tau_sfa": 3.0}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"I_e": 10.0, "V_m": "rest"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"I_e": 10.0, "V_m": -60.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	}
}

// gifStart moves a gif neuron away from its defaults, adaptation included.
var gifStart = dict.Dict{
	"V_m": -66.0, "I_e": 5.0, "lambda_0": 3.0,
	"tau_stc": []any{10.0, 40.0}, "q_stc": []any{5.0, 1.0}, "tau_sfa": []any{20.0}, "q_sfa": []any{2.0},
}

func TestGifLambda0IsKeptInPerMs(t *testing.T) {
	// NEST divides lambda_0 by 1000 when it is set and multiplies when it
	// is read: 0.3 comes back as 0.30000000000000004.
	n := NewGifPscExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"lambda_0": 0.3}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := n.Status()["lambda_0"]; got != 0.3/1000*1000 || n.P.Lambda0 != 0.3/1000 {
		t.Errorf("lambda_0 = %v (kept %v)", got, n.P.Lambda0)
	}
}

func TestGifAdaptationSumsThenDecays(t *testing.T) {
	p := defaultGifParams()
	p.TauStc, p.QStc = []float64{10, 100}, []float64{3, -1}
	p.TauSfa, p.QSfa = []float64{20}, []float64{2}
	var g gifDecay
	g.prepare(&p, 0.1)
	var a gifAdaptation
	a.resize(&p)
	a.step(p.VTStar, &g)
	if a.Stc != 0 || a.Sfa != p.VTStar {
		t.Fatalf("before any spike: I_stc %g, E_sfa %g", a.Stc, a.Sfa)
	}
	a.jump(&p)
	// The jump shows in the next step's sums, undecayed, then decays.
	a.step(p.VTStar, &g)
	if a.Stc != 2 || a.Sfa != p.VTStar+2 {
		t.Fatalf("after a spike: I_stc %g, E_sfa %g", a.Stc, a.Sfa)
	}
	a.step(p.VTStar, &g)
	want := 3*math.Exp(-0.01) - math.Exp(-0.001)
	if math.Abs(a.Stc-want) > 1e-15 {
		t.Errorf("one step later I_stc = %.17g, want %.17g", a.Stc, want)
	}
	// Growing the kernels keeps the old elements and starts new ones at 0.
	p.TauSfa, p.QSfa = []float64{20, 5}, []float64{2, 7}
	before := a.SfaElems[0]
	a.resize(&p)
	if len(a.SfaElems) != 2 || a.SfaElems[0] != before || a.SfaElems[1] != 0 {
		t.Errorf("resized sfa elements %v", a.SfaElems)
	}
	c := a.clone()
	c.SfaElems[0] = 99
	if a.SfaElems[0] == 99 {
		t.Error("clone shares the elements")
	}
}

// checkGifVectorsCopied requires that the status vectors are copies.
func checkGifVectorsCopied(t *testing.T, n node.Node) {
	t.Helper()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_sfa": []any{5.0}, "q_sfa": []any{1.0}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	st["tau_sfa"].([]float64)[0] = 123
	if got := n.Status()["tau_sfa"]; !reflect.DeepEqual(got, []float64{5}) {
		t.Errorf("tau_sfa changed through a status copy: %v", got)
	}
}

// wantErr fails unless err is of category cat.
func wantErr(t *testing.T, err error, cat *nesterr.Category) {
	t.Helper()
	if !errors.Is(err, cat) {
		t.Errorf("error %v, want %s", err, cat.Name())
	}
}
