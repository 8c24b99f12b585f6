"""spike_weights, per-connection receptor_type, Disconnect and the order of GetConnections, against the kernel."""

from __future__ import annotations

import nest
import numpy as np
import pytest

# -- spike_generator's spike_weights ---------------------------------------------


def test_spike_weights_scale_each_spike(kernel):
    """A spike's weight is the connection's times its factor; the connection keeps its own."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 3.0], "spike_weights": [2.0, -0.5]})
    n = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0})
    nest.Connect(sg, n, syn_spec={"weight": 4.0, "delay": 1.0})
    assert list(sg.spike_weights) == [2.0, -0.5]
    nest.Simulate(3.0)
    assert n.V_m == pytest.approx(8.0)  # first spike arrives at 2 ms
    nest.Simulate(2.0)
    assert n.V_m == pytest.approx(6.0)  # second at 4 ms: 8 - 0.5 * 4
    assert nest.GetConnections(sg).weight == 4.0


def test_spike_weights_must_match_the_times(kernel):
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0]})
    with pytest.raises(nest.NESTErrors.BadProperty, match="spike_weights"):
        sg.spike_weights = [1.0]
    sg.set(spike_weights=[1.0, 2.0])
    sg.spike_weights = []  # clears
    assert len(sg.spike_weights) == 0


# -- receptor_type per connection ------------------------------------------------


def test_receptor_type_arrays_one_to_one_and_all_to_all(kernel):
    n = nest.Create("iaf_psc_exp_multisynapse", 3, params={"tau_syn": [1.0, 2.0, 3.0]})
    src = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(src, n[:2], "one_to_one", {"receptor_type": np.array([3, 1])})
    # Row: target, column: source, as NEST.
    nest.Connect(src, n, "all_to_all", {"receptor_type": [[1, 2], [2, 3], [3, 1]]})
    conns = nest.GetConnections(src)
    got = sorted(zip(conns.source, conns.target, conns.receptor, strict=True))
    assert got == sorted(
        [(4, 1, 3), (5, 2, 1), (4, 1, 1), (5, 1, 2), (4, 2, 2), (5, 2, 3), (4, 3, 3), (5, 3, 1)]
    )


def test_bad_receptor_in_an_array_connects_nothing(kernel):
    n = nest.Create("iaf_psc_exp_multisynapse", 3, params={"tau_syn": [1.0, 2.0]})
    with pytest.raises(nest.NESTErrors.IncompatibleReceptorType):
        nest.Connect(n, n, "one_to_one", {"receptor_type": [1, 3, 2]})
    assert nest.num_connections == 0
    with pytest.raises(ValueError, match="dimension 3"):
        nest.Connect(n, n, "one_to_one", {"receptor_type": [1, 2]})


def test_receptor_type_from_a_random_parameter(kernel):
    """brunel_exp_multisynapse_nest.py's "receptor_type": 1 + nest.random.uniform_int(n)."""
    n = nest.Create("iaf_psc_exp_multisynapse", 10, params={"tau_syn": [1.0, 2.0, 3.0, 4.0]})
    nest.Connect(n, n, syn_spec={"receptor_type": 1 + nest.random.uniform_int(4)})
    receptors = np.asarray(nest.GetConnections().receptor)
    assert receptors.size == 100
    assert set(receptors.tolist()) == {1, 2, 3, 4}
    with pytest.raises(nest.NESTErrors.TypeMismatch):
        nest.Connect(n, n, syn_spec={"receptor_type": 1.0 + nest.random.uniform(0.1, 0.9)})
    assert nest.num_connections == 100


# -- Disconnect ------------------------------------------------------------------


@pytest.fixture
def chain(kernel):
    n = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(n[:2], n[2:], "all_to_all", {"weight": 2.0})
    nest.Connect(n[:2], n[2:], "one_to_one", {"synapse_model": "stdp_synapse", "weight": 5.0})
    return n


def test_disconnect_one_to_one_by_default(chain):
    n = chain
    nest.Disconnect(n[:2], n[2:])
    assert sorted((c.source, c.target) for c in nest.GetConnections(synapse_model="static_synapse")) == [(1, 4), (2, 3)]
    assert nest.num_connections == 4


