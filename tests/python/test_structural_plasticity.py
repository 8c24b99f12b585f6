"""Structural plasticity through the PyNEST API, against NEST 3.10.

References: testdata/nest310/structural (record_structural.py). The pair
protocol is deterministic and compared to 1e-12; the networks are random
and compared by their statistics over seeds: the small one in the default
run, the example's (minutes) only with GONEST_SLOW_TESTS=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nest
import numpy as np
import pytest

REF = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "structural"


def _pair_run(protocol: dict) -> tuple[list[dict], object, object]:
    p = protocol
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.resolution = p["resolution"]
    nest.structural_plasticity_update_interval = p["interval"]
    nest.CopyModel("static_synapse", "sp_syn", {"weight": p["weight"], "delay": 1.0})
    nest.structural_plasticity_synapses = {
        "sp_syn": {"synapse_model": "sp_syn", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
    }
    pre = nest.Create("iaf_psc_alpha", 1, dict(p["neuron"], I_e=p["currents"][0]))
    post = nest.Create("iaf_psc_alpha", 1, dict(p["neuron"], I_e=p["currents"][1]))
    pre.synaptic_elements = dict(p["extra"], Axon=p["axon"])
    post.synaptic_elements = {"Den": p["den"]}
    nest.EnableStructuralPlasticity()
    rows = []
    for _ in range(p["steps"]):
        nest.Simulate(p["step"])
        row = {"t": nest.biological_time, "n_conn": nest.num_connections}
        for name, node in (("pre", pre), ("post", post)):
            row[name + "_Ca"] = node.Ca
            for el, st in node.synaptic_elements.items():
                row[f"{name}_{el}_z"] = st["z"]
                row[f"{name}_{el}_z_connected"] = st["z_connected"]
        rows.append(row)
    return rows, pre, post


def test_pair_matches_nest310(kernel):
    """Ca, every z (1e-12 relative: same arithmetic, glibc-exact exp) and
    every z_connected and synapse count (exactly) after each Simulate call;
    the status dictionaries as NEST shows them."""
    ref = json.loads((REF / "pair.json").read_text())
    rows, pre, _ = _pair_run(ref["protocol"])
    assert len(rows) == len(ref["rows"])
    # the protocol makes and breaks synapses
    assert max(r["n_conn"] for r in ref["rows"]) >= 4
    assert any(a["n_conn"] > b["n_conn"] for a, b in zip(ref["rows"], ref["rows"][1:]))
    for got, want in zip(rows, ref["rows"]):
        assert set(got) == set(want)
        for key, w in want.items():
            if isinstance(w, float):
                assert got[key] == pytest.approx(w, rel=1e-12, abs=1e-300), (want["t"], key)
            else:
                assert got[key] == w, (want["t"], key)
    status = pre.synaptic_elements
    assert set(status) == set(ref["status_pre"])
    for name, want in ref["status_pre"].items():
        assert set(status[name]) == set(want), name
        for key, w in want.items():
            assert status[name][key] == (pytest.approx(w, rel=1e-12) if isinstance(w, float) else w), (name, key)
    assert nest.structural_plasticity_synapses == ref["kernel_synapses"]


def test_kernel_keys_and_switches(kernel):
    assert nest.structural_plasticity_update_interval == 10000.0
    assert nest.growth_curves == ["gaussian", "linear", "sigmoid"]
    nest.structural_plasticity_update_interval = 250.0
    assert nest.GetKernelStatus("structural_plasticity_update_interval") == 250.0
    nest.structural_plasticity_synapses = {
        "s": {"synapse_model": "static_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D",
              "allow_autapses": False},
    }
    assert nest.structural_plasticity_synapses["s"]["allow_autapses"] is False
    with pytest.raises(nest.NESTErrors.UnknownSynapseType):
        nest.structural_plasticity_synapses = {
            "s": {"synapse_model": "nope", "pre_synaptic_element": "A", "post_synaptic_element": "D"}
        }
    assert list(nest.structural_plasticity_synapses) == ["s"]
    nest.EnableStructuralPlasticity()
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.local_num_threads = 2
    assert nest.local_num_threads == 1
    nest.DisableStructuralPlasticity()
    nest.ResetKernel()
    assert nest.structural_plasticity_synapses == {}
    assert nest.structural_plasticity_update_interval == 10000.0
    nest.local_num_threads = 2
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.EnableStructuralPlasticity()


def test_elements_from_create_and_defaults(kernel):
    """synaptic_elements given to Create, SetDefaults and CopyModel reach
    every new neuron; GetStatus fills in NEST's defaults."""
    n = nest.Create("iaf_psc_alpha", 3, {"synaptic_elements": {"Axon": {"growth_curve": "sigmoid", "z": 1.5}}})
    elems = n.synaptic_elements
    assert len(elems) == 3
    assert elems[2]["Axon"] == {
        "growth_curve": "sigmoid", "eps": 0.7, "psi": 0.1, "growth_rate": 1.0, "tau_vacant": 0.1,
        "continuous": True, "z": 1.5, "z_connected": 0,
    }
    nest.SetDefaults("iaf_psc_exp", {"synaptic_elements": {"Den": {"z": 2.0}}})
    nest.CopyModel("iaf_psc_exp", "my_iaf")
    m = nest.Create("my_iaf")
    assert m.synaptic_elements["Den"]["z"] == 2.0
    assert nest.GetDefaults("iaf_psc_exp")["synaptic_elements"]["Den"]["growth_curve"] == "linear"
    n.set(synaptic_elements_param={"Axon": {"z": 4.0}})
    assert [e["Axon"]["z"] for e in n.synaptic_elements] == [4.0, 4.0, 4.0]
    with pytest.raises(nest.NESTErrors.BadProperty):
        n.set(synaptic_elements={"Axon": {"tau_vacant": -1.0}})
    assert n[0].synaptic_elements["Axon"]["tau_vacant"] == 0.1


