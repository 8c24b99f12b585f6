"""NodeCollection semantics against the real kernel."""

from __future__ import annotations

import nest
import numpy as np
import pytest

IAF = "iaf_tum_2000"


def test_ids_start_at_one_in_creation_order_devices_included(kernel):
    dc = nest.Create("dc_generator")
    nrns = nest.Create(IAF, 2)
    vm = nest.Create("voltmeter")
    assert (dc.tolist(), nrns.tolist(), vm.tolist()) == ([1], [2, 3], [4])
    assert nest.network_size == 4
    assert vm.global_id == 4
    assert nrns.global_id == (2, 3)
    nest.ResetKernel()
    assert nest.network_size == 0
    assert nest.Create(IAF).tolist() == [1]


def test_repr_like_nest(kernel):
    dc = nest.Create("dc_generator")
    nrns = nest.Create(IAF, 2)
    vm = nest.Create("voltmeter")
    pad = " " * len("NodeCollection(")
    assert repr(nrns) == "NodeCollection(metadata=None, model=iaf_tum_2000, size=2, first=2, last=3)"
    assert repr(vm) == "NodeCollection(metadata=None, model=voltmeter, size=1, first=4)"
    assert str(nrns[1]) == "NodeCollection(metadata=None, model=iaf_tum_2000, size=1, first=3)"
    assert repr(nest.NodeCollection()) == "NodeCollection(<empty>)"
    assert repr(dc + nrns + vm) == (
        "NodeCollection(metadata=None,\n"
        f"{pad}model=dc_generator, size=1, first=1;\n"
        f"{pad}model=iaf_tum_2000, size=2, first=2, last=3;\n"
        f"{pad}model=voltmeter, size=1, first=4)"
    )
    more = nest.Create(IAF, 6)  # ids 5..10
    assert repr(more[::2]) == (
        f"NodeCollection(metadata=None,\n{pad}model=iaf_tum_2000, size=3, first=5, last=9, step=2)"
    )
    assert repr((dc + nrns + vm)[::2]) == (
        "NodeCollection(metadata=None,\n"
        f"{pad}model=dc_generator, size=1, first=1, last=1;\n"
        f"{pad}model=iaf_tum_2000, size=1, first=3, last=3)"
    )
    # Same model created twice in a row joins into one block.
    assert repr(nrns + nest.NodeCollection([5, 6])) == (
        "NodeCollection(metadata=None,\n"
        f"{pad}model=iaf_tum_2000, size=2, first=2, last=3;\n"
        f"{pad}model=iaf_tum_2000, size=2, first=5, last=6)"
    )
    assert repr(more[0:2] + more[2:4]) == "NodeCollection(metadata=None, model=iaf_tum_2000, size=4, first=5, last=8)"


def test_indexing_and_slicing(kernel):
    nodes = nest.Create(IAF, 10)
    assert nodes[0].tolist() == [1]
    assert nodes[-1].tolist() == [10]
    assert nodes[2:5].tolist() == [3, 4, 5]
    assert nodes[::3].tolist() == [1, 4, 7, 10]
    assert nodes[-3:].tolist() == [8, 9, 10]
    assert nodes[[0, 2, 9]].tolist() == [1, 3, 10]
    assert nodes[np.array([1, 3])].tolist() == [2, 4]
    mask = [i % 2 == 0 for i in range(10)]
    assert nodes[mask].tolist() == [1, 3, 5, 7, 9]
    assert nodes[np.array(mask)].tolist() == [1, 3, 5, 7, 9]
    assert isinstance(nodes[3], nest.NodeCollection)
    with pytest.raises(IndexError):
        nodes[10]
    with pytest.raises(IndexError):
        nodes[-11]
    with pytest.raises(IndexError):
        nodes[::-1]
    with pytest.raises(IndexError):
        nodes[0:11]
    with pytest.raises(IndexError):
        nodes[[True, False]]
    with pytest.raises(IndexError):
        nodes[[0, 10]]
    with pytest.raises(ValueError):
        nodes[[1, 1]]
    with pytest.raises(nest.NESTErrors.BadProperty):
        nodes[[3, 1]]
    with pytest.raises(TypeError):
        nodes[[1, "a"]]
    with pytest.raises(TypeError):
        nodes[np.array([0.5])]
    with pytest.raises(IndexError):
        nodes["V_m"]


def test_iteration_len_bool_index_tolist(kernel):
    nodes = nest.Create(IAF, 3)
    items = list(nodes)
    assert len(items) == 3
    assert all(isinstance(n, nest.NodeCollection) and len(n) == 1 for n in items)
    assert [n.global_id for n in items] == [1, 2, 3]
    assert len(nodes) == 3 and bool(nodes) and not nest.NodeCollection()
    assert nodes.index(2) == 1
    assert nodes.index(nodes[2]) == 2
    with pytest.raises(ValueError):
        nodes.index(7)
    assert nodes.tolist() == [1, 2, 3]
    assert all(type(i) is int for i in nodes.tolist())
    np.testing.assert_array_equal(np.array(nodes), [1, 2, 3])


