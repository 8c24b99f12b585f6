package kernel

import (
	"cmp"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// The connection-management scenarios of testdata/nest310/conn (see the
// README there): NEST 3.10's results, one set per thread count.

// connRef310 is one connection as NEST's GetConnections lists it.
type connRef310 struct {
	Source       int     `json:"source"`
	Target       int     `json:"target"`
	SynapseModel string  `json:"synapse_model"`
	Weight       float64 `json:"weight"`
	Delay        float64 `json:"delay"`
	Receptor     int     `json:"receptor"`
	Thread       int     `json:"target_thread"`
}

// loadConn310 reads conn/<name>/result.json into out, keyed "threads_1",
// "threads_2".
func loadConn310(t *testing.T, name string, out any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "conn", name, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

// newConnKernel returns a kernel with resolution 0.1 ms on threads.
func newConnKernel(t *testing.T, threads int) *Kernel {
	t.Helper()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads), "resolution": 0.1}); err != nil {
		t.Fatal(err)
	}
	return k
}

// rowsOf lists c as NEST's rows (source, target, model, weight, delay,
// receptor, and NEST's thread of the connection).
func rowsOf(k *Kernel, c *Connections) []connRef310 {
	out := make([]connRef310, c.Len())
	for i := range out {
		out[i] = connRef310{Source: c.Source[i], Target: c.Target[i], SynapseModel: c.SynapseModel[i],
			Weight: c.Weight[i], Delay: c.Delay[i], Receptor: c.Rport[i], Thread: k.nestThread(c.Source[i]-1, c.Target[i]-1)}
	}
	return out
}

// inThreadOrder returns NEST's listing with the blocks of each synapse
// model in thread order: NEST collects the threads' blocks as the threads
// finish, so that their order varies from call to call.
func inThreadOrder(rows []connRef310) []connRef310 {
	first := map[string]int{}
	for i, r := range rows {
		if _, ok := first[r.SynapseModel]; !ok {
			first[r.SynapseModel] = i
		}
	}
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b connRef310) int {
		return cmp.Or(cmp.Compare(first[a.SynapseModel], first[b.SynapseModel]), cmp.Compare(a.Thread, b.Thread))
	})
	return out
}

// sameRows fails unless got lists want's connections in want's order (up
// to the order of the thread blocks, see inThreadOrder).
func sameRows(t *testing.T, k *Kernel, what string, got *Connections, want []connRef310) {
	t.Helper()
	rows, want := rowsOf(k, got), inThreadOrder(want)
	if len(rows) != len(want) {
		t.Fatalf("%s: %d connections, NEST has %d:\n got %v\nwant %v", what, len(rows), len(want), rows, want)
	}
	for i := range rows {
		if rows[i] != want[i] {
			t.Fatalf("%s: connection %d is %+v, NEST's is %+v\n got %v\nwant %v", what, i, rows[i], want[i], rows, want)
		}
	}
}

