package node

// SpikeOffset records a spike of a precise-spiking neuron: stamped
// stampMs (the end of its step) and lying offset ms before it. As NEST's
// set_spiketime with an offset, the history holds the stamp as NEST
// represents it minus the offset, not rounded to the tic grid.
func (a *Archive) SpikeOffset(stampMs, offset float64) {
	if offset == 0 {
		a.Spike(stampMs)
		return
	}
	t := a.nestTime(stampMs) - offset
	// Spike rounds to tics only while ticsPerMs is known; the time here is
	// already what NEST holds.
	tpm := a.ticsPerMs
	a.ticsPerMs = 0
	a.Spike(t)
	a.ticsPerMs = tpm
}
