package kernel

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestZZGolden(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pos2 := make([]any, 3000)
	for i := range pos2 {
		pos2[i] = []any{rng.Float64() - 0.5, rng.Float64() - 0.5}
	}
	pos3 := make([]any, 5000)
	for i := range pos3 {
		pos3[i] = []any{rng.Float64() - 0.5, rng.Float64() - 0.5, rng.Float64() - 0.5}
	}
	gauss := map[string]any{"op": "gaussian", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "std": 0.05}
	expd := map[string]any{"op": "exp_distribution", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "beta": 0.03}
	lin := map[string]any{"op": "sub", "args": []any{1.0, map[string]any{"op": "mul", "args": []any{3.0, map[string]any{"op": "distance", "args": []any{}, "dimension": 1.0}}}}}
	circ := map[string]any{"circular": map[string]any{"radius": 0.1}}
	circA := map[string]any{"circular": map[string]any{"radius": 0.12}, "anchor": []any{0.05, -0.02}}
	rect := map[string]any{"rectangular": map[string]any{"lower_left": []any{-0.1, -0.05}, "upper_right": []any{0.08, 0.1}}}
	sph := map[string]any{"spherical": map[string]any{"radius": 0.1}}
	doug := map[string]any{"doughnut": map[string]any{"inner_radius": 0.03, "outer_radius": 0.11}}
	type cs struct {
		name  string
		layer dict.Dict
		spec  dict.Dict
		syn   dict.Dict
	}
	grid := func(w bool) dict.Dict { return dict.Dict{"shape": []any{60.0, 50.0}, "edge_wrap": w} }
	cases := []cs{
		{"grid-wrap-gauss", grid(true), dict.Dict{"rule": "pairwise_bernoulli", "p": gauss, "mask": circ}, nil},
		{"grid-nowrap-gauss", grid(false), dict.Dict{"rule": "pairwise_bernoulli", "p": gauss, "mask": circ}, nil},
		{"grid-wrap-anch", grid(true), dict.Dict{"rule": "pairwise_bernoulli", "p": lin, "mask": circA}, nil},
		{"grid-wrap-rect", grid(true), dict.Dict{"rule": "pairwise_bernoulli", "p": expd, "mask": rect, "allow_autapses": false}, nil},
		{"grid-wrap-doug", grid(true), dict.Dict{"rule": "pairwise_bernoulli", "p": 0.5, "mask": doug}, dict.Dict{"weight": gauss}},
		{"grid-onsrc", grid(false), dict.Dict{"rule": "pairwise_bernoulli", "p": gauss, "mask": circA, "use_on_source": true}, nil},
		{"grid-indeg", grid(true), dict.Dict{"rule": "fixed_indegree", "indegree": 20.0, "p": gauss, "mask": circ}, nil},
		{"grid-outdeg", grid(false), dict.Dict{"rule": "fixed_outdegree", "outdegree": 20.0, "p": gauss, "mask": circ}, nil},
		{"grid-poisson", grid(true), dict.Dict{"rule": "pairwise_poisson", "pairwise_avg_num_conns": gauss, "mask": circ}, nil},
		{"free2-gauss", dict.Dict{"positions": pos2, "edge_wrap": true, "extent": []any{1.0, 1.0}}, dict.Dict{"rule": "pairwise_bernoulli", "p": gauss, "mask": circ}, dict.Dict{"delay": map[string]any{"op": "add", "args": []any{1.0, map[string]any{"op": "distance", "args": []any{}}}}}},
		{"free2-nowrap", dict.Dict{"positions": pos2}, dict.Dict{"rule": "pairwise_bernoulli", "p": lin, "mask": circA}, nil},
		{"free3-exp", dict.Dict{"positions": pos3}, dict.Dict{"rule": "pairwise_bernoulli", "p": expd, "mask": sph}, nil},
		{"grid-nomask", dict.Dict{"shape": []any{20.0, 20.0}, "edge_wrap": true}, dict.Dict{"rule": "pairwise_bernoulli", "p": gauss}, nil},
	}
	out := ""
	for _, c := range cases {
		k := newKernel()
		first, err := k.CreateLayer("iaf_psc_alpha", c.layer, nil)
		if err != nil {
			t.Fatal(c.name, err)
		}
		n := 0
		if g, ok := c.layer["shape"]; ok {
			n = int(g.([]any)[0].(float64) * g.([]any)[1].(float64))
		} else {
			n = len(c.layer["positions"].([]any))
		}
		ids := make([]int, n)
		for i := range ids {
			ids[i] = first + i
		}
		if err := k.Connect(ids, ids, c.spec, c.syn); err != nil {
			t.Fatal(c.name, err)
		}
		conns, err := k.GetConnections(nil, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		h := fnv.New64a()
		for i := range conns.Source {
			fmt.Fprintf(h, "%d %d %x %x ", conns.Source[i], conns.Target[i], math.Float64bits(conns.Weight[i]), math.Float64bits(conns.Delay[i]))
		}
		out += fmt.Sprintf("%s %d %x\n", c.name, len(conns.Source), h.Sum64())
	}
	os.WriteFile(os.Getenv("GOLDEN_OUT"), []byte(out), 0o644)
	t.Log("\n" + out)
}
