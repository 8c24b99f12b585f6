package kernel

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// pairReference is structural/pair.json (record_structural.py).
type pairReference struct {
	Protocol struct {
		Resolution float64    `json:"resolution"`
		Interval   float64    `json:"interval"`
		Step       float64    `json:"step"`
		Steps      int        `json:"steps"`
		Axon       dict.Dict  `json:"axon"`
		Den        dict.Dict  `json:"den"`
		Extra      dict.Dict  `json:"extra"`
		Neuron     dict.Dict  `json:"neuron"`
		Currents   [2]float64 `json:"currents"`
		Weight     float64    `json:"weight"`
	} `json:"protocol"`
	StatusPre      dict.Dict        `json:"status_pre"`
	KernelSynapses dict.Dict        `json:"kernel_synapses"`
	Rows           []map[string]any `json:"rows"`
}

func loadPairReference(t *testing.T) *pairReference {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "structural", "pair.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref pairReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

// TestStructuralPairMatchesNEST310 runs record_structural.py's pair: one
// neuron growing axonal elements (and four more elements of every curve
// kind that no synapse uses), one growing dendritic elements, structural
// updates every 100 ms. Every Ca and z within 1e-12 (relative) of NEST
// 3.10's after each of the 60 Simulate calls; z_connected and the number
// of synapses exactly. With one neuron on each side NEST's random choices
// have one outcome, so the reference is deterministic: the creations and
// the deletions (the dendrites retract when the synapses drive Ca above
// eps) happen at the same updates.
func TestStructuralPairMatchesNEST310(t *testing.T) {
	ref := loadPairReference(t)
	p := ref.Protocol
	k := newKernel()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(k.SetStatus(dict.Dict{"resolution": p.Resolution, "structural_plasticity_update_interval": p.Interval}))
	must(k.CopyModel("static_synapse", "sp_syn", dict.Dict{"weight": p.Weight, "delay": 1.0}))
	must(k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
		"sp_syn": dict.Dict{"synapse_model": "sp_syn", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
	}}))
	neuron := func(current float64) dict.Dict {
		d := p.Neuron.Clone()
		d["I_e"] = current
		return d
	}
	pre := mustCreate(t, k, "iaf_psc_alpha", 1, neuron(p.Currents[0]))
	post := mustCreate(t, k, "iaf_psc_alpha", 1, neuron(p.Currents[1]))
	preElems := p.Extra.Clone()
	preElems["Axon"] = p.Axon
	must(k.SetNodeStatus([]int{pre}, []dict.Dict{{"synaptic_elements": preElems}}))
	must(k.SetNodeStatus([]int{post}, []dict.Dict{{"synaptic_elements": dict.Dict{"Den": p.Den}}}))
	must(k.EnableStructuralPlasticity())

	const tol = 1e-12 // relative: the same operations in the same order, glibc-exact exp
	for _, row := range ref.Rows {
		must(k.Simulate(p.Step))
		tm := row["t"].(float64)
		if got := k.NumConnections(); got != int(row["n_conn"].(float64)) {
			t.Errorf("t=%g: %d synapses, NEST %v", tm, got, row["n_conn"])
		}
		for name, id := range map[string]int{"pre": pre, "post": post} {
			st, err := k.NodeStatus(id)
			must(err)
			checkClose(t, tm, name+"_Ca", st["Ca"].(float64), row[name+"_Ca"].(float64), tol)
			elems := st["synaptic_elements"].(dict.Dict)
			for key, want := range row {
				el, ok := strings.CutPrefix(key, name+"_")
				if !ok || el == "Ca" {
					continue
				}
				if e, ok := strings.CutSuffix(el, "_z_connected"); ok {
					if got := elems[e].(dict.Dict)["z_connected"].(int); got != int(want.(float64)) {
						t.Errorf("t=%g: %s %s z_connected %d, NEST %v", tm, name, e, got, want)
					}
				} else if e, ok := strings.CutSuffix(el, "_z"); ok {
					checkClose(t, tm, name+" "+e+" z", elems[e].(dict.Dict)["z"].(float64), want.(float64), tol)
				}
			}
		}
	}
	st, err := k.NodeStatus(pre)
	must(err)
	elems := st["synaptic_elements"].(dict.Dict)
	for name, want := range ref.StatusPre {
		got := elems[name].(dict.Dict)
		for key, w := range want.(map[string]any) {
			switch w := w.(type) {
			case float64:
				g, _ := dict.ToFloat(key, got[key])
				checkClose(t, -1, name+" "+key, g, w, tol)
			default:
				if got[key] != w {
					t.Errorf("synaptic element %s: %s = %v, NEST %v", name, key, got[key], w)
				}
			}
		}
	}
}

func checkClose(t *testing.T, tm float64, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(math.Abs(want), 1e-300) && got != want {
		t.Errorf("t=%g: %s = %.17g, NEST %.17g", tm, what, got, want)
	}
}

