"""Synapse specifications as NEST scripts give them: several per pair
(CollocatedSynapses), model parameters per connection, parameters in
conn_spec; and the errors NEST raises for what it refuses."""

from __future__ import annotations

import nest
import numpy as np
import pytest


def test_collocated_synapses_give_every_pair_each_synapse(kernel):
    pre = nest.Create("iaf_psc_alpha", 4)
    post = nest.Create("iaf_psc_alpha", 4)
    spec = nest.CollocatedSynapses(
        {"weight": -1.0}, {"synapse_model": "stdp_synapse", "weight": 2.5}, "tsodyks_synapse"
    )
    assert len(spec) == 3
    nest.Connect(pre, post, {"rule": "fixed_indegree", "indegree": 2}, spec)
    conns = nest.GetConnections()
    assert len(conns) == 4 * 2 * 3
    by_model: dict[str, list[tuple[int, int]]] = {}
    for s, t, m, w in zip(conns.source, conns.target, conns.synapse_model, conns.weight):
        by_model.setdefault(m, []).append((s, t))
        assert w == {"static_synapse": -1.0, "stdp_synapse": 2.5, "tsodyks_synapse": 1.0}[m]
    # The rule drew its pairs once: every model has the same ones.
    pairs = sorted(by_model["static_synapse"])
    assert sorted(by_model["stdp_synapse"]) == pairs
    assert sorted(by_model["tsodyks_synapse"]) == pairs


def test_collocated_synapses_return_their_collection(kernel):
    n = nest.Create("iaf_psc_alpha", 2)
    conns = nest.Connect(
        n, n, "one_to_one", nest.CollocatedSynapses({"weight": 2.0}, {"weight": 3.0}), return_synapsecollection=True
    )
    assert sorted(conns.weight) == [2.0, 2.0, 3.0, 3.0]


def test_collocated_synapses_bad_member_connects_nothing(kernel):
    n = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(nest.NESTErrors.UnknownSynapseType):
        nest.Connect(n, n, syn_spec=nest.CollocatedSynapses({"weight": 2.0}, {"synapse_model": "no_such_synapse"}))
    with pytest.raises(ValueError):
        nest.Connect(n, n, syn_spec=nest.CollocatedSynapses())
    assert nest.num_connections == 0


def test_plastic_parameter_array_per_connection(kernel):
    pre = nest.Create("iaf_psc_alpha", 2)
    post = nest.Create("iaf_psc_alpha", 3)
    # all_to_all arrays are (targets, sources).
    tau = np.array([[10.0, 11.0], [12.0, 13.0], [14.0, 15.0]])
    nest.Connect(pre, post, "all_to_all", {"synapse_model": "stdp_synapse", "tau_plus": tau})
    for c in nest.GetConnections():
        row, col = c.target - post[0].global_id, c.source - pre[0].global_id
        assert c.get("tau_plus") == tau[row, col]


def test_plastic_parameter_drawn_per_connection(kernel):
    n = nest.Create("iaf_psc_alpha", 30)
    nest.Connect(n[:15], n[15:], "one_to_one", {"synapse_model": "stdp_synapse", "alpha": nest.random.uniform(2, 3)})
    alphas = np.array(nest.GetConnections().alpha)
    assert alphas.size == 15 and np.all((alphas >= 2) & (alphas < 3))
    assert np.unique(alphas).size > 10


def test_make_symmetric_refuses_random_values(kernel):
    n = nest.Create("iaf_psc_alpha", 4)
    for syn in ({"weight": nest.random.uniform()}, {"synapse_model": "stdp_synapse", "alpha": nest.random.uniform()}):
        with pytest.raises(nest.NESTErrors.NotImplemented):
            nest.Connect(n[:2], n[2:], {"rule": "one_to_one", "make_symmetric": True}, syn)
    assert nest.num_connections == 0


def test_constant_parameter_in_conn_spec(kernel):
    n = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": nest.CreateParameter("constant", {"value": 2.0})})
    assert nest.num_connections == 6


def test_set_defaults_refuses_a_distribution(kernel):
    with pytest.raises(ValueError, match="explicit, single parameter values"):
        nest.SetDefaults("iaf_psc_alpha", {"tau_m": nest.random.uniform(5, 10)})
    assert nest.GetDefaults("iaf_psc_alpha", "tau_m") == 10.0


