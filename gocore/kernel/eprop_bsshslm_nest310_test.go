package kernel

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// epropScenario is what testdata/nest310/eprop_bsshslm/record_eprop_bsshslm.py
// writes: the network's spec and NEST 3.10's results.
type epropScenario struct {
	Spec struct {
		Name            string      `json:"name"`
		Resolution      float64     `json:"resolution"`
		Kernel          dict.Dict   `json:"kernel"`
		NIn             int         `json:"n_in"`
		NRec            int         `json:"n_rec"`
		NOut            int         `json:"n_out"`
		RecParams       dict.Dict   `json:"rec_params"`
		AdaptParams     dict.Dict   `json:"adapt_params"`
		OutParams       dict.Dict   `json:"out_params"`
		SynapseDefaults dict.Dict   `json:"synapse_defaults"`
		TauMReadout     float64     `json:"tau_m_readout"`
		Task            float64     `json:"task"`
		InputTimes      [][]float64 `json:"input_times"`
		WInRec          [][]float64 `json:"w_in_rec"`
		WRecRec         [][]float64 `json:"w_rec_rec"`
		WRecOut         [][]float64 `json:"w_rec_out"`
		WOutRec         [][]float64 `json:"w_out_rec"`
		TargetTimes     []float64   `json:"target_times"`
		Targets         [][]float64 `json:"targets"`
		Simulate        []float64   `json:"simulate"`
	} `json:"spec"`
	NEST struct {
		MMRec   map[string][]float64 `json:"mm_rec"`
		MMAd    map[string][]float64 `json:"mm_ad"`
		MMOut   map[string][]float64 `json:"mm_out"`
		Spikes  map[string][]float64 `json:"spikes"`
		Weights struct {
			Source []int     `json:"source"`
			Target []int     `json:"target"`
			Weight []float64 `json:"weight"`
		} `json:"weights"`
	} `json:"nest"`
}

func anyFloats(xs []float64) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// intKeys turns JSON's integral numbers under the keys NEST reads as
// integers into int64.
func intKeys(d dict.Dict) dict.Dict {
	out := dict.Dict{}
	for key, v := range d {
		switch x := v.(type) {
		case map[string]any:
			out[key] = intKeys(dict.Dict(x))
		case float64:
			if key == "batch_size" {
				out[key] = int64(x)
			} else {
				out[key] = x
			}
		default:
			out[key] = v
		}
	}
	return out
}

