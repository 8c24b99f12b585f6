package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// paramSource gives the value of a synapse parameter for the k-th
// connection of a Connect call: a constant, one value per connection from
// a list, or a draw from a distribution (nest.random.*).
type paramSource struct {
	key   string
	konst float64
	list  []float64
	dist  string
	a, b  float64 // distribution parameters
}

// newParamSource reads key from r (absent: def).
func newParamSource(r *dict.Reader, key string, def float64) (*paramSource, error) {
	v, ok := r.Raw(key)
	if !ok {
		return &paramSource{key: key, konst: def}, nil
	}
	switch x := v.(type) {
	case []any:
		ps := &paramSource{key: key, list: make([]float64, len(x))}
		for i, e := range x {
			f, err := dict.ToFloat(key, e)
			if err != nil {
				return nil, err
			}
			ps.list[i] = f
		}
		return ps, nil
	case map[string]any:
		return newDistribution(key, dict.Dict(x))
	case dict.Dict:
		return newDistribution(key, x)
	}
	f, err := dict.ToFloat(key, v)
	if err != nil {
		return nil, err
	}
	return &paramSource{key: key, konst: f}, nil
}

// newDistribution reads {"distribution": name, parameters...}, the form in
// which the Python layer sends nest.random objects.
func newDistribution(key string, d dict.Dict) (*paramSource, error) {
	r := dict.NewReader(d)
	ps := &paramSource{key: key}
	if _, err := r.String("distribution", &ps.dist); err != nil {
		return nil, err
	}
	read := func(name string, dst *float64, def float64) error {
		*dst = def
		_, err := r.Float(name, dst)
		return err
	}
	var err error
	switch ps.dist {
	case "uniform":
		if err = read("min", &ps.a, 0); err == nil {
			err = read("max", &ps.b, 1)
		}
		if err == nil && !(ps.a < ps.b) {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: uniform distribution needs min < max (min = %g, max = %g).", key, ps.a, ps.b)
		}
	case "uniform_int":
		if err = read("max", &ps.b, 1); err == nil && (ps.b < 1 || ps.b != math.Trunc(ps.b) || ps.b > 1<<62) {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: uniform_int needs a whole max in [1, 2^62], got %g.", key, ps.b)
		}
	case "normal", "lognormal":
		if err = read("mean", &ps.a, 0); err == nil {
			err = read("std", &ps.b, 1)
		}
		if err == nil && ps.b < 0 {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: std must not be negative, got %g.", key, ps.b)
		}
	case "exponential":
		if err = read("beta", &ps.a, 1); err == nil && ps.a <= 0 {
			err = nesterr.New(nesterr.ErrBadParameter, "%s: exponential distribution needs beta > 0, got %g.", key, ps.a)
		}
	default:
		err = nesterr.New(nesterr.ErrBadParameter, "%s: unknown distribution '%s' (uniform, uniform_int, normal, lognormal, exponential).", key, ps.dist)
	}
	if err != nil {
		return nil, err
	}
	if err := r.CheckAllUsed(key + " distribution " + ps.dist); err != nil {
		return nil, err
	}
	return ps, nil
}

// checkCount verifies that a list has one value per connection.
func (p *paramSource) checkCount(n int) error {
	if p.list != nil && len(p.list) != n {
		return nesterr.New(nesterr.ErrBadProperty, "'%s' has %d values but %d connections are made.", p.key, len(p.list), n)
	}
	return nil
}

// value returns the parameter of connection k, drawing from rng for
// distributions.
func (p *paramSource) value(k int, rng *rand.Rand) float64 {
	switch {
	case p.list != nil:
		return p.list[k]
	case p.dist == "":
		return p.konst
	}
	switch p.dist {
	case "uniform":
		return p.a + (p.b-p.a)*rng.Float64()
	case "uniform_int":
		return float64(rng.IntN(int(p.b)))
	case "normal":
		return p.a + p.b*rng.NormFloat64()
	case "lognormal":
		return math.Exp(p.a + p.b*rng.NormFloat64())
	case "exponential":
		return p.a * rng.ExpFloat64()
	}
	return math.NaN()
}

// random reports whether values are drawn.
func (p *paramSource) random() bool { return p.dist != "" }
