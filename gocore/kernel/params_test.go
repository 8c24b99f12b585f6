package kernel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Helpers building the wire form of parameter expressions.

func pConst(x float64) map[string]any { return map[string]any{"const": x} }

func pOp(name string, args ...any) map[string]any {
	return map[string]any{"op": name, "args": args}
}

func pNormal(mean, std float64) map[string]any {
	return map[string]any{"distribution": "normal", "mean": mean, "std": std}
}

func pUniform(lo, hi float64) map[string]any {
	return map[string]any{"distribution": "uniform", "min": lo, "max": hi}
}

func pRedraw(arg any, lo, hi float64) map[string]any {
	return map[string]any{"op": "redraw", "args": []any{arg}, "min": lo, "max": hi}
}

// readSource reads the weight of a syn_spec holding v.
func readSource(v any) (*paramSource, error) {
	return newParamSource(dict.NewReader(dict.Dict{"weight": v}), "weight", 1)
}

func mustSource(t *testing.T, v any) *paramSource {
	t.Helper()
	ps, err := readSource(v)
	if err != nil {
		t.Fatalf("newParamSource(%v): %v", v, err)
	}
	return ps
}

func TestExpressionOpsWithConstants(t *testing.T) {
	c := pConst
	for _, tc := range []struct {
		name string
		expr map[string]any
		want float64
	}{
		{"add", pOp("add", c(2), c(3.5)), 5.5},
		{"sub", pOp("sub", c(2), c(3.5)), -1.5},
		{"mul", pOp("mul", c(-5), c(20)), -100},
		{"div", pOp("div", c(1), c(4)), 0.25},
		{"div by zero", pOp("div", c(1), c(0)), math.Inf(1)},
		{"pow", pOp("pow", c(2), c(10)), 1024},
		{"pow fractional", pOp("pow", c(9), c(0.5)), 3},
		{"neg", pOp("neg", c(7)), -7},
		{"exp", pOp("exp", c(1)), math.E},
		{"sin", pOp("sin", c(math.Pi/2)), 1},
		{"cos", pOp("cos", c(0)), 1},
		{"min", pOp("min", c(3), c(-2)), -2},
		{"max", pOp("max", c(3), c(-2)), 3},
		{"lt true", pOp("lt", c(1), c(2)), 1},
		{"lt false", pOp("lt", c(2), c(2)), 0},
		{"le", pOp("le", c(2), c(2)), 1},
		{"eq", pOp("eq", c(2), c(2)), 1},
		{"ne", pOp("ne", c(2), c(2)), 0},
		{"ge", pOp("ge", c(1), c(2)), 0},
		{"gt", pOp("gt", c(3), c(2)), 1},
		{"cond true", pOp("cond", pOp("gt", c(3), c(2)), c(10), c(20)), 10},
		{"cond false", pOp("cond", c(0), c(10), c(20)), 20},
		{"redraw in range", pRedraw(c(1.5), 1, 2), 1.5},
		{"bare numbers", pOp("add", 1.0, "inf"), math.Inf(1)},
		{"nested", pOp("add", pOp("mul", c(2), c(3)), pOp("neg", pOp("div", c(1), c(2)))), 5.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := mustSource(t, tc.expr)
			if ps.random() {
				t.Fatal("an expression of constants counts as random")
			}
			if got := ps.value(0, nil); math.Abs(got-tc.want) > 1e-15*math.Max(1, math.Abs(tc.want)) && got != tc.want {
				t.Fatalf("value = %v, want %v", got, tc.want)
			}
		})
	}
}

// stats draws n values of ps and returns their mean and standard deviation.
func stats(ps *paramSource, n int, seed uint64) (mean, std float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	var s, s2 float64
	for k := range n {
		x := ps.value(k, rng)
		s += x
		s2 += x * x
	}
	mean = s / float64(n)
	return mean, math.Sqrt(s2/float64(n) - mean*mean)
}

