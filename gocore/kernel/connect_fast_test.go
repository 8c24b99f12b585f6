package kernel

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestFastWalkIsTheGeneralWalk builds one network twice: once with a
// single synapse specification per Connect (fastWalk's path) and once
// with that specification collocated with a second one of weight 0 (a
// copy of static_synapse; two plans: the general walk). The rule's
// stream and the parameter stream are the same, so the connections of
// the first specification must be the same, in the same order, with the
// same values, and so must the spikes and, for the STDP models, the
// weights after a run (which depend on every connection having been
// registered with its target's history). The cases cover fixed_indegree and
// fixed_total_number, constant weights and delays and drawn ones
// (redraw of normal distributions, as compare.py's cortical network),
// the serial pass 2 and the one shared among threads
// (parallelConnections), a first Connect into empty tables (the static
// ones keep one weight), a second one into tables that already hold
// connections with another weight, a third from few sources (which
// sourceCounts would count in a map), and targets from two Create calls;
// each with the store's source sorting (bySource) as it is, and with it
// lowered to batches of 3,000 and to calls of 100 connections or more (so
// that it sorts the second and third calls' static connections too).
func TestFastWalkIsTheGeneralWalk(t *testing.T) {
	for _, sorting := range []struct{ batch, least int }{{bySourceBatch, bySourceMin}, {3000, 100}} {
		t.Run(fmt.Sprintf("sorted=%d/%d", sorting.batch, sorting.least), func(t *testing.T) {
			batch, least := bySourceBatch, bySourceMin
			bySourceBatch, bySourceMin = sorting.batch, sorting.least
			defer func() { bySourceBatch, bySourceMin = batch, least }()
			testFastWalkIsTheGeneralWalk(t)
		})
	}
}

func testFastWalkIsTheGeneralWalk(t *testing.T) {
	type connectCase struct {
		model, rule string
		drawn       bool
	}
	cases := []connectCase{
		{"static_synapse", "fixed_indegree", false},
		{"stdp_synapse", "fixed_indegree", false},
		{"stdp_pl_synapse_hom", "fixed_indegree", false}, // hpc_benchmark's, with a table of its own
		{"static_synapse", "fixed_indegree", true},
		{"static_synapse", "fixed_total_number", false},
		{"static_synapse", "fixed_total_number", true},
		{"stdp_synapse", "fixed_total_number", false},
	}
	for _, cc := range cases {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%s/drawn=%v/threads=%d", cc.model, cc.rule, cc.drawn, threads), func(t *testing.T) {
				build := func(collocated bool) (*Connections, []float64) {
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
					connect := func(pre []int, indegree int, weight float64) {
						spec := dict.Dict{"synapse_model": cc.model, "weight": weight, "delay": 1.5}
						if cc.drawn {
							lo, hi := 0.0, math.Inf(1)
							if weight < 0 {
								lo, hi = math.Inf(-1), 0
							}
							spec["weight"] = pRedraw(pNormal(weight, math.Abs(weight)/10), lo, hi)
							spec["delay"] = pRedraw(pNormal(1.5, 0.75), 0.1, math.Inf(1))
						}
						rule := dict.Dict{"rule": cc.rule, "indegree": float64(indegree)}
						if cc.rule == "fixed_total_number" {
							rule = dict.Dict{"rule": cc.rule, "N": float64(indegree * len(all))}
						}
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
					connect(ids(a+1900, a+1999), 2, 15.0) // few sources: counted densely all the same
					mustSimulate(t, k, 100)
					c, err := k.GetConnections(all, all, cc.model)
					if err != nil {
						t.Fatal(err)
					}
					tab, _ := k.Recording(rec)
					return c, tab.Float64s(tab.Index("times"))
				}
				fast, fastSpikes := build(false)
				gen, genSpikes := build(true)
				if fast.Len() != 94000 || gen.Len() != fast.Len() {
					t.Fatalf("%d connections by the fast path, %d by the general walk, want 94000", fast.Len(), gen.Len())
				}
				for i := range fast.Len() {
					if fast.Source[i] != gen.Source[i] || fast.Target[i] != gen.Target[i] ||
						fast.Weight[i] != gen.Weight[i] || fast.Delay[i] != gen.Delay[i] {
						t.Fatalf("connection %d: fast %d->%d w %g d %g, general %d->%d w %g d %g", i,
							fast.Source[i], fast.Target[i], fast.Weight[i], fast.Delay[i],
							gen.Source[i], gen.Target[i], gen.Weight[i], gen.Delay[i])
					}
				}
				if cc.drawn && fast.Delay[0] == fast.Delay[1] && fast.Delay[1] == fast.Delay[2] {
					t.Errorf("delays %v: not drawn", fast.Delay[:3])
				}
				if len(fastSpikes) == 0 || !slices.Equal(fastSpikes, genSpikes) {
					t.Errorf("%d spikes by the fast path, %d by the general walk (or they differ)", len(fastSpikes), len(genSpikes))
				}
			})
		}
	}
}

// TestFastWalkRefusesABadDrawnDelay checks that a delay drawn below the
// resolution in the fast loop of pass 1 is refused as the general walk
// refuses it, naming the value, and that nothing is connected.
func TestFastWalkRefusesABadDrawnDelay(t *testing.T) {
	k := newKernel()
	a := mustCreate(t, k, "iaf_psc_alpha", 100)
	all := ids(a, a+99)
	err := k.Connect(all, all, dict.Dict{"rule": "fixed_total_number", "N": 5000.0},
		dict.Dict{"weight": 1.0, "delay": pNormal(1.0, 0.5)})
	wantCategory(t, err, nesterr.ErrBadDelay)
	if err == nil || !strings.Contains(err.Error(), "delay = ") {
		t.Errorf("error %v does not name the delay", err)
	}
	if c, _ := k.GetConnections(nil, nil, ""); c.Len() != 0 {
		t.Errorf("%d connections made by a refused Connect", c.Len())
	}
}
