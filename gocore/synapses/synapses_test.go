package synapses

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// builtin returns the built-in model called name.
func builtin(t *testing.T, name string) Type {
	t.Helper()
	for _, typ := range Builtin() {
		if typ.Name() == name {
			return typ
		}
	}
	t.Fatalf("no built-in synapse model %s", name)
	return nil
}

// oneConnection makes a table holding one connection 0 -> 1 of model name
// with the given weight and parameters.
func oneConnection(t *testing.T, name string, weight float64, params dict.Dict) Table {
	t.Helper()
	typ := builtin(t, name)
	tpl, err := typ.Template(dict.NewReader(params))
	if err != nil {
		t.Fatalf("%s %v: %v", name, params, err)
	}
	tab := typ.NewTable()
	tab.Grow(2)
	tab.Reserve(0, 1)
	tab.Add(0, 1, 0, weight, tpl)
	return tab
}

// spike delivers a presynaptic spike at t ms through tab (source 0) and
// returns the weight it transmits.
func spike(t *testing.T, tab Table, at float64, post Post) float64 {
	t.Helper()
	sent, n := 0.0, 0
	tab.Deliver(0, at, nil, func(uint32, uint32) Post { return post }, func(_ int, target, _ uint32, w float64) {
		if target != 1 {
			t.Fatalf("delivered to target %d, want 1", target)
		}
		sent = w
		n++
	})
	if n != 1 {
		t.Fatalf("%d deliveries, want 1", n)
	}
	return sent
}

// state returns the stored weight and the status of the only connection
// of tab.
func state(tab Table) (float64, dict.Dict) {
	var weight float64
	var st dict.Dict
	tab.Each(0, func(_, _ uint32, w float64, s dict.Dict) { weight, st = w, s })
	return weight, st
}

// closeTo fails unless |got - want| <= tol.
func closeTo(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.17g, want %.17g (tolerance %g)", what, got, want, tol)
	}
}

func TestBuiltinNames(t *testing.T) {
	var names []string
	for _, typ := range Builtin() {
		names = append(names, typ.Name())
	}
	want := []string{"tsodyks_synapse", "tsodyks2_synapse", "stdp_synapse", "stdp_pl_synapse_hom"}
	if !reflect.DeepEqual(names[:len(want)], want) {
		t.Errorf("Builtin() = %v, want %v first", names, want)
	}
	for _, typ := range Builtin() {
		stdpLike := strings.HasPrefix(typ.Name(), "stdp_") || typ.Name() == "vogels_sprekeler_synapse" || typ.Name() == "jonke_synapse" ||
			typ.Name() == "clopath_synapse" || typ.Name() == "urbanczik_synapse"
		if got := typ.NeedsHistory(); got != stdpLike {
			t.Errorf("%s: NeedsHistory() = %v", typ.Name(), got)
		}
	}
}

func TestDefaultsAreNEST(t *testing.T) {
	want := map[string]dict.Dict{
		"tsodyks_synapse":  {"U": 0.5, "tau_psc": 3.0, "tau_rec": 800.0, "tau_fac": 0.0, "x": 1.0, "y": 0.0, "u": 0.0},
		"tsodyks2_synapse": {"U": 0.5, "u": 0.5, "tau_rec": 800.0, "tau_fac": 0.0, "x": 1.0},
		"stdp_synapse": {"tau_plus": 20.0, "lambda": 0.01, "alpha": 1.0, "mu_plus": 1.0, "mu_minus": 1.0,
			"Wmax": 100.0, "Kplus": 0.0},
		"stdp_pl_synapse_hom": {"tau_plus": 20.0, "lambda": 0.1, "alpha": 1.0, "mu": 0.4, "Kplus": 0.0},
	}
	for name, w := range want {
		if got := builtin(t, name).Defaults(); !reflect.DeepEqual(got, w) {
			t.Errorf("%s defaults = %v, want %v", name, got, w)
		}
	}
}

