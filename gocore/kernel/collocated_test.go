package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func collocatedNet(t *testing.T, n, threads int) *Kernel {
	t.Helper()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, k, "iaf_psc_alpha", n)
	return k
}

func allConnections(t *testing.T, k *Kernel) *Connections {
	t.Helper()
	c, err := k.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCollocatedSynapsesShareTheDrawnPairs: a random rule draws its pairs
// once, and every pair carries one connection of each specification.
func TestCollocatedSynapsesShareTheDrawnPairs(t *testing.T) {
	k := collocatedNet(t, 30, 2)
	specs := []dict.Dict{{"weight": -2.0}, {"synapse_model": "stdp_synapse", "weight": 3.0}, {"synapse_model": "tsodyks_synapse"}}
	rule := dict.Dict{"rule": "pairwise_bernoulli", "p": 0.2}
	if err := k.ConnectCollocated(ids(1, 15), ids(16, 30), rule, specs); err != nil {
		t.Fatal(err)
	}
	c := allConnections(t, k)
	perModel := map[string]map[[2]int]int{}
	for i := range c.Source {
		m := perModel[c.SynapseModel[i]]
		if m == nil {
			m = map[[2]int]int{}
			perModel[c.SynapseModel[i]] = m
		}
		m[[2]int{c.Source[i], c.Target[i]}]++
		want := map[string]float64{"static_synapse": -2, "stdp_synapse": 3, "tsodyks_synapse": 1}[c.SynapseModel[i]]
		if c.Weight[i] != want {
			t.Errorf("%s connection has weight %g, want %g", c.SynapseModel[i], c.Weight[i], want)
		}
	}
	static := perModel["static_synapse"]
	if len(static) == 0 || c.Len() != 3*len(static) {
		t.Fatalf("%d connections for %d static pairs, want three per pair", c.Len(), len(static))
	}
	for _, model := range []string{"stdp_synapse", "tsodyks_synapse"} {
		if len(perModel[model]) != len(static) {
			t.Errorf("%s has %d pairs, static_synapse %d", model, len(perModel[model]), len(static))
		}
		for pair := range static {
			if perModel[model][pair] != 1 {
				t.Errorf("pair %v has %d %s connections, want 1", pair, perModel[model][pair], model)
			}
		}
	}
}

// TestCollocatedSynapsesRejectAsAWhole: one bad specification rejects the
// call before any connection of the others is made.
func TestCollocatedSynapsesRejectAsAWhole(t *testing.T) {
	k := collocatedNet(t, 4, 1)
	err := k.ConnectCollocated(ids(1, 2), ids(3, 4), dict.Dict{"rule": "all_to_all"},
		[]dict.Dict{{"weight": 2.0}, {"synapse_model": "stdp_synapse", "delay": 0.01}})
	wantCategory(t, err, nesterr.ErrBadDelay)
	err = k.ConnectCollocated(ids(1, 2), ids(3, 4), dict.Dict{"rule": "all_to_all"}, nil)
	wantCategory(t, err, nesterr.ErrBadProperty)
	if k.NumConnections() != 0 {
		t.Errorf("%d connections after rejected calls, want 0", k.NumConnections())
	}
}

// TestPlasticParameterArrays: a model parameter given as an array sets
// each connection's own value, in the order the rule makes them.
func TestPlasticParameterArrays(t *testing.T) {
	k := collocatedNet(t, 6, 2)
	taus := []any{11.0, 12.0, 13.0}
	mustConnect(t, k, ids(1, 3), ids(4, 6), dict.Dict{"rule": "one_to_one"},
		dict.Dict{"synapse_model": "stdp_synapse", "tau_plus": taus, "alpha": 0.5})
	c := allConnections(t, k)
	if c.Len() != 3 {
		t.Fatalf("%d connections, want 3", c.Len())
	}
	for i := range c.Source {
		want := 10.0 + float64(c.Source[i])
		if got := c.State[i]["tau_plus"]; got != want {
			t.Errorf("connection from %d: tau_plus %v, want %g", c.Source[i], got, want)
		}
		if got := c.State[i]["alpha"]; got != 0.5 {
			t.Errorf("connection from %d: alpha %v, want the scalar 0.5", c.Source[i], got)
		}
	}
	// Wrong length, and a bad value among good ones: nothing is made.
	err := k.Connect(ids(1, 3), ids(4, 6), dict.Dict{"rule": "one_to_one"},
		dict.Dict{"synapse_model": "stdp_synapse", "tau_plus": []any{1.0, 2.0}})
	wantCategory(t, err, nesterr.ErrBadProperty)
	err = k.Connect(ids(1, 3), ids(4, 6), dict.Dict{"rule": "one_to_one"},
		dict.Dict{"synapse_model": "tsodyks_synapse", "U": []any{0.2, 1.5, 0.3}})
	wantCategory(t, err, nesterr.ErrBadProperty)
	if k.NumConnections() != 3 {
		t.Errorf("%d connections after rejected calls, want 3", k.NumConnections())
	}
}

// TestPlasticParameterDrawn: a random model parameter is drawn per
// connection, inside its range; make_symmetric refuses random values.
func TestPlasticParameterDrawn(t *testing.T) {
	k := collocatedNet(t, 40, 1)
	uniform := dict.Dict{"distribution": "uniform", "min": 0.2, "max": 0.8}
	mustConnect(t, k, ids(1, 20), ids(21, 40), dict.Dict{"rule": "one_to_one"},
		dict.Dict{"synapse_model": "stdp_synapse", "alpha": uniform})
	c := allConnections(t, k)
	seen := map[float64]bool{}
	for i := range c.Source {
		a := c.State[i]["alpha"].(float64)
		if a < 0.2 || a >= 0.8 {
			t.Errorf("alpha %g outside [0.2, 0.8)", a)
		}
		seen[a] = true
	}
	if len(seen) < 15 {
		t.Errorf("%d distinct alphas among 20 draws", len(seen))
	}
	err := k.Connect(ids(1, 20), ids(21, 40), dict.Dict{"rule": "one_to_one", "make_symmetric": true},
		dict.Dict{"synapse_model": "stdp_synapse", "alpha": uniform})
	wantCategory(t, err, nesterr.ErrNotImplemented)
	err = k.Connect(ids(1, 20), ids(21, 40), dict.Dict{"rule": "one_to_one", "make_symmetric": true},
		dict.Dict{"synapse_model": "stdp_synapse", "weight": uniform})
	wantCategory(t, err, nesterr.ErrNotImplemented)
	if k.NumConnections() != 20 {
		t.Errorf("%d connections after rejected calls, want 20", k.NumConnections())
	}
}

// TestSynapseModelDefaultReceptor: a receptor_type in a synapse model's
// defaults is the receptor of its connections unless syn_spec gives one.
func TestSynapseModelDefaultReceptor(t *testing.T) {
	k := newKernel()
	pre := mustCreate(t, k, "parrot_neuron", 1)
	post := mustCreate(t, k, "iaf_psc_exp_multisynapse", 1, dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}})
	if err := k.CopyModel("static_synapse", "to_receptor_2", dict.Dict{"receptor_type": 2.0}); err != nil {
		t.Fatal(err)
	}
	d, err := k.Defaults("to_receptor_2")
	if err != nil || d["receptor_type"] != 2 {
		t.Fatalf("defaults receptor_type = %v (%v), want 2", d["receptor_type"], err)
	}
	mustConnect(t, k, []int{pre}, []int{post}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"synapse_model": "to_receptor_2"})
	mustConnect(t, k, []int{pre}, []int{post}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"synapse_model": "to_receptor_2", "receptor_type": 3.0})
	c := allConnections(t, k)
	if c.Len() != 2 || c.Rport[0] != 2 || c.Rport[1] != 3 {
		t.Errorf("receptors %v, want [2 3]", c.Rport)
	}
}

