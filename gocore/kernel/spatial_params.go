package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/spatial"
)

// Spatial parameter expressions (nest.spatial, nest.spatial_distributions)
// in the wire form of params.go:
//
//	{"op": "distance", "args": [], "dimension": 0}            distance (0) or |displacement| along x, y, z (1-3)
//	{"op": "position", "args": [], "dimension": d, "synaptic_endpoint": 1|2}   source (1) or target (2) coordinate d
//	{"op": "gaussian", "args": [x], "mean": m, "std": s}      exp(-(x-m)^2 / (2 s^2))
//	{"op": "gaussian2d", "args": [x, y], "mean_x", "mean_y", "std_x", "std_y", "rho"}
//	{"op": "gamma", "args": [x], "kappa": k, "theta": t}      x^(k-1) exp(-x/t) / (t^k Gamma(k))
//	{"op": "exp_distribution", "args": [x], "beta": b}        exp(-x/b)
//	{"op": "gabor", "args": [x, y], "theta", "gamma", "std", "lam", "psi"}   rectified Gabor function
//
// They need the pair of nodes being connected (spatialPair); NEST computes
// distances with the layer of the rule (see spatialRule).

// spatialPair is the pair of positions a spatial expression reads.
type spatialPair struct {
	layer    *spatial.Layer
	src, tgt [3]float64
}

// spatial reports whether e reads positions.
func (e *paramExpr) spatial() bool {
	if e.op == opDistance || e.op == opPosition {
		return true
	}
	for _, a := range e.args {
		if a.spatial() {
			return true
		}
	}
	return false
}

// readSpatialSettings reads the settings of a spatial operation (nothing
// for the other operations).
func readSpatialSettings(key, name string, r *dict.Reader, e *paramExpr) error {
	get := func(k string, def float64) (float64, error) {
		x := def
		_, err := r.Float(k, &x)
		return x, err
	}
	var err error
	bad := func(format string, args ...any) error {
		return nesterr.New(nesterr.ErrBadProperty, "%s: "+format, append([]any{key}, args...)...)
	}
	switch e.op {
	case opDistance:
		if e.a, err = get("dimension", 0); err == nil && (e.a < 0 || e.a > 3 || e.a != math.Trunc(e.a)) {
			err = bad("the dimension of a distance must be 0 (all) or 1-3 (x-z), got %g.", e.a)
		}
	case opPosition:
		if e.a, err = get("dimension", 0); err != nil {
			return err
		}
		if e.b, err = get("synaptic_endpoint", 0); err == nil && (e.a < 0 || e.a > 2 || e.a != math.Trunc(e.a)) {
			err = bad("the dimension of a position must be 0, 1 or 2, got %g.", e.a)
		}
	case opGaussian:
		var mean, std float64
		if mean, err = get("mean", 0); err != nil {
			return err
		}
		if std, err = get("std", 1); err == nil && !(std > 0) {
			err = bad("std > 0 required for gaussian distribution parameter, got std=%g.", std)
		}
		e.a, e.b = mean, 1/(2*std*std)
	case opExpDist:
		var beta float64
		if beta, err = get("beta", 1); err == nil && !(beta > 0) {
			err = bad("beta > 0 required for exponential distribution parameter, got beta=%g.", beta)
		}
		e.a = 1 / beta
	case opGamma:
		var kappa, theta float64
		if kappa, err = get("kappa", 1); err != nil {
			return err
		}
		if theta, err = get("theta", 1); err != nil {
			return err
		}
		if !(kappa > 0) {
			return bad("kappa > 0 required for gamma distribution parameter, got kappa=%g.", kappa)
		}
		if !(theta > 0) {
			return bad("theta > 0 required for gamma distribution parameter, got theta=%g.", theta)
		}
		inv := 1 / theta
		e.a, e.b = kappa, inv
		e.c = []float64{libm.Pow(inv, kappa) / math.Gamma(kappa)}
	case opGabor:
		v := map[string]float64{}
		for _, k := range []struct {
			name string
			def  float64
		}{{"theta", 0}, {"gamma", 1}, {"std", 1}, {"lam", 1}, {"psi", 0}} {
			if v[k.name], err = get(k.name, k.def); err != nil {
				return err
			}
		}
		if !(v["std"] > 0) {
			return bad("std > 0 required for gabor function parameter, got std=%g.", v["std"])
		}
		if !(v["gamma"] > 0) {
			return bad("gamma > 0 required for gabor function parameter, got gamma=%g.", v["gamma"])
		}
		e.c = []float64{
			math.Cos(v["theta"] * math.Pi / 180.), math.Sin(v["theta"] * math.Pi / 180.),
			v["gamma"], 1.0 / (2 * v["std"] * v["std"]), v["lam"], v["psi"],
		}
	case opGaussian2D:
		v := map[string]float64{}
		for _, k := range []struct {
			name string
			def  float64
		}{{"mean_x", 0}, {"mean_y", 0}, {"std_x", 1}, {"std_y", 1}, {"rho", 0}} {
			if v[k.name], err = get(k.name, k.def); err != nil {
				return err
			}
		}
		rho, sx, sy := v["rho"], v["std_x"], v["std_y"]
		switch {
		case rho >= 1 || rho <= -1:
			return bad("-1 < rho < 1 required for gaussian2d distribution parameter, got rho=%g.", rho)
		case !(sx > 0):
			return bad("std_x > 0 required for gaussian2d distribution parameter, got std_x=%g.", sx)
		case !(sy > 0):
			return bad("std_y > 0 required for gaussian2d distribution parameter, got std_y=%g.", sy)
		}
		e.a, e.b = v["mean_x"], v["mean_y"]
		e.c = []float64{
			1. / (2. * (1. - rho*rho) * sx * sx),
			1. / (2. * (1. - rho*rho) * sy * sy),
			rho / ((1. - rho*rho) * sx * sy),
		}
	}
	return err
}

