package kernel

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestModelIDsFollowNEST(t *testing.T) {
	k := newKernel()
	d, err := k.Defaults("iaf_psc_alpha")
	if err != nil {
		t.Fatal(err)
	}
	if d["model_id"] != nest310NodeModelIDs["iaf_psc_alpha"] || d["type_id"] != "iaf_psc_alpha" {
		t.Errorf("model_id %v type_id %v", d["model_id"], d["type_id"])
	}
	if err := k.CopyModel("iaf_psc_alpha", "my_iaf", nil); err != nil {
		t.Fatal(err)
	}
	c, _ := k.Defaults("my_iaf")
	if c["model_id"] != len(nest310NodeModelIDs) || c["type_id"] != "iaf_psc_alpha" {
		t.Errorf("copy: model_id %v (want %d), type_id %v", c["model_id"], len(nest310NodeModelIDs), c["type_id"])
	}
	id := mustCreate(t, k, "my_iaf", 1)
	st, _ := k.NodeStatus(id)
	if st["model_id"] != c["model_id"] || st["model"] != "my_iaf" {
		t.Errorf("node: model_id %v model %v", st["model_id"], st["model"])
	}
	s, _ := k.Defaults("static_synapse")
	if s["synapse_modelid"] != nest310SynapseModelIDs["static_synapse"] {
		t.Errorf("synapse_modelid %v", s["synapse_modelid"])
	}
	if err := k.CopyModel("static_synapse", "my_syn", nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := k.Defaults("my_syn"); s["synapse_modelid"] != len(nest310SynapseModelIDs) {
		t.Errorf("copied synapse_modelid %v, want %d", s["synapse_modelid"], len(nest310SynapseModelIDs))
	}
}

func TestGenericNeuronKeysStoredPerNode(t *testing.T) {
	k := newKernel()
	a := mustCreate(t, k, "iaf_psc_alpha", 2)
	if err := k.SetNodeStatus([]int{a}, []dict.Dict{{"tau_Ca": 500.0, "ignore_and_spike": true}}); err != nil {
		t.Fatal(err)
	}
	s0, _ := k.NodeStatus(a)
	s1, _ := k.NodeStatus(a + 1)
	if s0["tau_Ca"] != 500.0 || s0["ignore_and_spike"] != true || s1["tau_Ca"] != 10000.0 || s1["ignore_and_spike"] != false {
		t.Errorf("per node: %v %v / %v %v", s0["tau_Ca"], s0["ignore_and_spike"], s1["tau_Ca"], s1["ignore_and_spike"])
	}
	// Invalid values change nothing, not even the valid part.
	err := k.SetNodeStatus([]int{a, a + 1}, []dict.Dict{{"beta_Ca": -1.0, "V_m": -60.0}})
	wantCategory(t, err, nesterr.ErrBadProperty)
	if s, _ := k.NodeStatus(a); s["V_m"] == -60.0 || s["beta_Ca"] != 0.001 {
		t.Errorf("rejected set changed V_m %v beta_Ca %v", s["V_m"], s["beta_Ca"])
	}
	// Devices have none of them.
	g := mustCreate(t, k, "spike_generator", 1)
	wantCategory(t, k.SetNodeStatus([]int{g}, []dict.Dict{{"tau_Ca": 5.0}}), nesterr.ErrUnaccessedDictionaryEntry)
	if s, _ := k.NodeStatus(g); s["stimulus_source"] != "" || s["model_id"] != nest310NodeModelIDs["spike_generator"] {
		t.Errorf("generator: stimulus_source %#v model_id %v", s["stimulus_source"], s["model_id"])
	}
	// The generic entries as read back are accepted; the kernel's own
	// read-only entries are refused even at their value, as in NEST 3.10.
	back := dict.Dict{}
	for _, key := range append(genericKeys, "synaptic_elements", "frozen") {
		back[key] = s1[key]
	}
	if err := k.SetNodeStatus([]int{a}, []dict.Dict{back}); err != nil {
		t.Errorf("setting the generic entries read back: %v", err)
	}
	for _, key := range []string{"model_id", "post_trace", "node_uses_wfr", "thread_local_id", "global_id", "vp", "local", "element_type", "recordables"} {
		err := k.SetNodeStatus([]int{a}, []dict.Dict{{key: s1[key]}})
		wantCategory(t, err, nesterr.ErrUnaccessedDictionaryEntry)
	}
}

func TestCalciumTraceFollowsSpikes(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 1, dict.Dict{"I_e": 1000.0, "beta_Ca": 0.1, "tau_Ca": 50.0})
	mustSimulate(t, k, 100)
	st, _ := k.NodeStatus(n)
	ca := st["Ca"].(float64)
	// Steady state of a trace growing by 0.1 per spike at rate r (1/ms) and
	// decaying with 50 ms: about 0.1*r*50; the neuron fires every few ms.
	if ca < 0.5 || ca > 5 {
		t.Errorf("Ca = %g after 100 ms of regular firing", ca)
	}
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"I_e": 0.0}}); err != nil {
		t.Fatal(err)
	}
	mustSimulate(t, k, 50)
	st, _ = k.NodeStatus(n)
	// No more spikes (after the refractory tail): it decays by about e^-1.
	if r := st["Ca"].(float64) / ca; r > 0.45 || r < 0.3 {
		t.Errorf("Ca fell by %g in 50 ms without spikes, want about e^-1", r)
	}
}

func TestFrozenNodesAreNotUpdated(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 2, dict.Dict{"I_e": 300.0})
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"frozen": true}}); err != nil {
		t.Fatal(err)
	}
	mustSimulate(t, k, 5)
	f, _ := k.NodeStatus(n)
	g, _ := k.NodeStatus(n + 1)
	if f["frozen"] != true || f["V_m"] != -70.0 {
		t.Errorf("frozen node: frozen %v V_m %v", f["frozen"], f["V_m"])
	}
	if g["V_m"].(float64) <= -70.0 {
		t.Errorf("thawed node did not move: V_m %v", g["V_m"])
	}
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{{"frozen": false}}); err != nil {
		t.Fatal(err)
	}
	mustSimulate(t, k, 5)
	f, _ = k.NodeStatus(n)
	if math.Abs(f["V_m"].(float64)-g["V_m"].(float64)) > 1e-12 {
		t.Errorf("after thawing for 5 ms V_m = %v, the other after its first 5 ms %v", f["V_m"], g["V_m"])
	}
	mm := mustCreate(t, k, "multimeter", 1)
	wantCategory(t, k.SetNodeStatus([]int{mm}, []dict.Dict{{"frozen": true}}), nesterr.ErrBadProperty)
	if _, err := k.Create("multimeter", 1, []dict.Dict{{"frozen": true}}); err == nil {
		t.Error("a frozen multimeter was created")
	}
	if err := k.SetNodeStatus([]int{mm}, []dict.Dict{{"frozen": false}}); err != nil {
		t.Error(err)
	}
}
