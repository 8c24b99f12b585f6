package kernel

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// TestLabelledVariantsAreRegistered: every model of lblModels has its _lbl
// variant, reporting synapse_label -1 and otherwise its base's defaults
// (but the model id and NEST's size of a connection, which has room for
// the label).
func TestLabelledVariantsAreRegistered(t *testing.T) {
	k := newKernel()
	_, names := k.Models()
	for base := range lblModels {
		if !slices.Contains(names, base+"_lbl") {
			t.Errorf("no %s_lbl", base)
			continue
		}
		b, _ := k.Defaults(base)
		l, _ := k.Defaults(base + "_lbl")
		if l["synapse_label"] != Unlabelled {
			t.Errorf("%s_lbl synapse_label %v", base, l["synapse_label"])
		}
		delete(l, "synapse_label")
		l["synapse_model"] = base
		for _, key := range []string{"synapse_modelid", "sizeof"} {
			if l[key] == b[key] {
				t.Errorf("%s_lbl has its base's %s %v", base, key, b[key])
			}
			delete(l, key)
			delete(b, key)
		}
		if !reflect.DeepEqual(b, l) {
			t.Errorf("%s_lbl defaults %v, want %v", base, l, b)
		}
	}
}

func TestSynapseLabels(t *testing.T) {
	k := newKernel()
	mustCreate(t, k, "parrot_neuron", 3)
	mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": "static_synapse_lbl", "synapse_label": 3.0})
	mustConnect(t, k, []int{1}, []int{3}, nil, dict.Dict{"synapse_model": "stdp_synapse_lbl", "synapse_label": 4.0})
	mustConnect(t, k, []int{1}, []int{3}, nil, dict.Dict{"synapse_model": "stdp_synapse_lbl", "synapse_label": 3.0})
	mustConnect(t, k, []int{1}, []int{2}, nil, nil)
	labelsOf := func(c *Connections) []any {
		var out []any
		for _, st := range c.State {
			out = append(out, st["synapse_label"])
		}
		return out
	}
	c, err := k.GetConnectionsByLabel(nil, nil, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Target, []int{2, 3}) || !reflect.DeepEqual(c.SynapseModel, []string{"static_synapse_lbl", "stdp_synapse_lbl"}) ||
		!reflect.DeepEqual(labelsOf(c), []any{3, 3}) {
		t.Errorf("label 3: targets %v models %v labels %v", c.Target, c.SynapseModel, labelsOf(c))
	}
	if c, _ := k.GetConnections(nil, nil, ""); c.Len() != 4 || c.State[0] != nil && c.SynapseModel[0] == "static_synapse" {
		t.Errorf("all: %d connections", c.Len())
	}
	if c, _ := k.GetConnectionsByLabel(nil, nil, "static_synapse", 3); c.Len() != 0 {
		t.Errorf("static_synapse with label 3: %d connections", c.Len())
	}
	if err := k.SetConnectionsByLabel(nil, nil, "stdp_synapse_lbl", 3, nil, []dict.Dict{{"synapse_label": 5.0}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := k.GetConnectionsByLabel(nil, nil, "", 5); c.Len() != 1 || c.Target[0] != 3 {
		t.Errorf("label 5: %v", c.Target)
	}
	if err := k.SetDefaults("static_synapse_lbl", dict.Dict{"synapse_label": 7.0}); err != nil {
		t.Fatal(err)
	}
	mustConnect(t, k, []int{2}, []int{3}, nil, dict.Dict{"synapse_model": "static_synapse_lbl"})
	if c, _ := k.GetConnectionsByLabel(nil, nil, "", 7); c.Len() != 1 || c.Source[0] != 2 {
		t.Errorf("label 7 (the default): %v", c.Source)
	}
	n := k.NumConnections()
	for _, c := range []struct {
		spec dict.Dict
		want *nesterr.Category
	}{
		{dict.Dict{"synapse_model": "static_synapse", "synapse_label": 3.0}, nesterr.ErrUnaccessedDictionaryEntry},
		{dict.Dict{"synapse_model": "static_synapse_lbl", "synapse_label": -3.0}, nesterr.ErrBadProperty},
		{dict.Dict{"synapse_model": "static_synapse_lbl", "synapse_label": 2.5}, nesterr.ErrTypeMismatch},
	} {
		wantCategory(t, k.Connect([]int{1}, []int{2}, nil, c.spec), c.want)
	}
	wantCategory(t, k.SetConnections(nil, nil, "static_synapse", nil, []dict.Dict{{"synapse_label": 1.0}}), nesterr.ErrUnaccessedDictionaryEntry)
	if k.NumConnections() != n {
		t.Errorf("%d connections after refused calls, was %d", k.NumConnections(), n)
	}
}

// TestLabelledVariantsBehaveLikeBase runs the plasticity network with a
// model and its _lbl variant.
func TestLabelledVariantsBehaveLikeBase(t *testing.T) {
	for _, b := range []string{"static_synapse", "tsodyks_synapse", "stdp_synapse", "stdp_triplet_synapse", "stdp_synapse_hom"} {
		base, lbl := newKernel(), newKernel()
		buildPlasticityNet(t, base, b)
		buildPlasticityNet(t, lbl, b+"_lbl")
		mustSimulate(t, base, 650)
		mustSimulate(t, lbl, 650)
		equalRecordings(t, base, lbl, 5)
		wb, _ := oneConnection(t, base, 3, 4, b)
		wl, _ := oneConnection(t, lbl, 3, 4, b+"_lbl")
		if wb != wl {
			t.Errorf("%s_lbl: weight %.17g, %s %.17g", b, wl, b, wb)
		}
	}
}
