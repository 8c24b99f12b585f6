package synapses

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// plHom returns a fresh stdp_pl_synapse_hom with model-level parameters
// params.
func plHom(t *testing.T, params dict.Dict) Type {
	t.Helper()
	typ := builtin(t, "stdp_pl_synapse_hom")
	if err := typ.SetDefaults(dict.NewReader(params)); err != nil {
		t.Fatalf("SetDefaults(%v): %v", params, err)
	}
	return typ
}

// plHomConnection makes a table of typ holding one connection 0 -> 1 with
// the given weight and per-connection parameters.
func plHomConnection(t *testing.T, typ Type, weight float64, params dict.Dict) Table {
	t.Helper()
	tpl, err := typ.Template(dict.NewReader(params))
	if err != nil {
		t.Fatalf("Template(%v): %v", params, err)
	}
	tab := typ.NewTable()
	tab.Grow(2)
	tab.Add(0, 1, 0, weight, tpl)
	return tab
}

// archived is a target's spike history as the kernel shows it to
// stdp_pl_synapse_hom: a node.Archive seen without dendritic delay.
type archived struct{ a *node.Archive }

// archivePost returns the archive of a target with tau_minus 20 ms that
// spiked at times (ascending, ms), read by one connection.
func archivePost(times []float64) *archived {
	a := node.DefaultArchive()
	a.Register()
	for _, t := range times {
		a.Spike(t)
	}
	return &archived{a: &a}
}

func (p *archived) History(t1, t2 float64, fn func(float64)) { p.a.History(t1, t2, fn) }
func (p *archived) KMinus(t float64) float64                 { return p.a.KMinus(t) }
func (p *archived) HistoryTriplet(t1, t2 float64, fn func(t, k float64)) {
	p.a.HistoryTriplet(t1, t2, fn)
}
func (p *archived) KValues(t float64) (k, nearest, triplet float64) { return p.a.KValues(t) }
func (p *archived) ViewedArchive() (*node.Archive, float64)         { return p.a, 0 }

// TestSTDPPLHomSinglePairs checks one pre-post and one post-pre pair
// against the rule written out by hand (times as the synapse sees them,
// i.e. postsynaptic spikes already shifted by the dendritic delay).
func TestSTDPPLHomSinglePairs(t *testing.T) {
	cases := []struct {
		name   string
		params dict.Dict
		weight float64
		pre    []float64
		post   []float64
		want   []float64 // weight transmitted at each presynaptic spike
	}{
		// pre 10, post 15, pre 30 without depression: the pair (10, 15)
		// potentiates by lambda * w^mu * K+ e^{-5/tau_plus}, K+ = 1.
		{"pre-post", dict.Dict{"lambda": 0.1, "alpha": 0.0, "mu": 0.4, "tau_plus": 20.0}, 50,
			[]float64{10, 30}, []float64{15},
			[]float64{50, 50 + 0.1*math.Pow(50, 0.4)*math.Exp(-0.25)}},
		// The same with tau_plus 10 and mu 1 (multiplicative potentiation).
		{"pre-post mu 1", dict.Dict{"lambda": 0.05, "alpha": 0.0, "mu": 1.0, "tau_plus": 10.0}, 8,
			[]float64{10, 30}, []float64{15},
			[]float64{8, 8 + 0.05*8*math.Exp(-0.5)}},
		// post 5, pre 10: depression by lambda * alpha * w * K-, with
		// K- = e^{-5/tau_minus} (tau_minus 20).
		{"post-pre", dict.Dict{"lambda": 0.1, "alpha": 0.5, "mu": 0.4}, 50,
			[]float64{10}, []float64{5},
			[]float64{50 - 0.1*0.5*50*math.Exp(-0.25)}},
		// pre 10, post 15, pre 30 with depression: potentiation first, then
		// depression of the potentiated weight by the post spike 15 ms back.
		{"pre-post-pre", dict.Dict{"lambda": 0.1, "alpha": 0.0513, "mu": 0.4, "tau_plus": 15.0}, 40,
			[]float64{10, 30}, []float64{15},
			func() []float64 {
				w := 40 + 0.1*math.Pow(40, 0.4)*math.Exp(-5.0/15)
				return []float64{40, w - 0.1*0.0513*w*math.Exp(-15.0/20)}
			}()},
		// No upper bound: a large weight keeps growing.
		{"unbounded", dict.Dict{"lambda": 0.1, "alpha": 0.0, "mu": 0.4, "tau_plus": 20.0}, 1e6,
			[]float64{10, 11}, []float64{10.5},
			[]float64{1e6, 1e6 + 0.1*math.Pow(1e6, 0.4)*math.Exp(-0.5/20)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := plHomConnection(t, plHom(t, c.params), c.weight, nil)
			post := archivePost(c.post)
			for i, at := range c.pre {
				closeTo(t, "weight sent", spike(t, tab, at, post), c.want[i], stdpTol*c.weight/50)
			}
			w, _ := state(tab)
			closeTo(t, "stored weight", w, c.want[len(c.want)-1], stdpTol*c.weight/50)
		})
	}
}

