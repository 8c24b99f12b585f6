package kernel

import (
	"errors"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// poissonSpikes records 200 ms of 5 parrots driven by a poisson_generator,
// setting rng_seed to seed (0: leave it) after a first Simulate.
func poissonSpikes(t *testing.T, seed float64) []float64 {
	t.Helper()
	k := New(memory.NewGoAllocator())
	gen, _ := k.Create("poisson_generator", 1, []dict.Dict{{"rate": 500.0}})
	parrots, _ := k.Create("parrot_neuron", 5, nil)
	rec, _ := k.Create("spike_recorder", 1, nil)
	if err := k.Connect([]int{gen}, ids(parrots, parrots+4), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect(ids(parrots, parrots+4), []int{rec}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Simulate(100); err != nil {
		t.Fatal(err)
	}
	if seed != 0 {
		if err := k.SetStatus(dict.Dict{"rng_seed": seed}); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.Simulate(100); err != nil {
		t.Fatal(err)
	}
	tab, _ := k.Recording(rec)
	return tab.Float64s(1)
}

func TestSettingRNGSeedAfterSimulateReseeds(t *testing.T) {
	same, reseeded := poissonSpikes(t, 0), poissonSpikes(t, 12345)
	if len(same) < 100 {
		t.Fatalf("only %d spikes; the test needs activity", len(same))
	}
	if slices.Equal(same, reseeded) {
		t.Fatal("a new rng_seed after the first Simulate changed nothing")
	}
	if !slices.Equal(poissonSpikes(t, 12345), reseeded) {
		t.Fatal("the same reseed gave different spikes")
	}
}

func TestPlasticSynapsesRefuseCurrents(t *testing.T) {
	k := New(memory.NewGoAllocator())
	dc, _ := k.Create("dc_generator", 1, nil)
	n, _ := k.Create("iaf_psc_exp", 1, nil)
	for _, model := range []string{"tsodyks_synapse", "tsodyks2_synapse", "stdp_synapse"} {
		err := k.Connect([]int{dc}, []int{n}, nil, dict.Dict{"synapse_model": model})
		if !errors.Is(err, nesterr.ErrIllegalConnection) {
			t.Errorf("dc_generator through %s: %v, want IllegalConnection", model, err)
		}
	}
	if k.NumConnections() != 0 {
		t.Fatalf("rejected connections were made: %d", k.NumConnections())
	}
}

func TestCopyModelOntoTakenNameIsNewModelNameExists(t *testing.T) {
	k := New(memory.NewGoAllocator())
	for _, name := range []string{"iaf_psc_alpha", "static_synapse"} {
		if err := k.CopyModel("static_synapse", name, nil); !errors.Is(err, nesterr.ErrNewModelNameExists) {
			t.Errorf("CopyModel onto %s: %v, want NewModelNameExists", name, err)
		}
	}
}
