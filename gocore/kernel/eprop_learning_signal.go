package kernel

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// checkLearningSignal is classifySecondary for the e-prop feedback
// connections (eprop_learning_signal_connection and its _bsshslm_2020
// twin), with NEST's messages: the source must send learning signals (an
// e-prop readout), the target accept them (an e-prop recurrent neuron).
func checkLearningSignal(src, tgt node.Node, rport int) error {
	if ss, ok := src.(node.SecondarySender); !ok || !ss.SendsSecondary(node.LearningSignal) {
		return nesterr.New(nesterr.ErrIllegalConnection, "%s", node.LearningSignalSourceRefused)
	}
	sr, ok := tgt.(node.SecondaryReceiver)
	if !ok {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n%s", node.LearningSignalTargetRefused)
	}
	return sr.CheckSecondaryReceptor(node.LearningSignal, rport)
}
