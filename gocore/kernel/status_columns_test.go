package kernel

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func TestStatusColumnKeepsTypesUntilTheyDiffer(t *testing.T) {
	c := newStatusColumn(4, 0)
	c.addFloat(1.5)
	c.add(2.5)
	if c.Kind != 'f' || len(c.F) != 2 || cap(c.F) != 4 {
		t.Fatalf("floats: kind %q, %v (capacity %d, want 4: one allocation)", c.Kind, c.F, cap(c.F))
	}
	c.addString("x") // another type: one value per node from now on
	c.add(NoValue{})
	if c.Kind != 0 || len(c.Vals) != 4 || c.Vals[0] != 1.5 || c.Vals[2] != "x" {
		t.Fatalf("untyped: kind %q, %v", c.Kind, c.Vals)
	}
	if _, absent := c.Vals[3].(NoValue); !absent {
		t.Fatalf("the absent value was lost: %v", c.Vals)
	}
	s := newStatusColumn(3, 0)
	for _, v := range []string{"a", "b", "a"} {
		s.addString(v)
	}
	if s.Kind != 's' || !slices.Equal(s.I, []int64{0, 1, 0}) || !slices.Equal(s.Names, []string{"a", "b"}) {
		t.Fatalf("strings: %q %v %v", s.Kind, s.I, s.Names)
	}
	s.addBool(true)
	if s.Kind != 0 || s.Vals[1] != "b" || s.Vals[3] != true {
		t.Fatalf("strings untyped: %v", s.Vals)
	}
	late := newStatusColumn(3, 2) // first met at the third node
	late.addInt(7)
	if late.Kind != 0 || len(late.Vals) != 3 || late.Vals[2] != int64(7) {
		t.Fatalf("late key: %v", late.Vals)
	}
	i := newStatusColumn(2, 0)
	i.addInt(1)
	i.replace(2) // the kernel's entry over the node's own
	i.addInt(3)
	i.replace(4.5)
	if i.Kind != 0 || i.Vals[0] != int64(2) || i.Vals[1] != 4.5 {
		t.Fatalf("replaced: %q %v", i.Kind, i.Vals)
	}
}

// sameStatusValue compares a column's value with a status value: typed
// values by their bits (NaN equal to NaN), others deeply, lists with NaN
// by their printed form.
func sameStatusValue(got, want any) bool {
	if g, ok := got.(float64); ok {
		w, ok := want.(float64)
		return ok && math.Float64bits(g) == math.Float64bits(w)
	}
	if reflect.DeepEqual(got, want) {
		return true
	}
	return reflect.TypeOf(got) == reflect.TypeOf(want) && fmt.Sprintf("%#v", got) == fmt.Sprintf("%#v", want)
}

// columnValue returns row of c as the status dictionary holds it
// (integers as int64), and whether the node has the key.
func columnValue(c *StatusColumn, row int) (any, bool) {
	switch c.Kind {
	case 'f':
		return c.F[row], true
	case 'i':
		return c.I[row], true
	case 'b':
		return c.I[row] != 0, true
	case 's':
		return c.Names[c.I[row]], true
	case 'l':
		return c.L[row], true
	case 'u':
		return nil, false
	}
	_, absent := c.Vals[row].(NoValue)
	return c.Vals[row], !absent
}

// asInt64 gives integers one type, as the columns do.
func asInt64(v any) any {
	if i, ok := v.(int); ok {
		return int64(i)
	}
	return v
}

// checkColumnsMatchStatus compares NodeStatusColumns over ids (keys nil:
// all) with NodeStatus node by node.
func checkColumnsMatchStatus(t *testing.T, k *Kernel, ids []int, keys []string, when string) {
	t.Helper()
	names, cols, err := k.NodeStatusColumns(ids, keys)
	if err != nil {
		t.Fatal(err)
	}
	if keys == nil && !slices.IsSorted(names) {
		t.Errorf("%s: keys not in name order: %v", when, names)
	}
	statuses := make([]dict.Dict, len(ids))
	seen := map[string]bool{}
	for row, id := range ids {
		if statuses[row], err = k.NodeStatus(id); err != nil {
			t.Fatal(err)
		}
		for key := range statuses[row] {
			seen[key] = true
		}
	}
	if keys == nil && len(names) != len(seen) {
		t.Errorf("%s: %d columns, the nodes have %d keys", when, len(names), len(seen))
	}
	for c, key := range names {
		for row, st := range statuses {
			want, has := st[key]
			got, ok := columnValue(cols[c], row)
			if ok != has {
				t.Errorf("%s: %s of node %d (%s): in the column %v, in the status %v", when, key, ids[row], st["model"], ok, has)
				continue
			}
			if has && !sameStatusValue(asInt64(got), asInt64(want)) {
				t.Errorf("%s: %s of node %d (%s): column %#v, status %#v", when, key, ids[row], st["model"], got, want)
			}
		}
	}
}

// TestNodeStatusColumnsMatchNodeStatus: for every node model, alone and
// in one mixed collection, every key's column holds what each node's
// status holds (the same bits, NaN and infinities included; the same
// types; lists and dictionaries equal), before and after a run, for all
// keys and for some asked.
func TestNodeStatusColumnsMatchNodeStatus(t *testing.T) {
	k := newKernel()
	models, _ := k.Models()
	var ids []int
	typed := 0
	for _, m := range models {
		if m == "cm_default" {
			continue // simulates only with compartments
		}
		first, err := k.Create(m, 3, nil)
		if err != nil {
			continue // models that need parameters to be created
		}
		group := []int{first, first + 1, first + 2}
		ids = append(ids, group...)
		if _, ok := k.nodes[first-1].(node.TypedStatus); ok {
			typed++
		}
		st, _ := k.NodeStatus(first)
		// Values of every kind: NaN and infinities where the model
		// takes them, a frozen node.
		for _, change := range []dict.Dict{{"V_m": math.NaN()}, {"I_e": math.Inf(1)}, {"V_min": math.Inf(-1)}, {"frozen": true}} {
			for key := range change {
				if _, has := st[key]; has {
					_ = k.SetNodeStatus([]int{first + 1}, []dict.Dict{change})
				}
			}
		}
		checkColumnsMatchStatus(t, k, group, nil, m)
	}
	if typed < 10 {
		t.Errorf("only %d models write their status typed", typed)
	}
	checkColumnsMatchStatus(t, k, ids, nil, "mixed")
	checkColumnsMatchStatus(t, k, ids, []string{"V_m", "recordables", "model", "rate", "synaptic_elements", "stimulus_source", "V_m", "nothing"}, "mixed, some keys")
	mustSimulate(t, k, 3)
	checkColumnsMatchStatus(t, k, ids, nil, "after 3 ms")
	slices.Reverse(ids)
	checkColumnsMatchStatus(t, k, ids, nil, "reversed")
	if _, _, err := k.NodeStatusColumns([]int{len(k.nodes) + 1}, nil); err == nil {
		t.Error("an unknown node id was read")
	}
}

// BenchmarkNodeStatusColumns reads every key of 1e4 iaf_psc_alpha nodes.
func BenchmarkNodeStatusColumns(b *testing.B) {
	k := newKernel()
	first, err := k.Create("iaf_psc_alpha", 10000, nil)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int, 10000)
	for i := range ids {
		ids[i] = first + i
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := k.NodeStatusColumns(ids, nil); err != nil {
			b.Fatal(err)
		}
	}
}
