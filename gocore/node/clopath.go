package node

// ClopathArchiving is implemented by the neurons that keep the histories
// NEST's clopath_synapse reads (NEST's ClopathArchivingNode): the
// facilitation entries written in every step where the membrane potential
// and its delayed low-pass filter exceed their thresholds, and the
// depression amounts of the last max_delay steps. Times are in ms as NEST
// holds them (tics times ms_per_tic).
type ClopathArchiving interface {
	// LTPHistory calls fn with the time and amount of each facilitation
	// entry t with t1 < t <= t2 (NEST's comparisons, to 1e-6 ms), oldest
	// first, and counts them as read once more.
	LTPHistory(t1, t2 float64, fn func(t, dw float64))
	// LTDValue returns the depression amount written at time t (within
	// NEST's stdp_eps), or 0.
	LTDValue(t float64) float64
}
