package pybind

import (
	"fmt"
	"os"
	"runtime/debug"
)

// createResult is the first id made by the last CreateStart; read it with
// CreateResult once SimulateWait reports the call done.
var createResult int

// startBackground runs fn on the kernel in a goroutine, as SimulateStart
// runs a simulation, so that Python waits in short slices (SimulateWait)
// and Ctrl-C can reach SimulateInterrupt. fn's error is reported by
// SimulateWait.
func startBackground(what string, fn func() error) error {
	run.Lock()
	if run.active {
		run.Unlock()
		return fmt.Errorf("KernelException: a simulation is running; wait for it to finish or interrupt it")
	}
	run.active = true
	run.err = nil
	run.done = make(chan struct{})
	done := run.done
	run.Unlock()
	mu.Lock()
	kern.ClearInterrupt()
	go func() {
		var err error
		defer func() {
			if r := recover(); r != nil {
				// The stack goes to stderr for a bug report; the message
				// stays readable.
				fmt.Fprintf(os.Stderr, "gonest: unexpected failure during %s: %v\n%s", what, r, debug.Stack())
				err = fmt.Errorf("InternalError: unexpected failure in the simulation core during %s (details on stderr)", what)
			}
			kern.ClearInterrupt()
			mu.Unlock()
			run.Lock()
			run.err = err
			run.active = false
			run.Unlock()
			close(done)
		}()
		err = fn()
	}()
	return nil
}

// CreateStart starts Create(model, n, paramsJSON) in the background; once
// SimulateWait reports it done, CreateResult gives the first id. An
// interrupt (SimulateInterrupt) stops it with an "Interrupted" error
// before any node is added.
func CreateStart(model string, n int, paramsJSON string) (err error) {
	defer guard(&err)
	params, err := decodeCreateParams(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return startBackground("Create", func() error {
		first, err := createChecked(model, n, params)
		createResult = first
		return err
	})
}

// CreateResult returns the first node id made by the last CreateStart.
func CreateResult() int { return createResult }

// ConnectStart starts Connect in the background (arguments as Connect);
// SimulateWait reports its end. An interrupt during the checking pass
// stops it with an "Interrupted" error before any connection is made.
func ConnectStart(preJSON, postJSON, connSpecJSON, synSpecJSON string) (err error) {
	defer guard(&err)
	pre, post, conn, syn, err := decodeConnectArgs(preJSON, postJSON, connSpecJSON, synSpecJSON)
	if err != nil {
		return wrap(err)
	}
	return startBackground("Connect", func() error {
		return wrap(kern.Connect(pre, post, conn, syn))
	})
}

// SimulateProgress returns, as "done total start", the steps done and to
// do of the running (or last) Simulate and the step it began at. It takes
// no lock, so Python can show progress while the simulation runs.
func SimulateProgress() (out string, err error) {
	defer guard(&err)
	done, total, start := kern.Progress()
	return fmt.Sprintf("%d %d %d", done, total, start), nil
}
