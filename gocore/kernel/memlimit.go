package kernel

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Go cannot recover from running out of memory: the runtime aborts the
// process (and with it the Python interpreter). So every allocation whose
// size a user controls (nodes, threads, connections, ring buffers) is
// estimated first and checked against what the process can still get; a
// request that does not fit fails with MemoryError before anything
// changes.

// memCheckMinBytes: requests below this are not checked (reading the
// limits costs a few system calls; a few MiB always fit or nothing does).
const memCheckMinBytes = 8 << 20

// memHeadroom is the share of the available memory a single request may
// take: the garbage collector needs room beside the live data, and the
// estimates are estimates.
const memHeadroom = 0.8

// memBudget is what the process may still allocate and which limit says so.
type memBudget struct {
	avail float64 // bytes
	limit float64 // the total of the binding limit, bytes
	what  string
}

// procStatusBytes reads a "Name:  N kB" line of /proc/self/status.
func procStatusBytes(name string) (float64, bool) {
	return readKBField("/proc/self/status", name)
}

func readKBField(path, name string) (float64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+":") {
			continue
		}
		fields := strings.Fields(line[len(name)+1:])
		if len(fields) == 0 {
			return 0, false
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, false
		}
		if len(fields) > 1 && fields[1] == "kB" {
			v *= 1024
		}
		return v, true
	}
	return 0, false
}

func readNumberFile(path string) (float64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v >= 1<<62 {
		return 0, false
	}
	return v, true
}

// cgroupMemory returns the memory limit of the process's cgroup and its
// current use (cgroup v2, else v1).
func cgroupMemory() (limit, used float64, ok bool) {
	if limit, ok = readNumberFile("/sys/fs/cgroup/memory.max"); ok {
		used, _ = readNumberFile("/sys/fs/cgroup/memory.current")
		return limit, used, true
	}
	if limit, ok = readNumberFile("/sys/fs/cgroup/memory/memory.limit_in_bytes"); ok {
		used, _ = readNumberFile("/sys/fs/cgroup/memory/memory.usage_in_bytes")
		return limit, used, true
	}
	return 0, 0, false
}

// memoryBudget returns the tightest of: the address-space and data-segment
// limits of the process (RLIMIT_AS, RLIMIT_DATA), its cgroup's memory
// limit, the machine's available memory and swap, and the kernel property
// memory_limit.
func (k *Kernel) memoryBudget() memBudget {
	b := memBudget{avail: math.Inf(1), limit: math.Inf(1)}
	consider := func(limit, used float64, what string) {
		if avail := math.Max(0, limit-used); avail < b.avail {
			b.avail, b.limit, b.what = avail, limit, what
		}
	}
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &rl) == nil && rl.Cur != math.MaxUint64 && rl.Cur < 1<<62 {
		used, _ := procStatusBytes("VmSize")
		consider(float64(rl.Cur), used, "the process's address-space limit (RLIMIT_AS)")
	}
	if syscall.Getrlimit(syscall.RLIMIT_DATA, &rl) == nil && rl.Cur != math.MaxUint64 && rl.Cur < 1<<62 {
		used, _ := procStatusBytes("VmData")
		consider(float64(rl.Cur), used, "the process's data-segment limit (RLIMIT_DATA)")
	}
	if limit, used, ok := cgroupMemory(); ok {
		consider(limit, used, "the cgroup memory limit")
	}
	if avail, ok := readKBField("/proc/meminfo", "MemAvailable"); ok {
		swap, _ := readKBField("/proc/meminfo", "SwapFree")
		total, _ := readKBField("/proc/meminfo", "MemTotal")
		rss, _ := procStatusBytes("VmRSS")
		consider(avail+swap+rss, rss, "the machine's available memory")
		if total > 0 && b.limit > total+swap {
			b.limit = total + swap
		}
	}
	if k.memoryLimit > 0 {
		rss, _ := procStatusBytes("VmRSS")
		consider(float64(k.memoryLimit), rss, "the kernel property memory_limit")
	}
	return b
}

// worthChecking reports whether a request of bytes is large enough (or
// NaN) for checkMemory to look at the budget.
func worthChecking(bytes float64) bool { return bytes >= memCheckMinBytes || math.IsNaN(bytes) }

