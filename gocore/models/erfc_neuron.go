package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("erfc_neuron", func() node.Node { return NewErfcNeuron() }) }

// ErfcNeuron is NEST's erfc_neuron: a binary neuron (see binaryNeuron for
// the update scheme and the signalling) that takes state 1 at an update
// with probability
//
//	g(h) = erfc(-(h - theta)/(sqrt(2)*sigma))/2,
//
// the probability that h plus Gaussian noise of deviation sigma exceeds
// theta (a uniform draw below g(h) switches it on).
//
// Parameters (status keys, defaults, units):
//
//	tau_m   10.0  ms  mean interval between updates
//	theta    0.0  mV  threshold
//	sigma    1.0  mV  width of the noise
//
// State: S (bool, starts false), h (mV, starts 0), spike archive.
// Receptors: 0 for binary signals and currents. Recordables: S, h.
type ErfcNeuron struct {
	binaryNeuron
}

type erfcGain struct{ theta, sigma float64 }

func (g *erfcGain) on(rng *rand.Rand, h float64) bool {
	return rng.Float64() < 0.5*math.Erfc(-(h-g.theta)/(math.Sqrt(2.)*g.sigma))
}

func (g *erfcGain) status(d dict.Dict) { d["theta"], d["sigma"] = g.theta, g.sigma }

func (g *erfcGain) clone() binaryGain { c := *g; return &c }

func (g *erfcGain) set(r *dict.Reader) (func(), error) {
	return readGainFloats(r, []string{"theta", "sigma"}, []*float64{&g.theta, &g.sigma})
}

// NewErfcNeuron returns a neuron with NEST's defaults.
func NewErfcNeuron() *ErfcNeuron {
	return &ErfcNeuron{newBinaryNeuron("erfc_neuron", &erfcGain{sigma: 1})}
}

// Clone implements node.Node.
func (n *ErfcNeuron) Clone() node.Node { return &ErfcNeuron{n.copyBinary()} }
