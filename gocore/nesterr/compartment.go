package nesterr

// Categories raised by the compartmental model cm_default.
var (
	// ErrUnknownCompartment is NEST's UnknownCompartment: a compartment
	// index names no compartment of the tree (as a parent, as the target
	// of a receptor, or the root is missing or given twice).
	ErrUnknownCompartment = newCategory("UnknownCompartment")
	// ErrUnknownPort is NEST's UnknownPort: a connection names a receptor
	// port the target does not have.
	ErrUnknownPort = newCategory("UnknownPort")
)
