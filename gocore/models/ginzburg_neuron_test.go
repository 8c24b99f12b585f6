package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestGinzburgNeuronDefaults(t *testing.T) {
	want := dict.Dict{
		"tau_m": 10.0, "S": false, "h": 0.0, "theta": 0.0, "c_1": 0.0, "c_2": 1.0, "c_3": 1.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"S", "h"},
	}
	if st := NewGinzburgNeuron().Status(); !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
	checkUnknownKeyUnaccessed(t, NewGinzburgNeuron(), "theta")
}
