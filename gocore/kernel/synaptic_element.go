package kernel

import (
	"math"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Synaptic elements of structural plasticity, as NEST 3.10 keeps them on
// every neuron (its StructuralPlasticityNode layer).
//
// A neuron may grow any number of named elements (axonal boutons,
// dendritic spines, ...). Each holds a number z of elements, which grows or
// shrinks with the neuron's calcium trace Ca according to a growth curve,
// and z_connected, the number of them bound in a synapse. The structural
// plasticity update (structural.go) pairs vacant elements, floor(z) -
// z_connected, into new synapses and breaks synapses where z fell below
// z_connected.
//
// Parameters of an element (status dictionary of "synaptic_elements"):
//
//	growth_curve  "linear"  linear, gaussian or sigmoid
//	growth_rate   1.0       elements/ms, the curve's largest growth rate (nu)
//	tau_vacant    0.1       fraction of the vacant elements lost at every update
//	continuous    true      false: z counts whole elements for connectivity
//	z             0.0       number of elements
//	z_connected   0         elements bound in a synapse (read-only)
//	eps           0.7       Ca at which growth stops (all curves)
//	eta           0.1       gaussian: the other Ca at which growth stops
//	psi           0.1       sigmoid: width of the transition
//
// Between two events of the neuron (spikes, the updates of structural
// plasticity, the end of a Simulate call) the linear curve dz/dt = nu (1 -
// Ca/eps) is integrated exactly; the gaussian dz/dt = nu (2 exp(-((Ca -
// xi)/zeta)^2) - 1), xi = (eta+eps)/2, zeta = (eps-eta)/(2 sqrt(ln 2)), and
// the sigmoid dz/dt = nu (2/(1 + exp((Ca - eps)/psi)) - 1) by forward Euler
// steps of one resolution, with Ca decaying by Euler steps alongside, in
// the order and arithmetic NEST uses.

// growthCurveNames are the growth curves, in NEST's (name) order.
var growthCurveNames = []string{"gaussian", "linear", "sigmoid"}

// growthCurve is one curve with its parameters.
type growthCurve struct {
	kind          string // linear, gaussian or sigmoid
	eps, eta, psi float64
	// gaussian: the centre and 1/width, derived from eps and eta
	xi, invZeta float64
}

// sqrtLogTwo is sqrt(ln 2), the half width at half height of exp(-x^2).
var sqrtLogTwo = math.Sqrt(math.Ln2)

func newGrowthCurve(kind string) (growthCurve, error) {
	c := growthCurve{kind: kind, eps: 0.7}
	switch kind {
	case "linear":
	case "gaussian":
		c.eta = 0.1
		c.derive()
	case "sigmoid":
		c.psi = 0.1
	default:
		return c, nesterr.New(nesterr.ErrBadProperty, "Unknown growth curve '%s' (known: gaussian, linear, sigmoid).", kind)
	}
	return c, nil
}

func (c *growthCurve) derive() {
	c.invZeta = 2.0 * sqrtLogTwo / (c.eta - c.eps)
	c.xi = (c.eta + c.eps) * 0.5
}

// set reads the curve's parameters from r.
func (c *growthCurve) set(r *dict.Reader) error {
	if _, err := r.Float("eps", &c.eps); err != nil {
		return err
	}
	switch c.kind {
	case "gaussian":
		if _, err := r.Float("eta", &c.eta); err != nil {
			return err
		}
		c.derive()
	case "sigmoid":
		if _, err := r.Float("psi", &c.psi); err != nil {
			return err
		}
		if !(c.psi >= 0) {
			return nesterr.New(nesterr.ErrBadProperty, "psi parameter must be greater than 0 (got %g).", c.psi)
		}
	}
	return nil
}

func (c *growthCurve) put(d dict.Dict) {
	d["growth_curve"] = c.kind
	d["eps"] = c.eps
	switch c.kind {
	case "gaussian":
		d["eta"] = c.eta
	case "sigmoid":
		d["psi"] = c.psi
	}
}

// update returns z at time t (ms) from z at tMinus, when Ca was caMinus
// and decays with tauCa; h is the resolution (ms). The result is never
// negative.
func (c *growthCurve) update(t, tMinus, caMinus, z, tauCa, rate, h float64) float64 {
	switch c.kind {
	case "linear":
		ca := caMinus * libm.Exp((tMinus-t)/tauCa)
		z = float64(rate*tauCa)*(ca-caMinus)/c.eps + float64(rate*(t-tMinus)) + z
	case "gaussian":
		invTau := 1.0 / tauCa
		ca := caMinus
		end := t - float64(h*0.5)
		for lag := tMinus; lag < end; lag += h {
			ca -= float64(ca*invTau) * h
			x := (ca - c.xi) * c.invZeta
			z += float64(h*rate) * (2.0*libm.Exp(-float64(x*x)) - 1.0)
		}
	case "sigmoid":
		ca := caMinus
		end := t - h/2.0
		for lag := tMinus; lag < end; lag += h {
			ca -= float64(ca/tauCa) * h
			z += float64(h*rate) * (2.0/(1.0+libm.Exp((ca-c.eps)/c.psi)) - 1.0)
		}
	}
	return max(z, 0.0)
}

// synElement is one named synaptic element of a neuron.
type synElement struct {
	name       string
	z          float64
	zT         float64 // time (ms) z was last brought up to date
	zConnected int
	continuous bool
	growthRate float64 // elements/ms
	tauVacant  float64
	curve      growthCurve
}

func newSynElement(name string) synElement {
	c, _ := newGrowthCurve("linear")
	return synElement{name: name, continuous: true, growthRate: 1.0, tauVacant: 0.1, curve: c}
}

// set changes e by the entries of d, as NEST's SynapticElement::set.
func (e *synElement) set(d dict.Dict) error {
	r := dict.NewReader(d)
	tauVacant := e.tauVacant
	if _, err := r.Float("growth_rate", &e.growthRate); err != nil {
		return err
	}
	if _, err := r.Float("tau_vacant", &tauVacant); err != nil {
		return err
	}
	if _, err := r.Bool("continuous", &e.continuous); err != nil {
		return err
	}
	if _, err := r.Float("z", &e.z); err != nil {
		return err
	}
	var kind string
	if ok, err := r.String("growth_curve", &kind); err != nil {
		return err
	} else if ok && kind != e.curve.kind {
		c, err := newGrowthCurve(kind)
		if err != nil {
			return err
		}
		e.curve = c
	}
	if err := e.curve.set(r); err != nil {
		return err
	}
	if tauVacant <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (synaptic element %s: tau_vacant %g).", e.name, tauVacant)
	}
	e.tauVacant = tauVacant
	return nil
}

