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
		if r := table().row(src - 1); r.n == r.cap {
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

// The slices reserve and spread carve from one backing array each hold
// exactly their own room: connecting the sources of a one_to_one call
// once more, one at a time and in reverse order, overwrites no other
// source's connections.
func TestCarvedColumnsDoNotOverlap(t *testing.T) {
	const n = 50
	k := newKernel()
	first := mustCreate(t, k, "iaf_psc_alpha", 2*n)
	pre, post, w, d := make([]int, n), make([]int, n), make([]float64, n), make([]float64, n)
	for i := range pre {
		pre[i], post[i], w[i], d[i] = first+i, first+n+i, float64(i), 1.0+0.5*float64(i%5)
	}
	mustConnect(t, k, pre, post, dict.Dict{"rule": "one_to_one"}, dict.Dict{"weight": w, "delay": d})
	for i := n - 1; i >= 0; i-- {
		mustConnect(t, k, []int{pre[i]}, []int{post[(i+1)%n]}, nil, dict.Dict{"weight": -w[i], "delay": 2.0})
	}
	conns, err := k.GetConnections(pre, nil, "static_synapse")
	if err != nil {
		t.Fatal(err)
	}
	if conns.Len() != 2*n {
		t.Fatalf("%d connections, want %d", conns.Len(), 2*n)
	}
	for i := range n {
		a, b := 2*i, 2*i+1 // a source's connections in creation order
		if conns.Source[a] != pre[i] || conns.Target[a] != post[i] || conns.Weight[a] != w[i] || conns.Delay[a] != d[i] {
			t.Fatalf("first connection of %d: %d -> %d w %g d %g", pre[i], conns.Source[a], conns.Target[a], conns.Weight[a], conns.Delay[a])
		}
		if conns.Source[b] != pre[i] || conns.Target[b] != post[(i+1)%n] || conns.Weight[b] != -w[i] || conns.Delay[b] != 2.0 {
			t.Fatalf("second connection of %d: %d -> %d w %g d %g", pre[i], conns.Source[b], conns.Target[b], conns.Weight[b], conns.Delay[b])
		}
	}
}

// sourceCounts gives the same counts, in increasing source order, whether
// it keeps them in its short list, in a map or densely.
func TestSourceCountsForms(t *testing.T) {
	for _, sources := range []int{3, fewSources, fewSources + 5, 400} {
		want := map[int]int{}
		c := newSourceCounts(1, 4000) // few sources of many nodes: list, then map
		d := newSourceCounts(4000, 4000)
		for i := range 3 * sources {
			src := (i * 7919) % sources * 9
			c.add(src)
			d.add(src)
			want[src]++
		}
		for _, counts := range []*sourceCounts{&c, &d} {
			last, seen := -1, 0
			counts.each(func(src, n int) {
				if src <= last || want[src] != n {
					t.Errorf("%d sources: source %d count %d after %d; want %d, increasing", sources, src, n, last, want[src])
				}
				last = src
				seen++
			})
			if seen != len(want) {
				t.Errorf("%d sources: %d listed, want %d", sources, seen, len(want))
			}
		}
	}
}

// A table built by adds from sources in a scattered order, a reserve in
// between and removals holds every source's connections in creation
// order with their weights, delays and second numbers, and its columns
// stay within twice what its runs need (the holes moved runs leave are
// closed up).
func TestConnTableRunsMoveAndCompact(t *testing.T) {
	type entry struct {
		target, meta uint32
		weight, aux  float64
	}
	const sources = 300
	var tab connTable
	want := make([][]entry, sources)
	add := func(src int, e entry) {
		tab.add(src, conn{target: e.target, meta: e.meta}, e.weight)
		tab.addAux(src, e.aux)
		want[src] = append(want[src], e)
	}
	check := func(when string) {
		t.Helper()
		total := 0
		for src := range sources {
			targets := tab.targetsOf(src)
			if len(targets) != len(want[src]) {
				t.Fatalf("%s: source %d has %d connections, want %d", when, src, len(targets), len(want[src]))
			}
			for i, e := range want[src] {
				got := entry{targets[i], tab.metaOf(src, i), tab.weightOf(src, i), tab.aux[int(tab.rows[src].off)+i]}
				if got != e {
					t.Fatalf("%s: source %d connection %d is %+v, want %+v", when, src, i, got, e)
				}
			}
			total += len(want[src])
		}
		if tab.count != total {
			t.Fatalf("%s: count %d, want %d", when, tab.count, total)
		}
		if len(tab.targets) > 2*tab.room+1024 || len(tab.metas) != len(tab.targets) || len(tab.weights) != len(tab.targets) || len(tab.aux) != len(tab.targets) {
			t.Fatalf("%s: columns of %d/%d/%d/%d elements for runs of %d", when, len(tab.targets), len(tab.metas), len(tab.weights), len(tab.aux), tab.room)
		}
	}
	next := uint32(0)
	entryFor := func() entry {
		next++
		return entry{next, packMeta(int64(1+next%7), int(next%3)), float64(next) / 8, -float64(next)}
	}
	for i := range 20000 {
		add((i*7919+i/sources)%sources, entryFor())
	}
	check("after adds")
	counts := newSourceCounts(sources, sources)
	for src := 0; src < sources; src += 3 {
		for range 1 + src%5 {
			counts.add(src)
		}
	}
	tab.reserve(&counts)
	counts.each(func(src, n int) {
		for range n {
			add(src, entryFor())
		}
	})
	check("after reserve")
	for src := 0; src < sources; src += 2 {
		var drop []int
		for i := 0; i < len(want[src]); i += 3 {
			drop = append(drop, i)
		}
		tab.remove(src, drop)
		want[src] = removeAt(want[src], drop)
	}
	check("after removals")
	for i := range 5000 {
		add((i*31)%sources, entryFor())
	}
	check("after more adds")
}

// A table has rows for the sources up to the last one with connections
// in it, not for every node.
func TestConnTableRowsStopAtLastSource(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 1000)
	mustConnect(t, k, []int{3}, []int{4}, nil, nil)
	mustConnect(t, k, []int{7, 8}, []int{9, 10}, dict.Dict{"rule": "one_to_one"}, dict.Dict{"weight": []float64{1, 2}})
	tab := &k.threads[0].tables[0]
	if len(tab.rows) != 8 || tab.lenOf(999) != 0 || len(tab.targetsOf(999)) != 0 {
		t.Errorf("%d rows, want 8 (sources 1 to 8)", len(tab.rows))
	}
}
