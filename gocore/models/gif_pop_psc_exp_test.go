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

func TestGifPopPscExpDefaults(t *testing.T) {
	st := NewGifPopPscExp().Status()
	want := dict.Dict{
		"N": 100, "tau_m": 20.0, "C_m": 250.0, "t_ref": 4.0, "lambda_0": 10.0, "Delta_V": 2.0,
		"len_kernel": -1, "I_e": 0.0, "V_reset": 0.0, "V_T_star": 15.0, "E_L": 0.0,
		"tau_syn_ex": 3.0, "tau_syn_in": 6.0, "tau_sfa": []float64{300}, "q_sfa": []float64{0.5}, "BinoRand": true,
		"V_m": 0.0, "n_events": 0, "E_sfa": 0.0, "mean": 0.0, "I_syn_ex": 0.0, "I_syn_in": 0.0,
		"recordables": []string{"V_m", "n_events", "E_sfa", "mean", "I_syn_ex", "I_syn_in"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
	// No spike archive: STDP synapses cannot target it (as NEST's Node).
	if _, ok := node.Node(NewGifPopPscExp()).(node.Archiving); ok {
		t.Error("gif_pop_psc_exp keeps a spike archive")
	}
}

func TestGifPopPscExpRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	start := dict.Dict{"N": 50.0, "V_m": 3.0, "I_e": 10.0, "tau_sfa": []any{100.0, 10.0}, "q_sfa": []any{1.0, 2.0}}
	checkRejections(t, func() node.Node { return NewGifPopPscExp() }, start, []rejectCase{
		{"sizes differ", dict.Dict{"I_e": 1.0, "q_sfa": []any{1.0}}, nesterr.ErrBadProperty, "need to have the same dimension."},
		{"C_m zero", dict.Dict{"I_e": 1.0, "C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m zero", dict.Dict{"I_e": 1.0, "tau_m": 0.0}, nesterr.ErrBadProperty, "membrane time constant"},
		{"tau_syn_in negative", dict.Dict{"I_e": 1.0, "tau_syn_in": -1.0}, nesterr.ErrBadProperty, "synaptic time constants"},
		{"tau_sfa element zero", dict.Dict{"I_e": 1.0, "tau_sfa": []any{0.0, 1.0}}, nesterr.ErrBadProperty, "tau_sfa[0]"},
		{"N zero", dict.Dict{"I_e": 1.0, "N": 0.0}, nesterr.ErrBadProperty, "Number of neurons"},
		{"lambda_0 negative", dict.Dict{"I_e": 1.0, "lambda_0": -1.0}, nesterr.ErrBadProperty, "lambda_0"},
		{"Delta_V zero", dict.Dict{"I_e": 1.0, "Delta_V": 0.0}, nesterr.ErrBadProperty, "Delta_V"},
		{"t_ref negative", dict.Dict{"I_e": 1.0, "t_ref": -1.0}, nesterr.ErrBadProperty, "refractory"},
		{"C_m before N", dict.Dict{"N": -1.0, "C_m": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"N not whole", dict.Dict{"I_e": 1.0, "N": 2.5}, nesterr.ErrTypeMismatch, ""},
		{"BinoRand not a boolean", dict.Dict{"I_e": 1.0, "BinoRand": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"I_e": 1.0, "I_syn_ex": "x"}, nesterr.ErrTypeMismatch, ""},
	})
	checkUnknownKeyUnaccessed(t, NewGifPopPscExp(), "I_e")
}

func TestGifPopPscExpReceptors(t *testing.T) {
	n := NewGifPopPscExp()
	wantErr(t, n.CheckSpikeReceptor("spike_generator", 1), nesterr.ErrUnknownReceptorType)
	wantErr(t, n.CheckCurrentReceptor(1), nesterr.ErrUnknownReceptorType)
	if err := n.CheckSpikeReceptor("spike_generator", 0); err != nil {
		t.Error(err)
	}
}

func TestGifPopPscExpHistoryLength(t *testing.T) {
	// len_kernel as NEST 3.10 chooses it (values read from NEST after a
	// first Simulate).
	for _, tc := range []struct {
		h    float64
		d    dict.Dict
		want int
	}{
		{0.1, dict.Dict{}, 2748},
		{0.05, dict.Dict{"tau_sfa": []any{30.0, 300.0}, "q_sfa": []any{4.0, 0.5}}, 5510},
		{0.1, dict.Dict{"tau_sfa": []any{10.0}, "q_sfa": []any{1.0}, "tau_m": 15.0}, 750},
		{0.1, dict.Dict{"t_ref": 150.0, "tau_sfa": []any{1.0}, "q_sfa": []any{0.1}}, 1501},
	} {
		n := NewGifPopPscExp()
		if err := n.SetStatus(dict.NewReader(tc.d), testEnv()); err != nil {
			t.Fatal(err)
		}
		env := testEnv()
		base, err := simtime.NewBase(1000, tc.h)
		if err != nil {
			t.Fatal(err)
		}
		env.Base = base
		n.Prepare(env)
		if got := n.Status()["len_kernel"]; got != tc.want {
			t.Errorf("h = %g, %v: len_kernel %v, NEST %d", tc.h, tc.d, got, tc.want)
		}
	}
}

func TestGifPopPscExpEmptyKernelFailsAtPrepare(t *testing.T) {
	n := NewGifPopPscExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_sfa": []any{}, "q_sfa": []any{}}), testEnv()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("recovered %v, want BadProperty", err)
		}
	}()
	n.Prepare(testEnv())
	t.Error("Prepare accepted an empty adaptation kernel")
}

func TestGifPopPscExpStatusChangeRestartsTheHistory(t *testing.T) {
	n := NewGifPopPscExp()
	s := newStepper(t, n, dict.Dict{"I_e": 600.0, "len_kernel": 400})
	for range 2001 {
		s.advance()
	}
	if n.v.k0 != 1 {
		t.Fatal("history index did not move")
	}
	n.Prepare(testEnv()) // a further run keeps it
	if n.v.k0 == 0 {
		t.Error("a new run restarted the history")
	}
	if err := n.SetStatus(dict.NewReader(dict.Dict{}), testEnv()); err != nil {
		t.Fatal(err)
	}
	n.Prepare(testEnv())
	if n.v.k0 != 0 || n.v.n[399] != 100 || n.v.x != 0 {
		t.Error("a status change did not restart the history")
	}
	if c := n.Clone().(*GifPopPscExp); c.S.Initialized {
		t.Error("a clone claims a history")
	}
}

// popSpikes counts the multiplicities a population emits.
type popSpikes struct {
	node.Emitter
	total int
}

func (p *popSpikes) EmitSpikes(_ int, _ int64, _ float64, m int) { p.total += m }

func TestGifPopPscExpSendsOneEventWithTheCount(t *testing.T) {
	n := NewGifPopPscExp()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"I_e": 700.0, "len_kernel": 300}), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	em := &popSpikes{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: em}
	counted := 0
	for step := int64(0); step < 3000; step++ {
		n.Update(ctx, step, 0, 1)
		counted += int(n.RecordableValue(1))
	}
	if em.total == 0 || em.total != counted {
		t.Errorf("emitted %d spikes, n_events summed to %d", em.total, counted)
	}
}

