package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonest/gonest/gocore/spatial"
)

// TestCompiledPairMatchesEval checks that compiled spatial expressions
// give evalAt's values to the bit and draw the same random numbers, in
// periodic and bounded layers of 2 and 3 dimensions, and that the
// expressions evalAt can fail on are left to it.
func TestCompiledPairMatchesEval(t *testing.T) {
	dist := func(dim float64) map[string]any {
		return map[string]any{"op": "distance", "args": []any{}, "dimension": dim}
	}
	pos := func(dim, end float64) map[string]any {
		return map[string]any{"op": "position", "args": []any{}, "dimension": dim, "synaptic_endpoint": end}
	}
	op := func(name string, args ...any) map[string]any { return map[string]any{"op": name, "args": args} }
	exprs := []any{
		map[string]any{"op": "gaussian", "args": []any{dist(0)}, "std": 0.05, "mean": 0.01},
		map[string]any{"op": "exp_distribution", "args": []any{dist(0)}, "beta": 0.03},
		map[string]any{"op": "gamma", "args": []any{dist(0)}, "kappa": 2.5, "theta": 0.1},
		map[string]any{"op": "gaussian2d", "args": []any{dist(1), dist(2)}, "std_x": 0.1, "std_y": 0.2, "rho": 0.3},
		map[string]any{"op": "gabor", "args": []any{pos(0, 1), pos(1, 2)}, "theta": 30.0, "lam": 0.3, "psi": 10.0},
		op("add", op("mul", 2.0, dist(2)), op("neg", pos(0, 2))),
		op("cond", op("lt", dist(0), 0.2), op("exp", op("sub", 0.0, dist(0))), op("max", 0.1, op("cos", dist(1)))),
		op("div", op("pow", dist(0), 0.5), op("min", op("sin", dist(1)), 3.0)),
		op("add", map[string]any{"distribution": "uniform", "min": 0.0, "max": 1.0}, dist(0)),
		op("mul", map[string]any{"distribution": "normal", "mean": 1.0, "std": 0.5}, op("ge", dist(1), 0.1)),
		map[string]any{"distribution": "lognormal", "mean": 0.0, "std": 0.5},
		map[string]any{"distribution": "exponential", "beta": 2.0},
	}
	for _, dim := range []int{2, 3} {
		for _, periodic := range []bool{false, true} {
			l := &spatial.Layer{Dim: dim, Periodic: periodic, LowerLeft: [3]float64{-0.5, -0.5, -0.5}, Extent: [3]float64{1, 1.5, 0.8}}
			for i, raw := range exprs {
				e, err := readExpr("p", raw, 0)
				if err != nil {
					t.Fatal(i, err)
				}
				r1 := rand.New(rand.NewPCG(1, uint64(i)))
				r2 := rand.New(rand.NewPCG(1, uint64(i)))
				f := e.compilePair(l, r2)
				if f == nil {
					t.Fatalf("expression %d was not compiled", i)
				}
				at := &spatialPair{layer: l}
				pr := rand.New(rand.NewPCG(5, 6))
				for range 500 {
					for d := range dim {
						at.src[d] = 2*pr.Float64() - 1
						at.tgt[d] = 2*pr.Float64() - 1
					}
					want, err := e.evalAt(r1, at)
					if err != nil {
						t.Fatal(err)
					}
					if got := f(at); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
						t.Fatalf("dim %d periodic %t expression %d: compiled %v, evalAt %v", dim, periodic, i, got, want)
					}
				}
			}
			// Coordinates the layer lacks are evalAt's to report.
			for _, raw := range []any{dist(float64(dim + 1)), pos(float64(dim), 1), pos(0, 0),
				map[string]any{"op": "redraw", "args": []any{dist(0)}, "min": 0.0, "max": 1.0}} {
				e, err := readExpr("p", raw, 0)
				if err != nil {
					continue // refused when read
				}
				if e.compilePair(l, nil) != nil {
					t.Errorf("dim %d: %v was compiled", dim, raw)
				}
			}
		}
	}
}