def test_join_equality_membership(kernel):
    a = nest.Create(IAF, 2)
    b = nest.Create("voltmeter")
    c = nest.Create(IAF, 2)
    joined = c + a  # order of operands does not matter: ids are sorted
    assert joined.tolist() == [1, 2, 4, 5]
    assert a + b == nest.NodeCollection([1, 2, 3])
    assert a != c
    assert a == nest.NodeCollection([1, 2])
    assert (a == 5) is False
    assert sum([a, b, c]).tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(nest.NESTErrors.BadProperty):
        a + a[1]
    with pytest.raises(TypeError):
        a + [3]
    with pytest.raises(nest.NESTErrors.BadProperty):
        (a + c)[::2] + b
    assert 2 in a and 3 not in a
    assert a[0] in a and b not in a
    assert a in a + b


def test_nodecollection_from_ids(kernel):
    nest.Create(IAF, 4)
    assert nest.NodeCollection([2, 4]).tolist() == [2, 4]
    assert nest.NodeCollection(np.array([1, 2, 3])).tolist() == [1, 2, 3]
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.NodeCollection([3, 2])
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.NodeCollection([2, 2])
    with pytest.raises(nest.NESTErrors.UnknownNode):
        nest.NodeCollection([4, 5])


def test_collections_are_invalid_after_reset(kernel):
    nodes = nest.Create(IAF, 2)
    nest.ResetKernel()
    nest.Create(IAF, 2)
    with pytest.raises(nest.NESTErrors.KernelException, match="InvalidNodeCollection"):
        nodes.get("V_m")
    with pytest.raises(nest.NESTErrors.KernelException):
        nodes.set(V_m=0.0)
    assert repr(nodes) == "NodeCollection(metadata=None, model=iaf_tum_2000, size=2, first=1, last=2)"


def test_get_shapes(kernel):
    nodes = nest.Create(IAF, 2, params={"V_m": [-60.0, -65.0]})
    assert nodes.get("V_m") == (-60.0, -65.0)
    assert nodes[0].get("V_m") == -60.0
    assert nodes.get(["V_m", "C_m"]) == {"V_m": (-60.0, -65.0), "C_m": (250.0, 250.0)}
    # As NEST 3.10: several plain keys are no hierarchical address.
    for args in (("V_m", "C_m"), ("V_m", ["C_m"]), ("model", "x"), ("frozen", "V_m", "C_m")):
        with pytest.raises(TypeError, match=f"'{args[0]}' is not a dictionary"):
            nodes.get(*args)
        with pytest.raises(TypeError):
            nodes[0].get(*args)
    with pytest.raises(KeyError):
        nodes.get("no_such_parameter", "x")
    assert nodes[1].get(["V_m", "tau_m"]) == {"V_m": -65.0, "tau_m": 10.0}
    full = nodes.get()
    assert isinstance(full, dict) and full["V_m"] == (-60.0, -65.0) and full["model"] == (IAF, IAF)
    one = nodes[0].get()
    assert one["V_m"] == -60.0 and one["global_id"] == 1 and one["model"] == IAF
    with pytest.raises(KeyError):
        nodes.get("no_such_parameter")
    with pytest.raises(ValueError):
        nest.NodeCollection().get("V_m")


def test_hierarchical_get(kernel):
    # NEST 3.10's hierarchical addressing: the first key names a dictionary,
    # the last the entries inside it; those in between are ignored.
    nodes = nest.Create(IAF, 2)
    mm = nest.Create("multimeter", 2, params={"record_from": ["V_m"], "interval": 1.0})
    nest.Connect(mm, nodes, "one_to_one")
    nest.Simulate(3.0)
    np.testing.assert_array_equal(mm[0].get("events", "times"), [1.0, 2.0])
    np.testing.assert_array_equal(mm[0].get("events", "senders", "times"), [1.0, 2.0])
    both = mm.get("events", "senders")
    assert isinstance(both, list) and [list(s) for s in both] == [[1, 1], [2, 2]]
    assert set(mm[1].get("events", ["times", "V_m"])) == {"times", "V_m"}
    with pytest.raises(KeyError):
        mm[0].get("events", "nokey")
    with pytest.raises(KeyError):
        nodes.get("synaptic_elements", "x")
    with pytest.raises(TypeError):
        mm.get("events", 3)


