// Package kernel owns a whole simulation: the time base, the nodes (ids
// from 1 in creation order), the connections, and the scheduler that
// advances the network in slices of the minimum delay, as NEST 3.10 does.
//
// A Kernel has no package-level state, so independent kernels (and tests)
// can run side by side.
//
// Scheduling, per slice [origin, origin+min_delay):
//  1. at the start of every slice but the first, spikes emitted during the
//     previous slice are delivered into their targets' input ring buffers
//     (slot = emission step + delay), and multimeters collect the samples
//     their targets logged during the previous slice;
//  2. every node is updated over the slice, in id order; currents are
//     delivered at once into ring-buffer slots (emission step + delay).
//
// A Simulate that ends inside a slice resumes there on the next call.
package kernel
