package kernel

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// CheckSimulate reports whether t ms is an acceptable simulation time:
// finite, not negative, on the step grid.
func (k *Kernel) CheckSimulate(t float64) error {
	switch {
	case math.IsNaN(t) || math.IsInf(t, 0):
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time must be finite (got %g ms).", t)
	case t < 0:
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time cannot be negative (got %g ms).", t)
	case t > k.tMaxMs():
		return nesterr.New(nesterr.ErrKernelException,
			"The requested simulation time exceeds the largest time NEST can handle (T_max = %g ms). Please use a shorter time!", k.tMaxMs())
	case !k.base.IsGrid(t):
		return nesterr.New(nesterr.ErrBadParameter, "The simulation time must be a multiple of the simulation resolution (got %g ms, resolution %g ms).", t, k.base.Resolution)
	case k.base.MsToSteps(t) > k.tMaxSteps()-(k.clock+int64(k.fromStep)):
		now := k.base.StepsToMs(k.clock + int64(k.fromStep))
		return nesterr.New(nesterr.ErrKernelException,
			"A clock overflow will occur after %g of %g ms. Please reset network clock first!", k.tMaxMs()-now, t)
	}
	return nil
}

// tMaxSteps is NEST's largest time, 2^60 tics, in whole steps.
func (k *Kernel) tMaxSteps() int64 { return (int64(1) << 60) / k.base.TicsPerStep }

// tMaxMs is NEST's T_max in ms.
func (k *Kernel) tMaxMs() float64 {
	return float64(k.tMaxSteps()*k.base.TicsPerStep) * k.base.MsPerTic
}

// SimulateCost estimates the work of Simulate(t) in node updates: per
// step, the nodes, a sixteenth of the connections for the spikes they
// carry, and 16 for the step itself (so that a long run of a tiny network
// does not count as cheap). A binding may run a cheap simulation in the
// calling thread rather than hand it to another one.
func (k *Kernel) SimulateCost(t float64) float64 {
	if !(t > 0) || math.IsInf(t, 0) {
		return 0
	}
	return t / k.base.Resolution * k.stepWork()
}

// stepWork is SimulateCost's estimate of one step.
func (k *Kernel) stepWork() float64 {
	return float64(len(k.nodes)) + float64(k.NumConnections())/16 + 16
}

// parallelSliceWork is the default of Kernel.parallelWork. Waking a
// goroutine per thread and waiting for all of them costs microseconds per
// phase; a slice below this much work (see sliceWork) is done sooner by
// one goroutine. Measured on two threads with the short_simulate network
// scaled down: 10 neurons (work 355) took 12 us per Simulate(1.0)
// sequentially and 19-50 us on workers, 30 neurons (work 705) 38-55 us
// and 29-30 us. The threads' phases write disjoint memory, so running them
// one after another gives the same result as running them at once.
const parallelSliceWork = 1 << 9

// sliceWork estimates the work of one min-delay slice.
func (k *Kernel) sliceWork() float64 { return float64(k.minDelay) * k.stepWork() }

// Interrupt asks a running Simulate to stop at the next slice boundary.
// It is safe to call from another goroutine. A request made while no
// simulation runs applies to the next one unless ClearInterrupt is called
// first; every Simulate clears it when it returns.
func (k *Kernel) Interrupt() { k.interrupt.Store(true) }

// ClearInterrupt withdraws an Interrupt request not yet acted on.
func (k *Kernel) ClearInterrupt() { k.interrupt.Store(false) }

