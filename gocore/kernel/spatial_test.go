package kernel

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// spatialPairs is NEST 3.10's list of (source, target) pairs for one mask
// case of testdata/nest310/spatial/reference.json.
func spatialPairs(t *testing.T, key string) [][2]int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "spatial", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Masks2D struct {
			Cases map[string]struct {
				Pairs [][2]int `json:"pairs"`
			} `json:"cases"`
		} `json:"masks_2d"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref.Masks2D.Cases[key].Pairs
}

func gridLayer(t *testing.T, k *Kernel, wrap bool) []int {
	t.Helper()
	first, err := k.CreateLayer("iaf_psc_alpha", dict.Dict{"shape": []any{9.0, 9.0}, "extent": []any{0.9, 0.9}, "edge_wrap": wrap}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int, 81)
	for i := range ids {
		ids[i] = first + i
	}
	return ids
}

// TestSpatialBernoulliMatchesNEST310 connects a 9 x 9 grid with p = 1
// and a circular mask, with and without periodic boundaries, and compares
// the pairs with NEST's exactly.
func TestSpatialBernoulliMatchesNEST310(t *testing.T) {
	for _, c := range []struct {
		key  string
		wrap bool
		mask any
	}{
		{"circular", false, map[string]any{"circular": map[string]any{"radius": 0.25}}},
		{"circular_wrap", true, map[string]any{"circular": map[string]any{"radius": 0.25}}},
		{"doughnut_wrap", true, map[string]any{"doughnut": map[string]any{"inner_radius": 0.1, "outer_radius": 0.3}}},
	} {
		k := newKernel()
		ids := gridLayer(t, k, c.wrap)
		mustConnect(t, k, ids, ids, dict.Dict{"rule": "pairwise_bernoulli", "p": 1.0, "mask": c.mask}, nil)
		conns, err := k.GetConnections(nil, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		got := make([][2]int, len(conns.Source))
		for i := range got {
			got[i] = [2]int{conns.Source[i], conns.Target[i]}
		}
		slices.SortFunc(got, func(a, b [2]int) int {
			if a[0] != b[0] {
				return a[0] - b[0]
			}
			return a[1] - b[1]
		})
		if want := spatialPairs(t, c.key); !slices.Equal(got, want) {
			t.Errorf("%s: %d pairs, NEST %d", c.key, len(got), len(want))
		}
	}
}

// TestSpatialConnectNeedsLayers checks that spatial rules refuse nodes
// without positions and leave the network unchanged.
func TestSpatialConnectNeedsLayers(t *testing.T) {
	k := newKernel()
	first := mustCreate(t, k, "iaf_psc_alpha", 4)
	ids := []int{first, first + 1, first + 2, first + 3}
	err := k.Connect(ids, ids, dict.Dict{"rule": "pairwise_bernoulli", "p": 1.0, "mask": map[string]any{"circular": map[string]any{"radius": 0.2}}}, nil)
	if !errors.Is(err, nesterr.ErrLayerExpected) {
		t.Fatalf("got %v, want LayerExpected", err)
	}
	if k.NumConnections() != 0 {
		t.Fatal("a refused Connect made connections")
	}
}

// BenchmarkSpatialGridConnect connects a periodic 100 x 100 grid to itself
// with a circular mask (radius 0.1) and a Gaussian probability (std 0.05),
// the grid case of benchmarks/spatial.py.
func BenchmarkSpatialGridConnect(b *testing.B) {
	for range b.N {
		k := newKernel()
		first, err := k.CreateLayer("iaf_psc_alpha", dict.Dict{"shape": []any{100.0, 100.0}, "edge_wrap": true}, nil)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]int, 10000)
		for i := range ids {
			ids[i] = first + i
		}
		p := map[string]any{"op": "gaussian", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "std": 0.05}
		spec := dict.Dict{"rule": "pairwise_bernoulli", "p": p, "mask": map[string]any{"circular": map[string]any{"radius": 0.1}}}
		if err := k.Connect(ids, ids, spec, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSpatialFree3DConnect connects 50,000 nodes at random positions
// in the unit cube with a spherical mask (radius 0.05) and an exponential
// probability, the free3d case of benchmarks/spatial.py.
func BenchmarkSpatialFree3DConnect(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	pos := make([]any, 50000)
	for i := range pos {
		pos[i] = []any{rng.Float64() - 0.5, rng.Float64() - 0.5, rng.Float64() - 0.5}
	}
	for range b.N {
		k := newKernel()
		first, err := k.CreateLayer("iaf_psc_alpha", dict.Dict{"positions": pos}, nil)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]int, len(pos))
		for i := range ids {
			ids[i] = first + i
		}
		p := map[string]any{"op": "exp_distribution", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "beta": 0.03}
		spec := dict.Dict{"rule": "pairwise_bernoulli", "p": p, "mask": map[string]any{"spherical": map[string]any{"radius": 0.05}}}
		if err := k.Connect(ids, ids, spec, nil); err != nil {
			b.Fatal(err)
		}
	}
}
