"""A SynapseCollection reads the kernel's current values, as NEST's does.

The expected values are NEST 3.10's, from the reference scenarios of
gocore/kernel/testdata/models (see synapses_reference_test.go there).
"""

from __future__ import annotations

import nest
import numpy as np
import pytest

# stdp_synapse_pairs/final.json: the weight of the stdp_synapse after every
# 100 ms of the scenario built by stdp_pairs().
STDP_WEIGHTS = [
    14.08784439754302,
    27.21619728007687,
    35.927850734007784,
    46.72459367748106,
    55.07903784345749,
    68.284191008963,
    76.99601741481791,
    87.00602775384606,
    87.00602775384606,
    87.00602775384606,
]

# tsodyks_synapse_depressing/final.json: the synapse's state after 1000 ms.
TSODYKS_FINAL = {"weight": 250.0, "x": 0.01449711745189133, "u": 0.5, "y": 0.014776940235126757}


def stdp_pairs():
    """Two parrots fed pre/post spike pairs (post - pre cycling through 3, -4, 6.5, -1.5 ms), stdp_synapse between."""
    nest.resolution = 0.1
    offsets = [3.0, -4.0, 6.5, -1.5]
    pre = [10.0 + 20.0 * k for k in range(40)]
    post = sorted(t + offsets[k % 4] for k, t in enumerate(pre))
    gen_pre = nest.Create("spike_generator", params={"spike_times": pre})
    gen_post = nest.Create("spike_generator", params={"spike_times": post})
    parrots = nest.Create("parrot_neuron", 2)
    nest.Connect(gen_pre, parrots[0])
    nest.Connect(gen_post, parrots[1])
    syn = {
        "synapse_model": "stdp_synapse",
        "weight": 10.0,
        "delay": 1.0,
        "Wmax": 100.0,
        "tau_plus": 20.0,
        "lambda": 0.05,
        "alpha": 1.1,
        "mu_plus": 0.0,
        "mu_minus": 0.0,
    }
    nest.Connect(parrots[0], parrots[1], syn_spec=syn)
    return parrots


def test_stdp_weights_of_a_collection_made_before_simulate_follow_the_run(kernel):
    stdp_pairs()
    conns = nest.GetConnections(synapse_model="stdp_synapse")
    everything = nest.GetConnections()  # the static feeds and the stdp_synapse
    one = everything[2]
    assert one.synapse_model == "stdp_synapse"
    assert conns.weight == 10.0 and conns.Kplus == 0.0
    for want in STDP_WEIGHTS:
        nest.Simulate(100.0)
        assert conns.weight == pytest.approx(want, abs=1e-12)
        assert conns.get()["weight"] == conns.weight
        assert one.weight == conns.weight  # a slice shares its parent's query
        assert everything.weight[2] == conns.weight
        assert everything.weight[:2] == [1.0, 1.0]
        assert f"{conns.weight:#.4g}" in str(conns)
    assert conns.Kplus > 0.0
    # Equal to a collection made now.
    assert nest.GetConnections(synapse_model="stdp_synapse").get() == conns.get()


def test_tsodyks_state_changes_after_spikes(kernel):
    nest.resolution = 0.1
    pre = nest.Create("iaf_psc_exp", params={"tau_syn_ex": 3.0, "tau_syn_in": 3.0})
    post = nest.Create("iaf_psc_exp", params={"tau_syn_ex": 3.0, "tau_syn_in": 3.0, "V_th": 1e6})
    dc = nest.Create("dc_generator", params={"amplitude": 600.0, "start": 10.0, "stop": 700.0})
    nest.Connect(dc, pre)
    syn = {"synapse_model": "tsodyks_synapse", "weight": 250.0, "delay": 1.0}
    syn.update(U=0.5, tau_psc=3.0, tau_rec=800.0, tau_fac=0.0)
    nest.Connect(pre, post, syn_spec=syn)
    conns = nest.GetConnections(pre, post)
    before = conns.get(["x", "u", "y"])
    assert before == {"x": 1.0, "u": 0.0, "y": 0.0}

    nest.Simulate(5.0)  # no spike yet: nothing changes
    assert conns.get(["x", "u", "y"]) == before
    nest.Simulate(995.0)
    after = conns.get(["weight", "x", "u", "y"])
    assert after["x"] != before["x"] and after["u"] != before["u"]
    assert after == pytest.approx(TSODYKS_FINAL, rel=1e-12)
    for c in conns:  # iteration yields collections that read the kernel too
        assert c.x == pytest.approx(TSODYKS_FINAL["x"], rel=1e-12)