// TestRejectedParametersChangeNothing checks each rule of NEST's
// set_status: the error is a BadProperty, the defaults stay as they were,
// and Template refuses the same values.
func TestRejectedParametersChangeNothing(t *testing.T) {
	cases := []struct {
		model  string
		params dict.Dict
	}{
		{"tsodyks_synapse", dict.Dict{"x": 0.7, "y": 0.4}},
		{"tsodyks_synapse", dict.Dict{"U": 1.5}},
		{"tsodyks_synapse", dict.Dict{"U": -0.1}},
		{"tsodyks_synapse", dict.Dict{"tau_psc": 0.0}},
		{"tsodyks_synapse", dict.Dict{"tau_rec": -1.0}},
		{"tsodyks_synapse", dict.Dict{"tau_fac": -1.0}},
		{"tsodyks_synapse", dict.Dict{"u": 1.2}},
		{"tsodyks_synapse", dict.Dict{"tau_rec": 100.0, "u": -0.2}}, // a valid key before a bad one
		{"tsodyks2_synapse", dict.Dict{"U": 2.0}},
		{"tsodyks2_synapse", dict.Dict{"u": -0.5}},
		{"tsodyks2_synapse", dict.Dict{"tau_rec": 0.0}},
		{"tsodyks2_synapse", dict.Dict{"tau_fac": -3.0}},
		{"stdp_synapse", dict.Dict{"Kplus": -1.0}},
		{"stdp_synapse", dict.Dict{"lambda": 0.5, "Kplus": -1e-9}},
	}
	for _, c := range cases {
		typ := builtin(t, c.model)
		before := typ.Defaults()
		err := typ.SetDefaults(dict.NewReader(c.params))
		if !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("%s SetDefaults(%v) = %v, want BadProperty", c.model, c.params, err)
		}
		if after := typ.Defaults(); !reflect.DeepEqual(after, before) {
			t.Errorf("%s SetDefaults(%v) failed but changed the defaults to %v", c.model, c.params, after)
		}
		if _, err := typ.Template(dict.NewReader(c.params)); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("%s Template(%v) = %v, want BadProperty", c.model, c.params, err)
		}
	}
}

func TestSetDefaultsAndCloneAreIndependent(t *testing.T) {
	typ := builtin(t, "tsodyks2_synapse")
	c := typ.Clone()
	if err := c.SetDefaults(dict.NewReader(dict.Dict{"U": 0.2, "tau_fac": 50.0})); err != nil {
		t.Fatal(err)
	}
	if got := c.Defaults(); got["U"] != 0.2 || got["tau_fac"] != 50.0 || got["u"] != 0.5 {
		t.Errorf("clone defaults = %v, want U 0.2, tau_fac 50, u unchanged 0.5", got)
	}
	if got := typ.Defaults(); got["U"] != 0.5 || got["tau_fac"] != 0.0 {
		t.Errorf("original defaults changed to %v", got)
	}
	// A template starts from the defaults of its own model.
	tpl, err := c.Template(dict.NewReader(dict.Dict{"x": 0.9}))
	if err != nil {
		t.Fatal(err)
	}
	if s := tpl.(tsodyks2State); s.U != 0.2 || s.X != 0.9 || s.TauFac != 50 {
		t.Errorf("template = %+v, want U 0.2, x 0.9, tau_fac 50", s)
	}
}

func TestTemplateRejectsWrongTypes(t *testing.T) {
	if _, err := builtin(t, "stdp_synapse").Template(dict.NewReader(dict.Dict{"Wmax": "big"})); err == nil {
		t.Error("Wmax \"big\" accepted")
	}
}

func TestEachReportsStateInCreationOrder(t *testing.T) {
	typ := builtin(t, "tsodyks_synapse")
	tab := typ.NewTable()
	tab.Grow(4)
	for i, u := range []float64{0.1, 0.2, 0.3} {
		tpl, err := typ.Template(dict.NewReader(dict.Dict{"U": u}))
		if err != nil {
			t.Fatal(err)
		}
		tab.Add(0, uint32(i+1), 0, float64(i), tpl)
	}
	if tab.Count() != 3 {
		t.Fatalf("Count() = %d, want 3", tab.Count())
	}
	var got []float64
	tab.Each(0, func(target, _ uint32, w float64, s dict.Dict) {
		if float64(target) != w+1 {
			t.Errorf("target %d carries weight %g", target, w)
		}
		got = append(got, s["U"].(float64))
	})
	if !reflect.DeepEqual(got, []float64{0.1, 0.2, 0.3}) {
		t.Errorf("U in visiting order = %v, want [0.1 0.2 0.3]", got)
	}
}