func (e *synElement) status() dict.Dict {
	d := dict.Dict{
		"growth_rate": e.growthRate, "tau_vacant": e.tauVacant, "continuous": e.continuous,
		"z": e.z, "z_connected": e.zConnected,
	}
	e.curve.put(d)
	return d
}

// vacant is the number of whole elements not bound in a synapse; negative
// when synapses must go.
func (e *synElement) vacant() int { return int(math.Floor(e.z)) - e.zConnected }

// count is z as connectivity sees it: whole elements unless continuous.
func (e *synElement) count() float64 {
	if e.continuous {
		return e.z
	}
	return math.Floor(e.z)
}

// connect binds n more elements (n < 0: releases them); z grows to hold
// the bound ones.
func (e *synElement) connect(n int) {
	e.zConnected += n
	if fl := math.Floor(e.z); float64(e.zConnected) > fl {
		e.z = float64(e.zConnected) + (e.z - fl)
	}
}

// decayVacant removes the fraction tau_vacant of the vacant elements.
func (e *synElement) decayVacant() {
	if v := e.vacant(); v > 0 {
		e.z -= float64(v) * e.tauVacant
	}
}

// synElements are a neuron's elements in name order.
type synElements []synElement

func (s synElements) find(name string) *synElement {
	i, ok := slices.BinarySearchFunc(s, name, func(e synElement, n string) int {
		switch {
		case e.name < n:
			return -1
		case e.name > n:
			return 1
		}
		return 0
	})
	if !ok {
		return nil
	}
	return &s[i]
}

func (s synElements) status() dict.Dict {
	d := dict.Dict{}
	for i := range s {
		d[s[i].name] = s[i].status()
	}
	return d
}

// asDict returns v as a dictionary if it is one.
func asDict(v any) (dict.Dict, bool) {
	switch m := v.(type) {
	case dict.Dict:
		return m, true
	case map[string]any:
		return dict.Dict(m), true
	}
	return nil, false
}

// withSynElements returns the elements of a neuron that had old after its
// status entries d: "synaptic_elements" replaces them all by new ones
// (made from NEST's defaults and the dictionary given, with nothing
// connected), "synaptic_elements_param" changes existing ones by name.
// changed reports whether d had either.
func withSynElements(old synElements, d dict.Dict) (next synElements, changed bool, err error) {
	next = old
	if v, ok := d["synaptic_elements_param"]; ok {
		m, isDict := asDict(v)
		if !isDict {
			return nil, false, nesterr.New(nesterr.ErrTypeMismatch, "synaptic_elements_param must be a dictionary, got %s.", dict.Describe(v))
		}
		next = slices.Clone(old)
		for i := range next {
			if sub, ok := m[next[i].name]; ok {
				sd, isDict := asDict(sub)
				if !isDict {
					return nil, false, nesterr.New(nesterr.ErrTypeMismatch, "synaptic_elements_param %s must be a dictionary, got %s.", next[i].name, dict.Describe(sub))
				}
				if err := next[i].set(sd); err != nil {
					return nil, false, err
				}
			}
		}
		changed = true
	}
	if v, ok := d["synaptic_elements"]; ok {
		m, isDict := asDict(v)
		if !isDict {
			return nil, false, nesterr.New(nesterr.ErrTypeMismatch, "synaptic_elements must be a dictionary, got %s.", dict.Describe(v))
		}
		next = make(synElements, 0, len(m))
		for _, name := range m.Keys() {
			sd, isDict := asDict(m[name])
			if !isDict {
				return nil, false, nesterr.New(nesterr.ErrTypeMismatch, "synaptic_elements %s must be a dictionary, got %s.", name, dict.Describe(m[name]))
			}
			e := newSynElement(name)
			if err := e.set(sd); err != nil {
				return nil, false, err
			}
			next = append(next, e)
		}
		changed = true
	}
	return next, changed, nil
}
