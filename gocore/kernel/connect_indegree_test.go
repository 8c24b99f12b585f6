package kernel

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestIndegreeFastPathIsTheGeneralWalk builds one fixed_indegree network
// twice: once with a single synapse specification (indegreeWalk's fast
// path) and once with that specification collocated with a second one
// of weight 0 (a copy of static_synapse; two plans: the general walk). The rule's stream is the
// same, so the connections of the first specification must be the same,
// in the same order, with the same values, and so must the spikes and,
// for stdp_synapse, the weights after a run (which depend on every
// connection having been registered with its target's history). Sizes
// cover both the serial pass 2 and the one shared among threads
// (parallelConnections), a first Connect into empty tables (the static
// ones keep one weight), a second one into tables that already hold
// connections with another weight, and targets from two Create calls.
func TestIndegreeFastPathIsTheGeneralWalk(t *testing.T) {
	for _, model := range []string{"static_synapse", "stdp_synapse"} {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", model, threads), func(t *testing.T) {
				build := func(collocated bool) (*Connections, []float64, *Kernel) {
					k := newKernel()
					if err := k.SetStatus(dict.Dict{"local_num_threads": float64(threads)}); err != nil {
						t.Fatal(err)
					}
					for _, name := range []string{"zero_synapse", "drive_synapse"} {
						if err := k.CopyModel("static_synapse", name, nil); err != nil {
							t.Fatal(err)
						}
					}
					a := mustCreate(t, k, "iaf_psc_alpha", 1000)
					mustCreate(t, k, "iaf_psc_alpha", 1000)
					all := ids(a, a+1999)
					noise := mustCreate(t, k, "poisson_generator", 1, dict.Dict{"rate": 12000.0})
					rec := mustCreate(t, k, "spike_recorder", 1)
					mustConnect(t, k, []int{noise}, all, nil, dict.Dict{"synapse_model": "drive_synapse", "weight": 60.0})
					mustConnect(t, k, all, []int{rec}, nil, dict.Dict{"synapse_model": "drive_synapse"})
					connect := func(pre []int, indegree float64, weight float64) {
						spec := dict.Dict{"synapse_model": model, "weight": weight, "delay": 1.5}
						rule := dict.Dict{"rule": "fixed_indegree", "indegree": indegree}
						if !collocated {
							mustConnect(t, k, pre, all, rule, spec)
							return
						}
						zero := dict.Dict{"synapse_model": "zero_synapse", "weight": 0.0, "delay": 1.5}
						if err := k.ConnectCollocated(pre, all, rule, []dict.Dict{spec, zero}); err != nil {
							t.Fatal(err)
						}
					}
					connect(ids(a, a+1599), 40, 20.0) // 80,000 connections: pass 2 shared
					connect(ids(a+1600, a+1999), 5, -30.0)
					mustSimulate(t, k, 100)
					c, err := k.GetConnections(all, all, model)
					if err != nil {
						t.Fatal(err)
					}
					tab, _ := k.Recording(rec)
					times := tab.Float64s(tab.Index("times"))
					return c, slices.Clone(times), k
				}
				fast, fastSpikes, _ := build(false)
				gen, genSpikes, _ := build(true)
				if fast.Len() != 90000 || gen.Len() != fast.Len() {
					t.Fatalf("%d connections by the fast path, %d by the general walk, want 90000", fast.Len(), gen.Len())
				}
				for i := range fast.Len() {
					if fast.Source[i] != gen.Source[i] || fast.Target[i] != gen.Target[i] ||
						fast.Weight[i] != gen.Weight[i] || fast.Delay[i] != gen.Delay[i] {
						t.Fatalf("connection %d: fast %d->%d w %g d %g, general %d->%d w %g d %g", i,
							fast.Source[i], fast.Target[i], fast.Weight[i], fast.Delay[i],
							gen.Source[i], gen.Target[i], gen.Weight[i], gen.Delay[i])
					}
				}
				if len(fastSpikes) == 0 || !slices.Equal(fastSpikes, genSpikes) {
					t.Errorf("%d spikes by the fast path, %d by the general walk (or they differ)", len(fastSpikes), len(genSpikes))
				}
			})
		}
	}
}
