package pybind

import (
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestConnectWorkEstimates(t *testing.T) {
	ten, hundred := make([]int, 10), make([]int, 100)
	for _, c := range []struct {
		name string
		conn dict.Dict
		want float64
	}{
		{"all_to_all", dict.Dict{"rule": "all_to_all"}, 1000},
		{"no rule", nil, 1000},
		{"one_to_one", dict.Dict{"rule": "one_to_one"}, 100},
		{"fixed_indegree", dict.Dict{"rule": "fixed_indegree", "indegree": 7.0}, 700},
		{"fixed_outdegree", dict.Dict{"rule": "fixed_outdegree", "outdegree": int64(3)}, 30},
		{"fixed_total_number", dict.Dict{"rule": "fixed_total_number", "N": 5}, 5},
		// A degree given as a distribution cannot be read: all pairs.
		{"random indegree", dict.Dict{"rule": "fixed_indegree", "indegree": dict.Dict{"normal": 1}}, 1000},
		{"spatial", dict.Dict{"rule": "fixed_indegree", "indegree": 1.0, "mask": dict.Dict{}}, 1000},
	} {
		if got := connectWork(ten, hundred, c.conn); got != c.want {
			t.Errorf("%s: connectWork = %g, want %g", c.name, got, c.want)
		}
	}
}

// Small calls run in the calling thread and large ones in the
// background; both report their end and their errors through
// SimulateWait alike.
func TestInlineAndBackgroundCallsReportAlike(t *testing.T) {
	if err := ResetKernel(); err != nil {
		t.Fatal(err)
	}
	wait := func() error {
		for {
			done, err := SimulateWait(50)
			if done {
				return err
			}
		}
	}
	for _, n := range []int{1, inlineWork + 1} {
		if err := CreateStart("iaf_psc_alpha", n, ""); err != nil {
			t.Fatal(err)
		}
		if err := wait(); err != nil {
			t.Fatalf("Create of %d nodes: %v", n, err)
		}
		if err := CreateStart("no_such_model", n, ""); err != nil {
			t.Fatal(err)
		}
		if err := wait(); err == nil || !strings.HasPrefix(err.Error(), "UnknownModelName: ") {
			t.Fatalf("Create of %d unknown nodes: error %v, want UnknownModelName", n, err)
		}
	}
	if got, want := NumNodes(), 2+inlineWork; got != want {
		t.Fatalf("%d nodes, want %d", got, want)
	}
	for _, ms := range []float64{0.1, 1} { // 1 ms of 65,538 nodes: in the background
		if err := SimulateStart(ms); err != nil {
			t.Fatal(err)
		}
		if err := wait(); err != nil {
			t.Fatalf("Simulate(%g): %v", ms, err)
		}
	}
}
