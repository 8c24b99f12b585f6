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