def test_autapses_refused_when_asked(kernel):
    """One neuron with both elements: with allow_autapses False no synapse
    can form; with the default, it connects to itself."""
    for autapses, want in ((False, 0), (True, 3)):
        nest.ResetKernel()
        nest.structural_plasticity_update_interval = 10.0
        nest.structural_plasticity_synapses = {
            "s": {"synapse_model": "static_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D",
                  "allow_autapses": autapses},
        }
        n = nest.Create("iaf_psc_alpha", 1, {"synaptic_elements": {
            "A": {"z": 3.0, "growth_rate": 0.0}, "D": {"z": 3.0, "growth_rate": 0.0}}})
        nest.EnableStructuralPlasticity()
        nest.Simulate(20.0)
        assert nest.num_connections == want
        assert n.synaptic_elements["A"]["z_connected"] == want


def test_disconnect_releases_elements(kernel):
    """Disconnecting a structural synapse gives its elements back."""
    nest.structural_plasticity_update_interval = 10.0
    nest.structural_plasticity_synapses = {
        "s": {"synapse_model": "static_synapse", "pre_synaptic_element": "A", "post_synaptic_element": "D"},
    }
    a = nest.Create("iaf_psc_alpha", 1, {"synaptic_elements": {"A": {"z": 2.0, "growth_rate": 0.0}}})
    d = nest.Create("iaf_psc_alpha", 1, {"synaptic_elements": {"D": {"z": 2.0, "growth_rate": 0.0}}})
    nest.EnableStructuralPlasticity()
    nest.Simulate(5.0)
    assert nest.num_connections == 2
    nest.Disconnect(a, d, conn_spec={"rule": "one_to_one"}, syn_spec={"synapse_model": "static_synapse"})
    assert nest.num_connections == 1
    assert a.synaptic_elements["A"]["z_connected"] == 1
    assert d.synaptic_elements["D"]["z_connected"] == 1