// Distributions inside expressions. With n draws the sample mean has
// standard error std/sqrt(n) and the sample std about std/sqrt(2n) (for
// near-normal values); every check allows 5 of these sigmas, so a correct
// implementation fails with probability below 1e-6 per check (and the
// seeds are fixed anyway).
func TestExpressionDistributionStatistics(t *testing.T) {
	const n = 200000
	sqrt12 := math.Sqrt(12)
	for _, tc := range []struct {
		name      string
		expr      map[string]any
		mean, std float64
	}{
		{"-5 * normal(20, 0.5)", pOp("mul", pConst(-5), pNormal(20, 0.5)), -100, 2.5},
		{"uniform(0.5, 1.5) * 2 + 1", pOp("add", pOp("mul", pUniform(0.5, 1.5), pConst(2)), pConst(1)), 3, 2 / sqrt12},
		{"normal(1, 2) - normal(3, 1)", pOp("sub", pNormal(1, 2), pNormal(3, 1)), -2, math.Sqrt(5)},
		{"-normal(4, 1)", pOp("neg", pNormal(4, 1)), -4, 1},
		{"normal(0, 1) / 4", pOp("div", pNormal(0, 1), pConst(4)), 0, 0.25},
		// The product of two independent uniform(0, 1): mean 1/4, E[x^2] = 1/9.
		{"uniform * uniform", pOp("mul", pUniform(0, 1), pUniform(0, 1)), 0.25, math.Sqrt(1.0/9 - 1.0/16)},
		// exp(normal(0, 0.5)) is lognormal: mean exp(s^2/2), var (exp(s^2)-1) exp(s^2).
		{"exp(normal(0, 0.5))", pOp("exp", pNormal(0, 0.5)), math.Exp(0.125), math.Sqrt((math.Exp(0.25) - 1) * math.Exp(0.25))},
		// uniform(0, 1)^2: mean 1/3, E[x^4] = 1/5.
		{"uniform^2", pOp("pow", pUniform(0, 1), pConst(2)), 1.0 / 3, math.Sqrt(0.2 - 1.0/9)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := mustSource(t, tc.expr)
			if !ps.random() {
				t.Fatal("an expression with a distribution does not count as random")
			}
			mean, std := stats(ps, n, 1)
			if tol := 5 * tc.std / math.Sqrt(n); math.Abs(mean-tc.mean) > tol {
				t.Errorf("mean = %g, want %g ± %g", mean, tc.mean, tol)
			}
			// The std tolerance uses 2*sqrt(2n) to allow for non-normal tails.
			if tol := 5 * tc.std / math.Sqrt(n/4); math.Abs(std-tc.std) > tol {
				t.Errorf("std = %g, want %g ± %g", std, tc.std, tol)
			}
		})
	}
}

func TestRedrawMinMaxAndCond(t *testing.T) {
	const n = 100000
	// redraw(normal(0, 1), -1, 1): every value in range, mean 0, and the
	// std of a normal truncated to ±1: sqrt(1 - 2 phi(1) / (2 Phi(1) - 1)).
	phi1 := math.Exp(-0.5) / math.Sqrt(2*math.Pi)
	truncStd := math.Sqrt(1 - 2*phi1/math.Erf(1/math.Sqrt2))
	redraw := mustSource(t, pRedraw(pNormal(0, 1), -1, 1))
	rng := rand.New(rand.NewPCG(5, 6))
	var s, s2 float64
	for k := range n {
		x := redraw.value(k, rng)
		if x < -1 || x > 1 {
			t.Fatalf("redraw gave %g outside [-1, 1]", x)
		}
		s += x
		s2 += x * x
	}
	if err := redraw.checkCount(n); err != nil {
		t.Fatal(err)
	}
	mean := s / n
	std := math.Sqrt(s2/n - mean*mean)
	if tol := 5 * truncStd / math.Sqrt(n); math.Abs(mean) > tol {
		t.Errorf("redraw mean = %g, want 0 ± %g", mean, tol)
	}
	if tol := 5 * truncStd / math.Sqrt(n/4); math.Abs(std-truncStd) > tol {
		t.Errorf("redraw std = %g, want %g ± %g", std, truncStd, tol)
	}

	// min and max clip; cond picks per draw.
	clip := mustSource(t, pOp("max", pOp("min", pUniform(0, 1), pConst(0.5)), pConst(0.25)))
	cond := mustSource(t, pOp("cond", pOp("lt", pUniform(0, 1), pConst(0.3)), pConst(1), pConst(0)))
	var below, above, ones int
	for k := range n {
		x := clip.value(k, rng)
		if x < 0.25 || x > 0.5 {
			t.Fatalf("clipped value %g outside [0.25, 0.5]", x)
		}
		if x == 0.25 {
			below++
		}
		if x == 0.5 {
			above++
		}
		if c := cond.value(k, rng); c == 1 {
			ones++
		} else if c != 0 {
			t.Fatalf("cond gave %g", c)
		}
	}
	// Binomial counts: 5 sigmas of sqrt(n p (1-p)).
	for _, b := range []struct {
		name string
		got  int
		p    float64
	}{{"clipped below", below, 0.25}, {"clipped above", above, 0.5}, {"cond true", ones, 0.3}} {
		if tol := 5 * math.Sqrt(n*b.p*(1-b.p)); math.Abs(float64(b.got)-n*b.p) > tol {
			t.Errorf("%s: %d of %d, want %g ± %g", b.name, b.got, n, n*b.p, tol)
		}
	}
}