// TestIndividualSpikeTrainsOnTheModelOnly: as in NEST, a sinusoidal
// generator's individual_spike_trains is set on the model, not on nodes.
func TestIndividualSpikeTrainsOnTheModelOnly(t *testing.T) {
	k := newKernel()
	for _, model := range []string{"sinusoidal_poisson_generator", "sinusoidal_gamma_generator"} {
		id := mustCreate(t, k, model, 1)
		err := k.SetNodeStatus([]int{id}, []dict.Dict{{"individual_spike_trains": false}})
		wantCategory(t, err, nesterr.ErrBadProperty)
		_, err = k.Create(model, 1, []dict.Dict{{"individual_spike_trains": false}})
		wantCategory(t, err, nesterr.ErrBadProperty)
		if err := k.SetDefaults(model, dict.Dict{"individual_spike_trains": false}); err != nil {
			t.Errorf("%s SetDefaults: %v", model, err)
		}
	}
	if err := k.SetNodeStatus([]int{1}, []dict.Dict{{"rate": 5.0}}); err != nil {
		t.Errorf("other keys on the node: %v", err)
	}
}

// TestDeviceToVolumeTransmitterRefused: as in NEST, a generator without
// proxies cannot feed a volume_transmitter; a parrot neuron can.
func TestDeviceToVolumeTransmitterRefused(t *testing.T) {
	k := newKernel()
	sg := mustCreate(t, k, "spike_generator", 1)
	vt := mustCreate(t, k, "volume_transmitter", 1)
	parrot := mustCreate(t, k, "parrot_neuron", 1)
	wantCategory(t, k.Connect([]int{sg}, []int{vt}, dict.Dict{"rule": "all_to_all"}, dict.Dict{}), nesterr.ErrIllegalConnection)
	mustConnect(t, k, []int{parrot}, []int{vt}, dict.Dict{"rule": "all_to_all"}, dict.Dict{})
}

