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

func TestPpPscDeltaDefaults(t *testing.T) {
	st := NewPpPscDelta().Status()
	want := dict.Dict{
		"I_e": 0.0, "C_m": 250.0, "tau_m": 10.0, "dead_time": 1.0, "dead_time_random": false,
		"dead_time_shape": int64(1), "with_reset": true, "c_1": 0.0, "c_2": 1.238, "c_3": 0.25,
		"t_ref_remaining": 0.0, "tau_sfa": []float64{}, "q_sfa": []float64{}, "V_m": 0.0, "E_sfa": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m", "E_sfa"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestPpPscDeltaRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewPpPscDelta() }
	start := dict.Dict{"V_m": 3.0, "tau_sfa": []any{10.0, 50.0}, "q_sfa": []any{1.0, 2.0}, "dead_time": 2.0}
	checkRejections(t, mk, start, []rejectCase{
		{"lengths differ", dict.Dict{"tau_sfa": []any{10.0}}, nesterr.ErrBadProperty, "same length"},
		{"C_m zero", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"dead_time negative", dict.Dict{"dead_time": -1.0}, nesterr.ErrBadProperty, "dead time"},
		{"dead_time_shape zero", dict.Dict{"dead_time_shape": 0}, nesterr.ErrBadProperty, "shape"},
		{"tau_m zero", dict.Dict{"tau_m": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"tau_sfa zero", dict.Dict{"tau_sfa": []any{0.0, 1.0}}, nesterr.ErrBadProperty, "time constants"},
		{"t_ref_remaining negative", dict.Dict{"t_ref_remaining": -0.1}, nesterr.ErrBadProperty, "remaining"},
		{"c_3 negative", dict.Dict{"c_3": -0.1}, nesterr.ErrBadProperty, "c_3"},
		// NEST's order: lengths, C_m, dead time, shape, tau_m, tau_sfa, t_ref_remaining, c_3.
		{"lengths first", dict.Dict{"q_sfa": []any{1.0}, "C_m": -1.0}, nesterr.ErrBadProperty, "same length"},
		{"C_m before dead time", dict.Dict{"C_m": -1.0, "dead_time": -1.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"tau_m before tau_sfa", dict.Dict{"tau_m": -1.0, "tau_sfa": []any{-1.0, 1.0}}, nesterr.ErrBadProperty, "tau_m"},
		{"t_ref_remaining before c_3", dict.Dict{"t_ref_remaining": -1.0, "c_3": -1.0}, nesterr.ErrBadProperty, "remaining"},
		{"fractional dead_time_shape", dict.Dict{"dead_time_shape": 1.5}, nesterr.ErrTypeMismatch, ""},
		{"number for with_reset", dict.Dict{"with_reset": 0.0}, nesterr.ErrTypeMismatch, ""},
		{"list tau_sfa with a number q_sfa", dict.Dict{"tau_sfa": []any{1.0, 2.0}, "q_sfa": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"string for E_sfa", dict.Dict{"E_sfa": "x"}, nesterr.ErrTypeMismatch, ""},
		{"archive rule last", dict.Dict{"V_m": 1.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewPpPscDelta(), "c_1")
}

func TestPpPscDeltaScalarAdaptation(t *testing.T) {
	// Numbers for tau_sfa and q_sfa are appended to the lists and
	// reported as numbers (the first entries), as NEST does.
	n := NewPpPscDelta()
	for _, d := range []dict.Dict{{"tau_sfa": 30.0, "q_sfa": 2.0}, {"tau_sfa": 90.0, "q_sfa": 1.0}} {
		if err := n.SetStatus(dict.NewReader(d), testEnv()); err != nil {
			t.Fatal(err)
		}
	}
	st := n.Status()
	if st["tau_sfa"] != 30.0 || st["q_sfa"] != 2.0 {
		t.Errorf("reported tau_sfa %v, q_sfa %v; want 30, 2", st["tau_sfa"], st["q_sfa"])
	}
	if !reflect.DeepEqual(n.P.TauSfa, []float64{30, 90}) || !reflect.DeepEqual(n.P.QSfa, []float64{2, 1}) {
		t.Errorf("lists %v, %v", n.P.TauSfa, n.P.QSfa)
	}
}

// certainParams make a neuron fire in every step it is allowed to: the
// escape probability 1 - exp(-rate*h) rounds to 1.
var certainParams = dict.Dict{"c_1": 0.0, "c_2": 1e9, "c_3": 0.0}

func TestPpPscDeltaDeadTimeAdaptationAndReset(t *testing.T) {
	d := dict.Dict{"dead_time": 0.75, "t_ref_remaining": 0.3, "tau_sfa": []any{5.0}, "q_sfa": []any{2.0}, "I_e": 1000.0}
	for k, v := range certainParams {
		d[k] = v
	}
	s := newStepper(t, NewPpPscDelta(), d)
	for range 40 {
		s.advance()
	}
	// t_ref_remaining 0.3 ms: dead for 3 steps; then a spike every
	// 8 + 1 steps (0.75 ms rounds up to 8 steps).
	if want := []int64{3, 12, 21, 30, 39}; !reflect.DeepEqual(s.spikes.steps, want) {
		t.Errorf("spikes at %v, want %v", s.spikes.steps, want)
	}
	// Right after the last spike V_m is reset and E_sfa holds the decayed
	// sum of the jumps.
	s = newStepper(t, NewPpPscDelta(), d)
	for range 40 {
		s.advance()
	}
	e := 0.0
	for range 5 { // the spikes, 9 steps apart
		e = e*math.Exp(-float64(9)*0.1/5) + 2
	}
	// E_sfa is the sum before this step's jump, as NEST records it.
	if got := s.value(1); math.Abs(got-(e-2)) > 1e-12 {
		t.Errorf("E_sfa in the step of the last spike %.17g, want %.17g", got, e-2)
	}
	if got := s.value(0); got != 0 {
		t.Errorf("V_m after a spike %g, want 0", got)
	}
	// A dead time below one step (but not 0) becomes one step.
	n := NewPpPscDelta()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"dead_time": 0.01}), testEnv()); err != nil {
		t.Fatal(err)
	}
	n.Prepare(testEnv())
	if got := n.Status()["dead_time"]; got != 0.1 {
		t.Errorf("dead_time after Prepare %v, want 0.1", got)
	}
}

// multEmitter counts emitted spikes with their multiplicities.
type multEmitter struct {
	node.Emitter
	steps []int64
}

func (m *multEmitter) EmitSpike(_ int, step int64, _ float64) { m.steps = append(m.steps, step) }
func (m *multEmitter) EmitSpikes(_ int, step int64, _ float64, mult int) {
	for range mult {
		m.steps = append(m.steps, step)
	}
}

// ppStats are the statistics record_stats_pp_psc_delta.py writes.
type ppStat struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
	N    int     `json:"n"`
}

type ppConfig struct {
	Resolution float64        `json:"resolution"`
	Params     map[string]any `json:"params"`
	NNeurons   int            `json:"n_neurons"`
	TSim       float64        `json:"t_sim"`
	Rate       ppStat         `json:"rate"`
	CV         ppStat         `json:"cv"`
	Vmean      ppStat         `json:"vmean"`
}

// TestPpPscDeltaStatistics compares gonest with NEST 3.10 on the
// configurations of testdata/nest310/record_stats_pp_psc_delta.py
// (fixed, Poisson-multiple and gamma-distributed dead time, with
// adaptation): 300 neurons per configuration, driven by I_e alone for
// 1 s, each with its own random stream; the means over the neurons of
// the firing rate, the CV of the inter-spike intervals and the
// time-averaged V_m must agree with NEST's within 3 standard errors of
// their difference (the SE combines both samples' spreads). Without reset
// V_m is deterministic and both spreads vanish; the 1e-9 slack admits
// the rounding of the sums there.
func TestPpPscDeltaStatistics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "stats", "pp_psc_delta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Configs map[string]ppConfig `json:"configs"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for name, cfg := range ref.Configs {
		t.Run(name, func(t *testing.T) {
			base, err := simtime.NewBase(simtime.DefaultBase().TicsPerMs, cfg.Resolution)
			if err != nil {
				t.Fatal(err)
			}
			steps := base.MsToSteps(cfg.TSim)
			sample := base.MsToSteps(1.0)
			params := dict.Dict{}
			for k, v := range cfg.Params {
				params[k] = v
			}
			var rates, cvs, vmeans []float64
			for i := range cfg.NNeurons {
				n := NewPpPscDelta()
				if err := n.SetStatus(dict.NewReader(params), testEnv()); err != nil {
					t.Fatal(err)
				}
				env := &node.Env{Base: base, RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(20261201, uint64(i)))}
				n.Prepare(env)
				em := &multEmitter{}
				ctx := &node.Context{RingLen: env.RingLen, Emit: em}
				vsum, vcnt := 0.0, 0
				for k := range steps {
					n.Update(ctx, k, 0, 1)
					// NEST's multimeter has the samples at 1, 2, ... ms
					// but not yet the one at the end of the run.
					if (k+1)%sample == 0 && k+1 < steps {
						vsum += n.S.Y3
						vcnt++
					}
				}
				rates = append(rates, float64(len(em.steps))/cfg.TSim*1000)
				vmeans = append(vmeans, vsum/float64(vcnt))
				if len(em.steps) >= 3 {
					isi := make([]float64, len(em.steps)-1)
					for j := range isi {
						isi[j] = float64(em.steps[j+1]-em.steps[j]) * cfg.Resolution
					}
					m, sd := meanStd(isi, 0)
					cvs = append(cvs, sd/m)
				}
			}
			for _, c := range []struct {
				what string
				got  []float64
				want ppStat
			}{{"rate", rates, cfg.Rate}, {"cv", cvs, cfg.CV}, {"vmean", vmeans, cfg.Vmean}} {
				m, sd := meanStd(c.got, 1)
				se := math.Sqrt(sd*sd/float64(len(c.got)) + c.want.Std*c.want.Std/float64(c.want.N))
				diff := math.Abs(m - c.want.Mean)
				t.Logf("%s: gonest %.5g (sd %.3g, n %d), NEST %.5g (sd %.3g, n %d): %.2f SE", c.what, m, sd, len(c.got),
					c.want.Mean, c.want.Std, c.want.N, diff/se)
				if !(diff <= 3*se+1e-9) {
					t.Errorf("%s: gonest %.6g, NEST %.6g, more than 3 standard errors (%.3g) apart", c.what, m, c.want.Mean, se)
				}
			}
		})
	}
}

