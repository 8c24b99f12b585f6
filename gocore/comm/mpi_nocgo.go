//go:build !(cgo && (linux || darwin))

package comm

// Without cgo there is no MPI: a process started by an MPI launcher fails
// to join (see FromEnv).

const mpiAvailable = false

func mpiLoad() error {
	return errf("this build of gonest has no MPI support (built without cgo)")
}

func mpiInit() (bool, error)               { return false, mpiLoad() }
func mpiRankSize() (int, int, error)       { return 0, 1, mpiLoad() }
func mpiAlltoall(_, _ []byte, _ int) error { return mpiLoad() }
func mpiAllgather(_, _ []byte) error       { return mpiLoad() }
func mpiAllreduce(_ []int64, _ Op) error   { return mpiLoad() }
func mpiBarrier() error                    { return mpiLoad() }
func mpiAbort(int)                         {}
func mpiFinalize() error                   { return nil }
func mpiLibraryVersion() string            { return "" }
func mpiProcessorName() string             { return "" }
