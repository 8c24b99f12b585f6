package kernel

import (
	"fmt"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// spNetwork builds n neurons driven by constant currents (so that their
// spikes and Ca do not depend on the network when weight is 0), each
// with axonal and dendritic elements that grow while Ca is low and
// retract once it passes eps: structural updates every 10 ms create and
// delete synapses.
func spNetwork(t *testing.T, n int, weight, rate, eps, tauVacant float64) func(*Kernel) {
	return func(k *Kernel) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(k.SetStatus(dict.Dict{"resolution": 0.1, "structural_plasticity_update_interval": 10.0, "rng_seed": int64(7)}))
		must(k.CopyModel("static_synapse", "sp_syn", dict.Dict{"weight": weight, "delay": 1.0}))
		must(k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
			"sp_syn": dict.Dict{"synapse_model": "sp_syn", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
		}}))
		grow := func(rate, eps float64) dict.Dict {
			return dict.Dict{"growth_curve": "gaussian", "growth_rate": rate, "continuous": false, "eta": 0.0, "eps": eps, "tau_vacant": tauVacant}
		}
		first := mustCreate(t, k, "iaf_psc_alpha", n, dict.Dict{"synaptic_elements": dict.Dict{
			"Axon": grow(rate, eps), "Den": grow(0.75*rate, 1.5*eps)}})
		for i := range n {
			must(k.SetNodeStatus([]int{first + i}, []dict.Dict{{"I_e": 370.0 + 10*float64(i%9)}}))
		}
		must(k.EnableStructuralPlasticity())
	}
}

// spOutcome is what a structural run leaves, gathered over the processes:
// by node id its Ca and connected elements, the synapses by source and
// target.
type spOutcome struct {
	ca               map[int]float64
	axonConn, denCon map[int]int
	z                map[int][2]float64 // Axon, Den
	outDeg, inDeg    map[int]int
	pairs            map[[2]int]int // synapses by source and target
	synapses         int
}

func spCollect(t *testing.T, ks []*Kernel, n int) spOutcome {
	t.Helper()
	o := spOutcome{ca: map[int]float64{}, axonConn: map[int]int{}, denCon: map[int]int{}, z: map[int][2]float64{}, outDeg: map[int]int{}, inDeg: map[int]int{}, pairs: map[[2]int]int{}}
	for _, k := range ks {
		syn := k.synIndex["sp_syn"]
		for i := range n {
			for _, tgt := range k.spTargets(i, syn) {
				o.pairs[[2]int{i + 1, tgt + 1}]++
				o.outDeg[i+1]++
				o.inDeg[tgt+1]++
				o.synapses++
			}
			if !k.isLocal(i) {
				continue
			}
			st, err := k.NodeStatus(i + 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, dup := o.ca[i+1]; dup {
				t.Fatalf("node %d is local on two processes", i+1)
			}
			o.ca[i+1] = st["Ca"].(float64)
			elems := st["synaptic_elements"].(dict.Dict)
			o.axonConn[i+1] = elems["Axon"].(dict.Dict)["z_connected"].(int)
			o.denCon[i+1] = elems["Den"].(dict.Dict)["z_connected"].(int)
			o.z[i+1] = [2]float64{elems["Axon"].(dict.Dict)["z"].(float64), elems["Den"].(dict.Dict)["z"].(float64)}
		}
	}
	if len(o.ca) != n {
		t.Fatalf("%d of %d nodes are local somewhere", len(o.ca), n)
	}
	return o
}

// TestStructuralPlasticityAcrossProcesses runs the same structural run
// in 1, 2 and 3 in-process "processes". Every process must take the same
// decisions, else the bound elements would not match the synapses. Which
// pairs connect depends on the number of processes (the gathered lists
// are in rank order, as in NEST). When the elements only grow and vacant
// ones do not decay (tau_vacant 1e-300, below z's rounding), and the synapses have weight 0 (so Ca does not
// depend on the network), every node's Ca and elements and the number of
// synapses are the same for every number of processes, bit for bit.
func TestStructuralPlasticityAcrossProcesses(t *testing.T) {
	const n = 24
	for _, tc := range []struct {
		weight, rate, eps, tauVacant float64
		same                         bool
	}{{0, 10, 0.5, 1e-300, true}, {30, 0.2, 0.012, 0.1, false}} {
		var ref spOutcome
		for _, procs := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("weight=%g/np=%d", tc.weight, procs), func(t *testing.T) {
				ks := runDistributed(t, procs, spNetwork(t, n, tc.weight, tc.rate, tc.eps, tc.tauVacant), 300)
				o := spCollect(t, ks, n)
				if o.synapses == 0 {
					t.Fatal("no synapses grew")
				}
				for id := 1; id <= n; id++ {
					// Every synapse binds one element on each side, on
					// the processes of its source and of its target.
					if o.axonConn[id] != o.outDeg[id] || o.denCon[id] != o.inDeg[id] {
						t.Errorf("node %d: %d axonal and %d dendritic elements bound, %d outgoing and %d incoming synapses",
							id, o.axonConn[id], o.denCon[id], o.outDeg[id], o.inDeg[id])
					}
				}
				t.Logf("%d synapses", o.synapses)
				if procs == 1 {
					ref = o
					return
				}
				if !tc.same {
					return
				}
				if o.synapses != ref.synapses {
					t.Errorf("%d synapses, %d in one process", o.synapses, ref.synapses)
				}
				for id := 1; id <= n; id++ {
					if o.ca[id] != ref.ca[id] || o.z[id] != ref.z[id] {
						t.Errorf("node %d: Ca %v, z %v; one process: %v, %v", id, o.ca[id], o.z[id], ref.ca[id], ref.z[id])
					}
				}
			})
		}
	}
}

