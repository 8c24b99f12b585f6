package devices

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// NEST 3.10's rules, in its order: dead_time >= 0, rate >= 0, then
// 1000/rate >= dead_time; a rejected change leaves the node as it was.
func TestPoissonGeneratorPsRejects(t *testing.T) {
	env := envAt(t, 0.1)
	for _, tc := range []dict.Dict{
		{"dead_time": -1.0},
		{"rate": -5.0},
		{"rate": 600.0, "dead_time": 2.0},
		{"dead_time": -1.0, "rate": -1.0},
	} {
		g := NewPoissonGeneratorPs()
		if err := set(t, g, env, dict.Dict{"rate": 100.0, "dead_time": 1.0}); err != nil {
			t.Fatal(err)
		}
		before := g.Status()
		wantCategory(t, set(t, g, env, tc), nesterr.ErrBadProperty)
		if !reflect.DeepEqual(before, g.Status()) {
			t.Errorf("%v changed the node", tc)
		}
	}
	g := NewPoissonGeneratorPs()
	if err := set(t, g, env, dict.Dict{"rate": 500.0, "dead_time": 2.0}); err != nil {
		t.Errorf("1000/rate == dead_time refused: %v", err)
	}
	if !g.OffGrid() {
		t.Error("not off-grid")
	}
}
