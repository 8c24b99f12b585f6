package kernel

// NEST numbers the nodes of each thread from 0 in id order when it
// prepares a simulation, connects, disconnects or lists connections
// (thread_local_id; -1 until then). A device that
// NEST replicates on every thread takes a number on each of them and
// reports its number on thread 0. Nodes on other processes are not
// counted. The numbers are computed on the first status read after a
// preparation, not by the preparation itself, so that Simulate allocates
// nothing per node.

// threadLids holds the numbers of the nodes that existed when they were
// last numbered.
type threadLids struct {
	prepared int     // nodes numbered
	lids     []int32 // by node index; nil until read
}

// noteThreadLids numbers the nodes that exist now (at the next read).
func (k *Kernel) noteThreadLids() {
	if k.lids.prepared != len(k.nodes) {
		k.lids = threadLids{prepared: len(k.nodes)}
	}
}

// threadLocalID is NEST's thread_local_id of node index i.
func (k *Kernel) threadLocalID(i int) int {
	if i >= k.lids.prepared || !k.isLocal(i) {
		return -1
	}
	if k.lids.lids == nil {
		n := k.lids.prepared
		lids := make([]int32, n)
		next := make([]int32, len(k.threads))
		for j := 0; j < n; j++ {
			if !k.isLocal(j) {
				lids[j] = -1
				continue
			}
			if k.replica[j] {
				lids[j] = next[0]
				for t := range next {
					next[t]++
				}
				continue
			}
			t := k.threadIdx[j]
			lids[j] = next[t]
			next[t]++
		}
		k.lids.lids = lids
	}
	return int(k.lids.lids[i])
}
