package models

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func TestIafCondAlphaMcDefaults(t *testing.T) {
	st := NewIafCondAlphaMc().Status()
	comp := func(gL, cM float64) dict.Dict {
		return dict.Dict{"g_L": gL, "C_m": cM, "E_ex": 0.0, "E_in": -85.0, "E_L": -70.0,
			"tau_syn_ex": 0.5, "tau_syn_in": 2.0, "I_e": 0.0, "V_m": -70.0}
	}
	want := dict.Dict{
		"V_th": -55.0, "V_reset": -60.0, "t_ref": 2.0, "g_sp": 2.5, "g_pd": 1.0,
		"soma": comp(10, 150), "proximal": comp(5, 75), "distal": comp(10, 150),
		"receptor_types": dict.Dict{
			"soma_exc": 1, "soma_inh": 2, "proximal_exc": 3, "proximal_inh": 4, "distal_exc": 5, "distal_inh": 6,
			"soma_curr": 7, "proximal_curr": 8, "distal_curr": 9,
		},
		"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0,
		"recordables": []string{"V_m.d", "V_m.p", "V_m.s", "g_ex.d", "g_ex.p", "g_ex.s", "g_in.d", "g_in.p", "g_in.s", "t_ref_remaining"},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("defaults\n got %v\nwant %v", st, want)
	}
}

