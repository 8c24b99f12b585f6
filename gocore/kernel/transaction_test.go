package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// buildTxNet makes the network the transactional tests start from:
//
//	1 dc_generator -> 2 (delay 1.0)
//	2, 3 iaf_tum_2000, 2 -> 3 on receptor 1 (delay 1.5)
//	4 spike_recorder <- 2, 3
//	5 voltmeter -> 3
//	6 multimeter (V_m, I_syn_ex) -> 2
//	7 multimeter (g_ex), unconnected
//	8 multimeter (V_m), unconnected
func buildTxNet(t testing.TB) *Kernel {
	t.Helper()
	k := newKernel()
	mustCreate(t, k, "dc_generator", 1, dict.Dict{"amplitude": 300.0})
	mustCreate(t, k, "iaf_tum_2000", 2, dict.Dict{"x": 1.0})
	mustCreate(t, k, "spike_recorder", 1)
	mustCreate(t, k, "voltmeter", 1)
	mustCreate(t, k, "multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"V_m", "I_syn_ex"}})
	mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []any{"g_ex"}})
	mustCreate(t, k, "multimeter", 1, dict.Dict{"record_from": []any{"V_m"}})
	mustConnect(t, k, []int{1}, []int{2}, nil, nil)
	mustConnect(t, k, []int{2}, []int{3}, nil, dict.Dict{"weight": 100.0, "delay": 1.5, "receptor_type": 1})
	mustConnect(t, k, []int{2, 3}, []int{4}, nil, nil)
	mustConnect(t, k, []int{5}, []int{3}, nil, nil)
	mustConnect(t, k, []int{6}, []int{2}, nil, nil)
	return k
}

