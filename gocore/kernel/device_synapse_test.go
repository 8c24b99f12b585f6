package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestCurrentGeneratorsKeepOneSynapseModel(t *testing.T) {
	// As NEST's stimulation devices: a current generator may connect
	// again through the model it used first, not through another one.
	for _, gen := range []string{"dc_generator", "ac_generator", "noise_generator", "step_current_generator"} {
		k := newKernel()
		if err := k.CopyModel("static_synapse", "my_static", nil); err != nil {
			t.Fatal(err)
		}
		g := mustCreate(t, k, gen, 1)
		n := mustCreate(t, k, "iaf_psc_alpha", 1)
		mustConnect(t, k, []int{g}, []int{n}, nil, nil)
		mustConnect(t, k, []int{g}, []int{n}, nil, nil)
		err := k.Connect([]int{g}, []int{n}, nil, dict.Dict{"synapse_model": "my_static"})
		wantCategory(t, err, nesterr.ErrIllegalConnection)
		if got := k.NumConnections(); got != 2 {
			t.Errorf("%s: %d connections after the refused one, want 2", gen, got)
		}
	}
}
