"""Astrocytes (astrocyte_lr_1994, sic_connection, aeif_cond_alpha_astro)
against NEST 3.10 references.

The scenarios live in testdata/nest310/astro/scenarios.py and were run with
NEST 3.10.0 by record_astro.py there; here gonest runs the same functions
with 1 and 2 threads. Time axes and spikes must be identical; the traces
(IP3, Ca_astro, h_IP3R, V_m, I_SIC, w, g_ex) must agree within 1e-9
relative (plus 1e-12 absolute, for values that are 0): both integrate with
the same adaptive RKF45 steps and the same libm, so the only differences
left are roundings of the compiled arithmetic, far below that bound.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib

import nest
import numpy as np
import pytest

HERE = pathlib.Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "astro"
_spec = importlib.util.spec_from_file_location("astro_scenarios", HERE / "scenarios.py")
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

RTOL, ATOL = 1e-9, 1e-12


def _order(senders, times):
    return np.lexsort((np.asarray(times), np.asarray(senders)))


@pytest.mark.parametrize("name", sorted(scenarios.SCENARIOS))
@pytest.mark.parametrize("threads", [1, 2])
def test_astrocytes_match_nest310(name, threads):
    ref = json.loads((HERE / f"{name}.json").read_text())
    got = scenarios.SCENARIOS[name](nest, threads)
    for prefix, keys in (("astro", scenarios.ASTRO_KEYS), ("neuron", scenarios.NEURON_KEYS)):
        oref = _order(ref[prefix + "_senders"], ref[prefix + "_times"])
        ogot = _order(got[prefix + "_senders"], got[prefix + "_times"])
        for k in ("senders", "times"):
            np.testing.assert_array_equal(np.asarray(got[f"{prefix}_{k}"])[ogot],
                                          np.asarray(ref[f"{prefix}_{k}"])[oref], err_msg=f"{prefix}_{k}")
        for k in keys:
            np.testing.assert_allclose(np.asarray(got[f"{prefix}_{k}"])[ogot], np.asarray(ref[f"{prefix}_{k}"])[oref],
                                       rtol=RTOL, atol=ATOL, err_msg=f"{name}: {prefix} {k}")
    oref = _order(ref["spike_senders"], ref["spike_times"])
    ogot = _order(got["spike_senders"], got["spike_times"])
    assert len(ref["spike_times"]) > 0
    np.testing.assert_array_equal(np.asarray(got["spike_senders"])[ogot], np.asarray(ref["spike_senders"])[oref])
    np.testing.assert_array_equal(np.asarray(got["spike_times"])[ogot], np.asarray(ref["spike_times"])[oref])


def test_sic_connection_needs_astrocyte_to_astro_neuron():
    nest.ResetKernel()
    astro = nest.Create("astrocyte_lr_1994")
    plain = nest.Create("aeif_cond_alpha")
    astro_neuron = nest.Create("aeif_cond_alpha_astro")
    for pre, post in ((astro, plain), (astro_neuron, astro_neuron), (astro, astro)):
        with pytest.raises(nest.NESTErrors.IllegalConnection):
            nest.Connect(pre, post, syn_spec={"synapse_model": "sic_connection"})
    assert nest.GetKernelStatus("num_connections") == 0
    # an astrocyte sends no spikes
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(astro, plain)
    nest.Connect(astro, astro_neuron, syn_spec={"synapse_model": "sic_connection", "weight": 2.0, "delay": 1.5})
    conn = nest.GetConnections(astro, astro_neuron)
    assert conn.get("weight") == 2.0 and conn.get("delay") == 1.5
    assert nest.GetDefaults("sic_connection")["has_delay"] is True


def test_astrocyte_bad_parameters_leave_node_unchanged():
    nest.ResetKernel()
    astro = nest.Create("astrocyte_lr_1994")
    with pytest.raises(nest.NESTErrors.BadProperty, match="tau_IP3"):
        astro.set(IP3_0=0.3, tau_IP3=-1.0)
    with pytest.raises(nest.NESTErrors.BadProperty, match="h_IP3R"):
        astro.set(IP3_0=0.3, h_IP3R=1.5)
    assert astro.get("IP3_0") == 0.16 and astro.get("h_IP3R") == 0.793


def test_astrocyte_refuses_negative_spike_weights_at_delivery():
    nest.ResetKernel()
    astro = nest.Create("astrocyte_lr_1994")
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, astro, syn_spec={"weight": -1.0})
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Simulate(5.0)


def test_sic_follows_calcium_after_the_delay():
    """With every calcium flux and the IP3R gating switched off, Ca_astro
    stays put and the current a neuron receives is weight * SIC_scale *
    ln((Ca_astro - SIC_th) * 1000) once the delay has passed, 0 before
    (to rounding: 1e-12 relative). A spike of weight w and multiplicity m
    raises IP3 by delta_IP3 * w * m in the step it arrives, from which IP3
    decays back towards IP3_0."""
    nest.ResetKernel()
    nest.resolution = 0.1
    ca, th, scale, w, delay = 0.31, 0.19669, 1.7, 3.5, 2.3
    astro = nest.Create("astrocyte_lr_1994", params={
        "Ca_astro": ca, "SIC_th": th, "SIC_scale": scale, "rate_IP3R": 0.0, "rate_L": 0.0, "rate_SERCA": 0.0,
        "k_IP3R": 0.0, "delta_IP3": 0.01})
    neuron = nest.Create("aeif_cond_alpha_astro", params={"V_peak": 1e3, "V_th": 1e3})
    nest.Connect(astro, neuron, syn_spec={"synapse_model": "sic_connection", "weight": w, "delay": delay})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0], "spike_weights": [2.0, 2.0]})
    nest.Connect(sg, astro, syn_spec={"delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["I_SIC"], "interval": 0.1})
    mma = nest.Create("multimeter", params={"record_from": ["IP3", "Ca_astro"], "interval": 0.1})
    nest.Connect(mm, neuron)
    nest.Connect(mma, astro)
    nest.Simulate(10.0)
    ev = mm.events
    times, sic = np.asarray(ev["times"]), np.asarray(ev["I_SIC"])
    expected = w * scale * np.log((ca - th) * 1000.0)
    # the value computed in step s (from s*h to (s+1)*h) is read by the
    # neuron in step s+delay and recorded at its end, (s+1)*h + delay; the
    # first one, of step 0, at h + delay
    after = times >= 0.1 + delay - 1e-9
    np.testing.assert_allclose(sic[after], expected, rtol=1e-12)
    assert np.all(sic[~after] == 0.0)
    eva = mma.events
    np.testing.assert_array_equal(eva["Ca_astro"], ca)
    ip3 = np.asarray(eva["IP3"])
    t = np.asarray(eva["times"])
    # the spikes (at 5.0 ms, delay 1 ms) are added in the step ending at
    # 6.0 ms, as NEST does: 0.01 * (2 + 2), after that step's decay, which
    # is nil at IP3 = IP3_0
    assert np.all(ip3[t < 6.0 - 1e-9] == 0.16)
    assert ip3[np.isclose(t, 6.0)][0] == pytest.approx(0.2, rel=1e-12)
    assert np.all(np.diff(ip3[t > 6.0 - 1e-9]) < 0)


@pytest.mark.parametrize("model", ["astrocyte_lr_1994", "gif_pop_psc_exp", "spike_train_injector"])
def test_plain_node_models_have_no_structural_plasticity_entries(model):
    # NEST derives these models from its plain Node class: their status has
    # no Ca, tau_Ca, ..., ignore_and_spike, and setting one is refused.
    nest.ResetKernel()
    generic = {"Ca", "tau_Ca", "beta_Ca", "ignore_and_spike", "ignore_and_spike_interval",
               "ignore_and_spike_offset", "post_trace", "archiver_length", "synaptic_elements"}
    assert not generic & set(nest.GetDefaults(model))
    node = nest.Create(model)
    assert not generic & set(node.get())
    for key, value in (("Ca", 1.0), ("ignore_and_spike", True), ("synaptic_elements", {})):
        with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
            node.set({key: value})
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nest.SetDefaults(model, {"tau_Ca": 5.0})
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nest.Create(model, params={"beta_Ca": 5.0})
    assert "Ca" in nest.GetDefaults("aeif_cond_alpha_astro")


def test_correlation_detectors_defaults_have_no_events():
    nest.ResetKernel()
    for model in ("correlation_detector", "correlomatrix_detector", "correlospinmatrix_detector"):
        assert "events" not in nest.GetDefaults(model)
    assert "events" in nest.GetDefaults("spin_detector")
