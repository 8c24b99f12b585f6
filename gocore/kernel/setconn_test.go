package kernel

import (
	"errors"
	"slices"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func setConnNet(t *testing.T) *Kernel {
	t.Helper()
	k := New(memory.NewGoAllocator())
	if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Create("iaf_psc_exp", 4, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect(ids(1, 2), ids(3, 4), nil, dict.Dict{"weight": 2.0}); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect([]int{1}, []int{4}, nil, dict.Dict{"synapse_model": "tsodyks_synapse", "U": 0.2}); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSetConnectionsChangesTheSelectedOnes(t *testing.T) {
	k := setConnNet(t)
	// NEST's order on 2 threads: static_synapse on thread 0 (target 4)
	// 1->4, 2->4, on thread 1 (target 3) 1->3, 2->3; then tsodyks 1->4.
	if err := k.SetConnections(nil, nil, "static_synapse", []int{1, 3}, []dict.Dict{{"weight": 5.0}, {"weight": 7.0, "delay": 2.5}}); err != nil {
		t.Fatal(err)
	}
	if err := k.SetConnections(nil, nil, "tsodyks_synapse", nil, []dict.Dict{{"U": 0.7, "weight": 3.0}}); err != nil {
		t.Fatal(err)
	}
	c, _ := k.GetConnections(nil, nil, "")
	if want := []float64{2, 5, 2, 7, 3}; !slices.Equal(c.Weight, want) {
		t.Errorf("weights = %v, want %v", c.Weight, want)
	}
	if want := []float64{1, 1, 1, 2.5, 1}; !slices.Equal(c.Delay, want) {
		t.Errorf("delays = %v, want %v", c.Delay, want)
	}
	if c.State[4]["U"] != 0.7 {
		t.Errorf("tsodyks U = %v, want 0.7", c.State[4]["U"])
	}
	if err := k.Simulate(10); err != nil {
		t.Fatal(err)
	}
}

func TestSetConnectionsIsAllOrNothing(t *testing.T) {
	k := setConnNet(t)
	before, _ := k.GetConnections(nil, nil, "")
	for _, tc := range []struct {
		params []dict.Dict
		cat    *nesterr.Category
	}{
		{[]dict.Dict{{"weight": 9.0}, {"delay": 0.0}}, nesterr.ErrBadDelay},
		{[]dict.Dict{{"weight": 9.0}, {"receptor": 1.0}}, nesterr.ErrUnaccessedDictionaryEntry},
		{[]dict.Dict{{"weight": 9.0}, {"U": 0.5}}, nesterr.ErrUnaccessedDictionaryEntry},
		{[]dict.Dict{{"weight": "heavy"}, {}}, nesterr.ErrTypeMismatch},
	} {
		err := k.SetConnections(nil, nil, "static_synapse", []int{0, 1}, tc.params)
		if !errors.Is(err, tc.cat) {
			t.Errorf("SetConnections(%v): %v, want %s", tc.params, err, tc.cat.Name())
		}
	}
	if err := k.SetConnections(nil, nil, "tsodyks_synapse", nil, []dict.Dict{{"U": 1.5}}); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("tsodyks U = 1.5: %v, want BadProperty", err)
	}
	after, _ := k.GetConnections(nil, nil, "")
	if !slices.Equal(before.Weight, after.Weight) || !slices.Equal(before.Delay, after.Delay) || after.State[4]["U"] != 0.2 {
		t.Fatalf("rejected changes changed connections: %v %v -> %v %v", before.Weight, before.Delay, after.Weight, after.Delay)
	}
}
