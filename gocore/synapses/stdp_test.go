package synapses

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// fakePost is a postsynaptic history seen from the synapse (times already
// shifted by the dendritic delay), with K- summed directly.
type fakePost struct {
	spikes   []float64 // ms, ascending
	tauMinus float64   // ms
}

func (p *fakePost) History(t1, t2 float64, fn func(float64)) {
	for _, s := range p.spikes {
		if s > t1 && s <= t2 {
			fn(s)
		}
	}
}

func (p *fakePost) HistoryTriplet(t1, t2 float64, fn func(t, k float64)) {
	p.History(t1, t2, func(t float64) { fn(t, 0) })
}

func (p *fakePost) KValues(t float64) (k, nearest, triplet float64) { return p.KMinus(t), 0, 0 }

func (p *fakePost) KMinus(t float64) float64 {
	k := 0.0
	for _, s := range p.spikes {
		if s < t {
			k += math.Exp(-(t - s) / p.tauMinus)
		}
	}
	return k
}

// stdpTol covers the rounding of a weight of order 100 through a few
// operations, about 1e-14.
const stdpTol = 1e-12

func TestSTDPSinglePairs(t *testing.T) {
	additive := dict.Dict{"Wmax": 100.0, "lambda": 0.1, "alpha": 1.1, "mu_plus": 0.0, "mu_minus": 0.0, "tau_plus": 20.0}
	multiplicative := dict.Dict{"Wmax": 100.0, "lambda": 0.1, "alpha": 1.1, "mu_plus": 1.0, "mu_minus": 1.0, "tau_plus": 20.0}
	cases := []struct {
		name   string
		params dict.Dict
		pre    []float64 // presynaptic spike times, ms
		post   []float64
		want   []float64 // weight transmitted at each pre spike
	}{
		// pre 10, post 15, pre 30: the pair (10, 15) potentiates by
		// Wmax*lambda*K+ with K+ = e^{-5/20}; then the post spike 15 ms
		// before 30 depresses by Wmax*alpha*lambda*e^{-15/20}.
		{"additive pre-post", additive, []float64{10, 30}, []float64{15},
			[]float64{50, 50 + 10*math.Exp(-0.25) - 11*math.Exp(-0.75)}},
		// post 5, pre 10: only depression, by 1.1*10*e^{-5/20}.
		{"additive post-pre", additive, []float64{10}, []float64{5},
			[]float64{50 - 11*math.Exp(-0.25)}},
		// mu = 1 scales potentiation by 1 - w/Wmax and depression by w/Wmax.
		{"multiplicative post-pre", multiplicative, []float64{10}, []float64{5},
			[]float64{50 - 0.5*11*math.Exp(-0.25)}},
		{"multiplicative pre-post", dict.Dict{"Wmax": 100.0, "lambda": 0.1, "alpha": 0.0, "mu_plus": 1.0, "tau_plus": 20.0},
			[]float64{10, 30}, []float64{15},
			[]float64{50, 50 + 0.5*10*math.Exp(-0.25)}},
		// Two post spikes between pre spikes potentiate one after the
		// other, each with the weight left by the previous one.
		{"two posts", dict.Dict{"Wmax": 100.0, "lambda": 0.1, "alpha": 0.0, "mu_plus": 1.0, "tau_plus": 20.0},
			[]float64{10, 30}, []float64{12, 20},
			func() []float64 {
				w := 50 + 0.5*10*math.Exp(-2.0/20)
				w = 100 * (w/100 + 0.1*(1-w/100)*math.Exp(-10.0/20))
				return []float64{50, w}
			}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := oneConnection(t, "stdp_synapse", 50, c.params)
			post := &fakePost{spikes: c.post, tauMinus: 20}
			for i, at := range c.pre {
				closeTo(t, "weight sent", spike(t, tab, at, post), c.want[i], stdpTol)
			}
			w, _ := state(tab)
			closeTo(t, "stored weight", w, c.want[len(c.want)-1], stdpTol)
		})
	}
}

func TestSTDPKplusAccumulates(t *testing.T) {
	tab := oneConnection(t, "stdp_synapse", 10, nil)
	post := &fakePost{tauMinus: 20}
	for _, at := range []float64{10, 20, 30} {
		spike(t, tab, at, post)
	}
	_, st := state(tab)
	want := (math.Exp(-0.5)+1)*math.Exp(-0.5) + 1
	closeTo(t, "Kplus", st["Kplus"].(float64), want, 1e-15)
}

func TestSTDPWeightStaysWithinZeroAndWmax(t *testing.T) {
	params := dict.Dict{"Wmax": 60.0, "lambda": 1.0, "alpha": 2.0, "mu_plus": 0.0, "mu_minus": 0.0}
	tab := oneConnection(t, "stdp_synapse", 50, params)
	// pre 10, post 10.5, pre 11: potentiation by 60*e^{-0.5/20} would
	// pass Wmax, so the weight is Wmax; then depression by
	// 2*60*e^{-0.5/20} would take more than all of it: it stops at 0.
	post := &fakePost{spikes: []float64{10.5}, tauMinus: 20}
	spike(t, tab, 10, post)
	params["alpha"] = 0.0
	noDep := oneConnection(t, "stdp_synapse", 50, params)
	spike(t, noDep, 10, post)
	if got := spike(t, noDep, 11, post); got != 60 {
		t.Errorf("potentiated weight = %.17g, want Wmax = 60", got)
	}
	if got := spike(t, tab, 11, post); got != 0 {
		t.Errorf("depressed weight = %.17g, want 0", got)
	}
}

func TestSTDPWeightAndWmaxSigns(t *testing.T) {
	typ := builtin(t, "stdp_synapse")
	for _, c := range []struct {
		wmax, weight float64
		ok           bool
	}{
		{100, 1, true}, {100, 0, true}, {100, -1, false},
		{-100, -1, true}, {-100, 0, false}, {-100, 5, false}, {0, 0, true},
	} {
		tpl, err := typ.Template(dict.NewReader(dict.Dict{"Wmax": c.wmax}))
		if err != nil {
			t.Fatal(err)
		}
		err = typ.CheckWeight(tpl, c.weight)
		if c.ok && err != nil || !c.ok && !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("Wmax %g, weight %g: %v", c.wmax, c.weight, err)
		}
	}
	// The short-term models have no such rule.
	tsod := builtin(t, "tsodyks_synapse")
	tpl, _ := tsod.Template(dict.NewReader(nil))
	if err := tsod.CheckWeight(tpl, -5); err != nil {
		t.Errorf("tsodyks_synapse weight -5: %v", err)
	}
}

// TestSTDPAcceptsAnyTauPlus: NEST 3.10 checks only Kplus and the signs;
// tau_plus is not validated.
func TestSTDPAcceptsAnyTauPlus(t *testing.T) {
	if _, err := builtin(t, "stdp_synapse").Template(dict.NewReader(dict.Dict{"tau_plus": 0.0})); err != nil {
		t.Errorf("tau_plus 0: %v", err)
	}
}

// TestSTDPDeliverAllocatesNothing: like stdp_pl_synapse_hom, stdp_synapse
// allocates nothing per connection and spike.
func TestSTDPDeliverAllocatesNothing(t *testing.T) {
	var typ Type
	for _, ty := range Builtin() {
		if ty.Name() == "stdp_synapse" {
			typ = ty
		}
	}
	tab := typ.NewTable()
	tab.Grow(1)
	tpl, err := typ.Template(dict.NewReader(nil))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		tab.Add(0, uint32(i), 0, 45, tpl)
	}
	post := &fakePost{spikes: []float64{3, 7, 12}, tauMinus: 20}
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
