package kernel

import (
	"errors"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestGlifPscDoubleAlphaTooFewSlowEntriesFailsSimulate: a
// glif_psc_double_alpha with more receptor ports than slow time constants
// (which NEST does not check) makes Simulate fail with BadProperty
// instead of crashing, with one thread and with two.
func TestGlifPscDoubleAlphaTooFewSlowEntriesFailsSimulate(t *testing.T) {
	for _, threads := range []float64{1, 2} {
		k := newKernel()
		if err := k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, k, "glif_psc_double_alpha", 3, dict.Dict{"tau_syn_fast": []any{1.0, 2.0}})
		if err := k.Simulate(1); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("threads=%g: Simulate = %v, want BadProperty", threads, err)
		}
	}
}
