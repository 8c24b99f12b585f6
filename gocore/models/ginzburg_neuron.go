package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("ginzburg_neuron", func() node.Node { return NewGinzburgNeuron() }) }

// GinzburgNeuron is NEST's ginzburg_neuron: a binary neuron (see
// binaryNeuron for the update scheme and the signalling) that takes state
// 1 at an update with probability
//
//	g(h) = c_1*h + c_2*(1 + tanh(c_3*(h - theta)))/2
//
// (a uniform draw below g(h) switches it on), h being its total input.
//
// Parameters (status keys, defaults, units):
//
//	tau_m   10.0  ms    mean interval between updates
//	theta    0.0  mV    centre of the sigmoid
//	c_1      0.0  1/mV  linear gain
//	c_2      1.0  -     height of the sigmoid
//	c_3      1.0  1/mV  slope of the sigmoid
//
// State: S (bool, starts false), h (mV, starts 0), spike archive.
// Receptors: 0 for binary signals and currents. Recordables: S, h.
type GinzburgNeuron struct {
	binaryNeuron
}

type ginzburgGain struct{ theta, c1, c2, c3 float64 }

func (g *ginzburgGain) on(rng *rand.Rand, h float64) bool {
	return rng.Float64() < g.c1*h+g.c2*0.5*(1.0+math.Tanh(g.c3*(h-g.theta)))
}

func (g *ginzburgGain) status(d dict.Dict) {
	d["theta"], d["c_1"], d["c_2"], d["c_3"] = g.theta, g.c1, g.c2, g.c3
}

func (g *ginzburgGain) clone() binaryGain { c := *g; return &c }

func (g *ginzburgGain) set(r *dict.Reader) (func(), error) {
	return readGainFloats(r, []string{"theta", "c_1", "c_2", "c_3"}, []*float64{&g.theta, &g.c1, &g.c2, &g.c3})
}

// NewGinzburgNeuron returns a neuron with NEST's defaults.
func NewGinzburgNeuron() *GinzburgNeuron {
	return &GinzburgNeuron{newBinaryNeuron("ginzburg_neuron", &ginzburgGain{c2: 1, c3: 1})}
}

// Clone implements node.Node.
func (n *GinzburgNeuron) Clone() node.Node { return &GinzburgNeuron{n.copyBinary()} }