// The draws of one value come depth first, left to right, from one stream.
func TestExpressionDrawOrder(t *testing.T) {
	ps := mustSource(t, pOp("sub", pUniform(0, 1), pOp("mul", pConst(2), pNormal(0, 1))))
	a := rand.New(rand.NewPCG(11, 12))
	b := rand.New(rand.NewPCG(11, 12))
	for k := range 100 {
		u := b.Float64()
		z := b.NormFloat64()
		if got, want := ps.value(k, a), u-2*z; got != want {
			t.Fatalf("value %d = %v, want %v (uniform first, then normal)", k, got, want)
		}
	}
	// cond draws only from the branch it takes.
	cond := mustSource(t, pOp("cond", pConst(1), pUniform(0, 1), pNormal(0, 1)))
	if got, want := cond.value(0, a), b.Float64(); got != want {
		t.Fatalf("cond = %v, want %v (only the true branch drawn)", got, want)
	}
	// A plain distribution draws as before the expressions existed.
	plain := mustSource(t, pNormal(3, 2))
	if got, want := plain.value(0, a), 3+2*b.NormFloat64(); got != want {
		t.Fatalf("plain normal = %v, want %v", got, want)
	}
}

func TestRedrawGivesUp(t *testing.T) {
	ps := mustSource(t, pRedraw(pUniform(0, 1), 5, 6))
	rng := rand.New(rand.NewPCG(1, 2))
	ps.value(0, rng)
	err := ps.checkCount(1)
	wantCategory(t, err, nesterr.ErrKernelException)
	if err == nil || !strings.Contains(err.Error(), "1000") || !strings.Contains(err.Error(), "weight") {
		t.Fatalf("error = %v, want the redraw limit and the key", err)
	}
	// A constant out of range fails when read.
	_, err = readSource(pRedraw(pConst(0), 5, 6))
	wantCategory(t, err, nesterr.ErrKernelException)
}

