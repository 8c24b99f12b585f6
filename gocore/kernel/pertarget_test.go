package kernel

import (
	"slices"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// countingSender sends target i the current i+1 in every step.
type countingSender struct {
	values []float64
}

func (*countingSender) Model() string                           { return "counting_sender" }
func (*countingSender) ElementType() node.ElementType           { return node.Stimulator }
func (*countingSender) Status() dict.Dict                       { return dict.Dict{} }
func (*countingSender) SetStatus(*dict.Reader, *node.Env) error { return nil }
func (*countingSender) Clone() node.Node                        { return &countingSender{} }
func (*countingSender) Prepare(*node.Env)                       {}
func (*countingSender) SendsCurrents() bool                     { return true }
func (c *countingSender) SetTargetCount(n int) {
	c.values = make([]float64, n)
	for i := range c.values {
		c.values[i] = float64(i + 1)
	}
}
func (c *countingSender) Update(ctx *node.Context, origin int64, from, to int) {
	for lag := from; lag < to; lag++ {
		ctx.Emit.SendCurrents(ctx.Index, origin+int64(lag), c.values)
	}
}

func TestPerTargetCurrentsReachEachTargetOnce(t *testing.T) {
	// Six targets on three threads, connected in two calls: every target
	// must receive a different one of the values 1..6. (A current sender
	// keeps the synapse model of its first connection, as in NEST.)
	k := New(memory.NewGoAllocator())
	if err := k.SetStatus(dict.Dict{"local_num_threads": 3.0}); err != nil {
		t.Fatal(err)
	}
	k.prototypes["counting_sender"] = &countingSender{}
	src, _ := k.Create("counting_sender", 1, nil)
	// Huge capacitance and threshold: V_m grows by I*h/C per step.
	nrn, _ := k.Create("iaf_psc_delta", 6, []dict.Dict{{"C_m": 1e6, "tau_m": 1e12, "V_th": 1e10, "E_L": 0.0, "V_m": 0.0, "V_reset": -1.0}})
	if err := k.CopyModel("static_synapse", "other", nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect([]int{src}, ids(nrn, nrn+2), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Connect([]int{src}, ids(nrn+3, nrn+5), nil, dict.Dict{"synapse_model": "other"}); err == nil {
		t.Fatal("a second synapse model for a current sender was accepted")
	}
	if err := k.Connect([]int{src}, ids(nrn+3, nrn+5), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Simulate(10); err != nil {
		t.Fatal(err)
	}
	var v []float64
	for id := nrn; id <= nrn+5; id++ {
		st, _ := k.NodeStatus(id)
		v = append(v, st["V_m"].(float64))
	}
	if slices.Contains(v, 0) {
		t.Fatalf("a target received no current: V_m %v", v)
	}
	// Identical integration: each V_m is proportional to its current.
	got := slices.Clone(v)
	slices.Sort(got)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Fatalf("two targets received the same current: V_m %v", v)
		}
	}
	// The smallest response belongs to value 1: all are integer multiples of it.
	for _, x := range v {
		m := x / got[0]
		if d := m - float64(int(m+0.5)); d > 1e-9 || d < -1e-9 || m < 0.5 || m > 6.5 {
			t.Fatalf("V_m %v are not 1..6 times the smallest", v)
		}
	}
}

func TestPerTargetCurrentsSurviveConnectingMidSlice(t *testing.T) {
	// A run that ends inside a slice leaves emitted currents pending; a
	// target connected before the next run must not disturb them.
	k := New(memory.NewGoAllocator())
	ng, _ := k.Create("noise_generator", 1, []dict.Dict{{"mean": 10.0, "std": 5.0}})
	nrn, _ := k.Create("iaf_psc_alpha", 3, nil)
	if err := k.Connect([]int{ng}, ids(nrn, nrn+1), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Simulate(0.5); err != nil { // min_delay is 1 ms: stops mid-slice
		t.Fatal(err)
	}
	if err := k.Connect([]int{ng}, []int{nrn + 2}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.Simulate(2); err != nil {
		t.Fatal(err)
	}
}