// meanStd returns the mean and standard deviation of x, the latter with
// ddof degrees of freedom removed (0: population, as NumPy's default).
func meanStd(x []float64, ddof int) (float64, float64) {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss / float64(len(x)-ddof))
}

func TestPoissonAndGammaDraws(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, lambda := range []float64{0.003, 0.7, 4.5, 33.0} {
		const n = 200000
		sum, sq := 0.0, 0.0
		for range n {
			k := float64(poissonDraw(rng, lambda))
			sum += k
			sq += k * k
		}
		m := sum / n
		v := sq/n - m*m
		if math.Abs(m-lambda) > 4*math.Sqrt(lambda/n) || math.Abs(v-lambda) > 0.05*lambda+4*math.Sqrt(2*lambda*lambda/n+lambda/n) {
			t.Errorf("Poisson(%g): mean %g, variance %g", lambda, m, v)
		}
	}
	for _, k := range []int64{1, 3, 10} {
		const n = 100000
		sum := 0.0
		for range n {
			sum += gammaDraw(rng, k)
		}
		if m := sum / n; math.Abs(m-float64(k)) > 4*math.Sqrt(float64(k)/n) {
			t.Errorf("Gamma(%d): mean %g", k, m)
		}
	}
}

func TestPpPscDeltaReceptors(t *testing.T) {
	n := NewPpPscDelta()
	if err := n.CheckSpikeReceptor("spike_generator", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 1: %v", err)
	}
	if err := n.CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 1: %v", err)
	}
}