def test_synapse_collection_disconnect_keeps_elements_bound(kernel):
    """SynapseCollection.disconnect removes the synapse only, as NEST 3.10's.

    NEST 3.10 (the same calls, run here) gives z_connected (1, 1) after
    ``nest.Disconnect(conns)``, (2, 2) after a second Connect and (1, 1)
    after the rule-based Disconnect, which releases the elements.
    """
    nest.structural_plasticity_synapses = {
        "s": {"synapse_model": "static_synapse", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
    }
    el = {"growth_curve": "linear", "growth_rate": 0.0, "eps": 0.1, "z": 2.0}
    n = nest.Create("iaf_psc_alpha", 2, {"synaptic_elements": {"Axon": el, "Den": el}})
    spec = {"synapse_model": "static_synapse", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"}

    def bound():
        return n[0].synaptic_elements["Axon"]["z_connected"], n[1].synaptic_elements["Den"]["z_connected"]

    nest.Connect(n[0], n[1], "one_to_one", spec)
    assert bound() == (1, 1)
    nest.Disconnect(nest.GetConnections(n[0], n[1]))
    assert nest.num_connections == 0
    assert bound() == (1, 1)
    nest.Connect(n[0], n[1], "one_to_one", spec)
    assert bound() == (2, 2)
    nest.Disconnect(n[0], n[1], conn_spec="one_to_one", syn_spec={"synapse_model": "static_synapse"})
    assert nest.num_connections == 0
    assert bound() == (1, 1)


def _recorder():
    """record_structural.py as a module (it runs the protocols)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("record_structural", REF / "record_structural.py")
    rec = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rec)
    return rec


def _check_statistics(runs: list[dict], ref: dict) -> None:
    """At every record point the mean over gonest's runs of each statistic
    agrees with NEST's mean within 3 standard errors of the difference
    (a floor of 1 synapse and 1e-6 Ca where both spreads vanish)."""
    n_ref, n = ref["n_runs"], len(runs)
    for key, floor in (("ca_e", 1e-6), ("ca_i", 1e-6), ("conn_e", 1.0), ("conn_i", 1.0)):
        values = np.array([r[key] for r in runs], dtype=float)
        mean, std = values.mean(axis=0), values.std(axis=0, ddof=1)
        want = ref["stats"][key]
        want_mean = np.asarray(want["mean"])
        assert mean.shape == want_mean.shape, key
        se = np.sqrt(np.asarray(want["std"]) ** 2 / n_ref + std**2 / n)
        bad = np.abs(mean - want_mean) > 3 * np.maximum(se, floor)
        assert not bad.any(), (key, np.flatnonzero(bad), mean[bad], want_mean[bad])


def test_small_network_statistics_match_nest310():
    """The example's network at a tenth of its size with fast growth
    (record_structural.py's small protocol), 6 seeds of gonest's against
    NEST's 16: the populations' mean Ca and the numbers of E and I synapses
    every second, which rise from 0, overshoot and are pruned back."""
    rec = _recorder()
    ref = json.loads((REF / "small.json").read_text())
    p = dict(ref["protocol"])
    assert max(ref["stats"]["conn_e"]["mean"]) > 20
    runs = [
        rec.run_network(seed, p["t_sim"], p["n_e"], p["n_i"], p["growth"], p["interval"])
        for seed in range(101, 107)
    ]
    _check_statistics(runs, ref)
    # the same seed builds the same network
    again = rec.run_network(101, p["t_sim"], p["n_e"], p["n_i"], p["growth"], p["interval"])
    assert again == runs[0]


@pytest.mark.skipif(not os.environ.get("GONEST_SLOW_TESTS"), reason="slow (minutes): set GONEST_SLOW_TESTS=1")
def test_example_network_statistics_match_nest310():
    """The network of pynest/examples/structural_plasticity.py for 50 s
    over NEST's 5 seeds (1-5) and 10 of gonest's (11-20), compared as in
    the small test. (With 5 against 5, whose spreads are poorly known,
    one early Ca point of the inhibitory population fell at 3.3 standard
    errors.)"""
    rec = _recorder()
    ref = json.loads((REF / "network.json").read_text())
    runs = [rec.run_network(seed, ref["protocol"]["t_sim"]) for seed in range(11, 21)]
    _check_statistics(runs, ref)


def test_connect_and_disconnect_with_element_names(kernel):
    """Connect with pre_synaptic_element and post_synaptic_element binds
    elements (one_to_one and all_to_all only, as in NEST); Disconnect with
    them releases them."""
    spec = {"synapse_model": "static_synapse", "pre_synaptic_element": "SE1", "post_synaptic_element": "SE2"}
    n = nest.Create("iaf_psc_alpha", 2, {"synaptic_elements": {
        "SE1": {"z": 0.0, "growth_rate": 0.0}, "SE2": {"z": 0.0, "growth_rate": 0.0}}})
    nest.Connect(n, n, "all_to_all", spec)
    for st in n.synaptic_elements:
        assert st["SE1"]["z_connected"] == 2 and st["SE2"]["z_connected"] == 2
        assert st["SE1"]["z"] == 2.0
    with pytest.raises(nest.NESTErrors.NotImplemented):
        nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 1}, spec)
    assert nest.num_connections == 4
    nest.Disconnect(n[0], n[1], syn_spec=spec)
    st = n.synaptic_elements
    assert (st[0]["SE1"]["z_connected"], st[0]["SE2"]["z_connected"]) == (1, 2)
    assert (st[1]["SE1"]["z_connected"], st[1]["SE2"]["z_connected"]) == (2, 1)