// errNoPair is the error of a spatial expression evaluated outside a
// spatial connection.
func errNoPair() error {
	return nesterr.New(nesterr.ErrLayerExpected, "a spatial parameter (nest.spatial.distance, source_pos, target_pos) needs spatially distributed nodes (Create(..., positions=...)).")
}

func (e *paramExpr) evalSpatial(rng *rand.Rand, at *spatialPair) (float64, error) {
	switch e.op {
	case opDistance:
		if at == nil {
			return math.NaN(), errNoPair()
		}
		l := at.layer
		if e.a == 0 {
			return l.Distance(at.src[:], at.tgt[:]), nil
		}
		d := int(e.a) - 1
		if d >= l.Dim {
			return math.NaN(), nesterr.New(nesterr.ErrKernelException, "Spatial distance dimension must be within the defined number of dimensions for the nodes.")
		}
		return math.Abs(l.DisplacementAlong(at.src[:], at.tgt[:], d)), nil
	case opPosition:
		if at == nil {
			return math.NaN(), errNoPair()
		}
		d := int(e.a)
		if d >= at.layer.Dim {
			return math.NaN(), nesterr.New(nesterr.ErrKernelException, "Node position dimension must be within the defined number of dimensions for the node.")
		}
		switch e.b {
		case 1:
			return at.src[d], nil
		case 2:
			return at.tgt[d], nil
		}
		return math.NaN(), nesterr.New(nesterr.ErrBadParameterValue, "Node position parameter cannot be used when connecting.")
	}
	x, err := e.args[0].evalAt(rng, at)
	if err != nil {
		return x, err
	}
	switch e.op {
	case opGaussian:
		dx := x - e.a
		return libm.Exp(-dx * dx * e.b), nil
	case opExpDist:
		return libm.Exp(-x * e.a), nil
	case opGamma:
		return libm.Pow(x, e.a-1.) * libm.Exp(-1.*e.b*x) * e.c[0], nil
	}
	y, err := e.args[1].evalAt(rng, at)
	if err != nil {
		return y, err
	}
	return e.spatial2(x, y), nil
}

// spatial2 is gabor or gaussian2d of x and y.
func (e *paramExpr) spatial2(x, y float64) float64 {
	if e.op == opGabor {
		c := e.c
		dxp := x*c[0] + y*c[1]
		dyp := -x*c[1] + y*c[0]
		g := libm.Exp(-c[2]*c[2]*dxp*dxp*c[3] - dyp*dyp*c[3])
		return g * math.Max(math.Cos(2*math.Pi*dyp/c[4]+c[5]*math.Pi/180.), 0.)
	}
	dx, dy := x-e.a, y-e.b
	return libm.Exp(-dx*dx*e.c[0] - dy*dy*e.c[1] + dx*dy*e.c[2])
}