def test_disconnect_all_to_all_with_a_model(chain):
    n = chain
    nest.Disconnect(n[0], n[2:], conn_spec="all_to_all", syn_spec={"synapse_model": "static_synapse", "weight": 9.0})
    assert sorted((c.source, c.target) for c in nest.GetConnections(synapse_model="static_synapse")) == [(2, 3), (2, 4)]
    nest.Disconnect(n[:2], n[2:], syn_spec="stdp_synapse")
    assert len(nest.GetConnections(synapse_model="stdp_synapse")) == 0


def test_disconnect_errors(chain):
    n = chain
    with pytest.raises(nest.NESTErrors.InexistentConnection):
        nest.Disconnect(n[2], n[3])
    with pytest.raises(nest.NESTErrors.InexistentConnection):
        # 1 -> 3 and 1 -> 4 exist, 1 -> 1 does not: nothing is removed.
        nest.Disconnect(n[0], n[0] + n[2:], conn_spec="all_to_all")
    assert nest.num_connections == 6
    with pytest.raises(nest.NESTErrors.NotImplemented):
        nest.Disconnect(n, n, conn_spec={"rule": "fixed_indegree", "indegree": 1})
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Disconnect(n, n, conn_spec="no_such_rule")
    with pytest.raises(nest.NESTErrors.DimensionMismatch):
        nest.Disconnect(n[:2], n)
    with pytest.raises(nest.NESTErrors.UnknownSynapseType):
        nest.Disconnect(n[0], n[2], syn_spec="no_such_synapse")
    with pytest.raises(TypeError):
        nest.Disconnect(n)
    with pytest.raises(ValueError):
        nest.Disconnect(nest.GetConnections(), conn_spec="one_to_one")
    sg = nest.Create("spike_generator")
    nest.Connect(sg, n[0])
    with pytest.raises(nest.NESTErrors.InexistentConnection):
        nest.Disconnect(sg, n[0])  # as NEST: a device's connections are not found
    assert nest.num_connections == 7


def test_synapse_collection_disconnect(chain):
    n = chain
    conns = nest.GetConnections(n[0])
    keep = nest.GetConnections(n[1])
    nest.Disconnect(conns)
    assert nest.num_connections == 3
    assert nest.GetConnections(n[0]) == nest.SynapseCollection()
    assert keep.weight == nest.GetConnections(n[1]).weight  # others are still found
    with pytest.raises(nest.NESTErrors.KernelException):
        conns.weight  # noqa: B018 (removed)
    nest.Simulate(5.0)
    assert len(nest.GetConnections()) == 3


def test_removed_connections_deliver_nothing(kernel):
    pre = nest.Create("parrot_neuron")
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 6.0]})
    post = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0})
    nest.Connect(sg, pre)
    nest.Connect(pre, post, syn_spec={"weight": 3.0})
    nest.Simulate(5.0)
    assert post.V_m == pytest.approx(3.0)
    nest.Disconnect(pre, post)
    nest.Simulate(5.0)
    assert post.V_m == pytest.approx(3.0)


# -- the order of GetConnections ---------------------------------------------------


def test_get_connections_order_is_nests(kernel):
    """By synapse model id, then source, then creation (one thread)."""
    n = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(n[3], n[0], syn_spec="tsodyks_synapse")
    nest.Connect(n[2], n[1], syn_spec="stdp_synapse")
    nest.Connect(n[1], n[3])
    nest.Connect(n[0], n[2])
    nest.Connect(n[1], n[0])
    conns = nest.GetConnections()
    assert list(zip(conns.synapse_model, conns.source, conns.target, strict=True)) == [
        ("static_synapse", 1, 3),
        ("static_synapse", 2, 4),
        ("static_synapse", 2, 1),
        ("stdp_synapse", 3, 2),
        ("tsodyks_synapse", 4, 1),
    ]


def test_get_connections_order_on_two_threads(kernel):
    """NEST keeps a connection on its target's thread (node id modulo threads) and lists thread by thread."""
    nest.local_num_threads = 2
    n = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(n, n, syn_spec={"weight": 1.5})
    conns = nest.GetConnections()
    targets = conns.target
    threads = [t % 2 for t in targets]
    assert threads == sorted(threads)
    for thread in (0, 1):
        sources = [s for s, t in zip(conns.source, targets, strict=True) if t % 2 == thread]
        assert sources == sorted(sources)
