package models

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

func TestPpCondExpMcUrbanczikRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewPpCondExpMcUrbanczik() }
	start := dict.Dict{"theta": -50.0, "soma": dict.Dict{"V_m": -60.0}}
	checkRejections(t, mk, start, []rejectCase{
		{"rate_slope negative", dict.Dict{"rate_slope": -0.1, "phi_max": -1.0}, nesterr.ErrBadProperty, "Rate slope"},
		{"phi_max negative", dict.Dict{"phi_max": -0.1, "t_ref": -1.0}, nesterr.ErrBadProperty, "Maximum rate"},
		{"t_ref negative", dict.Dict{"t_ref": -0.1}, nesterr.ErrBadProperty, "Refractory"},
		{"C_m of the dendrite", dict.Dict{"dendritic": dict.Dict{"C_m": 0.0}}, nesterr.ErrBadProperty, "dendritic"},
		{"tau_syn of the soma", dict.Dict{"soma": dict.Dict{"tau_syn_in": 0.0}}, nesterr.ErrBadProperty, "time constants"},
		{"compartment not a dictionary", dict.Dict{"soma": 1.0}, nesterr.ErrTypeMismatch, ""},
		{"archive last", dict.Dict{"theta": -40.0, "tau_minus": 0.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
}

func TestPpCondExpMcUrbanczikReceptors(t *testing.T) {
	n := NewPpCondExpMcUrbanczik()
	for r := 1; r <= 4; r++ {
		if err := n.CheckSpikeReceptor("parrot_neuron", r); err != nil {
			t.Errorf("spike receptor %d: %v", r, err)
		}
	}
	for _, r := range []int{0, 5, 6} {
		if err := n.CheckSpikeReceptor("parrot_neuron", r); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
			t.Errorf("spike receptor %d: %v", r, err)
		}
	}
	if err := n.CheckSpikeReceptor("parrot_neuron", 7); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("spike receptor 7: %v", err)
	}
	for _, r := range []int{5, 6} {
		if err := n.CheckCurrentReceptor(r); err != nil {
			t.Errorf("current receptor %d: %v", r, err)
		}
	}
	if err := n.CheckCurrentReceptor(2); !errors.Is(err, nesterr.ErrIncompatibleReceptorType) {
		t.Errorf("current receptor 2: %v", err)
	}
	if err := n.CheckCurrentReceptor(7); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
		t.Errorf("current receptor 7: %v", err)
	}
}

// TestPpCondExpMcUrbanczikHistory: the dendritic history is written only
// while some connection reads the neuron's history, one entry per step
// with NEST's dPI, and read back over (t1, t2].
func TestPpCondExpMcUrbanczikHistory(t *testing.T) {
	n := NewPpCondExpMcUrbanczik()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"phi_max": 0.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	ctx := &node.Context{RingLen: env.RingLen, Emit: &binaryEmitter{}}
	n.Update(ctx, 0, 0, 1)
	if len(n.hist) != 0 {
		t.Fatalf("history written without readers")
	}
	n.arch.Register()
	for step := int64(1); step < 11; step++ {
		n.Update(ctx, step, 0, 1)
	}
	var ts []float64
	n.UrbanczikHistory(0.2, 0.5, func(tm, dPI float64) {
		ts = append(ts, tm)
		if dPI != 0 { // phi_max 0: no spikes and no rate
			t.Errorf("dPI %g at %g, want 0", dPI, tm)
		}
	})
	if len(ts) != 3 || math.Abs(ts[0]-0.3) > 1e-12 || math.Abs(ts[2]-0.5) > 1e-12 {
		t.Errorf("entries in (0.2, 0.5]: %v", ts)
	}
	gL, tauL, cM, _, _ := n.UrbanczikDendrite()
	if gL != 30 || cM != 300 || tauL != 10 {
		t.Errorf("dendrite %g %g %g", gL, tauL, cM)
	}
}

// TestPpCondExpMcUrbanczikStatistics compares gonest with NEST 3.10 on
// the configurations of
// testdata/nest310/record_stats_pp_cond_exp_mc_urbanczik.py (dead time
// 3 ms; no dead time, Poisson numbers of spikes per step): 300 neurons per
// configuration driven by the soma's I_e for 1 s, each with its own random
// stream; the means over the neurons of the firing rate and of the CV of
// the inter-spike intervals must agree with NEST's within 3 standard
// errors of their difference.
func TestPpCondExpMcUrbanczikStatistics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "stats", "pp_cond_exp_mc_urbanczik.json"))
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
			params := dict.Dict{}
			for k, v := range cfg.Params {
				params[k] = v
			}
			var rates, cvs []float64
			for i := range cfg.NNeurons {
				n := NewPpCondExpMcUrbanczik()
				if err := n.SetStatus(dict.NewReader(params), testEnv()); err != nil {
					t.Fatal(err)
				}
				env := &node.Env{Base: base, RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(4242, uint64(i)))}
				n.Prepare(env)
				em := &multEmitter{}
				ctx := &node.Context{RingLen: env.RingLen, Emit: em}
				for k := range steps {
					n.Update(ctx, k, 0, 1)
				}
				rates = append(rates, float64(len(em.steps))/cfg.TSim*1000)
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
			}{{"rate", rates, cfg.Rate}, {"cv", cvs, cfg.CV}} {
				m, sd := meanStd(c.got, 1)
				se := math.Sqrt(sd*sd/float64(len(c.got)) + c.want.Std*c.want.Std/float64(c.want.N))
				diff := math.Abs(m - c.want.Mean)
				t.Logf("%s: gonest %.5g (sd %.3g, n %d), NEST %.5g (sd %.3g, n %d): %.2f SE", c.what, m, sd, len(c.got),
					c.want.Mean, c.want.Std, c.want.N, diff/se)
				if !(diff <= 3*se) {
					t.Errorf("%s: gonest %.6g, NEST %.6g, more than 3 standard errors (%.3g) apart", c.what, m, c.want.Mean, se)
				}
			}
		})
	}
}