// TestRemoteNodeStatus: a neuron of another process shows only what
// NEST's proxies show; its parameters and state are its process's.
func TestRemoteNodeStatus(t *testing.T) {
	ks := runDistributed(t, 2, func(k *Kernel) { mustCreate(t, k, "iaf_psc_alpha", 4, nil) }, 1)
	for r, k := range ks {
		for id := 1; id <= 4; id++ {
			st, err := k.NodeStatus(id)
			if err != nil {
				t.Fatal(err)
			}
			local := id%2 == r
			if _, has := st["V_m"]; has != local || st["local"] != local || st["vp"] != id%2 || st["model"] != "iaf_psc_alpha" {
				t.Errorf("rank %d, node %d: %v", r, id, st)
			}
			if !local && len(st) != 6 {
				t.Errorf("rank %d, node %d of the other process: %d entries %v, want 6", r, id, len(st), st)
			}
		}
		out := make([]float64, 4)
		if ok, err := k.NodeFloatColumn([]int{1, 2, 3, 4}, "V_m", out); ok || err != nil {
			t.Errorf("rank %d: V_m read as a column over other processes' nodes (%v)", r, err)
		}
	}
}

// TestStructuralPlasticityDistributedIsNESTsAlgorithm: a run over 2 and
// 3 processes makes exactly the network that one process makes when it
// orders its lists as the processes' lists are gathered (rank by rank,
// NEST's communicate), with creations and deletions (weight 0 keeps the
// activity, and so the elements, free of the summation order of inputs).
func TestStructuralPlasticityDistributedIsNESTsAlgorithm(t *testing.T) {
	const n = 24
	for _, procs := range []int{2, 3} {
		t.Run(fmt.Sprintf("np=%d", procs), func(t *testing.T) {
			build := spNetwork(t, n, 0, 0.4, 0.012, 0.1)
			ks := runDistributed(t, procs, build, 300)
			got := spCollect(t, ks, n)
			one := runDistributed(t, 1, func(k *Kernel) { k.sp.asRanks = procs; build(k) }, 300)
			want := spCollect(t, one, n)
			plain := spCollect(t, runDistributed(t, 1, build, 300), n)
			if got.synapses == 0 || fmt.Sprint(plain.pairs) == fmt.Sprint(want.pairs) {
				t.Fatalf("%d synapses; the rank order must change the network for the test to mean something", got.synapses)
			}
			if fmt.Sprint(got.pairs) != fmt.Sprint(want.pairs) || fmt.Sprint(got.z) != fmt.Sprint(want.z) ||
				fmt.Sprint(got.axonConn) != fmt.Sprint(want.axonConn) || fmt.Sprint(got.denCon) != fmt.Sprint(want.denCon) {
				t.Errorf("%d processes: %d synapses, one process in their order %d; pairs equal %v",
					procs, got.synapses, want.synapses, fmt.Sprint(got.pairs) == fmt.Sprint(want.pairs))
			}
		})
	}
}
