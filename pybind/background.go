package pybind

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/gonest/gonest/gocore/dict"
)

// createResult is the first id made by the last CreateStart; read it with
// CreateResult once SimulateWait reports the call done.
var createResult int

// inlineWork is the largest estimated work (see connectWork and
// Kernel.SimulateCost) that runs in the calling thread instead of a
// goroutine. Handing a call to another OS thread and back costs two
// wake-ups, which on a loaded machine take a millisecond or more each:
// far more than a small Connect or a Simulate of a few steps. A call this
// small ends within milliseconds, so a Ctrl-C during it waits no longer
// than that (Python raises KeyboardInterrupt once it returns, the call
// having completed).
const inlineWork = 1 << 16

// startSized runs fn on the kernel in a goroutine, as SimulateStart runs
// a simulation, so that Python waits in short slices (SimulateWait) and
// Ctrl-C can reach SimulateInterrupt; fn's error is reported by
// SimulateWait. When the call's estimated work is at most inlineWork, fn
// runs in the calling thread instead, before startSized returns, and
// SimulateWait then reports it done at once.
func startSized(what string, work float64, fn func() error) error {
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
	body := func() {
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
	}
	if work <= inlineWork {
		body()
	} else {
		go body()
	}
	return nil
}

// connectWork estimates the connections a Connect of pre onto post with
// conn makes or considers: the pairs it looks at, or the number its rule
// fixes. Unknown rules and random or spatial parameters count as all
// pairs.
func connectWork(pre, post []int, conn dict.Dict) float64 {
	pairs := float64(len(pre)) * float64(len(post))
	number := func(key string) (float64, bool) {
		switch v := conn[key].(type) {
		case int:
			return float64(v), true
		case int64:
			return float64(v), true
		case float64:
			return v, true
		}
		return 0, false
	}
	if _, spatial := conn["mask"]; spatial {
		return pairs
	}
	rule, _ := conn["rule"].(string)
	switch rule {
	case "one_to_one":
		return float64(max(len(pre), len(post)))
	case "fixed_indegree":
		if k, ok := number("indegree"); ok {
			return k * float64(len(post))
		}
	case "fixed_outdegree":
		if k, ok := number("outdegree"); ok {
			return k * float64(len(pre))
		}
	case "fixed_total_number":
		if n, ok := number("N"); ok {
			return n
		}
	}
	return pairs
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
	return startSized("Create", float64(n), func() error {
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
	return startSized("Connect", connectWork(pre, post, conn), func() error {
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