// checkMemory refuses a request for about bytes bytes (what describes it)
// that the process cannot satisfy. It also keeps the Go garbage collector
// within the binding limit, so that garbage does not crowd out live data.
func (k *Kernel) checkMemory(bytes float64, what string) error {
	if !worthChecking(bytes) {
		return nil
	}
	b := k.memoryBudget()
	if !math.IsInf(b.limit, 1) {
		soft := int64(math.Min(b.limit*0.9, math.MaxInt64/2))
		if soft > 0 {
			debug.SetMemoryLimit(soft)
		}
	}
	if math.IsNaN(bytes) || bytes > b.avail*memHeadroom {
		return nesterr.New(nesterr.ErrMemory, "%s needs about %s of memory, but only %s can be allocated (bound by %s).",
			what, formatBytes(bytes), formatBytes(b.avail), b.what)
	}
	return nil
}

// formatBytes writes n bytes with a binary unit.
func formatBytes(n float64) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return fmt.Sprint(n)
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	return fmt.Sprintf("%.1f %s", n, units[i])
}

// memNodeOverhead is what the kernel keeps per node besides the node
// itself: its entries in the per-node columns (model, receivers, thread,
// calcium trace, generic entries, flags) and in the per-source rows of the
// connection tables.
const memNodeOverhead = 320

// memThreadBytes is what one thread costs before it holds anything: its
// goroutine stack, random stream, arena and bookkeeping.
const memThreadBytes = 64 << 10

// nodeBytes estimates the memory of one copy of proto.
func nodeBytes(proto node.Node) float64 {
	v := reflect.ValueOf(proto)
	size := float64(memNodeOverhead)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		size += float64(v.Type().Elem().Size()) + approxContentBytes(v.Elem(), 4)
	}
	return size
}

// approxContentBytes estimates the memory v refers to beyond its own
// size: slice and map contents, strings, pointed-to values (to a small
// depth; shared or cyclic data are counted again, which errs on the safe
// side).
func approxContentBytes(v reflect.Value, depth int) float64 {
	if depth <= 0 {
		return 0
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return float64(v.Type().Elem().Size()) + approxContentBytes(v.Elem(), depth-1)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return float64(e.Type().Size()) + approxContentBytes(e, depth-1)
	case reflect.Struct:
		var s float64
		for i := range v.NumField() {
			s += approxContentBytes(v.Field(i), depth)
		}
		return s
	case reflect.Array:
		if v.Len() == 0 {
			return 0
		}
		return float64(v.Len()) * approxContentBytes(v.Index(0), depth)
	case reflect.Slice:
		if v.IsNil() {
			return 0
		}
		s := float64(v.Cap()) * float64(v.Type().Elem().Size())
		if v.Len() > 0 {
			s += float64(v.Len()) * approxContentBytes(v.Index(0), depth-1)
		}
		return s
	case reflect.String:
		return float64(v.Len())
	case reflect.Map:
		t := v.Type()
		return float64(v.Len()) * 2 * float64(t.Key().Size()+t.Elem().Size())
	}
	return 0
}

// checkCreateMemory checks that n copies of proto fit.
func (k *Kernel) checkCreateMemory(model string, proto node.Node, n int) error {
	return k.checkMemory(float64(n)*nodeBytes(proto), fmt.Sprintf("Creating %d nodes of model %s", n, model))
}

// checkThreadMemory checks that n threads fit, with their per-node and
// per-synapse-model rows.
func (k *Kernel) checkThreadMemory(n int64) error {
	perThread := float64(memThreadBytes) + float64(len(k.synModels))*float64(reflect.TypeOf(connTable{}).Size())
	return k.checkMemory(float64(n)*perThread, fmt.Sprintf("Setting local_num_threads to %d", n))
}

// ruleTotal estimates the connections rl makes (an upper estimate for the
// random rules whose number is random).
func ruleTotal(rl rule) float64 {
	switch r := rl.(type) {
	case allToAll:
		return float64(len(r.pre)) * float64(len(r.post))
	case oneToOne:
		return float64(len(r.pre))
	case fixedIndegree:
		return float64(r.n) * float64(len(r.post))
	case fixedOutdegree:
		return float64(r.n) * float64(len(r.pre))
	case fixedTotal:
		return float64(r.n)
	case pairwiseBernoulli:
		return binomialBound(float64(len(r.pre))*float64(len(r.post)), r.p)
	case pairwisePoisson:
		m := float64(len(r.pre)) * float64(len(r.post)) * r.mean
		return m + 6*math.Sqrt(m)
	case symmetricBernoulli:
		return 2 * binomialBound(float64(len(r.pre))*float64(len(r.post)), r.p)
	case tripartiteView:
		return r.total()
	}
	return 0
}