// buildEpropScenario makes the scenario's network in k, in the order of
// the recording script, and returns the ids of the multimeters (recurrent,
// adaptive, readout) and the spike recorder.
func buildEpropScenario(t *testing.T, k *Kernel, sc *epropScenario, threads int, synapse string) (mmRec, mmAd, mmOut, sr int) {
	s := &sc.Spec
	kd := dict.Dict{"resolution": s.Resolution, "local_num_threads": int64(threads)}
	for key, v := range s.Kernel {
		kd[key] = v
	}
	if err := k.SetStatus(kd); err != nil {
		t.Fatal(err)
	}
	gens := mustCreate(t, k, "spike_generator", s.NIn)
	parrots := mustCreate(t, k, "parrot_neuron", s.NIn)
	half := s.NRec / 2
	recA := mustCreate(t, k, "eprop_iaf_bsshslm_2020", half, s.RecParams)
	ad := dict.Dict{}
	for key, v := range s.RecParams {
		ad[key] = v
	}
	for key, v := range s.AdaptParams {
		ad[key] = v
	}
	recB := mustCreate(t, k, "eprop_iaf_adapt_bsshslm_2020", s.NRec-half, ad)
	out := mustCreate(t, k, "eprop_readout_bsshslm_2020", s.NOut, s.OutParams)
	genTarget := mustCreate(t, k, "step_rate_generator", s.NOut)
	mmRec = mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0, "record_from": []any{"V_m", "surrogate_gradient", "learning_signal"}})
	mmAd = mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0, "record_from": []any{"V_th_adapt", "adaptation"}})
	mmOut = mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 1.0,
		"record_from": []any{"V_m", "readout_signal", "readout_signal_unnorm", "target_signal", "error_signal"}})
	sr = mustCreate(t, k, "spike_recorder", 1)
	if err := k.SetDefaults(synapse, intKeys(s.SynapseDefaults)); err != nil {
		t.Fatal(err)
	}
	for i := range s.NIn {
		if err := k.SetNodeStatus([]int{gens + i}, []dict.Dict{{"spike_times": anyFloats(s.InputTimes[i])}}); err != nil {
			t.Fatal(err)
		}
		mustConnect(t, k, []int{gens + i}, []int{parrots + i}, nil, dict.Dict{"delay": 1.0})
	}
	rec := recA
	eprop := func(pre, post int, w float64) {
		mustConnect(t, k, []int{pre}, []int{post}, nil, dict.Dict{"synapse_model": synapse,
			"delay": 1.0, "tau_m_readout": s.TauMReadout, "weight": w})
	}
	for j := range s.NRec {
		for i := range s.NIn {
			eprop(parrots+i, rec+j, s.WInRec[j][i])
		}
	}
	for j := range s.NRec {
		for i := range s.NRec {
			if i != j {
				eprop(rec+i, rec+j, s.WRecRec[j][i])
			}
		}
	}
	for j := range s.NOut {
		for i := range s.NRec {
			eprop(rec+i, out+j, s.WRecOut[j][i])
		}
	}
	for j := range s.NRec {
		for i := range s.NOut {
			mustConnect(t, k, []int{out + i}, []int{rec + j}, nil, dict.Dict{
				"synapse_model": "eprop_learning_signal_connection_bsshslm_2020", "delay": 1.0, "weight": s.WOutRec[j][i]})
		}
	}
	if s.OutParams["loss"] == "cross_entropy" {
		for j := range s.NOut {
			for i := range s.NOut {
				if i != j {
					mustConnect(t, k, []int{out + i}, []int{out + j}, nil, dict.Dict{
						"synapse_model": "rate_connection_delayed", "delay": 1.0, "receptor_type": int64(1)})
				}
			}
		}
	}
	for i := range s.NOut {
		if err := k.SetNodeStatus([]int{genTarget + i}, []dict.Dict{{"amplitude_times": anyFloats(s.TargetTimes),
			"amplitude_values": anyFloats(s.Targets[i])}}); err != nil {
			t.Fatal(err)
		}
		mustConnect(t, k, []int{genTarget + i}, []int{out + i}, nil, dict.Dict{
			"synapse_model": "rate_connection_delayed", "delay": 1.0, "receptor_type": int64(2)})
	}
	final := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": []any{s.Task + 3.0}})
	targets := make([]int, 0, s.NIn+s.NRec)
	for i := range s.NIn {
		targets = append(targets, parrots+i)
	}
	for i := range s.NRec {
		targets = append(targets, rec+i)
	}
	mustConnect(t, k, []int{final}, targets, nil, dict.Dict{"weight": 1000.0})
	ids := func(first, n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = first + i
		}
		return out
	}
	mustConnect(t, k, []int{mmRec}, ids(rec, s.NRec), nil, nil)
	mustConnect(t, k, []int{mmAd}, ids(recB, s.NRec-half), nil, nil)
	mustConnect(t, k, []int{mmOut}, ids(out, s.NOut), nil, nil)
	mustConnect(t, k, ids(rec, s.NRec), []int{sr}, nil, nil)
	return mmRec, mmAd, mmOut, sr
}

// compareEpropTrace checks every column of recorder id against NEST's
// events: same senders and times, values within tol relative to the
// column's largest magnitude (at least 1).
func compareEpropTrace(t *testing.T, k *Kernel, id int, want map[string][]float64, tol float64) {
	t.Helper()
	tab, err := k.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != len(want["times"]) || tab.Len() == 0 {
		t.Fatalf("recorder %d: %d rows, NEST %d", id, tab.Len(), len(want["times"]))
	}
	senders := tab.Int64s(tab.Index("senders"))
	for i, s := range senders {
		if float64(s) != want["senders"][i] {
			t.Fatalf("recorder %d row %d: sender %d, NEST %g", id, i, s, want["senders"][i])
		}
	}
	for name, w := range want {
		if name == "senders" {
			continue
		}
		got := tab.Float64s(tab.Index(name))
		scale := 1.0
		for _, x := range w {
			scale = math.Max(scale, math.Abs(x))
		}
		worst, at := 0.0, 0
		for i := range w {
			if d := math.Abs(got[i] - w[i]); d > worst {
				worst, at = d, i
			}
		}
		if worst > tol*scale {
			t.Errorf("recorder %d %s: row %d (t=%g, sender %d) %.17g, NEST %.17g", id, name, at, want["times"][at], senders[at], got[at], w[at])
		}
	}
}