// TestMultimeterOnDeviceNeedsOneThread: as in NEST, a multimeter records
// a noise_generator's current with one thread only.
func TestMultimeterOnDeviceNeedsOneThread(t *testing.T) {
	for _, threads := range []float64{1, 2} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
			t.Fatal(err)
		}
		noise := mustCreate(t, k, "noise_generator", 1)
		mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []any{"I"}})
		err := k.Connect([]int{mm}, []int{noise}, dict.Dict{"rule": "all_to_all"}, dict.Dict{})
		if threads == 1 && err != nil {
			t.Errorf("one thread: %v", err)
		}
		if threads == 2 {
			wantCategory(t, err, nesterr.ErrIllegalConnection)
		}
	}
}

// TestSpikeDeviceKeepsOneSynapseModel: as in NEST, a spike generator that
// has connections of one synapse model gets no connection of another.
func TestSpikeDeviceKeepsOneSynapseModel(t *testing.T) {
	k := newKernel()
	for _, model := range []string{"spike_generator", "poisson_generator"} {
		g := mustCreate(t, k, model, 1)
		n := mustCreate(t, k, "iaf_psc_alpha", 1)
		if err := k.CopyModel("static_synapse", model+"_syn", nil); err != nil {
			t.Fatal(err)
		}
		mustConnect(t, k, []int{g}, []int{n}, dict.Dict{"rule": "all_to_all"}, dict.Dict{})
		err := k.Connect([]int{g}, []int{n}, dict.Dict{"rule": "all_to_all"}, dict.Dict{"synapse_model": model + "_syn"})
		wantCategory(t, err, nesterr.ErrIllegalConnection)
		mustConnect(t, k, []int{g}, []int{n}, dict.Dict{"rule": "all_to_all"}, dict.Dict{"weight": 2.0})
	}
}

// TestSynapseModelLimit: CopyModel stops at max_num_syn_models synapse
// models (KernelException) and the kernel keeps the ones it had.
func TestSynapseModelLimit(t *testing.T) {
	k := newKernel()
	for i := len(k.synModels); i < maxSynapseModels; i++ {
		if err := k.CopyModel("static_synapse", "limit_syn_"+itoa(i), nil); err != nil {
			t.Fatalf("copy %d: %v", i, err)
		}
	}
	err := k.CopyModel("static_synapse", "one_too_many", nil)
	wantCategory(t, err, nesterr.ErrKernelException)
	if len(k.synModels) != maxSynapseModels {
		t.Errorf("%d synapse models, want %d", len(k.synModels), maxSynapseModels)
	}
	if k.Status()["max_num_syn_models"] != maxSynapseModels {
		t.Errorf("max_num_syn_models = %v", k.Status()["max_num_syn_models"])
	}
}