func TestGifPopSamplers(t *testing.T) {
	// Mean and variance of the binomial and Poisson draws over their
	// regimes (inversion and rejection), within 5 standard errors.
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(name string, draw func() int64, mean, variance float64) {
		t.Helper()
		const k = 200000
		s, ss := 0.0, 0.0
		for range k {
			x := float64(draw())
			s += x
			ss += x * x
		}
		m := s / k
		v := ss/k - m*m
		if math.Abs(m-mean) > 5*math.Sqrt(variance/k) {
			t.Errorf("%s: mean %g, want %g", name, m, mean)
		}
		// The variance of the sample variance is about 2 sigma^4/k plus
		// the kurtosis term; 6% is ample at k = 2e5.
		if math.Abs(v-variance) > 0.06*variance {
			t.Errorf("%s: variance %g, want %g", name, v, variance)
		}
	}
	for _, c := range []struct {
		n int64
		p float64
	}{{100, 0.02}, {200, 0.3}, {1000, 0.5}, {50, 0.9}, {100000, 0.001}, {30, 0.5}} {
		check("binomial", func() int64 { return drawBinomial(rng, c.n, c.p) }, float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p))
	}
	for _, l := range []float64{0.05, 3, 9.9, 10, 55, 400} {
		check("poisson", func() int64 { return drawPoisson(rng, l) }, l, l)
	}
	if gifPopBinomial(rng, 10, 12) != 10 || gifPopBinomial(rng, 10, 0) != 0 || gifPopPoisson(rng, 10, 11) != 10 || gifPopPoisson(rng, 10, 0) != 0 {
		t.Error("edge cases of the spike counts")
	}
}

