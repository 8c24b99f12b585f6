package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// parrots makes a kernel with n parrot_neurons (ids 1..n) on threads threads.
func parrots(t *testing.T, n, threads int) *Kernel {
	t.Helper()
	k := newKernel()
	if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, k, "parrot_neuron", n)
	return k
}

func tripartiteConns(t *testing.T, k *Kernel) *Connections {
	t.Helper()
	c, err := k.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// With block pools of one node, a primary rule that connects every pair
// and p = 1 the network is fixed: target i (0-based) gets third node
// i / (targets per third node) on every primary connection.
func TestTripartiteBlockPoolOfOneIsDeterministic(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := parrots(t, 4+6+3, threads)
		pre, post, third := ids(1, 4), ids(5, 10), ids(11, 13)
		err := k.ConnectTripartite(pre, post, third, dict.Dict{"rule": "all_to_all"},
			dict.Dict{"rule": "third_factor_bernoulli_with_pool", "pool_type": "block", "pool_size": 1.0},
			[]dict.Dict{{"weight": 2.0}}, []dict.Dict{{"delay": 3.0}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := tripartiteConns(t, k)
		type key struct{ s, t int }
		got := map[key]int{}
		for i := range c.Source {
			got[key{c.Source[i], c.Target[i]}]++
			s, tg := c.Source[i], c.Target[i]
			switch {
			case s <= 4 && tg >= 5 && tg <= 10:
				if c.Weight[i] != 2 || c.Delay[i] != 1 {
					t.Errorf("primary %d->%d: weight %g delay %g, want 2 and 1", s, tg, c.Weight[i], c.Delay[i])
				}
			case s <= 4:
				if c.Weight[i] != 1 || c.Delay[i] != 3 {
					t.Errorf("third_in %d->%d: weight %g delay %g, want 1 and 3", s, tg, c.Weight[i], c.Delay[i])
				}
			}
		}
		want := map[key]int{}
		for ti, tg := range post {
			th := third[ti/2]
			for _, s := range pre {
				want[key{s, tg}]++
				want[key{th, tg}]++
				want[key{s, th}]++
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d threads: %d distinct pairs, want %d", threads, len(got), len(want))
		}
		for p, n := range want {
			if got[p] != n {
				t.Errorf("%d threads: pair %v made %d times, want %d", threads, p, got[p], n)
			}
		}
	}
}

// Every third node a target is paired with lies in its pool: at most
// pool_size distinct nodes per target, and for block pools the target's
// own block; the share of paired primary connections is near p.
func TestTripartitePoolsBoundThirdNodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spec  dict.Dict
		block bool
	}{
		{"random", dict.Dict{"rule": "third_factor_bernoulli_with_pool", "p": 0.6, "pool_size": 3.0}, false},
		{"block", dict.Dict{"rule": "third_factor_bernoulli_with_pool", "p": 0.6, "pool_size": 3.0, "pool_type": "block"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := parrots(t, 40+10+30, 2)
			pre, post, third := ids(1, 40), ids(41, 50), ids(51, 80)
			if err := k.ConnectTripartite(pre, post, third, dict.Dict{"rule": "all_to_all"}, tc.spec, nil, nil, nil); err != nil {
				t.Fatal(err)
			}
			c := tripartiteConns(t, k)
			perTarget := map[int]map[int]bool{}
			nOut, nIn := 0, 0
			for i := range c.Source {
				s, tg := c.Source[i], c.Target[i]
				switch {
				case s > 50:
					nOut++
					if perTarget[tg] == nil {
						perTarget[tg] = map[int]bool{}
					}
					perTarget[tg][s] = true
					if first := 51 + (tg-41)*3; tc.block && (s < first || s >= first+3) {
						t.Errorf("target %d paired with %d outside its block %d..%d", tg, s, first, first+2)
					}
				case tg > 50:
					nIn++
				}
			}
			for tg, set := range perTarget {
				if len(set) > 3 {
					t.Errorf("target %d paired with %d third nodes, pool_size is 3", tg, len(set))
				}
			}
			// 400 primary connections, Binomial(400, 0.6): mean 240, SD 9.8
			if nOut != nIn || nOut < 240-40 || nOut > 240+40 {
				t.Errorf("%d third_out and %d third_in connections, want equal and about 240", nOut, nIn)
			}
		})
	}
}

func TestTripartiteBadSpecsConnectNothing(t *testing.T) {
	tf := "third_factor_bernoulli_with_pool"
	for _, tc := range []struct {
		name      string
		conn, trd dict.Dict
		thirdOut  []dict.Dict
		want      *nesterr.Category
	}{
		{"no rule", dict.Dict{"p": 1.0}, dict.Dict{"rule": tf}, nil, nesterr.ErrBadProperty},
		{"no third rule", dict.Dict{"rule": "all_to_all"}, dict.Dict{"p": 1.0}, nil, nesterr.ErrBadProperty},
		{"unknown third rule", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": "one_to_one"}, nil, nesterr.ErrIllegalConnection},
		{"unknown primary rule", dict.Dict{"rule": "every_other"}, dict.Dict{"rule": tf}, nil, nesterr.ErrIllegalConnection},
		{"pool too big", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf, "pool_size": 3.0}, nil, nesterr.ErrBadProperty},
		{"pool zero", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf, "pool_size": 0.0}, nil, nesterr.ErrBadProperty},
		{"pool type", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf, "pool_type": "ring"}, nil, nesterr.ErrBadProperty},
		{"p above 1", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf, "p": 1.5}, nil, nesterr.ErrBadProperty},
		{"block misfit", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf, "pool_type": "block", "pool_size": 2.0}, nil, nesterr.ErrBadProperty},
		{"symmetric", dict.Dict{"rule": "one_to_one", "make_symmetric": true}, dict.Dict{"rule": tf}, nil, nesterr.ErrBadProperty},
		{"bad delay", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf}, []dict.Dict{{"delay": -1.0}}, nesterr.ErrBadDelay},
		{"unknown synapse", dict.Dict{"rule": "all_to_all"}, dict.Dict{"rule": tf}, []dict.Dict{{"synapse_model": "glue"}}, nesterr.ErrUnknownSynapseType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := parrots(t, 4+4+2, 1)
			err := k.ConnectTripartite(ids(1, 4), ids(5, 8), ids(9, 10), tc.conn, tc.trd, nil, nil, tc.thirdOut)
			wantCategory(t, err, tc.want)
			if c := tripartiteConns(t, k); c.Len() != 0 {
				t.Errorf("a rejected call made %d connections", c.Len())
			}
		})
	}
	k := parrots(t, 3, 1)
	wantCategory(t, k.ConnectTripartite(ids(1, 2), ids(3, 3), nil, dict.Dict{"rule": "all_to_all"},
		dict.Dict{"rule": tf}, nil, nil, nil), nesterr.ErrIllegalConnection)
}
