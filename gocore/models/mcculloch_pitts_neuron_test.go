package models

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

func TestMccullochPittsNeuronDefaults(t *testing.T) {
	want := dict.Dict{
		"tau_m": 10.0, "S": false, "h": 0.0, "theta": 0.0,
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"S", "h"},
	}
	if st := NewMccullochPittsNeuron().Status(); !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
	checkUnknownKeyUnaccessed(t, NewMccullochPittsNeuron(), "theta")
}
