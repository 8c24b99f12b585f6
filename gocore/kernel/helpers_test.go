package kernel

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// newKernel returns a fresh kernel whose recordings live in Go memory
// (nothing is exported to C in these tests).
func newKernel() *Kernel { return New(memory.NewGoAllocator()) }

// mustCreate creates n nodes of model and returns the first id.
func mustCreate(t testing.TB, k *Kernel, model string, n int, params ...dict.Dict) int {
	t.Helper()
	id, err := k.Create(model, n, params)
	if err != nil {
		t.Fatalf("Create(%s, %d, %v): %v", model, n, params, err)
	}
	return id
}

func mustConnect(t testing.TB, k *Kernel, pre, post []int, connSpec, synSpec dict.Dict) {
	t.Helper()
	if err := k.Connect(pre, post, connSpec, synSpec); err != nil {
		t.Fatalf("Connect(%v, %v, %v, %v): %v", pre, post, connSpec, synSpec, err)
	}
}

func mustSimulate(t testing.TB, k *Kernel, ms float64) {
	t.Helper()
	if err := k.Simulate(ms); err != nil {
		t.Fatalf("Simulate(%g): %v", ms, err)
	}
}

// wantCategory fails unless err belongs to category cat.
func wantCategory(t testing.TB, err error, cat *nesterr.Category) {
	t.Helper()
	if !errors.Is(err, cat) {
		t.Errorf("error = %v, want category %s", err, cat.Name())
	}
}

// kernelFloat reads a float entry of the kernel status.
func kernelFloat(t testing.TB, k *Kernel, key string) float64 {
	t.Helper()
	v, ok := k.Status()[key].(float64)
	if !ok {
		t.Fatalf("kernel status %s = %#v, not a float", key, k.Status()[key])
	}
	return v
}

// snapshot is everything a user can observe: the kernel status, every
// node's status and every recorder's row count.
type snapshot struct {
	kernel dict.Dict
	nodes  []dict.Dict
	rows   map[int]int
}

func takeSnapshot(t testing.TB, k *Kernel) snapshot {
	t.Helper()
	s := snapshot{kernel: k.Status(), rows: map[int]int{}}
	// The stopwatches run also for calls that fail (as NEST's).
	for key := range s.kernel {
		if strings.HasPrefix(key, "time_") {
			delete(s.kernel, key)
		}
	}
	for id := 1; id <= k.NumNodes(); id++ {
		st, err := k.NodeStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		s.nodes = append(s.nodes, st)
		if _, ok := k.nodes[id-1].(recorder); ok {
			tab, err := k.Recording(id)
			if err != nil {
				t.Fatal(err)
			}
			s.rows[id] = tab.Len()
		}
	}
	return s
}

func (s snapshot) diff(o snapshot) string {
	if !reflect.DeepEqual(s.kernel, o.kernel) {
		return "kernel status changed"
	}
	if len(s.nodes) != len(o.nodes) {
		return "number of nodes changed"
	}
	for i := range s.nodes {
		if !reflect.DeepEqual(s.nodes[i], o.nodes[i]) {
			return "status of node " + itoa(i+1) + " changed"
		}
	}
	if !reflect.DeepEqual(s.rows, o.rows) {
		return "recordings changed"
	}
	return ""
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// equalRecordings fails unless recorder id holds identical columns in a
// and b (same rows, same order, bit-identical values).
func equalRecordings(t testing.TB, a, b *Kernel, id int) {
	t.Helper()
	ta, err := a.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ta.Names(), tb.Names()) || ta.Len() != tb.Len() {
		t.Fatalf("recorder %d: columns %v with %d rows vs %v with %d rows", id, ta.Names(), ta.Len(), tb.Names(), tb.Len())
	}
	if ta.Len() == 0 {
		t.Fatalf("recorder %d recorded nothing; the comparison would prove nothing", id)
	}
	if x, y := ta.Int64s(0), tb.Int64s(0); !reflect.DeepEqual(x, y) {
		t.Fatalf("recorder %d: senders differ", id)
	}
	for col := 1; col < len(ta.Names()); col++ {
		x, y := ta.Float64s(col), tb.Float64s(col)
		for i := range x {
			if x[i] != y[i] {
				t.Fatalf("recorder %d column %s row %d: %.17g vs %.17g", id, ta.Names()[col], i, x[i], y[i])
			}
		}
	}
}

// gridTimes returns count times in ms starting at firstTenths/10 and
// spaced stepTenths/10, each computed as NEST reports it: its tics (100
// per tenth of a ms) times 0.001.
func gridTimes(firstTenths, stepTenths, count int) []float64 {
	out := make([]float64, count)
	for i := range out {
		out[i] = float64(100*(firstTenths+i*stepTenths)) * 0.001
	}
	return out
}

func errorsIs(err error, cat *nesterr.Category) bool { return errors.Is(err, cat) }
