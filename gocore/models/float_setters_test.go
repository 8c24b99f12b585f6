package models

import (
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// TestFloatSettersMatchSetStatus: for every model with direct setters,
// each setter leaves a node with exactly the status (bit for bit) that
// SetStatus with the one entry gives, from a state that is not the
// default and for awkward values (NaN, infinities, signed zero), and
// offers nothing for parameters, whose rules need SetStatus.
func TestFloatSettersMatchSetStatus(t *testing.T) {
	values := []float64{-63.25, 0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1e300, 5e-324}
	tested := 0
	for name, mk := range Constructors() {
		proto := mk()
		fs, ok := proto.(node.FloatSetter)
		if !ok {
			continue
		}
		// A state away from the defaults: every float entry a little moved
		// (where the model accepts it), E_L last so that V_m is relative to
		// a non-default E_L.
		base := proto.Clone()
		for key, v := range base.Status() {
			if f, isFloat := v.(float64); isFloat && key != "E_L" && !math.IsInf(f, 0) {
				_ = base.SetStatus(dict.NewReader(dict.Dict{key: f*1.01 + 0.5}), nil)
			}
		}
		_ = base.SetStatus(dict.NewReader(dict.Dict{"E_L": -66.5}), nil)
		offered := 0
		for key, v := range base.Status() {
			set := fs.FloatSetter(key)
			if set == nil {
				continue
			}
			if _, isFloat := v.(float64); !isFloat {
				t.Errorf("%s offers a float setter for %s, whose value is %#v", name, key, v)
				continue
			}
			offered++
			for _, x := range values {
				want := base.Clone()
				if err := want.SetStatus(dict.NewReader(dict.Dict{key: x}), nil); err != nil {
					t.Errorf("%s: SetStatus(%s=%v) failed (%v), but a setter that cannot fail is offered", name, key, x, err)
					continue
				}
				got := base.Clone()
				set(got, x)
				if !sameStatus(got.Status(), want.Status()) {
					t.Errorf("%s: setting %s=%v directly gives %v, SetStatus gives %v", name, key, x, got.Status(), want.Status())
				}
			}
		}
		for _, param := range []string{"C_m", "tau_m", "V_th", "E_L", "t_ref", "no_such_key"} {
			if fs.FloatSetter(param) != nil {
				t.Errorf("%s offers a direct setter for %s, which has rules", name, param)
			}
		}
		if offered == 0 {
			t.Errorf("%s implements FloatSetter but offers no setter for any of its entries", name)
		}
		tested++
	}
	if tested < 5 {
		t.Errorf("only %d models with direct setters were tested", tested)
	}
}

// sameStatus compares status dictionaries, floats by their bits.
func sameStatus(a, b dict.Dict) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		vb, ok := b[k]
		if !ok {
			return false
		}
		fa, aFloat := va.(float64)
		fb, bFloat := vb.(float64)
		if aFloat && bFloat {
			if math.Float64bits(fa) != math.Float64bits(fb) {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(va, vb) {
			return false
		}
	}
	return true
}
