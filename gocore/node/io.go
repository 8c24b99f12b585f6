package node

// IOConfig is the kernel's file-output configuration, shared by the
// recorders that write files (record_to "ascii"). The kernel owns it and
// keeps NumNodes and NumVPs current.
type IOConfig struct {
	DataPath   string // data_path: directory of output files ("" = working directory)
	DataPrefix string // data_prefix: prepended to every file name
	Overwrite  bool   // overwrite_files
	NumNodes   int
	NumVPs     int // virtual processes of the simulation
	// Rank is this process's rank, NumProcs the number of processes:
	// recorders write one file per local VP (Rank, Rank+NumProcs, ...).
	Rank     int
	NumProcs int
}
