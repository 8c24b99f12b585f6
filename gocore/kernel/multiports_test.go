package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// A multisynapse model's ports are a property of each node: one Connect
// onto nodes with different numbers of ports checks every target, and
// every target learns that it has connections.
func TestMultisynapsePortsAreCheckedPerTarget(t *testing.T) {
	k := newKernel()
	three := mustCreate(t, k, "iaf_psc_exp_multisynapse", 1, dict.Dict{"tau_syn": []any{1.0, 2.0, 3.0}})
	one := mustCreate(t, k, "iaf_psc_exp_multisynapse", 1)
	sg := mustCreate(t, k, "spike_generator", 1)

	err := k.Connect([]int{sg}, []int{three, one}, nil, dict.Dict{"receptor_type": 3.0})
	wantCategory(t, err, nesterr.ErrIncompatibleReceptorType)
	if n := k.NumConnections(); n != 0 {
		t.Fatalf("%d connections after the refused Connect, want 0", n)
	}

	mustConnect(t, k, []int{sg}, []int{three, one}, nil, dict.Dict{"receptor_type": 1.0})
	for _, id := range []int{three, one} {
		st, err := k.NodeStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		if st["has_connections"] != true {
			t.Errorf("node %d: has_connections = %v after a connection onto it", id, st["has_connections"])
		}
	}
	// With connections, the number of ports of the second node is fixed.
	err = k.SetNodeStatus([]int{one}, []dict.Dict{{"tau_syn": []any{1.0, 2.0}}})
	wantCategory(t, err, nesterr.ErrBadProperty)
}
