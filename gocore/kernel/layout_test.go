package kernel

import (
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestLayoutEntriesCountNodesPerThread: NEST 3.10 with 2 threads, after
// creating 3 iaf_psc_alpha and one spike_recorder, reports instantiations
// [1 2] for the neurons (nodes 1 and 3 go to thread 1) and [1 1] for the
// recorder (one copy per thread); before any Create, zeros.
func TestLayoutEntriesCountNodesPerThread(t *testing.T) {
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": 2.0}); err != nil {
		t.Fatal(err)
	}
	inst := func(model string) []int {
		d, err := k.Defaults(model)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"elementsize", "capacity", "available"} {
			if _, ok := d[key]; !ok {
				t.Fatalf("%s defaults lack %s", model, key)
			}
		}
		if size := d["elementsize"].(int); size <= 0 {
			t.Errorf("%s elementsize %d", model, size)
		}
		if av := d["available"].([]int); !slices.Equal(av, []int{0, 0}) {
			t.Errorf("%s available %v, want [0 0]", model, av)
		}
		return d["instantiations"].([]int)
	}
	if got := inst("iaf_psc_alpha"); !slices.Equal(got, []int{0, 0}) {
		t.Errorf("before Create: instantiations %v, want [0 0]", got)
	}
	mustCreate(t, k, "iaf_psc_alpha", 3)
	mustCreate(t, k, "spike_recorder", 1)
	if got := inst("iaf_psc_alpha"); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("iaf_psc_alpha instantiations %v, want NEST's [1 2]", got)
	}
	if got := inst("spike_recorder"); !slices.Equal(got, []int{1, 1}) {
		t.Errorf("spike_recorder instantiations %v, want NEST's [1 1]", got)
	}
}
