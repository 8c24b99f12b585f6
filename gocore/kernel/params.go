package kernel

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// paramSource gives the value of a synapse parameter for the k-th
// connection of a Connect call: a constant, one value per connection from
// a list, or the value of a parameter expression (nest.random.* and
// arithmetic on them) evaluated once per connection.
type paramSource struct {
	key   string
	konst float64
	list  []float64
	expr  *paramExpr   // nil: konst or list
	err   error        // the first redraw that found no value in its range
	at    *spatialPair // the pair being connected, for spatial expressions
}

// Parameter expressions.
//
// The Python layer sends a nest.random object as {"distribution": name,
// settings...} and an expression built from such objects as a tree:
//
//	{"op": "mul", "args": [{"const": -5.0}, {"distribution": "normal", "mean": 20.0, "std": 0.5}]}
//
// A node is one of
//
//	{"const": x}                                  the number x (a bare number in args also works)
//	{"distribution": name, settings...}           uniform (min, max), uniform_int (max),
//	                                              normal, lognormal (mean, std), exponential (beta)
//	{"op": name, "args": [...]}                   see exprOps for the names and their arity
//	{"op": "redraw", "args": [p], "min": lo, "max": hi}
//
// Evaluation order. A connection's value is computed by evaluating the
// tree depth first, arguments left to right, and every distribution leaf
// met on the way draws from the Connect call's parameter stream, so the
// draws of one connection come in that order. Two operations evaluate some
// arguments more than once or not at all: "redraw" evaluates its argument
// again (drawing all of its leaves again, in the same order) until the
// value lies in [min, max], at most maxRedraws times; "cond" evaluates its
// condition and then only the chosen branch. Comparisons give 1 for true
// and 0 for false; "cond" takes any non-zero condition as true.

// exprOp is the operation of a parameter expression node.
type exprOp uint8

const (
	opConst exprOp = iota
	// distribution leaves
	opUniform
	opUniformInt
	opNormal
	opLognormal
	opExponential
	// operations
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opNeg
	opExp
	opSin
	opCos
	opMin
	opMax
	opRedraw
	opLt
	opLe
	opEq
	opNe
	opGe
	opGt
	opCond
	// spatial operations (spatial_params.go)
	opDistance
	opPosition
	opGaussian
	opGaussian2D
	opGamma
	opExpDist
	opGabor
)

// exprOps maps the operation names of the wire form to their code and
// number of arguments.
var exprOps = map[string]struct {
	op    exprOp
	arity int
}{
	"add": {opAdd, 2}, "sub": {opSub, 2}, "mul": {opMul, 2}, "div": {opDiv, 2}, "pow": {opPow, 2},
	"neg": {opNeg, 1}, "exp": {opExp, 1}, "sin": {opSin, 1}, "cos": {opCos, 1},
	"min": {opMin, 2}, "max": {opMax, 2}, "redraw": {opRedraw, 1},
	"lt": {opLt, 2}, "le": {opLe, 2}, "eq": {opEq, 2}, "ne": {opNe, 2}, "ge": {opGe, 2}, "gt": {opGt, 2},
	"cond": {opCond, 3},
	// spatial, see spatial_params.go
	"distance": {opDistance, 0}, "position": {opPosition, 0},
	"gaussian": {opGaussian, 1}, "gaussian2d": {opGaussian2D, 2},
	"gamma": {opGamma, 1}, "exp_distribution": {opExpDist, 1}, "gabor": {opGabor, 2},
}

// maxRedraws is how often "redraw" evaluates its argument before giving up
// (NEST's limit).
const maxRedraws = 1000

// maxExprDepth bounds the nesting of an expression read from a user.
const maxExprDepth = 10000

// paramExpr is one node of a parameter expression.
type paramExpr struct {
	op   exprOp
	a, b float64 // constant (a); distribution settings; redraw bounds
	args []*paramExpr
	c    []float64 // further settings of spatial operations
}

// newParamSource reads key from r (absent: def).
func newParamSource(r *dict.Reader, key string, def float64) (*paramSource, error) {
	return new(paramSource).read(r, key, def)
}

// read is newParamSource into ps, which it returns (nil on error), so
// that a plan can hold its sources without an allocation each.
func (ps *paramSource) read(r *dict.Reader, key string, def float64) (*paramSource, error) {
	v, ok := r.Raw(key)
	if !ok {
		*ps = paramSource{key: key, konst: def}
		return ps, nil
	}
	switch x := v.(type) {
	case []any:
		*ps = paramSource{key: key, list: make([]float64, len(x))}
		for i, e := range x {
			f, err := dict.ToFloat(key, e)
			if err != nil {
				return nil, err
			}
			ps.list[i] = f
		}
		return ps, nil
	case []float64:
		// Per-connection values that crossed from Python as a column.
		*ps = paramSource{key: key, list: append([]float64(nil), x...)}
		return ps, nil
	case map[string]any, dict.Dict:
		e, err := readExpr(key, x, 0)
		if err != nil {
			return nil, err
		}
		if e.random() || e.spatial() {
			*ps = paramSource{key: key, expr: e}
			return ps, nil
		}
		// Nothing is drawn: the value is the same for every connection.
		f, err := e.eval(nil)
		if err != nil {
			return nil, nesterr.New(nesterr.ErrKernelException, "%s: %s", key, nesterr.Message(err))
		}
		*ps = paramSource{key: key, konst: f}
		return ps, nil
	}
	f, err := dict.ToFloat(key, v)
	if err != nil {
		return nil, err
	}
	*ps = paramSource{key: key, konst: f}
	return ps, nil
}