// recordedColumn returns recorder id's column name for sender, in order.
func recordedColumn(t *testing.T, k *Kernel, id int, name string, sender int) []float64 {
	t.Helper()
	tab, err := k.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, n := range tab.Names() {
		if n == name {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("recorder %d has no column %s (%v)", id, name, tab.Names())
	}
	senders, values := tab.Int64s(0), tab.Float64s(col)
	var out []float64
	for i, s := range senders {
		if int(s) == sender {
			out = append(out, values[i])
		}
	}
	return out
}

// TestNEST310SpikeWeights: spike_generators with spike_weights and
// spike_multiplicities drive an iaf_psc_alpha on receptor 0 and an
// iaf_psc_exp_multisynapse on receptor 2. Every delivered weight is the
// connection's times the spike's factor, a product NEST forms in the same
// way, so V_m agrees to the last bit.
func TestNEST310SpikeWeights(t *testing.T) {
	var ref map[string]struct {
		SpikeWeights []float64            `json:"spike_weights"`
		Vm           map[string][]float64 `json:"V_m"`
		Connections  []connRef310         `json:"connections"`
	}
	loadConn310(t, "spike_weights", &ref)
	for _, threads := range []int{1, 2} {
		want := ref["threads_"+itoa(threads)]
		k := newConnKernel(t, threads)
		sg := mustCreate(t, k, "spike_generator", 2, dict.Dict{
			"spike_times":          []any{1.0, 2.0, 3.5, 5.0, 5.0, 8.2, 12.0},
			"spike_weights":        []any{1.0, -0.5, 2.0, 0.25, 3.0, 0.0, 1.5},
			"spike_multiplicities": []any{1.0, 2.0, 1.0, 1.0, 1.0, 3.0, 2.0},
		})
		n := mustCreate(t, k, "iaf_psc_alpha", 1)
		mustCreate(t, k, "iaf_psc_exp_multisynapse", 1, dict.Dict{"tau_syn": []any{1.0, 3.0}})
		mustConnect(t, k, []int{sg}, []int{n}, nil, dict.Dict{"weight": 20.0, "delay": 1.0})
		mustConnect(t, k, []int{sg + 1}, []int{n + 1}, nil, dict.Dict{"weight": 50.0, "delay": 1.5, "receptor_type": 2.0})
		mm := mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []any{"V_m"}, "interval": 0.1})
		mustConnect(t, k, []int{mm}, []int{n, n + 1}, nil, nil)
		mustSimulate(t, k, 20)

		st, _ := k.NodeStatus(sg)
		if got := st["spike_weights"].([]float64); len(got) != len(want.SpikeWeights) {
			t.Errorf("spike_weights %v, NEST %v", got, want.SpikeWeights)
		}
		for _, id := range []int{n, n + 1} {
			got, exp := recordedColumn(t, k, mm, "V_m", id), want.Vm[itoa(id)]
			if len(got) != len(exp) {
				t.Fatalf("%d threads, node %d: %d samples, NEST %d", threads, id, len(got), len(exp))
			}
			for i := range got {
				if got[i] != exp[i] && !(math.IsNaN(got[i]) && math.IsNaN(exp[i])) {
					t.Fatalf("%d threads, node %d, sample %d: V_m %.17g, NEST %.17g", threads, id, i, got[i], exp[i])
				}
			}
		}
		c, err := k.GetConnections([]int{sg, sg + 1}, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		// The connections keep their own weights.
		sameRows(t, k, "connections", c, want.Connections)
	}
}

// TestNEST310ReceptorArrays: receptor_type given per connection, as a
// 1-d list for one_to_one and a flattened 2-d array for all_to_all
// (targets outer, sources inner), and drawn from a parameter. A receptor
// the target refuses rejects the whole call: nothing is connected, where
// NEST keeps the connections it made before the bad one.
func TestNEST310ReceptorArrays(t *testing.T) {
	var ref map[string]struct {
		Connections []connRef310          `json:"connections"`
		Bad         struct{ Name string } `json:"bad_receptor"`
		Zero        struct{ Name string } `json:"zero_receptor"`
	}
	loadConn310(t, "receptor_arrays", &ref)
	for _, threads := range []int{1, 2} {
		want := ref["threads_"+itoa(threads)]
		k := newConnKernel(t, threads)
		n := mustCreate(t, k, "iaf_psc_exp_multisynapse", 3, dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}})
		src := mustCreate(t, k, "iaf_psc_alpha", 3)
		srcs, tgts := []int{src, src + 1, src + 2}, []int{n, n + 1, n + 2}
		mustConnect(t, k, srcs, tgts, dict.Dict{"rule": "one_to_one"},
			dict.Dict{"receptor_type": []any{3.0, 1.0, 2.0}, "weight": []any{1.0, 2.0, 3.0}})
		// [[1, 2], [2, 3], [3, 1]]: row = target, column = source.
		mustConnect(t, k, srcs[:2], tgts, nil, dict.Dict{"receptor_type": []any{1.0, 2.0, 2.0, 3.0, 3.0, 1.0}})
		c, err := k.GetConnections(srcs, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		sameRows(t, k, "connections", c, want.Connections)

		before := k.NumConnections()
		for _, bad := range [][]any{{1.0, 4.0, 2.0}, {1.0, 0.0, 2.0}} {
			err := k.Connect(srcs, tgts, dict.Dict{"rule": "one_to_one"}, dict.Dict{"receptor_type": bad})
			if nesterrName(err) != want.Bad.Name {
				t.Errorf("receptors %v: error %v, NEST raises %s", bad, err, want.Bad.Name)
			}
		}
		if want.Zero.Name != want.Bad.Name {
			t.Fatalf("NEST's errors differ: %s, %s", want.Bad.Name, want.Zero.Name)
		}
		if k.NumConnections() != before {
			t.Errorf("a rejected Connect made %d connections", k.NumConnections()-before)
		}
		err = k.Connect(srcs, tgts, dict.Dict{"rule": "one_to_one"}, dict.Dict{"receptor_type": []any{1.0, 2.0}})
		wantCategory(t, err, nesterr.ErrBadProperty)

		// 1 + uniform_int(3): receptors 1..3, each about a third of the time.
		rnd := map[string]any{"op": "add", "args": []any{1.0, map[string]any{"distribution": "uniform_int", "max": 3.0}}}
		many := mustCreate(t, k, "iaf_psc_alpha", 300)
		var pre []int
		for i := range 300 {
			pre = append(pre, many+i)
		}
		mustConnect(t, k, pre, tgts, nil, dict.Dict{"receptor_type": rnd})
		c, err = k.GetConnections(pre, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]int{}
		for _, r := range c.Rport {
			seen[r]++
		}
		// 900 draws, p = 1/3: standard deviation 14.1; 3 of them is 42.
		for r := 1; r <= 3; r++ {
			if math.Abs(float64(seen[r])-300) > 3*math.Sqrt(900.0/3*2/3) {
				t.Errorf("receptor %d drawn %d times of 900, want 300 within 3 standard deviations (%v)", r, seen[r], seen)
			}
		}
		if len(seen) != 3 {
			t.Errorf("receptors drawn %v, want only 1, 2, 3", seen)
		}
		// A draw that is not a whole number is refused, as NEST refuses a
		// float parameter.
		flt := map[string]any{"op": "add", "args": []any{1.0, map[string]any{"distribution": "uniform", "min": 0.0, "max": 2.0}}}
		before = k.NumConnections()
		wantCategory(t, k.Connect(srcs, tgts, nil, dict.Dict{"receptor_type": flt}), nesterr.ErrTypeMismatch)
		if k.NumConnections() != before {
			t.Errorf("a rejected Connect made %d connections", k.NumConnections()-before)
		}
	}
}

