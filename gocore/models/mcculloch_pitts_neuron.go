package models

import (
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("mcculloch_pitts_neuron", func() node.Node { return NewMccullochPittsNeuron() })
}

// MccullochPittsNeuron is NEST's mcculloch_pitts_neuron: a binary neuron
// (see binaryNeuron for the update scheme and the signalling) whose state
// after an update is 1 exactly when its total input exceeds theta.
//
// Parameters (status keys, defaults, units):
//
//	tau_m   10.0  ms  mean interval between updates
//	theta    0.0  mV  threshold
//
// State: S (bool, the output, starts false), h (mV, the summed input from
// other binary neurons, starts 0), spike archive (tau_minus,
// tau_minus_triplet, t_spike: the time of the last change of state).
// Receptors: 0 for binary signals (weights in mV) and currents (added to h
// at the updates only). Recordables: S, h.
type MccullochPittsNeuron struct {
	binaryNeuron
}

// mccullochPittsGain is the threshold rule.
type mccullochPittsGain struct{ theta float64 }

func (g *mccullochPittsGain) on(_ *rand.Rand, h float64) bool { return h > g.theta }
func (g *mccullochPittsGain) status(d dict.Dict)              { d["theta"] = g.theta }
func (g *mccullochPittsGain) clone() binaryGain               { c := *g; return &c }
func (g *mccullochPittsGain) set(r *dict.Reader) (func(), error) {
	return readGainFloats(r, []string{"theta"}, []*float64{&g.theta})
}

// NewMccullochPittsNeuron returns a neuron with NEST's defaults.
func NewMccullochPittsNeuron() *MccullochPittsNeuron {
	return &MccullochPittsNeuron{newBinaryNeuron("mcculloch_pitts_neuron", &mccullochPittsGain{})}
}

// Clone implements node.Node.
func (n *MccullochPittsNeuron) Clone() node.Node {
	return &MccullochPittsNeuron{n.copyBinary()}
}