// readExpr reads and validates one node of a parameter expression (and
// its arguments); depth is its nesting level.
func readExpr(key string, v any, depth int) (*paramExpr, error) {
	if depth > maxExprDepth {
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: parameter expression nested deeper than %d levels.", key, maxExprDepth)
	}
	var d dict.Dict
	switch x := v.(type) {
	case map[string]any:
		d = dict.Dict(x)
	case dict.Dict:
		d = x
	default:
		f, err := dict.ToFloat(key, v)
		if err != nil {
			return nil, nesterr.New(nesterr.ErrBadParameter, "%s: a parameter expression argument must be a number or a dictionary, got %s.", key, dict.Describe(v))
		}
		return &paramExpr{op: opConst, a: f}, nil
	}
	r := dict.NewReader(d)
	switch {
	case r.Has("distribution"):
		return readDistribution(key, r)
	case r.Has("const"):
		e := &paramExpr{op: opConst}
		if _, err := r.Float("const", &e.a); err != nil {
			return nil, err
		}
		if err := r.CheckAllUsed(key + " constant"); err != nil {
			return nil, err
		}
		return e, nil
	case !r.Has("op"):
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: a parameter expression node needs 'op', 'const' or 'distribution', got the keys %v.", key, d.Keys())
	}
	var name string
	if _, err := r.String("op", &name); err != nil {
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: %s", key, nesterr.Message(err))
	}
	spec, ok := exprOps[name]
	if !ok {
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: unknown parameter operation '%s' (%s).", key, name, strings.Join(opNames(), ", "))
	}
	raw, _ := r.Raw("args")
	args, ok := raw.([]any)
	if !ok {
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: operation '%s' needs a list 'args', got %s.", key, name, dict.Describe(raw))
	}
	if len(args) != spec.arity {
		return nil, nesterr.New(nesterr.ErrBadParameter, "%s: operation '%s' takes %d argument(s), got %d.", key, name, spec.arity, len(args))
	}
	e := &paramExpr{op: spec.op, args: make([]*paramExpr, len(args))}
	for i, a := range args {
		sub, err := readExpr(key, a, depth+1)
		if err != nil {
			return nil, err
		}
		e.args[i] = sub
	}
	if spec.op == opRedraw {
		for _, b := range []struct {
			name string
			dst  *float64
		}{{"min", &e.a}, {"max", &e.b}} {
			found, err := r.Float(b.name, b.dst)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, nesterr.New(nesterr.ErrBadParameter, "%s: operation 'redraw' needs '%s'.", key, b.name)
			}
		}
		if math.IsNaN(e.a) || math.IsNaN(e.b) || e.a > e.b {
			return nil, nesterr.New(nesterr.ErrBadParameter, "%s: redraw needs min <= max (min = %g, max = %g).", key, e.a, e.b)
		}
	}
	if err := readSpatialSettings(key, name, r, e); err != nil {
		return nil, err
	}
	if err := r.CheckAllUsed(key + " operation " + name); err != nil {
		return nil, err
	}
	return e, nil
}