func TestBadExpressionsRejected(t *testing.T) {
	for _, tc := range []struct {
		name string
		expr any
		cat  *nesterr.Category
		text string
	}{
		{"unknown op", pOp("frobnicate", pConst(1)), nesterr.ErrBadParameter, "frobnicate"},
		{"unknown nested op", pOp("add", pConst(1), pOp("tan", pConst(1))), nesterr.ErrBadParameter, "tan"},
		{"unknown distribution", pOp("neg", map[string]any{"distribution": "gamma"}), nesterr.ErrBadParameter, "gamma"},
		{"too few args", pOp("add", pConst(1)), nesterr.ErrBadParameter, "2 argument"},
		{"too many args", pOp("neg", pConst(1), pConst(2)), nesterr.ErrBadParameter, "1 argument"},
		{"cond arity", pOp("cond", pConst(1), pConst(2)), nesterr.ErrBadParameter, "3 argument"},
		{"args missing", map[string]any{"op": "add"}, nesterr.ErrBadParameter, "args"},
		{"args not a list", map[string]any{"op": "exp", "args": 1.0}, nesterr.ErrBadParameter, "args"},
		{"op not a string", map[string]any{"op": 3.0, "args": []any{}}, nesterr.ErrBadParameter, "op"},
		{"empty node", map[string]any{}, nesterr.ErrBadParameter, "op"},
		{"string argument", pOp("add", pConst(1), "one"), nesterr.ErrBadParameter, "one"},
		{"list argument", pOp("add", pConst(1), []any{1.0}), nesterr.ErrBadParameter, "list"},
		{"const not a number", map[string]any{"const": "x"}, nesterr.ErrTypeMismatch, "const"},
		{"redraw without bounds", pOp("redraw", pNormal(0, 1)), nesterr.ErrBadParameter, "min"},
		{"redraw min > max", pRedraw(pNormal(0, 1), 2, 1), nesterr.ErrBadParameter, "min <= max"},
		{"extra key", map[string]any{"op": "neg", "args": []any{pConst(1)}, "scale": 2.0}, nesterr.ErrUnaccessedDictionaryEntry, "scale"},
		{"bad distribution inside", pOp("mul", pConst(2), pUniform(1, 0)), nesterr.ErrBadParameter, "min < max"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readSource(tc.expr)
			wantCategory(t, err, tc.cat)
			if err != nil && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not mention %q", err, tc.text)
			}
		})
	}
}

// weight = -5 * normal(20, 0.5) through Connect: mean -100, std 2.5.
func TestConnectWithWeightExpression(t *testing.T) {
	k := newKernel()
	const n = 150
	first := mustCreate(t, k, "iaf_psc_alpha", n)
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	mustConnect(t, k, ids, ids, dict.Dict{"rule": "all_to_all"},
		dict.Dict{"weight": pOp("mul", pConst(-5), pNormal(20, 0.5)),
			"delay": pOp("add", pConst(1), pRedraw(pUniform(0, 2), 0.5, 1.5))})
	c, err := k.GetConnections(nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != n*n {
		t.Fatalf("%d connections, want %d", c.Len(), n*n)
	}
	var s, s2 float64
	for i, w := range c.Weight {
		s += w
		s2 += w * w
		if d := c.Delay[i]; d < 1.5-1e-9 || d > 2.5+1e-9 {
			t.Fatalf("delay %d = %g outside 1 + [0.5, 1.5]", i, d)
		}
	}
	m := float64(c.Len())
	mean := s / m
	std := math.Sqrt(s2/m - mean*mean)
	// 5 standard errors of the mean and of the std (std/sqrt(2m)).
	if tol := 5 * 2.5 / math.Sqrt(m); math.Abs(mean+100) > tol {
		t.Errorf("mean weight = %g, want -100 ± %g", mean, tol)
	}
	if tol := 5 * 2.5 / math.Sqrt(2*m); math.Abs(std-2.5) > tol {
		t.Errorf("weight std = %g, want 2.5 ± %g", std, tol)
	}

	// A bad tree is rejected before anything is connected.
	before := c.Len()
	err = k.Connect(ids, ids, dict.Dict{"rule": "all_to_all"}, dict.Dict{"weight": pOp("mul", pConst(2))})
	wantCategory(t, err, nesterr.ErrBadParameter)
	// So is a redraw that cannot succeed, found while checking.
	err = k.Connect(ids, ids, dict.Dict{"rule": "all_to_all"},
		dict.Dict{"weight": pRedraw(pUniform(0, 1), 3, 4)})
	wantCategory(t, err, nesterr.ErrKernelException)
	if c, _ := k.GetConnections(nil, nil, ""); c.Len() != before {
		t.Fatalf("rejected Connect calls changed the number of connections from %d to %d", before, c.Len())
	}
}
