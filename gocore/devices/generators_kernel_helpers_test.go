package devices_test

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/kernel"
)

// net wraps a kernel for the generator tests that run whole networks; its
// methods fail the test on any error.
type net struct {
	t *testing.T
	k *kernel.Kernel
}

// newNet returns a fresh kernel at the given resolution (ms) whose
// recordings live in Go memory.
func newNet(t *testing.T, resolution float64) *net {
	t.Helper()
	k := kernel.New(memory.NewGoAllocator())
	if err := k.SetStatus(dict.Dict{"resolution": resolution}); err != nil {
		t.Fatal(err)
	}
	return &net{t: t, k: k}
}

// create makes n nodes of model with params and returns their ids.
func (n *net) create(model string, count int, params dict.Dict) []int {
	n.t.Helper()
	var ps []dict.Dict
	if params != nil {
		ps = []dict.Dict{params}
	}
	first, err := n.k.Create(model, count, ps)
	if err != nil {
		n.t.Fatalf("Create(%s): %v", model, err)
	}
	ids := make([]int, count)
	for i := range ids {
		ids[i] = first + i
	}
	return ids
}

func (n *net) connect(pre, post []int, rule string, syn dict.Dict) {
	n.t.Helper()
	var conn dict.Dict
	if rule != "" {
		conn = dict.Dict{"rule": rule}
	}
	if err := n.k.Connect(pre, post, conn, syn); err != nil {
		n.t.Fatalf("Connect(%v, %v): %v", pre, post, err)
	}
}

func (n *net) simulate(ms float64) {
	n.t.Helper()
	if err := n.k.Simulate(ms); err != nil {
		n.t.Fatalf("Simulate(%g): %v", ms, err)
	}
}

// floats returns the column name of recorder id's events.
func (n *net) floats(id int, name string) []float64 {
	n.t.Helper()
	tab, err := n.k.Recording(id)
	if err != nil {
		n.t.Fatal(err)
	}
	col := tab.Index(name)
	if col < 0 {
		n.t.Fatalf("recorder %d has no column %s (%v)", id, name, tab.Names())
	}
	return tab.Float64s(col)
}

// ints returns the integer column name of recorder id's events.
func (n *net) ints(id int, name string) []int64 {
	n.t.Helper()
	tab, err := n.k.Recording(id)
	if err != nil {
		n.t.Fatal(err)
	}
	return tab.Int64s(tab.Index(name))
}
