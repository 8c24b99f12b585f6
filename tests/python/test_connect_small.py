"""The short path of small Connect calls and of NodeCollection indexing:
the same connections, collections and errors as the general path."""

from __future__ import annotations

import nest
import pytest
from nest.lib import hl_api_connections

KEYS = ("source", "target", "weight", "delay", "receptor", "synapse_model")


def _table():
    conns = nest.GetConnections()
    return [tuple(conns.get(KEYS)[k]) for k in KEYS] if len(conns) else []


def _calls(pre, post):
    """(pre, post, conn_spec, syn_spec) of small calls the short path takes."""
    return [
        (pre[3], post[2:7], None, {"weight": 20.0, "delay": 1.0}),
        (pre[0], post[-1], "all_to_all", None),
        (pre[1:3], post[4:6], "one_to_one", {"weight": -2, "delay": 2.5, "synapse_model": "static_synapse"}),
        (pre[-2], post[0], None, "static_synapse"),
        (pre[4], post[1:3], "all_to_all", {"receptor_type": 0, "weight": 1.5}),
        (pre[5], post[3], None, {}),
    ]


def _general(conn_spec):
    """The same rule as a dict, which the short path leaves to the general path."""
    return {"rule": conn_spec or "all_to_all"}


@pytest.mark.parametrize("threads", [1, 2])
def test_short_path_makes_the_general_connections(kernel, threads, monkeypatch):
    def build(short: bool):
        nest.ResetKernel()
        nest.local_num_threads = threads
        pre = nest.Create("iaf_psc_alpha", 6)
        post = nest.Create("parrot_neuron", 8)
        for a, b, conn, syn in _calls(pre, post):
            nest.Connect(a, b, conn if short else _general(conn), syn)
        return _table(), nest.num_connections, nest.min_delay, nest.max_delay

    taken = []
    original = hl_api_connections._connect_small
    monkeypatch.setattr(hl_api_connections, "_connect_small", lambda *a: taken.append(original(*a)) or taken[-1])
    short = build(True)
    assert taken and all(taken), "every call should take the short path"
    taken.clear()
    general = build(False)
    assert not any(taken)
    assert short == general
    assert short[1] == 5 + 1 + 2 + 1 + 2 + 1


@pytest.mark.parametrize(
    ("syn_spec", "error"),
    [
        ({"synapse_model": "no_such_synapse"}, nest.NESTErrors.UnknownSynapseType),
        ("no_such_synapse", nest.NESTErrors.UnknownSynapseType),
        ({"delay": 0.01}, nest.NESTErrors.BadDelay),
        ({"receptor_type": 3}, nest.NESTErrors.UnknownReceptorType),
        ({"receptor_type": 1.5}, nest.NESTErrors.TypeMismatch),
        ({"receptor_type": -1}, nest.NESTErrors.UnknownReceptorType),
    ],
)
def test_short_path_errors_are_the_general_ones(kernel, syn_spec, error):
    def attempt(conn_spec):
        nest.ResetKernel()
        pre = nest.Create("iaf_psc_alpha", 2)
        post = nest.Create("iaf_psc_alpha", 3)
        nest.Connect(pre[0], post[0])
        with pytest.raises(error) as info:
            nest.Connect(pre[1], post[1:3], conn_spec, syn_spec)
        assert nest.num_connections == 1  # the kernel is unchanged
        return str(info.value)

    assert attempt(None) == attempt({"rule": "all_to_all"})


def test_short_path_one_to_one_size_mismatch(kernel):
    pre = nest.Create("iaf_psc_alpha", 3)
    errors = []
    for conn_spec in ("one_to_one", {"rule": "one_to_one"}):
        with pytest.raises(nest.NESTErrors.NESTError) as info:
            nest.Connect(pre[0:2], pre[0:3], conn_spec)
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]
    assert nest.num_connections == 0


def test_short_path_refuses_a_collection_of_a_previous_kernel(kernel):
    old = nest.Create("iaf_psc_alpha", 2)
    nest.ResetKernel()
    nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Connect(old[0], old[1])
    assert nest.num_connections == 0


@pytest.mark.parametrize(
    "syn_spec",
    [{"weight": True}, {"weight": float("nan")}, {"weight": 2**60}, {"weight": [1.0]}, {"tau_psc": 2.0}],
)
def test_short_path_leaves_other_values_to_the_general_path(kernel, syn_spec):
    pre = nest.Create("iaf_psc_alpha", 2)
    assert not hl_api_connections._connect_small(pre[0], pre[1], None, syn_spec)
    assert nest.num_connections == 0


def test_indexing_short_path_matches_general(kernel):
    a = nest.Create("iaf_psc_alpha", 5)
    b = nest.Create("parrot_neuron", 4)
    both = a + b
    for i in (0, 4, 5, 8, -1, -9):
        assert both[i].tolist() == [both.tolist()[i]]
        assert both[i]._sliced is False
    for i in (9, -10):
        with pytest.raises(IndexError):
            both[i]
    assert a[1:4].tolist() == [2, 3, 4] and not a[1:4]._sliced
    assert both[1:4].tolist() == [2, 3, 4] and not both[1:4]._sliced
    across = both[3:7]  # two creation blocks: the general path's sliced collection
    assert across.tolist() == [4, 5, 6, 7] and across._sliced
    with pytest.raises(IndexError):
        both[2:10]
    with pytest.raises(nest.NESTErrors.BadParameter):
        both[3:3]