// binomialBound is a count a binomial(n, p) draw hardly ever exceeds.
func binomialBound(n, p float64) float64 {
	m := n * p
	return math.Min(n, m+6*math.Sqrt(m*(1-p)))
}

// connBytes is what one stored connection costs: a target index, and the
// weight and delay columns once connections differ (static synapses); the
// state of a plastic synapse.
func connBytes(plastic, varying bool) float64 {
	switch {
	case plastic:
		return 64
	case varying:
		return 16
	}
	return 8
}

// checkConnectMemory checks that the connections rl would make fit, before
// a single pair is walked.
func (k *Kernel) checkConnectMemory(rl rule, model string, plastic, varying bool) error {
	n := ruleTotal(rl)
	bytes := n * connBytes(plastic, varying)
	if bytes < memCheckMinBytes {
		return nil // what checkMemory would say, without the message
	}
	return k.checkMemory(bytes, fmt.Sprintf("Connecting about %.0f synapses of model %s", n, model))
}

// checkRingMemory checks that the ring buffers the arenas are about to lay
// out fit.
func (k *Kernel) checkRingMemory() error {
	var bytes float64
	for _, t := range k.threads {
		if t.arena != nil {
			bytes += t.arena.LayoutBytes()
		}
	}
	if !worthChecking(bytes) {
		return nil // before the message is made: prepare runs in every Simulate
	}
	return k.checkMemory(bytes, fmt.Sprintf("Laying out the input buffers of %d nodes over %d steps (min_delay + max_delay)",
		len(k.nodes), k.minDelay+k.maxDelay))
}

// maxThreads is the largest local_num_threads gonest takes: each thread is
// a goroutine with its own tables, and more threads than this cannot run
// at once on any machine (NEST's OpenMP build has similar limits).
const maxThreads = 1 << 16

// checkThreads refuses a thread count that cannot be had.
func (k *Kernel) checkThreads(n int64) error {
	if n > maxThreads {
		return nesterr.New(nesterr.ErrBadProperty, "local_num_threads must be at most %d, got %d.", maxThreads, n)
	}
	return k.checkThreadMemory(n)
}

// CheckMemory reports (as MemoryError) a request for about bytes bytes
// that the process cannot satisfy; what describes the request. The Python
// adapter uses it before decoding large arguments.
func (k *Kernel) CheckMemory(bytes float64, what string) error { return k.checkMemory(bytes, what) }

// checkRecordingMemory checks that what the multimeters and voltmeters
// will sample in the next toDo steps fits in memory: their sample count is
// known in advance (spike counts are not; the event columns grow in
// chunks, which the Go runtime can refuse only by aborting, so the
// multimeters are the ones to check).
func (k *Kernel) checkRecordingMemory(toDo int64) error {
	var bytes float64
	for _, t := range k.threads {
		for _, m := range t.meters {
			if m.RecordTo != "memory" {
				continue
			}
			every := k.base.MsToSteps(m.Interval)
			if every < 1 {
				every = 1
			}
			ids, _ := m.Targets()
			// a time and a sender column, and one per recorded quantity
			bytes += float64(toDo/every+1) * float64(len(ids)) * float64(len(m.RecordFrom)+2) * 8
		}
	}
	if !worthChecking(bytes) {
		return nil // before the message is made: this runs in every Simulate
	}
	return k.checkMemory(bytes, fmt.Sprintf("Recording %d steps of multimeter samples", toDo))
}

// listConnBytes is what GetConnections holds per listed connection: six
// columns, the state dictionary of a plastic synapse, and the slack of
// growing them.
const listConnBytes = 384

// checkListMemory checks that listing the selected connections fits. The
// bound from the total number of connections is cheap; only when it does
// not fit are the selected connections counted.
func (k *Kernel) checkListMemory(sources, targets []int, synapse string, label int64) error {
	if k.checkMemory(float64(k.NumConnections())*listConnBytes, "Listing the connections") == nil {
		return nil
	}
	n := 0
	if err := k.selectConnections(sources, targets, synapse, label, func(*connRef) { n++ }); err != nil {
		return err
	}
	return k.checkMemory(float64(n)*listConnBytes, fmt.Sprintf("Listing %d connections", n))
}