// Simulate advances the network by t ms. It may be called repeatedly and
// continues where the previous call stopped. After Interrupt it returns
// early, at a slice boundary, with no error; the kernel stays usable.
func (k *Kernel) Simulate(t float64) (err error) {
	if err := k.CheckSimulate(t); err != nil {
		return err
	}
	if k.inconsistent {
		return errInconsistent
	}
	// A panic leaves nodes half-way through a step; like NEST, refuse to
	// go on until ResetKernel. A model that stops the run with a NEST
	// error (e.g. NumericalInstability from an ODE solver) panics with
	// that error, which is returned; any other panic goes on up.
	defer func() {
		if r := recover(); r != nil {
			k.inconsistent = true
			if e, ok := r.(error); ok && nesterr.CategoryOf(e) != nesterr.ErrInternal.Name() {
				err = e
				return
			}
			panic(r)
		}
	}()
	defer k.interrupt.Store(false)
	toDo := k.base.MsToSteps(t)
	k.progress.startStep.Store(k.clock + int64(k.fromStep))
	k.progress.done.Store(0)
	k.progress.total.Store(toDo)
	if toDo == 0 {
		return nil
	}
	simulateWatch := stopwatch(&k.timers.simulate, &k.timers.simulateCPU)
	defer simulateWatch.stop()
	if err := k.checkRecordingMemory(toDo); err != nil {
		return err
	}
	if err := k.openOutputs(); err != nil {
		return err
	}
	// Preparing starts with the call (the checks above are part of it),
	// which saves reading the clocks once more in every call.
	prepareWatch := simulateWatch.from(&k.timers.prepare, &k.timers.prepareCPU)
	err = k.prepare()
	prepareWatch.stop()
	if err != nil {
		return err
	}
	k.simulated = true
	isNeuron, precise := k.neuronMask()
	for _, t := range k.threads {
		t.nSpikes = 0
		t.ca, t.caNeuron, t.caPrecise, t.base = k.ca, isNeuron, precise, k.base
		t.replica = k.replica
	}
	if err := k.run(toDo); err != nil {
		return err
	}
	now := k.base.StepsToMs(k.clock + int64(k.fromStep))
	for i, neuron := range isNeuron {
		if neuron && k.isLocal(i) {
			k.ca[i].advance(now, k.base.Resolution)
		}
	}
	return k.flushOutputs()
}

// neuronMask tells by node index which nodes are neurons (they keep a
// calcium trace).
func (k *Kernel) neuronMask() (neuron, precise []bool) {
	if len(k.neuronOf) != len(k.nodes) {
		k.neuronOf = make([]bool, len(k.nodes))
		k.preciseOf = make([]bool, len(k.nodes))
		for i, n := range k.nodes {
			k.neuronOf[i] = n.ElementType() == node.Neuron
			og, ok := n.(node.OffGridNode)
			k.preciseOf[i] = ok && og.OffGrid()
		}
	}
	return k.neuronOf, k.preciseOf
}

// errInconsistent is returned after a simulation failed half-way.
var errInconsistent = nesterr.New(nesterr.ErrKernelException,
	"The simulation failed half-way and the kernel is in an inconsistent state; call ResetKernel.")

// openOutputs opens the files of recorders that write them; a failure
// (e.g. a file that exists while overwrite_files is off) stops Simulate
// before anything runs.
func (k *Kernel) openOutputs() error {
	for _, i := range k.roles().recorders {
		if err := k.nodes[i].(recorder).OpenOutput(); err != nil {
			return err
		}
	}
	return nil
}

// flushOutputs writes what recorders buffered; outside a Prepare ...
// Cleanup bracket it also closes their files, so that the next Simulate
// opens them anew, as NEST's Simulate (Prepare, Run, Cleanup) does.
func (k *Kernel) flushOutputs() error {
	var first error
	for _, i := range k.roles().recorders {
		r := k.nodes[i].(recorder)
		if err := r.FlushOutput(); err != nil && first == nil {
			first = err
		}
		if !k.prepared {
			r.CloseOutput()
		}
	}
	return first
}

// SetPrepared opens (true, NEST's Prepare) or closes (false, Cleanup) a
// bracket of Simulate calls between which recorders keep their files
// open; Cleanup closes them.
func (k *Kernel) SetPrepared(on bool) error {
	k.prepared = on
	if !on {
		return k.flushOutputs()
	}
	return nil
}