// TestSTDPPLHomDepressionStopsAtZero: when lambda * alpha * K- exceeds 1 the
// weight becomes 0, not negative.
func TestSTDPPLHomDepressionStopsAtZero(t *testing.T) {
	tab := plHomConnection(t, plHom(t, dict.Dict{"lambda": 0.5, "alpha": 4.0}), 30, nil)
	if got := spike(t, tab, 10, archivePost([]float64{9.9})); got != 0 {
		t.Errorf("weight = %.17g, want 0", got)
	}
}

// TestSTDPPLHomKplus: K+ decays with the model's tau_plus and grows by 1
// per presynaptic spike, from the connection's own initial Kplus.
func TestSTDPPLHomKplus(t *testing.T) {
	tab := plHomConnection(t, plHom(t, dict.Dict{"tau_plus": 10.0}), 10, dict.Dict{"Kplus": 2.0})
	post := archivePost(nil)
	for _, at := range []float64{5, 15, 25} {
		spike(t, tab, at, post)
	}
	_, st := state(tab)
	want := ((2*math.Exp(-0.5)+1)*math.Exp(-1)+1)*math.Exp(-1) + 1
	closeTo(t, "Kplus", st["Kplus"].(float64), want, 1e-15)
	if !reflect.DeepEqual(st, dict.Dict{"Kplus": st["Kplus"]}) {
		t.Errorf("connection status %v, want Kplus only", st)
	}
}

