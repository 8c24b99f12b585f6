"""cm_default from Python: compartments and receptors given at Create and by
set, the Compartments/Receptors wrappers, ports and NEST's exception names."""

from __future__ import annotations

import nest
import numpy as np
import pytest

SOMA = {"C_m": 1.0, "g_C": 0.0, "g_L": 0.1, "e_L": -70.0, "v_comp": -70.0}
DEND = {"C_m": 0.1, "g_C": 0.1, "g_L": 0.01, "e_L": -70.0}


def two_comp(**extra):
    return nest.Create(
        "cm_default",
        params={
            "compartments": [{"parent_idx": -1, "params": SOMA}, {"parent_idx": 0, "params": DEND}],
            "receptors": [{"comp_idx": 1, "receptor_type": "AMPA"}, {"comp_idx": 0, "receptor_type": "GABA"}],
            **extra,
        },
    )


def test_get_returns_wrappers_in_nest_order(kernel):
    cm = two_comp()
    comps, recs = cm.compartments, cm.receptors
    assert isinstance(comps, nest.Compartments) and isinstance(recs, nest.Receptors)
    assert comps.get_tuple() == ({"comp_idx": 0, "parent_idx": -1}, {"comp_idx": 1, "parent_idx": 0})
    # receptors are listed compartment by compartment
    assert [(r["comp_idx"], r["receptor_idx"], r["receptor_type"]) for r in recs] == [(0, 1, "GABA"), (1, 0, "AMPA")]
    assert set(cm.recordables) == {
        "v_comp0", "m_Na_0", "h_Na_0", "n_K_0", "v_comp1", "m_Na_1", "h_Na_1", "n_K_1",
        "g_r_AMPA_0", "g_d_AMPA_0", "g_r_GABA_1", "g_d_GABA_1",
    }  # fmt: skip


def test_add_assign_and_plus(kernel):
    cm = nest.Create("cm_default")
    cm.compartments = {"parent_idx": -1, "params": SOMA}
    cm.compartments += [{"parent_idx": 0, "params": DEND}, {"parent_idx": 1}]
    assert len(cm.compartments) == 3
    cm.receptors = {"comp_idx": 2, "receptor_type": "NMDA"}
    cm.receptors += {"comp_idx": 0, "receptor_type": "AMPA_NMDA", "params": {"NMDA_ratio": 1.0}}
    assert [r["receptor_idx"] for r in cm.receptors] == [1, 0]
    # + makes a new wrapper and sets nothing
    more = cm.compartments + {"parent_idx": 0}
    assert len(more.get_tuple()) == 4 and len(cm.compartments) == 3
    with pytest.raises(TypeError):
        _ = cm.compartments + [{"parent_idx": 0}, "not a dict"]
    with pytest.raises(TypeError):
        nest.Compartments(cm, {"parent_idx": 0})


@pytest.mark.parametrize(
    ("set_", "error", "message"),
    [
        ({"add_compartments": {"parent_idx": 15}}, "UnknownCompartment", "Compartment 15 does not exist in tree, but was"),
        ({"add_compartments": {"parent_idx": -1}}, "UnknownCompartment", "the root, has already been instantiated"),
        ({"add_receptors": {"comp_idx": 12, "receptor_type": "GABA"}}, "UnknownCompartment", "Compartment 12 does not"),
        ({"compartments": {"parent_idx": 0}}, "BadProperty", "'compartments' is already defined"),
        ({"receptors": {"comp_idx": 0, "receptor_type": "AMPA"}}, "BadProperty", "'receptors' is already defined"),
        ({"add_compartments": {"parent_idx": 0, "params": {"bla": 1.0}}}, "UnaccessedDictionaryEntry", "bla"),
    ],
)
def test_bad_input_raises_nest_names_and_changes_nothing(kernel, set_, error, message):
    cm = two_comp()
    before = (cm.compartments.get_tuple(), cm.receptors.get_tuple(), cm.recordables)
    with pytest.raises(getattr(nest.NESTErrors, error), match=message):
        # a valid entry first: it must not stay either
        cm.set({"add_compartments": [{"parent_idx": 0}], **set_} if "add_compartments" not in set_ else set_)
    assert (cm.compartments.get_tuple(), cm.receptors.get_tuple(), cm.recordables) == before


def test_ports_and_simulate_without_compartments(kernel):
    cm = two_comp()
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    with pytest.raises(nest.NESTErrors.UnknownPort, match=r"Valid spike receptor ports for cm_default are in \[0, 2\["):
        nest.Connect(sg, cm, syn_spec={"receptor_type": 2})
    dc = nest.Create("dc_generator")
    with pytest.raises(nest.NESTErrors.UnknownPort, match=r"Valid current receptor ports for cm_default are in \[0, 2\["):
        nest.Connect(dc, cm, syn_spec={"receptor_type": 2})
    nest.Create("cm_default")
    with pytest.raises(nest.NESTErrors.UnknownCompartment, match="no compartments have been added"):
        nest.Simulate(1.0)


def test_spikes_on_receptors_drive_the_compartments(kernel):
    cm = two_comp(V_th=-60.0)
    sg = nest.Create("spike_generator", params={"spike_times": [2.0, 3.0, 4.0]})
    nest.Connect(sg, cm, syn_spec={"weight": 0.5, "delay": 1.0, "receptor_type": 0})  # AMPA on the dendrite
    mm = nest.Create("multimeter", params={"record_from": ["v_comp0", "v_comp1", "g_d_AMPA_0"], "interval": 0.1})
    nest.Connect(mm, cm)
    sr = nest.Create("spike_recorder")
    nest.Connect(cm, sr)
    nest.Simulate(30.0)
    ev = mm.events
    # at rest (to rounding) until the first spike arrives at 3 ms
    assert np.allclose(ev["v_comp0"][ev["times"] <= 3.0], -70.0, rtol=0, atol=1e-9)
    assert ev["g_d_AMPA_0"].max() > 0 and ev["v_comp1"].max() > ev["v_comp0"].max() > -70.0
    assert sr.n_events >= 1