func nesterrName(err error) string {
	if err == nil {
		return "no error"
	}
	return nesterr.CategoryOf(err)
}

// disconnect310 is the result of the disconnect scenario.
type disconnect310 struct {
	Before        []connRef310 `json:"before"`
	AfterRules    []connRef310 `json:"after_rules"`
	NumAfterRules int          `json:"num_connections_after_rules"`
	SyncollLen    int          `json:"syncoll_len"`
	AfterSyncoll  []connRef310 `json:"after_syncoll"`
	AllAfter      []connRef310 `json:"all_after"`
	Spikes        [][2]float64 `json:"spikes"`
	Final         []connRef310 `json:"final"`
	StdpWeights   []float64    `json:"stdp_weights"`
}

// buildDisconnect310 makes the network of the disconnect scenario (conn
// README): 1 spike_generator, 2-5 iaf_psc_alpha, 6 spike_recorder, 7
// parrot_neuron.
func buildDisconnect310(t *testing.T, threads int) *Kernel {
	t.Helper()
	k := newConnKernel(t, threads)
	var times []any
	for i := 1; i <= 15; i++ {
		times = append(times, 2.0*float64(i))
	}
	sg := mustCreate(t, k, "spike_generator", 1, dict.Dict{"spike_times": times})
	n := mustCreate(t, k, "iaf_psc_alpha", 4)
	sr := mustCreate(t, k, "spike_recorder", 1)
	p := mustCreate(t, k, "parrot_neuron", 1)
	ns := []int{n, n + 1, n + 2, n + 3}
	mustConnect(t, k, []int{sg}, []int{p}, nil, nil)
	mustConnect(t, k, []int{p}, ns, nil, dict.Dict{"weight": 1200.0, "delay": 1.0})
	mustConnect(t, k, ns[:2], ns[2:], nil, dict.Dict{"synapse_model": "stdp_synapse", "weight": 50.0, "delay": 1.5})
	mustConnect(t, k, ns[:2], ns[2:], dict.Dict{"rule": "one_to_one"}, dict.Dict{"weight": 30.0, "delay": 2.0})
	mustConnect(t, k, ns[:1], ns[3:], nil, dict.Dict{"weight": 10.0, "delay": 1.0})
	mustConnect(t, k, ns, []int{sr}, nil, nil)
	return k
}