// TestSTDPPLHomModelParameters: tau_plus, lambda, alpha and mu belong to
// the model. A change of the defaults reaches connections made before it;
// a clone (CopyModel) has its own set.
func TestSTDPPLHomModelParameters(t *testing.T) {
	typ := builtin(t, "stdp_pl_synapse_hom")
	tab := plHomConnection(t, typ, 50, nil)
	clone := typ.Clone()
	cloneTab := plHomConnection(t, clone, 50, nil)
	if err := typ.SetDefaults(dict.NewReader(dict.Dict{"lambda": 0.2, "alpha": 0.0, "mu": 1.0, "tau_plus": 10.0})); err != nil {
		t.Fatal(err)
	}
	if got := typ.Defaults(); !reflect.DeepEqual(got, dict.Dict{"tau_plus": 10.0, "lambda": 0.2, "alpha": 0.0, "mu": 1.0, "Kplus": 0.0}) {
		t.Errorf("defaults = %v", got)
	}
	if got := clone.Defaults(); got["lambda"] != 0.1 || got["tau_plus"] != 20.0 || got["mu"] != 0.4 || got["alpha"] != 1.0 {
		t.Errorf("clone's defaults changed to %v", got)
	}
	post := archivePost([]float64{15})
	spike(t, tab, 10, post)
	closeTo(t, "weight with the new parameters", spike(t, tab, 30, post), 50+0.2*50*math.Exp(-0.5), stdpTol)
	spike(t, cloneTab, 10, post)
	w := 50 + 0.1*math.Pow(50, 0.4)*math.Exp(-0.25)
	closeTo(t, "weight with the clone's parameters", spike(t, cloneTab, 30, post), w-0.1*w*math.Exp(-0.75), stdpTol)

	// Kplus is a per-connection default.
	if err := typ.SetDefaults(dict.NewReader(dict.Dict{"Kplus": 3.0})); err != nil {
		t.Fatal(err)
	}
	tpl, err := typ.Template(dict.NewReader(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s := tpl.(stdpPLHomState); s.Kplus != 3 {
		t.Errorf("template Kplus = %g, want 3", s.Kplus)
	}
}

// TestSTDPPLHomRejections: tau_plus must be positive (NEST's only check;
// negative lambda, alpha, mu, Kplus and weights pass), and a rejected
// SetDefaults changes nothing.
func TestSTDPPLHomRejections(t *testing.T) {
	for _, params := range []dict.Dict{
		{"tau_plus": 0.0},
		{"tau_plus": -5.0, "Kplus": 2.0},
		{"lambda": 0.5, "mu": 1.0, "tau_plus": math.NaN()},
	} {
		typ := builtin(t, "stdp_pl_synapse_hom")
		before := typ.Defaults()
		if err := typ.SetDefaults(dict.NewReader(params)); !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("SetDefaults(%v) = %v, want BadProperty", params, err)
		}
		if after := typ.Defaults(); !reflect.DeepEqual(after, before) {
			t.Errorf("SetDefaults(%v) failed but changed the defaults to %v", params, after)
		}
	}
	typ := builtin(t, "stdp_pl_synapse_hom")
	if err := typ.SetDefaults(dict.NewReader(dict.Dict{"lambda": -1.0, "alpha": -2.0, "mu": -3.0, "Kplus": -1.0})); err != nil {
		t.Errorf("unchecked parameters refused: %v", err)
	}
	if err := typ.SetDefaults(dict.NewReader(dict.Dict{"mu": "high"})); err == nil {
		t.Error("mu \"high\" accepted")
	}
	tpl, _ := typ.Template(dict.NewReader(nil))
	if err := typ.CheckWeight(tpl, -4); err != nil {
		t.Errorf("negative weight refused: %v", err)
	}
}

// TestSTDPPLHomPerConnectionParameters: as in NEST, giving a model-level
// parameter to Connect is NotImplemented; to a connection's SetStatus it is
// simply not read (the kernel reports it as an unaccessed entry).
func TestSTDPPLHomPerConnectionParameters(t *testing.T) {
	typ := builtin(t, "stdp_pl_synapse_hom")
	for _, key := range []string{"tau_plus", "lambda", "alpha", "mu"} {
		_, err := typ.Template(dict.NewReader(dict.Dict{"Kplus": 1.0, key: 0.5}))
		if !errors.Is(err, nesterr.ErrNotImplemented) {
			t.Errorf("Template with %s: %v, want NotImplemented", key, err)
		}
	}
	tab := plHomConnection(t, typ, 5, dict.Dict{"Kplus": 1.5})
	r := dict.NewReader(dict.Dict{"Kplus": 0.25, "tau_plus": 1.0})
	st, err := tab.Prepared(0, 0, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Unused(); !reflect.DeepEqual(got, []string{"tau_plus"}) {
		t.Errorf("unread keys %v, want [tau_plus]", got)
	}
	tab.Apply(0, 0, st, 6, 0)
	if w, s := state(tab); w != 6 || s["Kplus"] != 0.25 {
		t.Errorf("after Apply: weight %g, status %v", w, s)
	}
	if got := typ.Defaults()["tau_plus"]; got != 20.0 {
		t.Errorf("tau_plus default = %v after a connection's SetStatus", got)
	}
}

// TestSTDPPLHomDeliverAllocatesNothing: the rule allocates nothing per
// connection and spike (each table has its own prepared facilitation), which
// matters when a benchmark network delivers hundreds of millions of them.
func TestSTDPPLHomDeliverAllocatesNothing(t *testing.T) {
	typ := plHom(t, nil)
	tab := typ.NewTable()
	tab.Grow(1)
	tpl, _ := typ.Template(dict.NewReader(nil))
	for i := range 100 {
		tab.Add(0, uint32(i), 0, 45, tpl)
	}
	post := archivePost([]float64{3, 7, 12})
	at, sum := 0.0, 0.0
	postOf := func(uint32, uint32) Post { return post }
	send := func(_ int, _, _ uint32, w float64) { sum += w }
	allocs := testing.AllocsPerRun(20, func() {
		at += 5
		tab.Deliver(0, at, nil, postOf, send)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per delivery to 100 connections, want 0", allocs)
	}
	if sum == 0 {
		t.Error("nothing delivered")
	}
}
