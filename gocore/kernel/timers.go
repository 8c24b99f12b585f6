package kernel

import (
	"math"
	"sync/atomic"
	"syscall"
	"time"
)

// kernelTimers are NEST's stopwatches, in seconds since the last reset:
// wall-clock time and CPU time of the process (NEST's *_cpu keys measure
// the calling thread; gonest's work runs on goroutines, so the process's
// CPU time is the honest figure).
type kernelTimers struct {
	simulate, simulateCPU float64 // Simulate calls: preparation and update loop
	create, createCPU     float64 // Create calls
	connect, connectCPU   float64 // Connect calls
	prepare, prepareCPU   float64 // NEST's communicate_prepare: laying out buffers before a run
	// update cycles (one min-delay slice: deliver, update, exchange)
	minUpdate, maxUpdate float64
	// connecting is set while a Connect is timed, so that the nested
	// calls of make_symmetric are not counted twice
	connecting bool
}

func newKernelTimers() kernelTimers {
	return kernelTimers{minUpdate: math.Inf(1), maxUpdate: math.Inf(-1)}
}

// processCPUSeconds is the CPU time (user and system) the process used.
func processCPUSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)*1e-6
}

// stopwatch starts timing; its stop adds the elapsed wall and CPU time to
// *wall and *cpu. It is a value, so timing a call allocates nothing.
func stopwatch(wall, cpu *float64) watch {
	return watch{wall: wall, cpu: cpu, t0: time.Now(), c0: processCPUSeconds()}
}

// watch is a running stopwatch.
type watch struct {
	wall, cpu *float64
	t0        time.Time
	c0        float64
	short     bool // count the wall time as CPU time (stopwatchShort)
}

// from returns a stopwatch for *wall and *cpu started when w was.
func (w watch) from(wall, cpu *float64) watch {
	w.wall, w.cpu = wall, cpu
	return w
}

func (w watch) stop() {
	elapsed := time.Since(w.t0).Seconds()
	*w.wall += elapsed
	if w.short {
		*w.cpu += elapsed
	} else {
		*w.cpu += processCPUSeconds() - w.c0
	}
}

// stopwatchShort is stopwatch for a call known to be short and to run on
// the calling goroutine alone (a small Connect): it counts the call's
// wall time as its CPU time too. Reading the process's CPU time takes a
// system call (1 to 2 µs here) at each end, as long as such a call may
// take in all.
func stopwatchShort(wall, cpu *float64) watch {
	return watch{wall: wall, cpu: cpu, t0: time.Now(), short: true}
}

// progress is what a running Simulate has done, for a progress display
// read from another goroutine (Progress).
type progress struct {
	done, total atomic.Int64 // steps of the current (or last) Simulate call
	startStep   atomic.Int64 // biological time in steps when it began
}

// Progress returns the steps done and to do of the current (or last)
// Simulate call and the step it began at. It is safe to call while
// Simulate runs.
func (k *Kernel) Progress() (done, total, start int64) {
	return k.progress.done.Load(), k.progress.total.Load(), k.progress.startStep.Load()
}

// noteUpdateTime records the wall time of one update cycle.
func (k *Kernel) noteUpdateTime(seconds float64) {
	k.timers.minUpdate = math.Min(k.timers.minUpdate, seconds)
	k.timers.maxUpdate = math.Max(k.timers.maxUpdate, seconds)
}

// perThread reports a time as NEST's per-thread timer arrays do: one entry
// per thread (gonest prepares all threads together, so they share it).
func (k *Kernel) perThread(seconds float64) []float64 {
	out := make([]float64, k.numThreads)
	for i := range out {
		out[i] = seconds
	}
	return out
}
