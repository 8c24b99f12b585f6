// Package comm connects the processes of one distributed simulation, as
// NEST does with MPI.
//
// A simulation distributed over Size processes gives each process a Rank in
// 0..Size-1. Once per min-delay slice the kernel exchanges every process's
// spike buffer with Allgather. Local returns the communicator of a
// simulation that runs in a single process; Join connects the processes over
// TCP in a star around rank 0; FromEnv chooses between the two from the
// environment set by a launcher (mpirun, or the GONEST_* variables).
//
// Every failure is reported as an error of category
// nesterr.ErrKernelException (communication) or nesterr.ErrBadParameter
// (configuration) whose message names the rank and the address at fault.
// No call blocks for ever: a collective of rank 0 gives up after
// Config.Timeout (up to an eighth more), one of another rank after 1.5
// Timeout (up to an eighth more), so that rank 0, which sees which process
// failed, can tell the others first. A process that dies, hangs or calls a
// different sequence of collectives thus makes the collectives of all other
// processes fail. The timeout also bounds how long a rank waits for the
// slowest one, so it must exceed the largest difference in the time the
// processes take between two collectives. After a failure, every later
// collective returns the same error at once.
//
// A Comm is not safe for concurrent collectives: one goroutine (the
// kernel's) calls Allgather and Barrier. Close may be called from any
// goroutine, also while a collective blocks, which then fails.
package comm

import (
	"time"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Comm connects the processes of one simulation.
type Comm interface {
	// Rank returns the number of this process, 0..Size()-1.
	Rank() int
	// Size returns the number of processes of the simulation.
	Size() int
	// Allgather sends buf to every process and returns every process's
	// buffer, in rank order (own included). All processes must call it the
	// same number of times. The returned slices are valid until the next
	// call; the entry of the own rank may alias buf. The caller must not
	// modify buf while the call runs, and must not modify the returned
	// slices.
	Allgather(buf []byte) ([][]byte, error)
	// Barrier waits until all processes reached it.
	Barrier() error
	// Close shuts the connections down. Collectives called after Close
	// fail; a collective blocked in another goroutine fails promptly.
	// Closing a closed Comm returns nil.
	Close() error
}

// MaxBufferLen is the largest buffer, in bytes, that one process may pass to
// Allgather.
const MaxBufferLen = 1 << 31

// DefaultCoordinator is the address rank 0 listens on when neither
// Config.Coordinator nor GONEST_COORDINATOR name one.
const DefaultCoordinator = "127.0.0.1:47017"

// DefaultTimeout bounds connecting and each collective when neither
// Config.Timeout nor GONEST_TIMEOUT set a limit.
const DefaultTimeout = 60 * time.Second

// Config describes the place of one process in a simulation distributed
// over TCP.
type Config struct {
	// Rank is the number of this process, 0..Size-1.
	Rank int
	// Size is the number of processes.
	Size int
	// Coordinator is the host:port where rank 0 listens and the other
	// ranks connect. Rank 0 binds exactly this address; port 0 (with
	// Listen) picks a free port, see Coordinator.Addr. Empty means
	// DefaultCoordinator.
	Coordinator string
	// Timeout bounds connecting (Join, Coordinator.Accept) and each
	// collective. Zero means DefaultTimeout.
	Timeout time.Duration
}

// normalize fills in defaults and checks cfg.
func (cfg Config) normalize() (Config, error) {
	if cfg.Size < 1 {
		return cfg, nesterr.New(nesterr.ErrBadParameter,
			"comm: the number of processes must be at least 1, got Size = %d.", cfg.Size)
	}
	if cfg.Rank < 0 || cfg.Rank >= cfg.Size {
		return cfg, nesterr.New(nesterr.ErrBadParameter,
			"comm: Rank must lie in 0..%d for Size = %d, got Rank = %d.", cfg.Size-1, cfg.Size, cfg.Rank)
	}
	if cfg.Timeout < 0 {
		return cfg, nesterr.New(nesterr.ErrBadParameter,
			"comm: Timeout must not be negative, got %v.", cfg.Timeout)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Coordinator == "" {
		cfg.Coordinator = DefaultCoordinator
	}
	return cfg, nil
}

// Local returns the communicator of a simulation that runs in one process:
// Rank 0, Size 1, Allgather returns [][]byte{buf}, Barrier returns at once.
// Close has no effect; the communicator stays usable.
func Local() Comm { return &local{} }

type local struct{ res [1][]byte }

func (*local) Rank() int { return 0 }
func (*local) Size() int { return 1 }

func (l *local) Allgather(buf []byte) ([][]byte, error) {
	l.res[0] = buf
	return l.res[:], nil
}

func (*local) Barrier() error { return nil }
func (*local) Close() error   { return nil }