def test_illegal_connection_message_opens_as_nest(kernel):
    n = nest.Create("iaf_psc_alpha")
    vm = nest.Create("voltmeter")
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="^.*Creation of connection is not possible because:\n"):
        nest.Connect(n, vm)


def test_ht_synapse_depresses(kernel):
    nest.resolution = 0.1
    sg = nest.Create("spike_generator", params={"spike_times": [10.0, 20.0]})
    parrot = nest.Create("parrot_neuron")
    target = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0})
    nest.Connect(sg, parrot)
    nest.Connect(parrot, target, syn_spec={"synapse_model": "ht_synapse", "weight": 2.0, "delta_P": 0.5, "tau_P": 10.0})
    nest.Simulate(30.0)
    # Full pool at the first spike (2 mV), then half of it, recovered for
    # 10 ms with tau_P 10 ms: P = 1 - 0.5 exp(-1).
    expected = 2.0 + 2.0 * (1 - 0.5 * np.exp(-1.0))
    # tau_m 1e9 ms: the membrane loses about 2e-8 of it over the run.
    assert target.V_m == pytest.approx(expected, rel=1e-7)
    assert nest.GetConnections(parrot, target).P == pytest.approx((1 - 0.5 * np.exp(-1.0)) * 0.5, rel=1e-12)


def test_thread_local_ids_after_simulate(kernel):
    nest.local_num_threads = 2
    n = nest.Create("iaf_psc_alpha", 4)
    assert n.thread_local_id == (-1, -1, -1, -1)
    nest.Simulate(1.0)
    assert n.thread_local_id == (0, 0, 1, 1)


def test_get_connections_by_synapse_label(kernel):
    n = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(n, n, syn_spec={"synapse_model": "static_synapse_lbl", "synapse_label": 7})
    nest.Connect(n[:2], n[:2], syn_spec={"synapse_model": "stdp_synapse_lbl", "synapse_label": 8})
    nest.Connect(n, n)
    seven = nest.GetConnections(synapse_label=7)
    assert len(seven) == 9 and set(seven.synapse_model) == {"static_synapse_lbl"}
    eight = nest.GetConnections(source=n[:1], synapse_label=8)
    assert len(eight) == 2 and eight.synapse_label == [8, 8]
    assert len(nest.GetConnections(synapse_model="static_synapse_lbl", synapse_label=8)) == 0
    assert len(nest.GetConnections(synapse_label=9)) == 0


def test_collection_follows_its_own_disconnects(kernel):
    """Removing some of a pair's repeated connections one by one through a
    collection leaves the collection able to read the others."""
    n = nest.Create("parrot_neuron", 2)
    for w in (1.0, 2.0, 3.0, 4.0):
        nest.Connect(n[0], n[1], syn_spec={"weight": w})
    nest.Connect(n[1], n[0], syn_spec={"weight": 5.0})
    conns = nest.GetConnections()
    kept = []
    for i, c in enumerate(conns):
        if i in (0, 2):
            nest.Disconnect(c)
        else:
            kept.append(c.get("weight"))
    assert kept == [2.0, 4.0, 5.0]
    assert sorted(nest.GetConnections().weight) == [2.0, 4.0, 5.0]
    with pytest.raises(nest.NESTErrors.KernelException):
        conns[0].get("weight")
    assert conns[1].get("weight") == 2.0


def test_to_json_at_module_level(kernel):
    text = nest.to_json(nest.GetDefaults("iaf_psc_alpha"))
    assert '"C_m": 250.0' in text
    assert isinstance(nest.to_json(nest.kernel_status), str)


def test_target_thread_of_connections_to_devices(kernel):
    nest.local_num_threads = 2
    n = nest.Create("iaf_psc_delta", 2)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Connect(n[0], n[1])
    threads = dict(zip(n.tolist(), n.get("thread"), strict=True))
    for c in nest.GetConnections(target=sr):
        # Kept with the neuron that sends, as NEST keeps it.
        assert c.target_thread == threads[c.source]
    assert nest.GetConnections(target=n[1]).target_thread == threads[n[1].global_id]