// TestStructuralPlasticityKernelStatus: the structural synapses read back
// as NEST shows them; EnableStructuralPlasticity refuses several threads;
// a structural synapse with an unknown model or without elements is
// refused and leaves the kernel as it was.
func TestStructuralPlasticityKernelStatus(t *testing.T) {
	k := newKernel()
	spec := dict.Dict{"syn": dict.Dict{"synapse_model": "static_synapse", "pre_synaptic_element": "A",
		"post_synaptic_element": "D", "allow_autapses": false}}
	if err := k.SetStatus(dict.Dict{"structural_plasticity_synapses": spec}); err != nil {
		t.Fatal(err)
	}
	got := k.Status()["structural_plasticity_synapses"].(dict.Dict)["syn"].(dict.Dict)
	want := dict.Dict{"synapse_model": "static_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D",
		"allow_autapses": false, "allow_multapses": true}
	for key, w := range want {
		if got[key] != w {
			t.Errorf("%s = %v, want %v", key, got[key], w)
		}
	}
	wantCategory(t, k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
		"x": dict.Dict{"synapse_model": "no_such_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D"}}}),
		nesterr.ErrUnknownSynapseType)
	wantCategory(t, k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
		"x": dict.Dict{"synapse_model": "static_synapse", "pre_synaptic_element": "A"}}}), nesterr.ErrBadProperty)
	if n := len(k.Status()["structural_plasticity_synapses"].(dict.Dict)); n != 1 {
		t.Errorf("after refused changes %d structural synapses, want 1", n)
	}
	// the builder's delay sets min_delay while there are no connections
	if err := k.CopyModel("static_synapse", "slow", dict.Dict{"delay": 2.5}); err != nil {
		t.Fatal(err)
	}
	if err := k.SetStatus(dict.Dict{"structural_plasticity_synapses": dict.Dict{
		"s": dict.Dict{"synapse_model": "slow", "pre_synaptic_element": "A", "post_synaptic_element": "D"}}}); err != nil {
		t.Fatal(err)
	}
	if st := k.Status(); st["min_delay"] != 2.5 || st["max_delay"] != 2.5 {
		t.Errorf("min_delay, max_delay = %v, %v; want 2.5 (the structural synapse's delay)", st["min_delay"], st["max_delay"])
	}
	k2 := newKernel()
	if err := k2.SetStatus(dict.Dict{"local_num_threads": int64(2)}); err != nil {
		t.Fatal(err)
	}
	wantCategory(t, k2.EnableStructuralPlasticity(), nesterr.ErrKernelException)
}

// TestSynapticElementStatus: synaptic_elements replaces a neuron's
// elements (NEST's defaults for what is not given), synaptic_elements_param
// changes them by name, a bad tau_vacant or curve name is refused and
// changes nothing.
func TestSynapticElementStatus(t *testing.T) {
	k := newKernel()
	id := mustCreate(t, k, "iaf_psc_exp", 1, dict.Dict{"synaptic_elements": dict.Dict{"Den": dict.Dict{"growth_curve": "gaussian", "eps": 0.3}}})
	elems := func() dict.Dict {
		st, err := k.NodeStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		return st["synaptic_elements"].(dict.Dict)
	}
	den := elems()["Den"].(dict.Dict)
	want := dict.Dict{"growth_curve": "gaussian", "eps": 0.3, "eta": 0.1, "growth_rate": 1.0, "tau_vacant": 0.1,
		"continuous": true, "z": 0.0, "z_connected": 0}
	for key, w := range want {
		if den[key] != w {
			t.Errorf("Den %s = %v, want %v", key, den[key], w)
		}
	}
	if err := k.SetNodeStatus([]int{id}, []dict.Dict{{"synaptic_elements_param": dict.Dict{"Den": dict.Dict{"z": 2.5}, "Other": dict.Dict{"z": 1.0}}}}); err != nil {
		t.Fatal(err)
	}
	if z := elems()["Den"].(dict.Dict)["z"]; z != 2.5 {
		t.Errorf("z after synaptic_elements_param = %v, want 2.5", z)
	}
	wantCategory(t, k.SetNodeStatus([]int{id}, []dict.Dict{{"synaptic_elements_param": dict.Dict{"Den": dict.Dict{"tau_vacant": 0.0}}}}), nesterr.ErrBadProperty)
	wantCategory(t, k.SetNodeStatus([]int{id}, []dict.Dict{{"synaptic_elements": dict.Dict{"A": dict.Dict{"growth_curve": "cubic"}}}}), nesterr.ErrBadProperty)
	if el := elems(); len(el) != 1 || el["Den"].(dict.Dict)["tau_vacant"] != 0.1 {
		t.Errorf("refused changes changed the elements: %v", el)
	}
}

// TestStructuralDrawsAgree: the Fenwick-tree draw of long lists picks
// exactly what erasing drawn entries picks, from the same stream.
func TestStructuralDrawsAgree(t *testing.T) {
	v := make([]int, 5000)
	for i := range v {
		v[i] = i * 3
	}
	k := newKernel()
	k.sp.rng = rand.New(rand.NewPCG(7, 9))
	fast := k.spDraw(slices.Clone(v), 300)
	k.sp.rng = rand.New(rand.NewPCG(7, 9))
	var slow []int
	rest := slices.Clone(v)
	for range 300 {
		r := k.sp.rng.IntN(len(rest))
		slow = append(slow, rest[r])
		rest = slices.Delete(rest, r, r+1)
	}
	if !slices.Equal(fast, slow) {
		t.Fatalf("draws differ: %v... vs %v...", fast[:5], slow[:5])
	}
}
