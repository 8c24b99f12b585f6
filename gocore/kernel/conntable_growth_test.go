package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// Connecting one source to its targets ten at a time, with a weight that
// changes per call (so the table keeps a weight column), gives the
// connections one call per target would, in the same order, and grows the
// source's columns geometrically: far fewer reallocations than calls.
func TestManySmallConnectsFromOneSource(t *testing.T) {
	const calls, fanout = 300, 10
	k := newKernel()
	src := mustCreate(t, k, "iaf_psc_alpha", 1)
	first := mustCreate(t, k, "iaf_psc_alpha", fanout)
	post := make([]int, fanout)
	for i := range post {
		post[i] = first + i
	}
	table := func() *connTable { return &k.threads[0].tables[0] }
	regrown := 0
	for c := range calls {
		mustConnect(t, k, []int{src}, post, nil, dict.Dict{"weight": float64(c), "delay": 1.0})
		if len(table().targets[src-1]) == cap(table().targets[src-1]) {
			regrown++ // full: the next call reallocates
		}
	}
	if regrown > 20 {
		t.Errorf("the source's connections were full after %d of %d calls; want geometric growth", regrown, calls)
	}
	conns, err := k.GetConnections([]int{src}, nil, "static_synapse")
	if err != nil {
		t.Fatal(err)
	}
	if conns.Len() != calls*fanout {
		t.Fatalf("%d connections, want %d", conns.Len(), calls*fanout)
	}
	for i := range conns.Len() {
		if conns.Target[i] != post[i%fanout] || conns.Weight[i] != float64(i/fanout) {
			t.Fatalf("connection %d: target %d weight %g, want %d and %g", i, conns.Target[i], conns.Weight[i], post[i%fanout], float64(i/fanout))
		}
	}
}
