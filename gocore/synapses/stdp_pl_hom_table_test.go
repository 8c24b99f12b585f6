package synapses

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// plHomTableOf returns an empty table of stdp_pl_synapse_hom for 3 nodes.
func plHomTableOf(t *testing.T) *plHomTable {
	t.Helper()
	tab, ok := plHom(t, dict.Dict{"tau_plus": 15.0, "alpha": 0.0513}).NewTable().(*plHomTable)
	if !ok {
		t.Fatal("stdp_pl_synapse_hom has no plHomTable")
	}
	tab.Grow(3)
	return tab
}

// TestPLHomTableSharesPresynapticState: connections of one source made
// with the same Kplus share one K+ and last spike, whatever their delays;
// a connection made after a spike, or one whose Kplus is set, gives the
// source per-connection state, and every connection then evolves as it
// would alone.
func TestPLHomTableSharesPresynapticState(t *testing.T) {
	tab := plHomTableOf(t)
	tpl := stdpPLHomState{Kplus: 0.5}
	for i, meta := range []uint32{1, 2, 1} {
		tab.Add(0, uint32(1+i%2), meta, 10+float64(i), tpl)
	}
	if tab.own != nil {
		t.Fatal("connections with the same initial state keep their own")
	}
	posts := map[uint32]*archived{1: archivePost([]float64{3, 12}), 2: archivePost([]float64{7})}
	archive := func(tgt uint32) *node.Archive { return posts[tgt].a }
	delay := func(meta uint32) float64 { return float64(meta) }
	tab.UpdateSource(0, 10, archive, delay)
	// a fourth connection, made now, starts from the template again
	tab.Add(0, 2, 1, 20, tpl)
	if tab.own == nil || len(tab.own[0]) != 4 {
		t.Fatal("a connection made after a spike shares the state of older ones")
	}
	tab.UpdateSource(0, 20, archive, delay)
	// Every connection as a table of its own, with the rule applied to
	// its own state.
	p := tab.r.p
	for i := range 4 {
		s := tpl
		w, tgt, d := 10+float64(i), uint32(1+i%2), float64([]uint32{1, 2, 1, 1}[i])
		if i == 3 {
			w = 20
		} else {
			w = p.step(w, s.Kplus, s.lastSpike, 10, posts[tgt].a, d)
			p.advance(&s, 10)
		}
		w = p.step(w, s.Kplus, s.lastSpike, 20, posts[tgt].a, d)
		p.advance(&s, 20)
		got, _ := tab.At(0, i)
		if math.Float64bits(got) != math.Float64bits(w) {
			t.Errorf("connection %d: weight %.17g, alone %.17g", i, got, w)
		}
		if st := *tab.stateOf(0, i); !sameState(st, s) {
			t.Errorf("connection %d: state %+v, alone %+v", i, st, s)
		}
	}

	// Apply with the shared state keeps sharing; with another Kplus parts.
	tab = plHomTableOf(t)
	tab.Add(1, 0, 1, 5, tpl)
	tab.Add(1, 2, 1, 6, tpl)
	st, err := tab.Prepared(1, 1, dict.NewReader(dict.Dict{}))
	if err != nil {
		t.Fatal(err)
	}
	tab.Apply(1, 1, st, 7, 1)
	if tab.own != nil {
		t.Error("an unchanged state gave the source per-connection state")
	}
	st, _ = tab.Prepared(1, 1, dict.NewReader(dict.Dict{"Kplus": 2.0}))
	tab.Apply(1, 1, st, 7, 3)
	if tab.own == nil || tab.stateOf(1, 0).Kplus != 0.5 || tab.stateOf(1, 1).Kplus != 2 {
		t.Error("Kplus of one connection not kept apart")
	}
	if w, meta := tab.At(1, 1); w != 7 || meta != 3 {
		t.Errorf("after Apply: weight %g meta %d", w, meta)
	}
	tab.Remove(1, []int{0})
	if tab.Count() != 1 || tab.Len(1) != 1 || tab.TargetAt(1, 0) != 2 || tab.stateOf(1, 0).Kplus != 2 {
		t.Errorf("after Remove: count %d len %d", tab.Count(), tab.Len(1))
	}
}

// TestPLHomTableUpdateAllocatesNothing: the kernel's path through the
// table allocates nothing per spike.
func TestPLHomTableUpdateAllocatesNothing(t *testing.T) {
	tab := plHomTableOf(t)
	for range 100 {
		tab.Add(0, 1, 1, 45, stdpPLHomState{})
	}
	post := archivePost([]float64{3, 7, 12})
	archive := func(uint32) *node.Archive { return post.a }
	delay := func(uint32) float64 { return 1 }
	at := 0.0
	allocs := testing.AllocsPerRun(20, func() {
		at += 5
		tab.UpdateSource(0, at, archive, delay)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per update of 100 connections, want 0", allocs)
	}
	if w, _ := tab.At(0, 0); w == 45 {
		t.Error("weights unchanged")
	}
}