// TestNEST310Disconnect removes connections by rule and by selection
// between two runs: the listings, num_connections, the spikes (which show
// that removed connections deliver nothing) and the weights of the
// remaining stdp_synapse connections (whose state columns closed up)
// agree with NEST.
func TestNEST310Disconnect(t *testing.T) {
	var ref map[string]disconnect310
	loadConn310(t, "disconnect", &ref)
	for _, threads := range []int{1, 2} {
		want := ref["threads_"+itoa(threads)]
		k := buildDisconnect310(t, threads)
		ns := []int{2, 3, 4, 5}
		list := func(sources []int, synapse string) *Connections {
			t.Helper()
			c, err := k.GetConnections(sources, nil, synapse)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		sameRows(t, k, "before", list(ns, ""), want.Before)
		mustSimulate(t, k, 15)
		if err := k.Disconnect(ns[:2], ns[2:], dict.Dict{"rule": "one_to_one"}, dict.Dict{"synapse_model": "stdp_synapse"}); err != nil {
			t.Fatal(err)
		}
		if err := k.Disconnect([]int{7}, ns[1:2], dict.Dict{"rule": "one_to_one"}, dict.Dict{"synapse_model": "static_synapse"}); err != nil {
			t.Fatal(err)
		}
		sameRows(t, k, "after the rules", list(ns, ""), want.AfterRules)
		if got := k.NumConnections(); got != want.NumAfterRules {
			t.Errorf("num_connections %d, NEST %d", got, want.NumAfterRules)
		}
		sel, err := k.GetConnections(ns[:1], ns[3:], "static_synapse")
		if err != nil {
			t.Fatal(err)
		}
		if sel.Len() != want.SyncollLen {
			t.Fatalf("selection of %d connections, NEST %d", sel.Len(), want.SyncollLen)
		}
		if err := k.DisconnectSelected(ns[:1], ns[3:], "static_synapse", []int{0}); err != nil {
			t.Fatal(err)
		}
		sameRows(t, k, "after the selection", list(ns, ""), want.AfterSyncoll)
		sameRows(t, k, "all", list(nil, ""), want.AllAfter)
		mustSimulate(t, k, 15)
		tab, err := k.Recording(6)
		if err != nil {
			t.Fatal(err)
		}
		var spikes [][2]float64
		senders, times := tab.Int64s(0), tab.Float64s(1)
		for i := range senders {
			spikes = append(spikes, [2]float64{float64(senders[i]), times[i]})
		}
		slices.SortFunc(spikes, func(a, b [2]float64) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		if !reflect.DeepEqual(spikes, want.Spikes) {
			t.Errorf("%d threads: spikes\n got %v\nwant %v", threads, spikes, want.Spikes)
		}
		sameRows(t, k, "final", list(ns, ""), want.Final)
		// (The weights' order is NEST's racy thread order; compare sorted.)
		st := list(ns[:2], "stdp_synapse")
		slices.Sort(st.Weight)
		slices.Sort(want.StdpWeights)
		for i, w := range want.StdpWeights {
			if math.Abs(st.Weight[i]-w) > 1e-12 {
				t.Errorf("stdp weight %d: %.17g, NEST %.17g", i, st.Weight[i], w)
			}
		}
	}
}

// TestNEST310DisconnectErrors: NEST's exceptions for disconnections it
// refuses; a refused call removes nothing.
func TestNEST310DisconnectErrors(t *testing.T) {
	var ref map[string]map[string]json.RawMessage
	loadConn310(t, "disconnect_errors", &ref)
	name := func(raw json.RawMessage) string {
		var e struct{ Name string }
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		return e.Name
	}
	for _, threads := range []int{1, 2} {
		want := ref["threads_"+itoa(threads)]
		k := newConnKernel(t, threads)
		n := mustCreate(t, k, "iaf_psc_alpha", 3)
		mustConnect(t, k, []int{n}, []int{n + 1}, nil, nil)
		mustConnect(t, k, []int{n}, []int{n + 2}, nil, dict.Dict{"synapse_model": "stdp_synapse"})
		one := dict.Dict{"rule": "one_to_one"}
		static := dict.Dict{"synapse_model": "static_synapse"}
		for _, tc := range []struct {
			key       string
			pre, post []int
			conn, syn dict.Dict
		}{
			{"inexistent", []int{n + 1}, []int{n + 2}, one, static},
			{"wrong_model", []int{n}, []int{n + 2}, one, static},
			{"unknown_rule", []int{n}, []int{n + 1}, dict.Dict{"rule": "nonsense"}, static},
			{"fixed_indegree", []int{n}, []int{n + 1}, dict.Dict{"rule": "fixed_indegree", "indegree": 1.0}, static},
			{"unknown_synapse", []int{n}, []int{n + 1}, one, dict.Dict{"synapse_model": "no_such_synapse"}},
			{"one_to_one_sizes", []int{n, n + 1}, []int{n, n + 1, n + 2}, one, static},
			{"partial_all_to_all", []int{n}, []int{n + 1, n + 2}, dict.Dict{"rule": "all_to_all"}, static},
		} {
			err := k.Disconnect(tc.pre, tc.post, tc.conn, tc.syn)
			if got := nesterrName(err); got != name(want[tc.key]) {
				t.Errorf("%s: error %v, NEST raises %s", tc.key, err, name(want[tc.key]))
			}
		}
		// NEST removed n->n+1 before it failed on n->n+2; gonest removes
		// nothing.
		if k.NumConnections() != 2 {
			t.Errorf("%d connections after refused calls, want 2", k.NumConnections())
		}
		// Connections from and to devices are not found, as in NEST.
		sg := mustCreate(t, k, "spike_generator", 1)
		sr := mustCreate(t, k, "spike_recorder", 1)
		mustConnect(t, k, []int{sg}, []int{n}, nil, nil)
		mustConnect(t, k, []int{n}, []int{sr}, nil, nil)
		wantCategory(t, k.Disconnect([]int{sg}, []int{n}, one, static), nesterr.ErrInexistentConnection)
		wantCategory(t, k.Disconnect([]int{n}, []int{sr}, one, static), nesterr.ErrInexistentConnection)
		wantCategory(t, k.DisconnectSelected([]int{sg}, nil, "", []int{0}), nesterr.ErrInexistentConnection)
		wantCategory(t, k.Disconnect([]int{n}, []int{99}, one, static), nesterr.ErrUnknownNode)
		if k.NumConnections() != 4 {
			t.Errorf("%d connections after refused calls, want 4", k.NumConnections())
		}
	}
}

// TestNEST310GetConnectionsOrder: GetConnections lists by synapse model id
// (NEST's ids: static_synapse before stdp_synapse before
// tsodyks_synapse), then NEST's thread of the connection, then source,
// then creation, with and without filters, as NEST does.
func TestNEST310GetConnectionsOrder(t *testing.T) {
	var ref map[string]map[string][]connRef310
	loadConn310(t, "ordering", &ref)
	for _, threads := range []int{1, 2} {
		want := ref["threads_"+itoa(threads)]
		k := newConnKernel(t, threads)
		n := mustCreate(t, k, "iaf_psc_alpha", 6)
		nodes := func(from, to int) []int { // n[from:to]
			var out []int
			for i := from; i < to; i++ {
				out = append(out, n+i)
			}
			return out
		}
		for _, c := range []struct {
			pre, post []int
			syn       dict.Dict
		}{
			{nodes(5, 6), nodes(0, 3), nil},
			{nodes(0, 2), nodes(4, 6), dict.Dict{"synapse_model": "stdp_synapse"}},
			{nodes(3, 4), nodes(1, 2), dict.Dict{"synapse_model": "tsodyks_synapse"}},
			{nodes(2, 3), nodes(2, 6), dict.Dict{"weight": 2.0}},
			{nodes(0, 1), nodes(1, 2), dict.Dict{"synapse_model": "stdp_synapse"}},
			{nodes(4, 5), nodes(0, 1), nil},
			{nodes(0, 1), nodes(5, 6), dict.Dict{"weight": 3.0}},
			{nodes(0, 1), nodes(1, 2), dict.Dict{"synapse_model": "tsodyks_synapse"}},
			{nodes(1, 2), nodes(0, 1), dict.Dict{"weight": 4.0}},
		} {
			mustConnect(t, k, c.pre, c.post, nil, c.syn)
		}
		list := func(sources, targets []int, synapse string) *Connections {
			t.Helper()
			c, err := k.GetConnections(sources, targets, synapse)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		sameRows(t, k, "all", list(nil, nil, ""), want["all"])
		sameRows(t, k, "sources 3-4", list(nodes(2, 4), nil, ""), want["source_2_3"])
		sameRows(t, k, "targets 2-3", list(nil, nodes(1, 3), ""), want["target_1_2"])
		sameRows(t, k, "static_synapse", list(nil, nil, "static_synapse"), want["static"])
		sameRows(t, k, "source 1, targets 2-6", list(nodes(0, 1), nodes(1, 6), ""), want["source_1_target_2_6"])
		mustSimulate(t, k, 1)
		sameRows(t, k, "after Simulate", list(nil, nil, ""), want["after_simulate"])
	}
}
