package kernel

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// epropSmallSpec is the scenario record_eprop.py writes to
// testdata/nest310/eprop/small_spec.json (eprop_scenarios.small_network).
type epropSmallSpec struct {
	Resolution float64                   `json:"resolution"`
	InTimes    [][]float64               `json:"in_times"`
	Rec        [][2]json.RawMessage      `json:"rec"`
	OutParams  dict.Dict                 `json:"out_params"`
	Optimizers map[string]map[string]any `json:"optimizers"`
	Conns      [][6]json.RawMessage      `json:"conns"`
	Feedback   []float64                 `json:"feedback"`
	Target     dict.Dict                 `json:"target"`
	Window     dict.Dict                 `json:"window"`
	Simulate   []float64                 `json:"simulate"`
}

type epropSmallResult struct {
	Weights [][]float64          `json:"weights"`
	Rec     map[string][]float64 `json:"rec"`
	Out     map[string][]float64 `json:"out"`
}

func readEpropSmall(t *testing.T) (epropSmallSpec, epropSmallResult) {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "nest310", "eprop")
	var sc epropSmallSpec
	var res epropSmallResult
	for name, dst := range map[string]any{"small_spec.json": &sc, "small_result.json": &res} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return sc, res
}

// asAnyList turns JSON numbers into the []any a status dictionary holds.
func asAnyList(xs []float64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// TestEpropSmallNetworkMatchesNEST310 rebuilds record_eprop.py's small
// e-prop network (four inputs, one recurrent neuron of each of the four
// models plus an eprop_iaf with ignore_and_spike, a readout with target
// and learning window, gradient descent on eprop_synapse, Adam with
// batch 2 and per-step optimization on eprop_synapse_hpc, flush events
// after 15 ms of silence, two Simulate calls that end inside the run)
// and compares with NEST 3.10: every weight after each call, and every
// recorded V_m, surrogate gradient, learning signal, readout, target and
// error signal, and eprop_history_duration (so the history is forgotten
// exactly when NEST forgets it). Tolerance 1e-12 absolute: the same operations in the
// same order give NEST's doubles (the run matches to the last bit today).
func TestEpropSmallNetworkMatchesNEST310(t *testing.T) {
	sc, res := readEpropSmall(t)
	for _, threads := range []int{1, 2} {
		t.Run(fmt.Sprintf("threads=%d", threads), func(t *testing.T) {
			k := newKernel()
			if err := k.SetStatus(dict.Dict{"resolution": sc.Resolution, "local_num_threads": int64(threads)}); err != nil {
				t.Fatal(err)
			}
			nIn := len(sc.InTimes)
			gens := mustCreate(t, k, "spike_generator", nIn)
			parrots := mustCreate(t, k, "parrot_neuron", nIn)
			rec := make([]int, len(sc.Rec))
			for i, r := range sc.Rec {
				var model string
				var params dict.Dict
				if err := json.Unmarshal(r[0], &model); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(r[1], &params); err != nil {
					t.Fatal(err)
				}
				rec[i] = mustCreate(t, k, model, 1, params)
			}
			out := mustCreate(t, k, "eprop_readout", 1, sc.OutParams)
			target := mustCreate(t, k, "step_rate_generator", 1, sc.Target)
			window := mustCreate(t, k, "step_rate_generator", 1, sc.Window)
			mmRec := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0,
				"record_from": []any{"V_m", "surrogate_gradient", "learning_signal", "eprop_history_duration"}})
			mmOut := mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0,
				"record_from": []any{"V_m", "readout_signal", "target_signal", "error_signal", "eprop_history_duration"}})
			for i, ts := range sc.InTimes {
				if err := k.SetNodeStatus([]int{gens + i}, []dict.Dict{{"spike_times": asAnyList(ts)}}); err != nil {
					t.Fatal(err)
				}
			}
			for model, opt := range sc.Optimizers {
				if err := k.SetDefaults(model, dict.Dict{"optimizer": map[string]any(opt)}); err != nil {
					t.Fatal(err)
				}
			}
			in := make([]int, nIn)
			for i := range in {
				in[i] = parrots + i
				mustConnect(t, k, []int{gens + i}, []int{parrots + i}, nil, nil)
			}
			pops := map[string][]int{"in": in, "rec": rec, "out": {out}}
			type conn struct {
				pre, post int
				model     string
			}
			conns := make([]conn, len(sc.Conns))
			for n, c := range sc.Conns {
				var pre, post, model string
				var i, j int
				var w float64
				for idx, dst := range []any{&pre, &i, &post, &j, &model, &w} {
					if err := json.Unmarshal(c[idx], dst); err != nil {
						t.Fatal(err)
					}
				}
				conns[n] = conn{pops[pre][i], pops[post][j], model}
				mustConnect(t, k, []int{conns[n].pre}, []int{conns[n].post}, nil,
					dict.Dict{"synapse_model": model, "weight": w, "delay": 1.0})
			}
			for j, w := range sc.Feedback {
				mustConnect(t, k, []int{out}, []int{rec[j]}, nil,
					dict.Dict{"synapse_model": "eprop_learning_signal_connection", "weight": w, "delay": 1.0})
			}
			mustConnect(t, k, []int{target}, []int{out}, nil,
				dict.Dict{"synapse_model": "rate_connection_delayed", "receptor_type": int64(2), "delay": 1.0})
			mustConnect(t, k, []int{window}, []int{out}, nil,
				dict.Dict{"synapse_model": "rate_connection_delayed", "receptor_type": int64(1), "delay": 1.0})
			mustConnect(t, k, []int{mmRec}, rec, nil, nil)
			mustConnect(t, k, []int{mmOut}, []int{out}, nil, nil)

			const tol = 1e-12
			worst := 0.0
			check := func(what string, got, want float64) {
				d := math.Abs(got - want)
				worst = math.Max(worst, d)
				if !(d <= tol) {
					t.Errorf("%s = %.17g, NEST %.17g", what, got, want)
				}
			}
			for call, ms := range sc.Simulate {
				mustSimulate(t, k, ms)
				for n, c := range conns {
					cs, err := k.GetConnections([]int{c.pre}, []int{c.post}, c.model)
					if err != nil || cs.Len() != 1 {
						t.Fatalf("connection %d: %v, %d found", n, err, cs.Len())
					}
					check(fmt.Sprintf("after call %d weight of %d (%d -> %d, %s)", call+1, n, c.pre, c.post, c.model),
						cs.Weight[0], res.Weights[call][n])
				}
			}
			for _, m := range []struct {
				id   int
				want map[string][]float64
			}{{mmRec, res.Rec}, {mmOut, res.Out}} {
				tab, err := k.Recording(m.id)
				if err != nil {
					t.Fatal(err)
				}
				if tab.Len() != len(m.want["times"]) || tab.Len() == 0 {
					t.Fatalf("multimeter %d: %d events, NEST %d", m.id, tab.Len(), len(m.want["times"]))
				}
				for key, want := range m.want {
					col := tab.Index(key)
					if col < 0 {
						t.Fatalf("multimeter %d has no %s", m.id, key)
					}
					var got []float64
					if key == "senders" {
						for _, s := range tab.Int64s(col) {
							got = append(got, float64(s))
						}
					} else {
						got = tab.Float64s(col)
					}
					for i := range want {
						check(fmt.Sprintf("multimeter %d %s[%d]", m.id, key, i), got[i], want[i])
						if t.Failed() {
							return
						}
					}
				}
			}
			t.Logf("max |deviation| %.3g", worst)
		})
	}
}