// gifPopStatsFile is testdata/nest310/stats/gif_pop_psc_exp.json.
type gifPopStatsFile struct {
	Params   map[string]any `json:"params"`
	Protocol struct {
		Trials     int     `json:"trials"`
		Resolution float64 `json:"resolution"`
		WarmupMs   float64 `json:"warmup_ms"`
		TMs        float64 `json:"T_ms"`
	} `json:"protocol"`
	Binomial, Poisson struct {
		Rate     gifStat `json:"rate"`
		Fano     gifStat `json:"fano"`
		MeanESfa gifStat `json:"mean_E_sfa"`
	}
}

func TestGifPopPscExpStatisticsMatchNEST(t *testing.T) {
	// The protocol of record_stats_gif.py (record_pop): independent
	// populations of 200 neurons with adaptation at h = 0.5 ms, 2 s after
	// 200 ms; per population the rate, the Fano factor of the per-step
	// counts and the mean E_sfa, within 3 standard errors of NEST's, for
	// binomial and Poisson counts. 25 of NEST's 100 trials (a population
	// step costs a pass over its 230-step history).
	if testing.Short() {
		t.Skip("25 population trials per count mode")
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "stats", "gif_pop_psc_exp.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref gifPopStatsFile
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	pr := ref.Protocol
	base, err := simtime.NewBase(1000, pr.Resolution)
	if err != nil {
		t.Fatal(err)
	}
	warm := base.MsToSteps(pr.WarmupMs)
	total := warm + base.MsToSteps(pr.TMs)
	for _, mode := range []string{"binomial", "poisson"} {
		want := ref.Binomial
		if mode == "poisson" {
			want = ref.Poisson
		}
		params := dict.Dict{"BinoRand": mode == "binomial"}
		for k, v := range ref.Params {
			params[k] = v
		}
		var rates, fanos, esfa []float64
		for trial := range 25 {
			n := NewGifPopPscExp()
			if err := n.SetStatus(dict.NewReader(params), testEnv()); err != nil {
				t.Fatal(err)
			}
			env := &node.Env{Base: base, RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(0x706f70, uint64(trial)))}
			n.Prepare(env)
			ctx := &node.Context{RingLen: env.RingLen, Emit: &popSpikes{}}
			var counts []float64
			eSum := 0.0
			for step := int64(0); step < total; step++ {
				n.Update(ctx, step, 0, 1)
				if step+1 > warm {
					counts = append(counts, float64(n.S.NSpikes))
					eSum += n.S.ThetaHat
				}
			}
			c := summarize(counts)
			sum := c.Mean * float64(len(counts))
			rates = append(rates, sum/float64(n.P.N)/pr.TMs*1000)
			// NumPy's var (ddof 0) over the mean.
			fanos = append(fanos, c.Std*c.Std*float64(len(counts)-1)/float64(len(counts))/c.Mean)
			esfa = append(esfa, eSum/float64(len(counts)))
		}
		agreeWithin3SE(t, mode+" rate (1/s)", summarize(rates), want.Rate)
		agreeWithin3SE(t, mode+" Fano factor", summarize(fanos), want.Fano)
		agreeWithin3SE(t, mode+" mean E_sfa (mV)", summarize(esfa), want.MeanESfa)
	}
}