func TestFailedCallsChangeNothing(t *testing.T) {
	type op func(k *Kernel) error
	create := func(model string, n int, params ...dict.Dict) op {
		return func(k *Kernel) error { _, err := k.Create(model, n, params); return err }
	}
	connect := func(pre, post []int, conn, syn dict.Dict) op {
		return func(k *Kernel) error { return k.Connect(pre, post, conn, syn) }
	}
	setStatus := func(ids []int, ds ...dict.Dict) op {
		return func(k *Kernel) error { return k.SetNodeStatus(ids, ds) }
	}
	for _, tc := range []struct {
		name string
		op   op
		cat  *nesterr.Category
	}{
		// Create: nothing is created when any dictionary is rejected.
		{"Create, last of three dicts bad", create("iaf_tum_2000", 3, dict.Dict{}, dict.Dict{"C_m": 100.0}, dict.Dict{"C_m": -1.0}), nesterr.ErrBadProperty},
		{"Create, non-numeric value", create("iaf_tum_2000", 2, dict.Dict{"tau_m": "slow"}), nesterr.ErrTypeMismatch},
		{"Create, unknown parameter", create("iaf_tum_2000", 2, dict.Dict{"tau_bogus": 20.0}), nesterr.ErrUnaccessedDictionaryEntry},
		{"Create, unknown model", create("no_such_neuron", 1), nesterr.ErrUnknownModelName},
		{"Create, bad recorder interval", create("multimeter", 1, dict.Dict{"interval": 0.15}), nesterr.ErrBadProperty},
		{"Create, wrong number of dicts", create("iaf_tum_2000", 3, dict.Dict{}, dict.Dict{}), nesterr.ErrBadParameter},

		// SetNodeStatus: no node changes when one dictionary is rejected.
		{"SetNodeStatus, second dict bad", setStatus([]int{2, 3}, dict.Dict{"V_m": -60.0}, dict.Dict{"tau_m": 0.0}), nesterr.ErrBadProperty},
		{"SetNodeStatus, second dict has unknown key", setStatus([]int{2, 3}, dict.Dict{"V_m": -60.0}, dict.Dict{"tau_bogus": 1.0}), nesterr.ErrUnaccessedDictionaryEntry},
		{"SetNodeStatus, one dict for all, bad on the recorder", setStatus([]int{2, 4}, dict.Dict{"V_m": -60.0}), nesterr.ErrUnaccessedDictionaryEntry},
		{"SetNodeStatus, unknown node last", setStatus([]int{2, 3, 99}, dict.Dict{"V_m": -60.0}), nesterr.ErrUnknownNode},
		{"SetNodeStatus, connected multimeter", setStatus([]int{2, 6}, dict.Dict{"V_m": -60.0}, dict.Dict{"record_from": []any{"V_m"}}), nesterr.ErrBadProperty},

		// Connect: no connection is made when one of them is rejected.
		{"Connect, receptor 1 on a spike_recorder", connect([]int{2}, []int{3, 4}, nil, dict.Dict{"receptor_type": 1}), nesterr.ErrUnknownReceptorType},
		{"Connect, receptor 2", connect([]int{1}, []int{2, 3}, nil, dict.Dict{"receptor_type": 2}), nesterr.ErrUnknownReceptorType},
		{"Connect, iaf_tum_2000 pair on receptor 0 after a good one", connect([]int{2}, []int{4, 3}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, second delay below resolution", connect([]int{1}, []int{2, 3}, nil, dict.Dict{"delay": []any{1.0, 0.04}}), nesterr.ErrBadDelay},
		{"Connect, weight list of the wrong length", connect([]int{1}, []int{2, 3}, nil, dict.Dict{"weight": []any{1.0}}), nesterr.ErrBadProperty},
		{"Connect, unknown synapse model", connect([]int{1}, []int{2}, nil, dict.Dict{"synapse_model": "no_such_synapse"}), nesterr.ErrUnknownSynapseType},
		{"Connect, unknown rule", connect([]int{1}, []int{2}, dict.Dict{"rule": "fixed_indegree"}, nil), nesterr.ErrBadProperty},
		{"Connect, rule not a string", connect([]int{1}, []int{2}, dict.Dict{"rule": 3.0}, nil), nesterr.ErrTypeMismatch},
		{"Connect, unknown conn_spec key", connect([]int{1}, []int{2}, dict.Dict{"rule": "all_to_all", "indegree": 1.0}, nil), nesterr.ErrUnaccessedDictionaryEntry},
		{"Connect, unknown syn_spec key", connect([]int{1}, []int{2}, nil, dict.Dict{"tau_rec": 100.0}), nesterr.ErrUnaccessedDictionaryEntry},
		{"Connect, one_to_one size mismatch", connect([]int{1, 2}, []int{3}, dict.Dict{"rule": "one_to_one"}, nil), nesterr.ErrDimensionMismatch},
		{"Connect, neuron to voltmeter", connect([]int{2}, []int{5}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, spike_recorder to neuron", connect([]int{4}, []int{2}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, dc_generator to spike_recorder", connect([]int{1}, []int{4}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, record_from unknown", connect([]int{7}, []int{2}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, multimeter to a neuron and a dc_generator", connect([]int{8}, []int{2, 1}, nil, nil), nesterr.ErrIllegalConnection},
		{"Connect, voltmeter on receptor 1", connect([]int{8}, []int{2}, nil, dict.Dict{"receptor_type": 1}), nesterr.ErrUnknownReceptorType},
		{"Connect, unknown target", connect([]int{1}, []int{2, 99}, nil, nil), nesterr.ErrUnknownNode},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := buildTxNet(t)
			mustSimulate(t, k, 20) // some state and recordings to disturb
			before := takeSnapshot(t, k)
			nodes, conns := k.NumNodes(), k.NumConnections()
			wantCategory(t, tc.op(k), tc.cat)
			if d := before.diff(takeSnapshot(t, k)); d != "" {
				t.Errorf("rejected call, but %s", d)
			}
			if k.NumNodes() != nodes || k.NumConnections() != conns {
				t.Errorf("rejected call changed the network: %d -> %d nodes, %d -> %d connections",
					nodes, k.NumNodes(), conns, k.NumConnections())
			}
			// The id sequence did not advance either.
			if got := mustCreate(t, k, "iaf_tum_2000", 1); got != nodes+1 {
				t.Errorf("next id after the rejected call = %d, want %d", got, nodes+1)
			}
		})
	}
}

func TestRejectedMultimeterConnectAttachesNothing(t *testing.T) {
	// Multimeter 8 offers V_m; node 1 (dc_generator) has nothing to record,
	// so the whole call fails, and node 2 must not have been attached: its
	// settings stay free and it records nothing.
	k := buildTxNet(t)
	wantCategory(t, k.Connect([]int{8}, []int{2, 1}, nil, nil), nesterr.ErrIllegalConnection)
	mustSimulate(t, k, 20)
	if tab, _ := k.Recording(8); tab.Len() != 0 {
		t.Errorf("multimeter 8 recorded %d rows after its Connect was rejected", tab.Len())
	}
	if err := k.SetNodeStatus([]int{8}, []dict.Dict{{"record_from": []any{"V_m", "I_syn_in"}}}); err != nil {
		t.Errorf("record_from of multimeter 8 after its Connect was rejected: %v", err)
	}
}

func TestSetNodeStatusSameNodeTwiceIsAllOrNothing(t *testing.T) {
	// Each dictionary alone suits node 2 (V_reset -60 < V_th -55; V_th -65 >
	// V_reset -70), but applied in order the second breaks V_reset < V_th.
	// SetNodeStatus promises all or nothing, so the call must fail with
	// the broken rule and leave node 2 as it was.
	k := buildTxNet(t)
	before := takeSnapshot(t, k)
	err := k.SetNodeStatus([]int{2, 2}, []dict.Dict{{"V_reset": -60.0}, {"V_th": -65.0}})
	if !errorsIs(err, nesterr.ErrBadProperty) || before.diff(takeSnapshot(t, k)) != "" {
		t.Errorf("SetNodeStatus with a repeated id: err %v, changes %s; want BadProperty and no change",
			err, before.diff(takeSnapshot(t, k)))
	}
}
