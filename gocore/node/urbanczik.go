package node

// UrbanczikArchiving is implemented by the neurons that keep the
// dendritic history NEST's urbanczik_synapse reads (NEST's
// UrbanczikArchivingNode): one entry per step, the weight-change density
// dPI of the Urbanczik-Senn rule, with times in ms as NEST holds them.
type UrbanczikArchiving interface {
	// UrbanczikHistory calls fn with each entry t, t1 < t <= t2 (NEST's
	// comparisons, to 1e-6 ms), oldest first, and counts it as read.
	UrbanczikHistory(t1, t2 float64, fn func(t, dPI float64))
	// UrbanczikDendrite returns the dendrite's g_L (nS), membrane time
	// constant C_m/g_L (ms), C_m (pF) and synaptic time constants (ms).
	UrbanczikDendrite() (gL, tauL, cM, tauSynEx, tauSynIn float64)
}
