package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/spatial"
)

// pairFunc is a parameter expression compiled for one geometry: it
// computes what evalAt computes for a pair in that layer, with the same
// operations in the same order (so the same values to the bit and the
// same draws from the stream), without walking the expression tree.
type pairFunc func(at *spatialPair) float64

// compilePair compiles e for pairs evaluated in layer l, drawing from rng.
// It returns nil for expressions that can fail when evaluated (redraw,
// coordinates the layer does not have, positions outside a connection):
// those are left to evalAt, which reports the error.
func (e *paramExpr) compilePair(l *spatial.Layer, rng *rand.Rand) pairFunc {
	args := make([]pairFunc, len(e.args))
	for i, a := range e.args {
		if args[i] = a.compilePair(l, rng); args[i] == nil {
			return nil
		}
	}
	switch e.op {
	case opConst:
		c := e.a
		return func(*spatialPair) float64 { return c }
	case opUniform:
		lo, hi := e.a, e.b
		return func(*spatialPair) float64 { return lo + (hi-lo)*rng.Float64() }
	case opNormal:
		mu, sd := e.a, e.b
		return func(*spatialPair) float64 { return mu + sd*rng.NormFloat64() }
	case opLognormal:
		mu, sd := e.a, e.b
		return func(*spatialPair) float64 { return libm.Exp(mu + sd*rng.NormFloat64()) }
	case opExponential:
		beta := e.a
		return func(*spatialPair) float64 { return beta * rng.ExpFloat64() }
	case opDistance:
		return compileDistance(l, int(e.a))
	case opPosition:
		d := int(e.a)
		switch {
		case d >= l.Dim:
			return nil
		case e.b == 1:
			return func(at *spatialPair) float64 { return at.src[d] }
		case e.b == 2:
			return func(at *spatialPair) float64 { return at.tgt[d] }
		}
		return nil
	case opGaussian:
		x, mean, b := args[0], e.a, e.b
		return func(at *spatialPair) float64 {
			dx := x(at) - mean
			return libm.Exp(-dx * dx * b)
		}
	case opExpDist:
		x, inv := args[0], e.a
		return func(at *spatialPair) float64 { return libm.Exp(-x(at) * inv) }
	case opGamma:
		x, kappa, inv, norm := args[0], e.a, e.b, e.c[0]
		return func(at *spatialPair) float64 {
			v := x(at)
			return libm.Pow(v, kappa-1.) * libm.Exp(-1.*inv*v) * norm
		}
	case opGabor, opGaussian2D:
		// two arguments and the arithmetic of evalSpatial
		x, y := args[0], args[1]
		return func(at *spatialPair) float64 { return e.spatial2(x(at), y(at)) }
	case opNeg:
		x := args[0]
		return func(at *spatialPair) float64 { return -x(at) }
	case opExp:
		x := args[0]
		return func(at *spatialPair) float64 { return libm.Exp(x(at)) }
	case opSin:
		x := args[0]
		return func(at *spatialPair) float64 { return math.Sin(x(at)) }
	case opCos:
		x := args[0]
		return func(at *spatialPair) float64 { return math.Cos(x(at)) }
	case opCond:
		c, a, b := args[0], args[1], args[2]
		return func(at *spatialPair) float64 {
			if c(at) != 0 {
				return a(at)
			}
			return b(at)
		}
	}
	if len(args) != 2 {
		return nil
	}
	x, y := args[0], args[1]
	switch e.op {
	case opAdd:
		return func(at *spatialPair) float64 { u := x(at); return u + y(at) }
	case opSub:
		return func(at *spatialPair) float64 { u := x(at); return u - y(at) }
	case opMul:
		return func(at *spatialPair) float64 { u := x(at); return u * y(at) }
	case opDiv:
		return func(at *spatialPair) float64 { u := x(at); return u / y(at) }
	case opPow:
		return func(at *spatialPair) float64 { u := x(at); return math.Pow(u, y(at)) }
	case opMin:
		return func(at *spatialPair) float64 { u := x(at); return math.Min(u, y(at)) }
	case opMax:
		return func(at *spatialPair) float64 { u := x(at); return math.Max(u, y(at)) }
	case opLt:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u < y(at)) }
	case opLe:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u <= y(at)) }
	case opEq:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u == y(at)) }
	case opNe:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u != y(at)) }
	case opGe:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u >= y(at)) }
	case opGt:
		return func(at *spatialPair) float64 { u := x(at); return b2f(u > y(at)) }
	}
	return nil
}

// compileDistance is the distance (dim 0) or the absolute displacement
// along dimension dim-1 from source to target, as Layer.Distance and
// Layer.DisplacementAlong compute them.
func compileDistance(l *spatial.Layer, dim int) pairFunc {
	if dim > l.Dim {
		return nil
	}
	periodic := l.Periodic
	var ext, inv [3]float64
	for d := 0; d < l.Dim; d++ {
		ext[d], inv[d] = l.Extent[d], 1/l.Extent[d]
	}
	along := func(at *spatialPair, d int) float64 {
		x := at.tgt[d] - at.src[d]
		if periodic {
			x -= ext[d] * math.Round(x*inv[d])
		}
		return x
	}
	switch {
	case dim > 0:
		d := dim - 1
		return func(at *spatialPair) float64 { return math.Abs(along(at, d)) }
	case l.Dim == 2 && periodic:
		// written out: the closure above is not inlined
		return func(at *spatialPair) float64 {
			x, y := at.tgt[0]-at.src[0], at.tgt[1]-at.src[1]
			x -= ext[0] * math.Round(x*inv[0])
			y -= ext[1] * math.Round(y*inv[1])
			return math.Sqrt(0 + x*x + y*y)
		}
	case l.Dim == 2:
		return func(at *spatialPair) float64 {
			x, y := at.tgt[0]-at.src[0], at.tgt[1]-at.src[1]
			return math.Sqrt(0 + x*x + y*y)
		}
	}
	if !periodic {
		return func(at *spatialPair) float64 {
			x, y, z := at.tgt[0]-at.src[0], at.tgt[1]-at.src[1], at.tgt[2]-at.src[2]
			return math.Sqrt(0 + x*x + y*y + z*z)
		}
	}
	return func(at *spatialPair) float64 {
		x, y, z := along(at, 0), along(at, 1), along(at, 2)
		return math.Sqrt(0 + x*x + y*y + z*z)
	}
}