// prepare fixes the slice length and ring-buffer size from the delays and
// computes every node's internal variables.
func (k *Kernel) prepare() error {
	if err := k.checkThreadDevices(); err != nil {
		return err
	}
	for _, i := range k.roles().checkers {
		if err := k.nodes[i].(node.PrepareChecker).CheckPrepare(); err != nil {
			return err
		}
	}
	minD, maxD := k.delayExtrema()
	if k.NumProcesses() > 1 {
		// All processes must slice time alike: agree on the extrema.
		var err error
		if minD, maxD, err = k.agreeDelays(minD, maxD); err != nil {
			return err
		}
	}
	k.minDelay, k.maxDelay = int(minD), int(maxD)
	k.noteThreadLids()
	for _, t := range k.threads {
		if t.rng == nil {
			// One stream per virtual process (thread of a process),
			// derived from rng_seed: runs with the same seed, thread and
			// process count draw the same numbers, and no two virtual
			// processes draw the same ones.
			vp := uint64(t.id*k.NumProcesses() + k.Rank())
			t.pcg = rand.NewPCG(k.rngSeed, vp+1)
			t.rng = rand.New(t.pcg)
		}
		t.ctx = node.Context{RingLen: k.minDelay + k.maxDelay, Emit: t, Scratch: t.ctx.Scratch}
		if t.arena == nil {
			t.arena = node.NewArena()
		}
		env := &t.env
		k.fillEnv(env, t)
		env.Arena = t.arena
		for _, i := range t.nodes {
			env.Index = i
			k.nodes[i].Prepare(env)
		}
	}
	// The ring buffers grow with the delays and the number of nodes: check
	// before laying them out.
	if err := k.checkRingMemory(); err != nil {
		return err
	}
	for _, t := range k.threads {
		t.arena.Layout()
		t.buildFastInputs(k)
		t.buildPairs(k)
	}
	k.countTargets()
	k.countSpikeTargets()
	return k.prepareSecondary()
}

// countTargets tells every per-target current sender how many targets it
// has and records how they are numbered (see targetLayout).
func (k *Kernel) countTargets() {
	var last map[int32]*targetLayout
	if len(k.devSources) > 0 {
		last = k.devSources[0].layouts
	}
	layouts := senderLayouts(k, last, k.roles().currentSenders, node.PerTargetCurrentSender.SetTargetCount)
	for _, t := range k.devSources {
		t.layouts = layouts
	}
}

// senderLayouts numbers the static connections of senders (per-target
// senders of kind S) that this process's threads update, tells each its
// count with setCount, and returns their layouts by node index: nil when
// there are none, as in most networks. A layout of last (those of the previous
// run) that still holds is kept, so that preparing a network whose
// connections did not change allocates nothing per sender; layouts are
// never changed once made (emissions keep the one they were made with).
func senderLayouts[S any](k *Kernel, last map[int32]*targetLayout, senders []int, setCount func(S, int)) map[int32]*targetLayout {
	// First see whether last still holds: the same senders, the same
	// connections. The counts told meanwhile are the right ones either way.
	held, local := true, 0
	for _, i := range senders {
		if k.threadIdx[i] < 0 {
			continue // another process updates it
		}
		local++
		n := k.layoutHolds(last[int32(i)], i)
		if n < 0 {
			held = false
			break
		}
		setCount(k.nodes[i].(S), n)
	}
	if held && local == len(last) {
		return last
	}
	var layouts map[int32]*targetLayout
	for _, i := range senders {
		if k.threadIdx[i] < 0 {
			continue
		}
		if layouts == nil {
			layouts = map[int32]*targetLayout{}
		}
		l, n := k.layoutOf(i)
		layouts[int32(i)] = l
		setCount(k.nodes[i].(S), n)
	}
	return layouts
}

