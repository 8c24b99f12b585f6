package node

// Secondary events are NEST's non-spike events: once per min_delay slice
// a sender hands all its targets one array of coefficients (one value
// per step of the slice, or several per step for gap junctions), which
// each connection delivers scaled by its weight. They carry rates (rate
// neurons), membrane potentials (gap junctions) and, later, slow inward
// currents (astrocytes) and learning signals (e-prop). The kernel stores
// their connections as columns like any static connection, reads each
// sender's last coefficients at delivery and, when waveform relaxation is
// on, iterates the slice over the nodes that take part in it (WFRNode)
// before their final update.

// SecondaryKind is the kind of data a secondary event carries; a node
// sends and accepts kinds, and each secondary synapse model carries one.
type SecondaryKind uint8

// The secondary event kinds, named after NEST's events.
const (
	NoSecondary       SecondaryKind = iota
	GapJunction                     // GapJunctionEvent: V_m interpolation coefficients
	InstantRate                     // InstantaneousRateConnectionEvent: a rate per step
	DelayedRate                     // DelayedRateConnectionEvent: a rate per step, delivered after the delay
	DiffusionRate                   // DiffusionConnectionEvent: a rate per step, as drift and diffusion input
	SlowInwardCurrent               // SICEvent: an astrocyte's slow inward current per step, delivered after the delay
	LearningSignal                  // LearningSignalConnectionEvent: an e-prop readout's error signal per step (eprop_learning_signal.go)
)

// SecondarySender is implemented by nodes that send secondary events.
type SecondarySender interface {
	// SendsSecondary reports whether the node sends events of kind.
	SendsSecondary(kind SecondaryKind) bool
	// SecondaryCoefficients returns the coefficients of kind the node
	// sent last (in its last update or waveform-relaxation iteration);
	// the kernel reads them, it never keeps or changes the slice.
	SecondaryCoefficients(kind SecondaryKind) []float64
}

// SecondaryReceiver is implemented by nodes that accept secondary events.
type SecondaryReceiver interface {
	// CheckSecondaryReceptor validates a connection of kind on receptor
	// rport (UnknownReceptorType, IllegalConnection as NEST).
	CheckSecondaryReceptor(kind SecondaryKind, rport int) error
	// HandleSecondary adds the event of one connection to the node's
	// buffers.
	HandleSecondary(e *SecondaryEvent)
}

// SecondaryEvent is one sender's coefficients on their way to one target.
type SecondaryEvent struct {
	Kind   SecondaryKind
	Sender int     // node id of the sender
	Weight float64 // connection weight
	Rport  int
	// Delay is the connection delay in steps (DelayedRate and
	// SlowInwardCurrent only) and
	// Origin the first step of the slice in which the coefficients were
	// sent: value i belongs to step Origin+i, and a delayed one takes
	// effect in step Origin+i+Delay.
	Delay  int64
	Origin int64
	// Drift and Diffusion are the factors of a diffusion_connection.
	Drift, Diffusion float64
	Coeffs           []float64
}

// WFRNode is implemented by nodes that take part in waveform relaxation
// (NEST's wfr_update): before its final update of a slice such a node is
// updated over the slice again and again from the state it had at the
// slice's start, sending its coefficients each time, until no node's
// values change by more than wfr_tol.
type WFRNode interface {
	// WFRUpdate runs one iteration over the steps from..to of the slice at
	// origin, sends its coefficients and restores the state it started
	// from. It returns true when every value it computed is within
	// env.WFR.Tol of the previous iteration's.
	WFRUpdate(ctx *Context, origin int64, from, to int) bool
}

// WFRSettings are the kernel's waveform-relaxation settings a node is
// prepared for.
type WFRSettings struct {
	Use   bool    // use_wfr
	Tol   float64 // wfr_tol
	Order int     // wfr_interpolation_order: 0, 1 or 3
}
