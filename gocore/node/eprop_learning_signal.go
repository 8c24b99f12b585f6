package node

// The learning signal of e-prop (NEST's LearningSignalConnectionEvent) is
// a secondary event of kind LearningSignal: once per slice an e-prop
// readout (eprop_readout, eprop_readout_bsshslm_2020) sends the error
// signal of each step of the slice, and every eprop_learning_signal_connection
// (or its _bsshslm_2020 twin) hands it, with the connection's weight, to an
// e-prop recurrent neuron, which adds weight*error to the learning signal
// of its history. Senders implement SecondarySender for LearningSignal,
// receivers SecondaryReceiver (receptor 0 only).

// LearningSignalStamp is the time stamp, in steps, NEST gives a secondary
// event the kernel delivers: the step after the start of the slice in
// which it was sent (e.Origin). NEST's e-prop neurons file every value of
// a learning-signal event under this one stamp.
func LearningSignalStamp(e *SecondaryEvent) int64 { return e.Origin + 1 }

// Messages of NEST's IllegalConnection for learning-signal connections.
const (
	LearningSignalSourceRefused = "Creation of connection is not possible."
	LearningSignalTargetRefused = "The target node cannot handle learning signal events or" +
		" synapse is not of type eprop_learning_signal_connection_bsshslm_2020."
)
