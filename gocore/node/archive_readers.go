package node

// Readers returns the number of plastic connections registered to read
// the history (NEST's n_incoming_); neurons that keep further histories
// for particular synapses (the Clopath neurons) write them only when there
// is some reader.
func (a *Archive) Readers() int { return a.incoming }