func opNames() []string {
	names := make([]string, 0, len(exprOps))
	for n := range exprOps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// readDistribution reads {"distribution": name, settings...}, the form in
// which the Python layer sends nest.random objects; the key "distribution"
// has been seen by r.
func readDistribution(key string, r *dict.Reader) (*paramExpr, error) {
	var name string
	if _, err := r.String("distribution", &name); err != nil {
		return nil, err
	}
	e := &paramExpr{}
	read := func(name string, dst *float64, def float64) error {
		*dst = def
		_, err := r.Float(name, dst)
		return err
	}
	var err error
	switch name {
	case "uniform":
		e.op = opUniform
		if err = read("min", &e.a, 0); err == nil {
			err = read("max", &e.b, 1)
		}
		if err == nil && !(e.a < e.b) {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: uniform distribution needs min < max (min = %g, max = %g).", key, e.a, e.b)
		}
	case "uniform_int":
		e.op = opUniformInt
		if err = read("max", &e.b, 1); err == nil && (e.b < 1 || e.b != math.Trunc(e.b) || e.b > 1<<62) {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: uniform_int needs a whole max in [1, 2^62], got %g.", key, e.b)
		}
	case "normal", "lognormal":
		e.op = opNormal
		if name == "lognormal" {
			e.op = opLognormal
		}
		if err = read("mean", &e.a, 0); err == nil {
			err = read("std", &e.b, 1)
		}
		if err == nil && e.b < 0 {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: std must not be negative, got %g.", key, e.b)
		}
	case "exponential":
		e.op = opExponential
		if err = read("beta", &e.a, 1); err == nil && e.a <= 0 {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: exponential distribution needs beta > 0, got %g.", key, e.a)
		}
	default:
		err = nesterr.New(nesterr.ErrBadParameter, "%s: unknown distribution '%s' (uniform, uniform_int, normal, lognormal, exponential).", key, name)
	}
	if err != nil {
		return nil, err
	}
	if err := r.CheckAllUsed(key + " distribution " + name); err != nil {
		return nil, err
	}
	return e, nil
}

// random reports whether evaluating e draws from the stream.
func (e *paramExpr) random() bool {
	if e.op >= opUniform && e.op <= opExponential {
		return true
	}
	for _, a := range e.args {
		if a.random() {
			return true
		}
	}
	return false
}

// eval computes the value of e, drawing its distribution leaves from rng
// depth first, left to right (rng may be nil if e is not random). The error
// reports a redraw that found no value in range; the value is then the
// last one drawn.
func (e *paramExpr) eval(rng *rand.Rand) (float64, error) { return e.evalAt(rng, nil) }

// evalAt is eval for the pair of nodes at (nil: no pair), which spatial
// operations read.
func (e *paramExpr) evalAt(rng *rand.Rand, at *spatialPair) (float64, error) {
	if e.op >= opDistance {
		return e.evalSpatial(rng, at)
	}
	switch e.op {
	case opConst:
		return e.a, nil
	case opUniform:
		return e.a + (e.b-e.a)*rng.Float64(), nil
	case opUniformInt:
		return float64(rng.IntN(int(e.b))), nil
	case opNormal:
		return e.a + e.b*rng.NormFloat64(), nil
	case opLognormal:
		return libm.Exp(e.a + e.b*rng.NormFloat64()), nil
	case opExponential:
		return e.a * rng.ExpFloat64(), nil
	case opRedraw:
		var x float64
		for range maxRedraws {
			var err error
			if x, err = e.args[0].evalAt(rng, at); err != nil {
				return x, err
			}
			// As in NEST, only a value outside the bounds is redrawn, so
			// NaN passes.
			if !(x < e.a || x > e.b) {
				return x, nil
			}
		}
		return x, nesterr.New(nesterr.ErrKernelException, "redraw found no value in [%g, %g] in %d draws.", e.a, e.b, maxRedraws)
	case opCond:
		c, err := e.args[0].evalAt(rng, at)
		if err != nil {
			return c, err
		}
		if c != 0 {
			return e.args[1].evalAt(rng, at)
		}
		return e.args[2].evalAt(rng, at)
	}
	x, err := e.args[0].evalAt(rng, at)
	if err != nil {
		return x, err
	}
	switch e.op {
	case opNeg:
		return -x, nil
	case opExp:
		return libm.Exp(x), nil
	case opSin:
		return math.Sin(x), nil
	case opCos:
		return math.Cos(x), nil
	}
	y, err := e.args[1].evalAt(rng, at)
	if err != nil {
		return y, err
	}
	switch e.op {
	case opAdd:
		return x + y, nil
	case opSub:
		return x - y, nil
	case opMul:
		return x * y, nil
	case opDiv:
		return x / y, nil
	case opPow:
		return math.Pow(x, y), nil
	case opMin:
		return math.Min(x, y), nil
	case opMax:
		return math.Max(x, y), nil
	case opLt:
		return b2f(x < y), nil
	case opLe:
		return b2f(x <= y), nil
	case opEq:
		return b2f(x == y), nil
	case opNe:
		return b2f(x != y), nil
	case opGe:
		return b2f(x >= y), nil
	case opGt:
		return b2f(x > y), nil
	}
	return math.NaN(), nesterr.New(nesterr.ErrInternal, "parameter expression with operation code %d", e.op)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// checkCount verifies that a list has one value per connection, and that
// every value computed so far was found (see value).
func (p *paramSource) checkCount(n int) error {
	if p.err != nil {
		return p.err
	}
	if p.list != nil && len(p.list) != n {
		return nesterr.New(nesterr.ErrBadProperty, "'%s' has %d values but %d connections are made.", p.key, len(p.list), n)
	}
	return nil
}

// value returns the parameter of connection k, drawing from rng for
// expressions. A redraw that finds no value in range is remembered and
// reported by checkCount.
func (p *paramSource) value(k int, rng *rand.Rand) float64 {
	switch {
	case p.list != nil:
		return p.list[k]
	case p.expr == nil:
		return p.konst
	}
	x, err := p.expr.evalAt(rng, p.at)
	if err != nil && p.err == nil {
		p.err = nesterr.New(nesterr.ErrKernelException, "%s: %s", p.key, nesterr.Message(err))
	}
	return x
}

// random reports whether values are drawn.
func (p *paramSource) random() bool { return p.expr != nil }
