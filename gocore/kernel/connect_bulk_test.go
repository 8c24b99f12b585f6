package kernel

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// bulkCase builds the same network twice: with one one_to_one call (the
// bulk path where it applies) and pair by pair with all_to_all (the
// general path), and returns both kernels and the bulk call's error.
func bulkCase(t *testing.T, threads int, models []string, pre, post []int, conn, syn dict.Dict) (bulk, general *Kernel, err error) {
	t.Helper()
	build := func() *Kernel {
		k := newKernel()
		if threads > 1 {
			if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range models {
			mustCreate(t, k, m, 10)
		}
		return k
	}
	bulk, general = build(), build()
	err = bulk.Connect(pre, post, conn, syn)
	if err != nil {
		return bulk, general, err
	}
	autapses := conn["allow_autapses"] != false
	made := 0
	for i := range pre {
		if !autapses && pre[i] == post[i] {
			continue
		}
		one := dict.Dict{}
		for key, v := range syn {
			if list, ok := v.([]float64); ok {
				v = list[made]
			}
			one[key] = v
		}
		mustConnect(t, general, pre[i:i+1], post[i:i+1], dict.Dict{"rule": "all_to_all"}, one)
		made++
	}
	return bulk, general, nil
}

// sameNetworks fails unless a and b hold the same connections in the same
// order and report the same delay extrema.
func sameNetworks(t *testing.T, a, b *Kernel) {
	t.Helper()
	ca, err := a.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cb, err := b.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if ca.Len() == 0 || !reflect.DeepEqual(ca, cb) {
		t.Fatalf("connections differ:\n bulk    %+v\n general %+v", ca, cb)
	}
	for _, key := range []string{"min_delay", "max_delay", "num_connections"} {
		if va, vb := a.Status()[key], b.Status()[key]; va != vb {
			t.Errorf("%s: bulk %v, general %v", key, va, vb)
		}
	}
}

func TestBulkOneToOneSameAsGeneral(t *testing.T) {
	ids := func(ns ...int) []int { return ns }
	cases := []struct {
		name     string
		threads  int
		models   []string
		pre, pst []int
		conn     dict.Dict
		syn      dict.Dict
	}{
		{"weights and delays", 1, []string{"iaf_psc_alpha"}, ids(1, 2, 3, 4), ids(5, 6, 7, 8), nil,
			dict.Dict{"weight": []float64{1, -2, 3, 4}, "delay": []float64{1, 2.5, 1.2, 3}}},
		{"two threads", 2, []string{"parrot_neuron"}, ids(1, 2, 3, 4, 5), ids(6, 7, 8, 9, 10), nil,
			dict.Dict{"weight": []float64{1, 2, 3, 4, 5}, "delay": []float64{1, 2, 3, 4, 5}}},
		{"repeated sources", 1, []string{"iaf_psc_alpha"}, ids(3, 3, 1, 3), ids(5, 6, 7, 5), nil,
			dict.Dict{"weight": 2.0, "delay": []float64{1.5, 1.5, 1.5, 1.5}}},
		{"mixed models", 1, []string{"iaf_psc_alpha", "parrot_neuron"}, ids(1, 12, 2), ids(11, 3, 13), nil,
			dict.Dict{"weight": []float64{1, 2, 3}, "delay": []float64{1, 2, 3}}},
		{"autapse skipped", 1, []string{"iaf_psc_alpha"}, ids(1, 2, 3), ids(4, 2, 5), dict.Dict{"allow_autapses": false},
			dict.Dict{"weight": []float64{1, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conn := dict.Dict{"rule": "one_to_one"}
			for key, v := range c.conn {
				conn[key] = v
			}
			a, b, err := bulkCase(t, c.threads, c.models, c.pre, c.pst, conn, c.syn)
			if err != nil {
				t.Fatal(err)
			}
			sameNetworks(t, a, b)
		})
	}
}

// Equal weights and delays keep the table compact, as one call per
// connection would.
func TestBulkOneToOneStaysCompact(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "iaf_psc_alpha", 6)
	mustConnect(t, k, []int{1, 2, 3}, []int{4, 5, 6}, dict.Dict{"rule": "one_to_one"},
		dict.Dict{"weight": []float64{2, 2, 2}, "delay": []float64{1.5, 1.5, 1.5}})
	tab := &k.threads[0].tables[0]
	if tab.weights != nil || tab.metas != nil || tab.weight != 2 || metaDelay(tab.meta) != 15 {
		t.Errorf("table: weights %v metas %v weight %g delay %d steps; want one weight 2 and one delay of 15 steps",
			tab.weights, tab.metas, tab.weight, metaDelay(tab.meta))
	}
}

// A bad delay anywhere in the list is reported as the general path
// reports it, and nothing is connected.
func TestBulkOneToOneBadDelay(t *testing.T) {
	for _, bad := range []float64{0.04, math.NaN(), math.Inf(1), 1e9} {
		k := newKernel()
		mustCreate(t, k, "iaf_psc_alpha", 20)
		pre, post, d := make([]int, 10), make([]int, 10), make([]float64, 10)
		for i := range pre {
			pre[i], post[i], d[i] = i+1, i+11, 1.0
		}
		d[7] = bad
		err := k.Connect(pre, post, dict.Dict{"rule": "one_to_one"}, dict.Dict{"delay": d})
		wantCategory(t, err, nesterr.ErrBadDelay)
		if err != nil && !strings.Contains(err.Error(), "delay = ") {
			t.Errorf("error %q does not name the delay", err)
		}
		ref := newKernel()
		mustCreate(t, ref, "iaf_psc_alpha", 20)
		refErr := ref.Connect(pre[7:8], post[7:8], dict.Dict{"rule": "all_to_all"}, dict.Dict{"delay": bad})
		if err == nil || refErr == nil || err.Error() != refErr.Error() {
			t.Errorf("delay %g: error %v, general path %v", bad, err, refErr)
		}
		if n := k.Status()["num_connections"]; n != 0 {
			t.Errorf("delay %g: %v connections after the error, want 0", bad, n)
		}
	}
}
