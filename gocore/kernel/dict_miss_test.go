package kernel

import (
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func TestDictMissIsErrorFalseIgnoresUnknownNodeKeys(t *testing.T) {
	k := newKernel()
	n := mustCreate(t, k, "iaf_psc_alpha", 1)
	unknown := dict.Dict{"V_m": -60.0, "E_Na": 50.0}
	// By default a key the model lacks is refused and nothing changes.
	wantCategory(t, k.SetNodeStatus([]int{n}, []dict.Dict{unknown}), nesterr.ErrUnaccessedDictionaryEntry)
	if s, _ := k.NodeStatus(n); s["V_m"] != -70.0 {
		t.Fatalf("a refused change set V_m to %v", s["V_m"])
	}
	if err := k.SetStatus(dict.Dict{"dict_miss_is_error": false}); err != nil {
		t.Fatal(err)
	}
	if st := k.Status(); st["dict_miss_is_error"] != false {
		t.Errorf("dict_miss_is_error reads %v after setting false", st["dict_miss_is_error"])
	}
	// Now the known keys take effect and the unknown one is dropped, in
	// SetStatus, Create and SetDefaults alike.
	if err := k.SetNodeStatus([]int{n}, []dict.Dict{unknown}); err != nil {
		t.Fatal(err)
	}
	if s, _ := k.NodeStatus(n); s["V_m"] != -60.0 {
		t.Errorf("V_m = %v, want -60", s["V_m"])
	}
	m := mustCreate(t, k, "iaf_psc_alpha", 1, dict.Dict{"C_m": 200.0, "E_K": -90.0})
	if s, _ := k.NodeStatus(m); s["C_m"] != 200.0 {
		t.Errorf("C_m = %v, want 200", s["C_m"])
	}
	if err := k.SetDefaults("iaf_psc_alpha", dict.Dict{"tau_m": 12.0, "g_K": 1.0}); err != nil {
		t.Fatal(err)
	}
	// Bad values are still refused.
	wantCategory(t, k.SetNodeStatus([]int{n}, []dict.Dict{{"C_m": -1.0, "E_Na": 1.0}}), nesterr.ErrBadProperty)
	// ResetKernel brings back the default.
	k.Reset()
	if st := k.Status(); st["dict_miss_is_error"] != true {
		t.Errorf("dict_miss_is_error reads %v after ResetKernel", st["dict_miss_is_error"])
	}
}
