package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func TestPropagatorInputs(t *testing.T) {
	var m propagatorInputs
	steps := []struct {
		xs   []float64
		want bool
	}{
		{[]float64{0.1, 2, 10}, false}, // nothing remembered yet
		{[]float64{0.1, 2, 10}, true},
		{[]float64{0.1, 2, 10.000000000000002}, false}, // one ulp
		{[]float64{0.1, 2, 10.000000000000002}, true},
		{[]float64{0.1, 2}, false}, // fewer inputs
		{[]float64{0.0, 2}, false},
		{[]float64{math.Copysign(0, -1), 2}, false}, // -0 is not 0
		{[]float64{math.NaN(), 2}, false},
		{[]float64{math.NaN(), 2}, true}, // the same NaN bits give the same results
	}
	for i, s := range steps {
		if got := m.unchanged(s.xs...); got != s.want {
			t.Errorf("step %d: unchanged(%v) = %v, want %v", i, s.xs, got, s.want)
		}
	}
}

// TestRememberedPropagatorsFollowTheParameters: a node prepared again
// after a time constant, the capacitance or I_e changed has the internal
// variables of a node prepared afresh with the new parameters, bit for bit
// (the remembered propagators are reused only for the same inputs).
func TestRememberedPropagatorsFollowTheParameters(t *testing.T) {
	type model struct {
		make     func() node.Node
		internal func(node.Node) any
	}
	models := map[string]model{
		"iaf_psc_alpha": {
			func() node.Node { return NewIafPscAlpha() },
			func(n node.Node) any { v := n.(*IafPscAlpha).v; v.stepToMs = nil; return v },
		},
		"iaf_psc_exp": {
			func() node.Node { return NewIafPscExp() },
			func(n node.Node) any { return n.(*IafPscExp).v },
		},
	}
	for name, m := range models {
		for _, change := range []dict.Dict{
			{"I_e": 300.0}, {"tau_m": 12.5}, {"tau_syn_ex": 0.7}, {"tau_syn_in": 4.0}, {"C_m": 180.0}, {"t_ref": 3.0},
		} {
			n := m.make()
			n.Prepare(testEnv())
			if err := n.SetStatus(dict.NewReader(change), testEnv()); err != nil {
				t.Fatal(err)
			}
			n.Prepare(testEnv())
			fresh := m.make()
			if err := fresh.SetStatus(dict.NewReader(change), testEnv()); err != nil {
				t.Fatal(err)
			}
			fresh.Prepare(testEnv())
			if got, want := m.internal(n), m.internal(fresh); !reflect.DeepEqual(got, want) {
				t.Errorf("%s after %v: internals %+v, want %+v", name, change, got, want)
			}
		}
	}
}