// layoutHolds returns the number of static connections of node i if l
// (nil: none) is the layout layoutOf would make now, else -1.
func (k *Kernel) layoutHolds(l *targetLayout, i int) int {
	if l == nil || len(l.offsets) != len(k.threads) {
		return -1
	}
	n := 0
	for ti, th := range k.threads {
		if len(l.offsets[ti]) != len(th.tables) {
			return -1
		}
		for syn := range th.tables {
			count := th.tables[syn].lenOf(i)
			if l.offsets[ti][syn] != n || l.counts[ti][syn] != count {
				return -1
			}
			n += count
		}
	}
	return n
}

// run is NEST's update loop: slices of min_delay steps; at the start of
// every slice but the first, what the previous slice emitted is delivered.
// Each phase runs on all threads at once; phases are separated by waits,
// so a thread never reads what another is still writing.
func (k *Kernel) run(toDo int64) error {
	md := k.minDelay
	p := startPool(k.threads, k.sliceWork() > k.parallelWork)
	defer p.stop()
	// What each thread delivers: every thread's emissions, then the spikes
	// received from other processes.
	sources := k.slots
	deliver := func(t *thread) { t.deliver(k, sources) }
	toDevices := func(t *thread) { t.deliverToDevices(k, k.devSources) }
	toStep := k.fromStep + int(min(toDo, int64(md-k.fromStep)))
	volume := k.hasVolumeTransmitters()
	// The slice being updated; the phases below read these variables, so
	// that they are made once per call and not once per slice.
	var (
		origin, prev int64
		from, to     int
	)
	update := func(t *thread) { t.update(k, origin, from, to) }
	secondary := func(t *thread) { t.deliverSecondary(k, prev, false) }
	for toDo > 0 {
		// A distributed run cannot stop on one process alone; there the
		// request is ignored.
		if k.fromStep == 0 && k.NumProcesses() == 1 && k.interrupt.Load() {
			break
		}
		cycleStart := time.Now()
		if k.slice > 0 && k.fromStep == 0 {
			if k.sec.active {
				// Secondary events first, as NEST delivers them.
				prev = k.clock - int64(md)
				p.run(k.threads, secondary)
			}
			p.run(k.threads, deliver)
			k.flushWeightEvents()
		}
		if k.spDue(k.clock + int64(k.fromStep)) {
			if err := k.spUpdate(k.base.StepsToMs(k.clock + int64(k.fromStep))); err != nil {
				return err
			}
		}
		origin, from, to = k.clock, k.fromStep, toStep
		if k.sec.wfr {
			k.relax(p, origin, from)
		}
		if k.sec.devSenders != nil {
			// After the iterations: NEST's devices send during the final
			// update, which the iterations do not see.
			k.updateDevices(p, origin, from, to)
		}
		p.run(k.threads, update)
		if volume {
			k.triggerVolumeTransmitters()
		}
		if k.hasDevConns {
			p.run(k.threads, toDevices)
			for _, t := range k.devSources {
				t.markDevicesDone()
			}
		}
		toDo -= int64(toStep - k.fromStep)
		k.progress.done.Add(int64(toStep - k.fromStep))
		if toStep == md {
			if err := k.exchange(); err != nil {
				return err
			}
			k.clock += int64(md)
			k.slice++
			k.fromStep = 0
		} else {
			k.fromStep = toStep
		}
		toStep = k.fromStep + int(min(toDo, int64(md-k.fromStep)))
		cycle := time.Since(cycleStart).Seconds()
		k.noteUpdateTime(cycle)
		if limit, _ := k.compat["update_time_limit"].(float64); cycle > limit {
			// As NEST: the run stops after the slow cycle, the kernel
			// stays consistent.
			return nesterr.New(nesterr.ErrKernelException, "Update time limit exceeded (a cycle took %g s, update_time_limit is %g s).", cycle, limit)
		}
	}
	return nil
}