def test_get_events_shapes(kernel):
    nrn = nest.Create(IAF, params={"I_e": 400.0})
    vm = nest.Create("voltmeter", 2)
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, nrn)
    nest.Connect(nrn, sr)
    nest.Simulate(20.0)
    events = vm[0].get("events")
    assert list(events) == ["senders", "times", "V_m"]
    assert all(isinstance(v, np.ndarray) for v in events.values())
    np.testing.assert_array_equal(vm[0].get("events", "V_m"), events["V_m"])
    assert set(vm[0].get("events", ["times", "senders"])) == {"times", "senders"}
    both = vm.get("events")
    assert isinstance(both, tuple) and len(both) == 2
    assert vm.get("events", "times")[1].tolist() == events["times"].tolist()
    assert vm[0].events["senders"].tolist() == [1] * len(events["times"])
    assert vm[0].get()["events"]["V_m"].size == events["V_m"].size
    assert list(sr.get("events")) == ["senders", "times"]
    assert vm[0].n_events == events["times"].size
    with pytest.raises(KeyError):
        nrn.get("events")


def test_set_forms_and_spreading(kernel):
    nodes = nest.Create(IAF, 3)
    nodes.set({"V_m": -60.0})
    assert nodes.V_m == (-60.0, -60.0, -60.0)
    nodes.set(V_m=[-61.0, -62.0, -63.0], C_m=200.0)
    assert nodes.V_m == (-61.0, -62.0, -63.0)
    assert nodes.C_m == (200.0, 200.0, 200.0)
    nodes.set([{"V_m": -1.0}, {"V_m": -2.0}, {"V_m": -3.0}])
    assert nodes.V_m == (-1.0, -2.0, -3.0)
    nodes.V_m = np.array([-4.0, -5.0, -6.0])
    assert nodes.get("V_m") == (-4.0, -5.0, -6.0)
    nodes[1].V_m = -50.0
    assert nodes.V_m == (-4.0, -50.0, -6.0)
    with pytest.raises(ValueError):
        nodes.set(V_m=[1.0, 2.0])


def test_list_valued_parameter_is_not_spread(kernel):
    mms = nest.Create("multimeter", 2, params={"record_from": ["V_m", "I_syn_ex"]})
    # Lists of names read back as lists, as in NEST.
    assert mms.record_from == (["V_m", "I_syn_ex"], ["V_m", "I_syn_ex"])
    mms.set(record_from=["V_m"])
    assert mms[0].record_from == ["V_m"]


def test_attribute_access(kernel):
    nodes = nest.Create(IAF, 2)
    assert nodes.tau_m == (10.0, 10.0)
    nodes.tau_m = 20.0
    assert nodes.get("tau_m") == (20.0, 20.0)
    assert not hasattr(nodes, "no_such_parameter")
    with pytest.raises(KeyError):
        nodes.no_such_parameter  # noqa: B018
    with pytest.raises(AttributeError):
        nodes._repr_html_  # noqa: B018
    with pytest.raises(AttributeError):
        nodes._secret = 1
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nodes.no_such_parameter = 1
    assert nodes.spatial is None
    assert "tau_m" in dir(nodes)


def test_n_events_can_only_be_reset(kernel):
    nrn = nest.Create(IAF)
    vm = nest.Create("voltmeter")
    nest.Connect(vm, nrn)
    nest.Simulate(10.0)
    assert vm.n_events == 9
    with pytest.raises(nest.NESTErrors.BadProperty):
        vm.n_events = 3
    assert vm.n_events == 9
    vm.n_events = 0
    assert vm.n_events == 0
    assert vm.events["times"].size == 0


@pytest.mark.filterwarnings("ignore:GetStatus:DeprecationWarning")
def test_get_status_set_status_functions(kernel):
    nodes = nest.Create(IAF, 2)
    nest.lib.hl_api_helper._warned.discard("SetStatus")
    with pytest.warns(DeprecationWarning):
        nest.SetStatus(nodes, {"V_m": -1.0})
    nest.SetStatus(nodes, "C_m", 100.0)
    assert nest.GetStatus(nodes, "V_m") == (-1.0, -1.0)
    assert nest.GetStatus(nodes[0], "C_m") == (100.0,)
    assert nest.GetStatus(nodes, ["V_m", "C_m"]) == ((-1.0, 100.0), (-1.0, 100.0))
    statuses = nest.GetStatus(nodes)
    assert len(statuses) == 2 and statuses[1]["global_id"] == 2


def test_large_collections_stay_compact(kernel):
    nodes = nest.Create(IAF, 200_000)
    # Stored as ranges, not one entry per node; these operations must not
    # depend on the size.
    for nc in (nodes, nodes[::7], nodes[1000:], nodes[5:10] + nodes[10:20]):
        assert isinstance(nc._ids, range)
    assert repr(nodes) == "NodeCollection(metadata=None, model=iaf_tum_2000, size=200000, first=1, last=200000)"
    assert len(nodes[::7]) == 28572
    assert 199_999 in nodes and nodes.index(150_000) == 149_999
    assert nodes[-1].global_id == 200_000
    assert nodes[::50_000].get("V_m") == (-70.0,) * 4