// TestEpropBsshslmMatchesNEST310 rebuilds the small e-prop networks of
// record_eprop_bsshslm.py (mean squared error with gradient descent, flush
// events and rate regularization; cross entropy with Adam in batches of
// two, averaged gradients and no reset) and compares every trace of the
// recurrent neurons and readouts, the recurrent spikes and the final
// weight of every e-prop synapse with NEST 3.10's, on one thread and on
// two (NEST's results do not depend on the threads), and with the _hpc
// twin. The arithmetic is
// NEST's, step for step, so the only differences are the last bits of
// exp: 1e-9 relative leaves room for their growth over the run.
func TestEpropBsshslmMatchesNEST310(t *testing.T) {
	const tol = 1e-9
	const syn = "eprop_synapse_bsshslm_2020"
	for _, run := range []struct {
		name, synapse string
		threads       int
	}{{"mse_gd", syn, 1}, {"ce_adam", syn, 1}, {"mse_gd", syn, 2}, {"ce_adam", syn, 2}, {"mse_gd", syn + "_hpc", 1}} {
		name := run.name
		t.Run(fmt.Sprintf("%s/%s/threads=%d", name, run.synapse, run.threads), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "eprop_bsshslm", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var sc epropScenario
			if err := json.Unmarshal(raw, &sc); err != nil {
				t.Fatal(err)
			}
			k := newKernel()
			mmRec, mmAd, mmOut, sr := buildEpropScenario(t, k, &sc, run.threads, run.synapse)
			for _, ms := range sc.Spec.Simulate {
				mustSimulate(t, k, ms)
			}
			compareEpropTrace(t, k, mmRec, sc.NEST.MMRec, tol)
			compareEpropTrace(t, k, mmAd, sc.NEST.MMAd, tol)
			compareEpropTrace(t, k, mmOut, sc.NEST.MMOut, tol)
			spikes, err := k.Recording(sr)
			if err != nil {
				t.Fatal(err)
			}
			if spikes.Len() != len(sc.NEST.Spikes["times"]) {
				t.Errorf("%d recurrent spikes, NEST %d", spikes.Len(), len(sc.NEST.Spikes["times"]))
			}
			conns, err := k.GetConnections(nil, nil, run.synapse)
			if err != nil {
				t.Fatal(err)
			}
			got := map[[2]int]float64{}
			for i := range conns.Source {
				got[[2]int{conns.Source[i], conns.Target[i]}] = conns.Weight[i]
			}
			w := &sc.NEST.Weights
			if len(got) != len(w.Weight) {
				t.Fatalf("%d e-prop connections, NEST %d", len(got), len(w.Weight))
			}
			worst := 0.0
			for i := range w.Weight {
				g, ok := got[[2]int{w.Source[i], w.Target[i]}]
				if !ok {
					t.Fatalf("no connection %d -> %d", w.Source[i], w.Target[i])
				}
				d := math.Abs(g-w.Weight[i]) / math.Max(1, math.Abs(w.Weight[i]))
				worst = math.Max(worst, d)
				if d > tol {
					t.Errorf("weight %d -> %d = %.17g, NEST %.17g", w.Source[i], w.Target[i], g, w.Weight[i])
				}
			}
			t.Logf("final weights: max relative deviation %.3g", worst)
		})
	}
}

// TestEpropBsshslmRefusals: NEST's errors for an e-prop synapse to a
// neuron without e-prop archive (NotImplemented), of a delay other than
// one step (IllegalConnection), and for the kernel's e-prop properties.
func TestEpropBsshslmRefusals(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"resolution": 1.0}); err != nil {
		t.Fatal(err)
	}
	p := mustCreate(t, k, "parrot_neuron", 1)
	iaf := mustCreate(t, k, "iaf_psc_delta", 1)
	rec := mustCreate(t, k, "eprop_iaf_bsshslm_2020", 1)
	wantCategory(t, k.Connect([]int{p}, []int{iaf}, nil, dict.Dict{"synapse_model": "eprop_synapse_bsshslm_2020"}), nesterr.ErrNotImplemented)
	wantCategory(t, k.Connect([]int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse_bsshslm_2020", "delay": 2.0}),
		nesterr.ErrIllegalConnection)
	wantCategory(t, k.Connect([]int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse_bsshslm_2020", "weight": 200.0, "tau_m_readout": 5.0}),
		nesterr.ErrBadProperty)
	mustConnect(t, k, []int{p}, []int{rec}, nil, dict.Dict{"synapse_model": "eprop_synapse_bsshslm_2020"})
	wantCategory(t, k.SetDefaults("eprop_synapse_bsshslm_2020", dict.Dict{"optimizer": dict.Dict{"type": "adam"}}), nesterr.ErrBadParameter)
	for _, bad := range []dict.Dict{{"eprop_update_interval": 0.0}, {"eprop_learning_window": -1.0},
		{"eprop_learning_window": 2000.0}} {
		wantCategory(t, k.SetStatus(bad), nesterr.ErrKernelException)
	}
	if got := kernelFloat(t, k, "eprop_update_interval"); got != 1000 {
		t.Errorf("eprop_update_interval %g after refused changes", got)
	}
	wantCategory(t, k.SetNodeStatus([]int{rec}, []dict.Dict{{"flush_event_send_interval": 10.0}}), nesterr.ErrBadProperty)
	wantCategory(t, k.SetNodeStatus([]int{rec}, []dict.Dict{{"surrogate_gradient_function": "step"}}), nesterr.ErrBadProperty)
}
