package kernel

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// panicNode fails in its update, standing in for a bug in a model.
type panicNode struct{}

func (panicNode) Model() string                           { return "panicker" }
func (panicNode) ElementType() node.ElementType           { return node.Neuron }
func (panicNode) Status() dict.Dict                       { return dict.Dict{} }
func (panicNode) SetStatus(*dict.Reader, *node.Env) error { return nil }
func (p panicNode) Clone() node.Node                      { return p }
func (panicNode) Prepare(*node.Env)                       {}
func (panicNode) Update(*node.Context, int64, int, int)   { panic("model bug") }

func TestPanicOnWorkerThreadReachesTheCaller(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := New(memory.NewGoAllocator())
		k.parallelWork = 0 // on worker goroutines even for this tiny network
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		k.prototypes["panicker"] = panicNode{}
		if _, err := k.Create("panicker", 4, nil); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				r := recover()
				if !strings.Contains(fmt.Sprint(r), "model bug") {
					t.Errorf("threads=%d: recovered %v, want the model's panic", threads, r)
				}
			}()
			_ = k.Simulate(1)
			t.Errorf("threads=%d: Simulate returned instead of panicking", threads)
		}()
		if err := k.Simulate(1); !errors.Is(err, nesterr.ErrKernelException) {
			t.Errorf("threads=%d: Simulate after a failed run: %v, want KernelException", threads, err)
		}
		k.Reset()
		if err := k.Simulate(1); err != nil {
			t.Errorf("threads=%d: Simulate after Reset: %v", threads, err)
		}
	}
}

// errorNode stops a run with a NEST error, as an ODE solver does.
type errorNode struct{ panicNode }

func (e errorNode) Clone() node.Node { return e }
func (errorNode) Update(*node.Context, int64, int, int) {
	panic(nesterr.New(nesterr.ErrNumericalInstability, "V_m diverged"))
}

func TestModelErrorStopsTheRunAsAnError(t *testing.T) {
	for _, threads := range []int{1, 2} {
		k := New(memory.NewGoAllocator())
		k.parallelWork = 0 // on worker goroutines even for this tiny network
		if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
			t.Fatal(err)
		}
		k.prototypes["failing"] = errorNode{}
		if _, err := k.Create("failing", 2, nil); err != nil {
			t.Fatal(err)
		}
		err := k.Simulate(1)
		if !errors.Is(err, nesterr.ErrNumericalInstability) || !strings.Contains(err.Error(), "V_m diverged") {
			t.Errorf("threads=%d: Simulate = %v, want the model's error", threads, err)
		}
		if err := k.Simulate(1); !errors.Is(err, nesterr.ErrKernelException) {
			t.Errorf("threads=%d: a later Simulate = %v, want KernelException (inconsistent state)", threads, err)
		}
	}
}