// TestEpropConnectErrors: NEST's exceptions for e-prop connections that
// cannot be, and for bad optimizer settings; nothing is changed by a
// refused call.
func TestEpropConnectErrors(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 1.0}); err != nil {
		t.Fatal(err)
	}
	p := mustCreate(t, k, "parrot_neuron", 1)
	rec := mustCreate(t, k, "eprop_iaf", 1)
	out := mustCreate(t, k, "eprop_readout", 1)
	iaf := mustCreate(t, k, "iaf_psc_alpha", 1)
	syn := dict.Dict{"synapse_model": "eprop_synapse", "delay": 1.0}
	wantCategory(t, k.Connect([]int{p}, []int{iaf}, nil, syn), nesterr.ErrNotImplemented)
	wantCategory(t, k.Connect([]int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse", "delay": 2.0}),
		nesterr.ErrIllegalConnection)
	wantCategory(t, k.Connect([]int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse", "optimizer": dict.Dict{"eta": 1.0}}),
		nesterr.ErrNotImplemented)
	ls := dict.Dict{"synapse_model": "eprop_learning_signal_connection"}
	wantCategory(t, k.Connect([]int{iaf}, []int{rec}, nil, ls), nesterr.ErrIllegalConnection)
	wantCategory(t, k.Connect([]int{out}, []int{iaf}, nil, ls), nesterr.ErrIllegalConnection)
	wantCategory(t, k.Connect([]int{out}, []int{out}, nil, ls), nesterr.ErrIllegalConnection)
	wantCategory(t, k.Connect([]int{out}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_learning_signal_connection", "receptor_type": int64(1)}),
		nesterr.ErrUnknownReceptorType)
	gen := mustCreate(t, k, "step_rate_generator", 1)
	wantCategory(t, k.Connect([]int{gen}, []int{out}, nil, dict.Dict{"synapse_model": "rate_connection_delayed", "receptor_type": int64(3)}),
		nesterr.ErrIllegalConnection)
	if n := k.countConnections(k.synIndex["eprop_synapse"]); n != 0 {
		t.Fatalf("%d eprop_synapse connections after refused calls", n)
	}

	for _, tc := range []struct {
		opt dict.Dict
		cat *nesterr.Category
	}{
		{dict.Dict{"type": "sgd"}, nesterr.ErrBadProperty},
		{dict.Dict{"eta": -1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"batch_size": int64(0)}, nesterr.ErrBadProperty},
		{dict.Dict{"Wmin": 2.0, "Wmax": 1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"type": "adam", "beta_1": 1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"type": "adam", "epsilon": -1.0}, nesterr.ErrBadProperty},
	} {
		wantCategory(t, k.SetDefaults("eprop_synapse", dict.Dict{"optimizer": tc.opt}), tc.cat)
	}
	wantCategory(t, k.SetDefaults("eprop_synapse", dict.Dict{"optimizer": 3.0}), nesterr.ErrTypeMismatch)
	wantCategory(t, k.SetDefaults("eprop_synapse", dict.Dict{"weight": 500.0}), nesterr.ErrBadProperty)
	d, err := k.Defaults("eprop_synapse")
	if err != nil {
		t.Fatal(err)
	}
	if opt := d["optimizer"].(dict.Dict); opt["optimizer"] != "gradient_descent" || opt["eta"] != 1e-4 {
		t.Fatalf("optimizer changed by refused calls: %v", opt)
	}
	// once connections exist, the optimizer's type is fixed
	mustConnect(t, k, []int{p}, []int{rec}, nil, syn)
	err = k.SetDefaults("eprop_synapse", dict.Dict{"optimizer": dict.Dict{"type": "adam"}})
	wantCategory(t, err, nesterr.ErrBadParameter)
	if !strings.Contains(err.Error(), "synapses have been created") {
		t.Errorf("message %q", err)
	}
	// the _hpc variant has its own optimizer
	if err := k.SetDefaults("eprop_synapse_hpc", dict.Dict{"optimizer": dict.Dict{"type": "adam", "eta": 0.5, "m": 5.0}}); err != nil {
		t.Fatal(err)
	}
	// a connection's own optimizer starts afresh (the m given to the model
	// is no connection's, as in NEST) and takes m and v of its own
	mustConnect(t, k, []int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse_hpc", "delay": 1.0})
	if err := k.SetConnections([]int{p}, []int{rec}, "eprop_synapse_hpc", nil, []dict.Dict{{"optimizer": dict.Dict{"v": 2.0}}}); err != nil {
		t.Fatal(err)
	}
	hc, err := k.GetConnections([]int{p}, []int{rec}, "eprop_synapse_hpc")
	if err != nil || hc.Len() != 1 {
		t.Fatal(err)
	}
	if o := hc.State[0]["optimizer"].(dict.Dict); o["m"] != 0.0 || o["v"] != 2.0 {
		t.Fatalf("connection optimizer %v, want m 0, v 2", o)
	}
	// a connection's weight must lie within the bounds when set
	wantCategory(t, k.SetConnections([]int{p}, []int{rec}, "eprop_synapse", nil, []dict.Dict{{"weight": 500.0}}), nesterr.ErrBadProperty)

	// neuron parameters
	for _, bad := range []dict.Dict{
		{"surrogate_gradient_function": "relu"}, {"eprop_isi_trace_cutoff": -1.0}, {"flush_event_send_interval": 0.0},
		{"kappa": 2.0}, {"C_m": 0.0}, {"ignore_and_spike_offset": 0.0},
	} {
		wantCategory(t, k.SetNodeStatus([]int{rec}, []dict.Dict{bad}), nesterr.ErrBadProperty)
	}
	st := k.nodes[rec-1].Status()
	if st["surrogate_gradient_function"] != "piecewise_linear" || st["kappa"] != 0.97 {
		t.Fatalf("refused SetStatus changed the neuron: %v %v", st["surrogate_gradient_function"], st["kappa"])
	}
}