def test_positions_carry_over_when_connections_are_added(kernel):
    """New connections, also ones that sort in between, do not shift a collection's connections."""
    n = nest.Create("parrot_neuron", 4)
    nest.Connect(n[1], n[2], syn_spec={"weight": 1.0})
    nest.Connect(n[1], n[3], syn_spec={"weight": 2.0})
    nest.Connect(n[2], n[3], syn_spec={"weight": 3.0})
    conns = nest.GetConnections()
    tail = conns[1:]
    middle = conns[1]
    assert conns.weight == [1.0, 2.0, 3.0]

    # Before all of them, between them, after them, and a second
    # connection of the same (source, target, model) triple.
    nest.Connect(n[0], n[1], syn_spec={"weight": 10.0})
    nest.Connect(n[1], n[2], syn_spec={"weight": 11.0})
    nest.Connect(n[1], n[1], syn_spec={"weight": 12.0})
    nest.CopyModel("static_synapse", "other")
    nest.Connect(n[1], n[3], syn_spec={"synapse_model": "other", "weight": 13.0})
    nest.Connect(n[3], n[0], syn_spec={"weight": 14.0})
    # NEST's order: model, then source, then creation (NEST 3.10 lists these the same).
    assert nest.GetConnections().weight == [10.0, 1.0, 2.0, 11.0, 12.0, 3.0, 14.0, 13.0]

    assert len(conns) == 3
    assert conns.get(["source", "target", "weight"]) == {
        "source": [2, 2, 3],
        "target": [3, 4, 4],
        "weight": [1.0, 2.0, 3.0],
    }
    assert tail.weight == [2.0, 3.0]
    assert middle.weight == 2.0
    assert tail[-1].weight == 3.0


def test_positions_carry_over_for_plastic_synapses(kernel):
    parrots = stdp_pairs()
    conns = nest.GetConnections(parrots[0], parrots[1])
    nest.Simulate(100.0)
    # A second stdp_synapse on the same pair comes after the first.
    nest.Connect(parrots[0], parrots[1], syn_spec={"synapse_model": "stdp_synapse", "weight": 1.0})
    assert conns.weight == pytest.approx(STDP_WEIGHTS[0], abs=1e-12)
    nest.Simulate(100.0)  # (the new synapse makes the second parrot spike more: other weights from now on)
    both = nest.GetConnections(parrots[0], parrots[1])
    assert len(both) == 2 and len(conns) == 1
    assert both.weight[0] != STDP_WEIGHTS[0] and both.weight[1] != 1.0
    assert conns.weight == both.weight[0]


def test_collection_made_by_connect_reads_current_values(kernel):
    parrots = nest.Create("parrot_neuron", 2)
    gen = nest.Create("spike_generator", params={"spike_times": [10.0, 30.0]})
    nest.Connect(gen, parrots[0])
    conns = nest.Connect(
        parrots[0], parrots[1], syn_spec={"synapse_model": "tsodyks_synapse", "U": 0.4}, return_synapsecollection=True
    )
    assert conns.get(["x", "u"]) == {"x": 1.0, "u": 0.0}
    nest.Simulate(50.0)
    assert conns.x < 1.0 and conns.u > 0.0


def test_stale_collections_stay_empty_after_reset(kernel):
    stdp_pairs()
    conns = nest.GetConnections()
    part = conns[1:]
    nest.ResetKernel()
    stdp_pairs()
    nest.Simulate(100.0)
    assert conns.get() == {} and part.get("weight") == ()
    assert str(conns) == "The synapse collection does not contain any connections."


def test_reading_does_not_query_unless_the_kernel_may_have_changed(kernel, monkeypatch):
    from nest import _kernel

    n = nest.Create("parrot_neuron", 3)
    nest.Connect(n, n)
    queries = []
    real = _kernel.get_connections

    def counting(*args):
        queries.append(args)
        return real(*args)

    monkeypatch.setattr(_kernel, "get_connections", counting)
    conns = nest.GetConnections()
    assert len(queries) == 1
    conns.weight, conns.delay, conns.get(), str(conns), [c.weight for c in conns]
    nest.Create("parrot_neuron")  # nodes do not change connections
    n.get("global_id")
    assert len(queries) == 1
    nest.Simulate(1.0)
    conns.weight, conns.delay, [c.weight for c in conns]
    assert len(queries) == 2
    nest.Connect(n[0], n[1])
    assert conns[0].weight == 1.0 and len(queries) == 3


def test_large_collection_reads_fast_without_changes(kernel):
    n = nest.Create("parrot_neuron", 100)
    nest.Connect(n, n)
    conns = nest.GetConnections()
    nest.Simulate(1.0)
    assert np.array_equal(conns.get("source"), np.repeat(np.arange(1, 101), 100))
    weights = [c.weight for c in conns[:500]]  # one query for all, not one per connection
    assert weights == [1.0] * 500