func TestIafCondAlphaMcRejectsBadParametersAndStaysUnchanged(t *testing.T) {
	mk := func() node.Node { return NewIafCondAlphaMc() }
	start := dict.Dict{"g_sp": 3.0, "soma": dict.Dict{"V_m": -65.0}, "distal": map[string]any{"I_e": 5.0}}
	checkRejections(t, mk, start, []rejectCase{
		{"V_reset equal to V_th", dict.Dict{"V_reset": -55.0}, nesterr.ErrBadProperty, "Reset potential"},
		{"t_ref negative", dict.Dict{"t_ref": -1.0}, nesterr.ErrBadProperty, "Refractory"},
		{"soma C_m zero", dict.Dict{"soma": dict.Dict{"C_m": 0.0}}, nesterr.ErrBadProperty, "Capacitance (soma)"},
		{"distal C_m negative", dict.Dict{"distal": dict.Dict{"C_m": -1.0}}, nesterr.ErrBadProperty, "Capacitance (distal)"},
		{"proximal tau_syn_in zero", dict.Dict{"proximal": dict.Dict{"tau_syn_in": 0.0}}, nesterr.ErrBadProperty, "time constants (proximal)"},
		{"proximal before distal", dict.Dict{"proximal": dict.Dict{"tau_syn_ex": 0.0}, "distal": dict.Dict{"C_m": 0.0}}, nesterr.ErrBadProperty, "(proximal)"},
		{"capacitance before time constants of a compartment", dict.Dict{"soma": dict.Dict{"C_m": 0.0, "tau_syn_ex": 0.0}}, nesterr.ErrBadProperty, "Capacitance (soma)"},
		{"membrane rules first", dict.Dict{"t_ref": -1.0, "soma": dict.Dict{"C_m": 0.0}}, nesterr.ErrBadProperty, "Refractory"},
		{"compartment not a dictionary", dict.Dict{"g_pd": 2.0, "soma": 1.0}, nesterr.ErrTypeMismatch, "soma"},
		{"string in a compartment", dict.Dict{"proximal": dict.Dict{"g_L": "big"}}, nesterr.ErrTypeMismatch, ""},
		{"bad state after good parameters", dict.Dict{"g_pd": 2.0, "distal": dict.Dict{"V_m": "rest"}}, nesterr.ErrTypeMismatch, ""},
		{"archive rule after good parameters and state", dict.Dict{"soma": dict.Dict{"V_m": -50.0}, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
	})
	checkUnknownKeyUnaccessed(t, NewIafCondAlphaMc(), "g_sp")
}

func TestIafCondAlphaMcCompartmentDictionaries(t *testing.T) {
	// Only the given entries change; V_m is per compartment and stays put
	// when E_L changes; unknown entries inside a compartment dictionary
	// are ignored, as in NEST 3.10.
	n := NewIafCondAlphaMc()
	if err := n.SetStatus(dict.NewReader(dict.Dict{
		"proximal": dict.Dict{"E_L": -65.0, "g_L": 7.0, "no_such_entry": 1.0},
		"distal":   dict.Dict{"V_m": -50.0},
	}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	prox, dist, soma := st["proximal"].(dict.Dict), st["distal"].(dict.Dict), st["soma"].(dict.Dict)
	if prox["E_L"] != -65.0 || prox["g_L"] != 7.0 || prox["V_m"] != -70.0 || prox["C_m"] != 75.0 {
		t.Errorf("proximal %v", prox)
	}
	if dist["V_m"] != -50.0 || soma["V_m"] != -70.0 {
		t.Errorf("V_m: soma %v, distal %v", soma["V_m"], dist["V_m"])
	}
}

func TestIafCondAlphaMcReceptors(t *testing.T) {
	n := NewIafCondAlphaMc()
	for r := 1; r <= 6; r++ {
		if err := n.CheckSpikeReceptor("iaf_cond_alpha_mc", r); err != nil {
			t.Errorf("spikes on %d: %v", r, err)
		}
	}
	for r := 7; r <= 9; r++ {
		if err := n.CheckCurrentReceptor(r); err != nil {
			t.Errorf("currents on %d: %v", r, err)
		}
	}
	for _, tc := range []struct {
		spike bool
		r     int
		cat   *nesterr.Category
	}{
		{true, 0, nesterr.ErrIncompatibleReceptorType}, {true, 7, nesterr.ErrIncompatibleReceptorType},
		{true, 9, nesterr.ErrIncompatibleReceptorType}, {true, 10, nesterr.ErrUnknownReceptorType},
		{false, 0, nesterr.ErrIncompatibleReceptorType}, {false, 6, nesterr.ErrIncompatibleReceptorType},
		{false, 10, nesterr.ErrUnknownReceptorType}, {false, -1, nesterr.ErrUnknownReceptorType},
	} {
		var err error
		if tc.spike {
			err = n.CheckSpikeReceptor("iaf_cond_alpha_mc", tc.r)
		} else {
			err = n.CheckCurrentReceptor(tc.r)
		}
		if !errors.Is(err, tc.cat) {
			t.Errorf("spike %v receptor %d: %v, want %s", tc.spike, tc.r, err, tc.cat.Name())
		}
	}
}

func TestIafCondAlphaMcInputReachesItsCompartment(t *testing.T) {
	// A spike on distal_exc raises only the distal conductance; a current
	// on proximal_curr depolarizes the proximal compartment first.
	s := newStepper(t, NewIafCondAlphaMc(), nil)
	s.spike(5, 5, 1)
	s.current(100, 8)
	s.advance()
	s.advance()
	s.advance()
	if gd, gp, gs := s.value(3), s.value(4), s.value(5); !(gd > 0) || gp != 0 || gs != 0 {
		t.Errorf("g_ex distal %g, proximal %g, soma %g: want only distal", gd, gp, gs)
	}
	if vd, vp, vs := s.value(0), s.value(1), s.value(2); !(vp > vs && vp > -70 && vs > -70 && vd > -70) {
		t.Errorf("V_m distal %g, proximal %g, soma %g", vd, vp, vs)
	}
}

func TestIafCondAlphaMcRefractoryFreezesAllCompartments(t *testing.T) {
	// While the soma is refractory NEST sets every dV/dt to 0: the
	// dendrites keep their potentials although the current still flows.
	s := newStepper(t, NewIafCondAlphaMc(), dict.Dict{"soma": dict.Dict{"I_e": 2000.0}, "distal": dict.Dict{"I_e": 300.0}})
	for len(s.spikes.steps) == 0 && s.step < 2000 {
		s.advance()
	}
	if len(s.spikes.steps) == 0 {
		t.Fatal("no spike")
	}
	s.advance() // the spike step's own count-down ends with it frozen
	vp, vd := s.value(1), s.value(0)
	for range 15 {
		s.advance()
		if s.value(1) != vp || s.value(0) != vd || s.value(2) != -60 {
			t.Fatalf("step %d: V_m.p %g (was %g), V_m.d %g (was %g), V_m.s %g", s.step, s.value(1), vp, s.value(0), vd, s.value(2))
		}
	}
}
