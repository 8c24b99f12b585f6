package comm

import "os"

// launcherVars are set in every process an MPI launcher starts: Open
// MPI's mpirun, PMIx (Open MPI 5, srun --mpi=pmix), PMI-1/2 (MPICH's
// Hydra, srun --mpi=pmi2).
var launcherVars = []string{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}

// UnderLauncher reports whether an MPI launcher started this process, and
// names the variable that says so.
func UnderLauncher() (string, bool) {
	for _, v := range launcherVars {
		if _, ok := os.LookupEnv(v); ok {
			return v, true
		}
	}
	return "", false
}

// libraryPaths are MPI libraries to try before the usual names.
var libraryPaths []string

// SetLibraryPaths names MPI libraries (full paths) that OpenMPI tries
// before the sonames of Open MPI and MPICH; files that do not exist are
// skipped.
func SetLibraryPaths(paths []string) {
	libraryPaths = libraryPaths[:0]
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			libraryPaths = append(libraryPaths, p)
		}
	}
}

// FromEnv returns MPI_COMM_WORLD when an MPI launcher started this process
// (also with one process: the launcher expects MPI_Init and MPI_Finalize)
// and Local otherwise, so that a script run without mpirun needs no MPI.
func FromEnv() (Comm, error) {
	v, ok := UnderLauncher()
	if !ok {
		return Local(), nil
	}
	c, err := OpenMPI()
	if err != nil {
		return nil, errf("this process was started by an MPI launcher (%s is set) but cannot join the MPI job: %s", v, trimMPI(err))
	}
	return c, nil
}

func trimMPI(err error) string {
	msg := err.Error()
	if len(msg) > 5 && msg[:5] == "MPI: " {
		return msg[5:]
	}
	return msg
}
