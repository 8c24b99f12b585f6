package models

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func cmComp(parent int, params dict.Dict) dict.Dict {
	d := dict.Dict{"parent_idx": float64(parent)}
	if params != nil {
		d["params"] = params
	}
	return d
}

func cmRec(comp int, typ string) dict.Dict {
	return dict.Dict{"comp_idx": float64(comp), "receptor_type": typ}
}

// cmWith returns a cm_default with three compartments (0 <- 1 <- 2) and
// receptors AMPA on 1, GABA on 0, AMPA_NMDA on 1.
func cmWith(t *testing.T) *CmDefault {
	t.Helper()
	n := NewCmDefault()
	err := n.SetStatus(dict.NewReader(dict.Dict{
		"compartments": []any{cmComp(-1, dict.Dict{"gbar_Na": 1.0}), cmComp(0, nil), cmComp(1, dict.Dict{"e_L": -60.0})},
		"receptors":    []any{cmRec(1, "AMPA"), cmRec(0, "GABA"), cmRec(1, "AMPA_NMDA")},
	}), testEnv())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCmDefaultStatusListsCompartmentsAndReceptorsAsNEST(t *testing.T) {
	n := cmWith(t)
	d := n.Status()
	comps := d["compartments"].([]any)
	if len(comps) != 3 || comps[2].(dict.Dict)["parent_idx"] != 1 || comps[0].(dict.Dict)["parent_idx"] != -1 {
		t.Fatalf("compartments = %v", comps)
	}
	// NEST lists receptors compartment by compartment, by type within one.
	var got []string
	for _, r := range d["receptors"].([]any) {
		rd := r.(dict.Dict)
		got = append(got, rd["receptor_type"].(string)+"@"+string(rune('0'+rd["comp_idx"].(int)))+"#"+string(rune('0'+rd["receptor_idx"].(int))))
	}
	if want := []string{"GABA@0#1", "AMPA@1#0", "AMPA_NMDA@1#2"}; !slices.Equal(got, want) {
		t.Errorf("receptors = %v, want %v", got, want)
	}
	recs := d["recordables"].([]string)
	for _, name := range []string{"v_comp2", "m_Na_0", "h_Na_1", "n_K_2", "g_r_AMPA_0", "g_d_GABA_1", "g_r_AN_NMDA_2", "g_d_AN_AMPA_2"} {
		if !slices.Contains(recs, name) {
			t.Errorf("recordables %v lack %s", recs, name)
		}
	}
	if len(recs) != 4*3+2+2+4 || !slices.IsSorted(recs) {
		t.Errorf("recordables = %v", recs)
	}
}

func TestCmDefaultRejectsBadTreesAndStaysUnchanged(t *testing.T) {
	cases := []struct {
		name string
		set  dict.Dict
		want *nesterr.Category
		msg  string
	}{
		{"unknown parent", dict.Dict{"add_compartments": cmComp(7, nil)}, nesterr.ErrUnknownCompartment, "Compartment 7 does not exist in tree, but was specified as a parent"},
		{"second root", dict.Dict{"add_compartments": []any{cmComp(0, nil), cmComp(-1, nil)}}, nesterr.ErrUnknownCompartment, "Compartment 0 , the root, has already been instantiated."},
		{"receptor on a missing compartment", dict.Dict{"add_receptors": cmRec(9, "GABA")}, nesterr.ErrUnknownCompartment, "Compartment 9 does not exist in tree."},
		{"unknown receptor type", dict.Dict{"add_receptors": cmRec(0, "KAINATE")}, nesterr.ErrBadProperty, "KAINATE"},
		{"compartments twice", dict.Dict{"compartments": cmComp(0, nil)}, nesterr.ErrBadProperty, "'compartments' is already defined for this model"},
		{"receptors twice", dict.Dict{"receptors": cmRec(0, "AMPA")}, nesterr.ErrBadProperty, "'receptors' is already defined for this model"},
		{"unknown compartment parameter", dict.Dict{"add_compartments": cmComp(0, dict.Dict{"bla": 5.0})}, nesterr.ErrUnaccessedDictionaryEntry, "bla"},
		{"unknown compartment key", dict.Dict{"add_compartments": dict.Dict{"parent_idx": 0.0, "params_name": dict.Dict{}}}, nesterr.ErrUnaccessedDictionaryEntry, "params_name"},
		{"unknown receptor parameter", dict.Dict{"add_receptors": dict.Dict{"comp_idx": 0.0, "receptor_type": "AMPA", "params": dict.Dict{"tau_d_GABA": 1.0}}}, nesterr.ErrUnaccessedDictionaryEntry, "tau_d_GABA"},
		{"not a dictionary", dict.Dict{"add_compartments": 3.0}, nesterr.ErrBadProperty, "could not be identified"},
		{"no parent", dict.Dict{"add_compartments": dict.Dict{"params": dict.Dict{}}}, nesterr.ErrKeyError, "parent_idx"},
		{"fractional parent", dict.Dict{"add_compartments": dict.Dict{"parent_idx": 0.5}}, nesterr.ErrTypeMismatch, "parent_idx"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := cmWith(t)
			before := n.Status()
			// the valid entry before the bad one must not stay either
			err := n.SetStatus(dict.NewReader(c.set), testEnv())
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("err = %v, want %s containing %q", err, c.want.Name(), c.msg)
			}
			after := n.Status()
			if len(after["compartments"].([]any)) != len(before["compartments"].([]any)) ||
				len(after["receptors"].([]any)) != len(before["receptors"].([]any)) ||
				!slices.Equal(after["recordables"].([]string), before["recordables"].([]string)) {
				t.Errorf("status changed by a failed set: %v -> %v", before, after)
			}
		})
	}
}

