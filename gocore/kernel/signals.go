package kernel

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// NEST tags every node with the kinds of signal it sends and receives:
// spikes, binary transitions (binary neurons and their detectors) or
// both, and refuses a connection whose source sends nothing its target
// receives (e.g. from a binary neuron to an integrate-and-fire neuron, or
// from a dc_generator to a binary neuron). Models not named here send and
// receive spikes only.
const (
	signalSpike  = 1
	signalBinary = 2
	signalAll    = signalSpike | signalBinary
)

// signalsSent and signalsReceived list the models whose signal types
// differ from spikes; Model() of a node is its base model, so copies made
// with CopyModel are covered.
var (
	signalsSent = map[string]int{
		"mcculloch_pitts_neuron": signalBinary, "ginzburg_neuron": signalBinary, "erfc_neuron": signalBinary,
		"spike_generator": signalAll, "parrot_neuron": signalAll, "noise_generator": signalAll, "multimeter": signalAll,
	}
	signalsReceived = map[string]int{
		"mcculloch_pitts_neuron": signalBinary, "ginzburg_neuron": signalBinary, "erfc_neuron": signalBinary,
		"spin_detector": signalBinary, "correlospinmatrix_detector": signalBinary,
		"spike_recorder": signalAll, "weight_recorder": signalAll, "parrot_neuron": signalAll,
	}
)

func signalsOf(table map[string]int, model string) int {
	if s, ok := table[model]; ok {
		return s
	}
	return signalSpike
}

// checkSignals refuses a connection from src to tgt that NEST refuses for
// incompatible signal types.
func checkSignals(src, tgt node.Node) error {
	if signalsOf(signalsSent, src.Model())&signalsOf(signalsReceived, tgt.Model()) == 0 {
		return nesterr.New(nesterr.ErrIllegalConnection,
			"Source and target neuron are not compatible (e.g., spiking vs binary neuron): %s cannot connect to %s.", src.Model(), tgt.Model())
	}
	return nil
}