func TestCmDefaultPortsAreReceptorsAndCompartments(t *testing.T) {
	n := cmWith(t)
	for _, p := range []int{0, 2} {
		if err := n.CheckSpikeReceptor("spike_generator", p); err != nil {
			t.Errorf("spike port %d: %v", p, err)
		}
		if err := n.CheckCurrentReceptor(p); err != nil {
			t.Errorf("current port %d: %v", p, err)
		}
	}
	err := n.CheckSpikeReceptor("spike_generator", 3)
	if !errors.Is(err, nesterr.ErrUnknownPort) || !strings.Contains(err.Error(), "Port with id 3 does not exist. Valid spike receptor ports for cm_default are in [0, 3[") {
		t.Errorf("spike port 3: %v", err)
	}
	err = n.CheckCurrentReceptor(3)
	if !errors.Is(err, nesterr.ErrUnknownPort) || !strings.Contains(err.Error(), "Valid current receptor ports for cm_default are in [0, 3[") {
		t.Errorf("current port 3: %v", err)
	}
	if err := NewCmDefault().CheckPrepare(); !errors.Is(err, nesterr.ErrUnknownCompartment) ||
		!strings.Contains(err.Error(), "Compartment 0 does not exist in tree, meaning that no compartments have been added.") {
		t.Errorf("CheckPrepare without compartments: %v", err)
	}
}

// TestCmDefaultChannelsStartAtSteadyState checks the gating variables at
// -70 mV against the rate functions of the channels' .mod files, written
// out independently (tolerance: a few ulps of the closed forms).
func TestCmDefaultChannelsStartAtSteadyState(t *testing.T) {
	n := cmWith(t)
	rate := func(v, th, r, q float64) float64 { return r * (v - th) / (1 - math.Exp(-(v-th)/q)) }
	v := -70.0
	am, bm := rate(v, -35.013, 0.182, 9), rate(-v, 35.013, 0.124, 9)
	an := 0.02 * (v - 25) / (1 - math.Exp(-(v-25)/9))
	bn := -0.002 * (v - 25) / (1 - math.Exp((v-25)/9))
	want := map[string]float64{
		"m_Na_0": am / (am + bm),
		"h_Na_0": 1 / (1 + math.Exp((v+65)/6.2)),
		"n_K_0":  an / (an + bn),
	}
	for name, w := range want {
		i := slices.Index(n.Recordables(), name)
		if got := n.RecordableValue(i); math.Abs(got-w) > 1e-12 {
			t.Errorf("%s = %.17g, want %.17g", name, got, w)
		}
	}
}

// TestCmDefaultPassiveCompartmentRelaxesToLeak checks a single passive
// compartment against the exact solution of C dv/dt = g_L (e_L - v) + I:
// the Crank-Nicolson step has the error (dt/tau)^3/12 per step, so after
// 100 ms at dt = 0.1 ms and tau = 10 ms the potential must agree within
// 1e-6 mV.
func TestCmDefaultPassiveCompartmentRelaxesToLeak(t *testing.T) {
	n := NewCmDefault()
	if err := n.SetStatus(dict.NewReader(dict.Dict{
		"compartments": cmComp(-1, dict.Dict{"C_m": 1.0, "g_L": 0.1, "e_L": -70.0, "v_comp": -60.0}),
	}), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	ctx := &node.Context{RingLen: env.RingLen, Emit: &countingEmitter{}}
	for s := range 1000 {
		n.Update(ctx, int64(s), 0, 1)
	}
	want := -70 + 10*math.Exp(-100.0/10)
	if got := n.tree.comps[0].V; math.Abs(got-want) > 1e-6 {
		t.Errorf("v after 100 ms = %.12g, want %.12g", got, want)
	}
}
