"""CopyModel, GetConnections, SynapseCollection, Connect's rules and weight arrays, against the kernel."""

from __future__ import annotations

import json

import nest
import numpy as np
import pytest
from nest.lib.hl_api_synapse_collection import CONNECTION_KEYS

# -- CopyModel ------------------------------------------------------------------


def test_copy_synapse_model_with_defaults(kernel):
    nest.CopyModel("static_synapse", "excitatory", {"weight": 2.5, "delay": 1.5})
    assert "excitatory" in nest.synapse_models
    assert nest.GetDefaults("excitatory", ["weight", "delay"]) == [2.5, 1.5]
    assert nest.GetDefaults("static_synapse", "weight") == 1.0  # original untouched
    n = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(n, n, syn_spec="excitatory")
    conns = nest.GetConnections()
    assert conns.weight == [2.5] * 4
    assert conns.delay == [1.5] * 4
    assert conns.synapse_model == ["excitatory"] * 4
    assert nest.GetDefaults("excitatory", "num_connections") == 4


def test_copy_node_model(kernel):
    nest.CopyModel("iaf_psc_alpha", "my_neuron", {"V_m": -55.0})
    assert "my_neuron" in nest.node_models
    n = nest.Create("my_neuron", 2)
    assert n.V_m == (-55.0, -55.0)
    assert nest.Create("iaf_psc_alpha").V_m == nest.GetDefaults("iaf_psc_alpha", "V_m")
    assert "my_neuron" in repr(n)


def test_copy_model_without_params_and_defaults_diverge(kernel):
    nest.CopyModel("static_synapse", "copy")
    nest.SetDefaults("copy", {"weight": 3.0})
    assert nest.GetDefaults("static_synapse", "weight") == 1.0
    assert nest.GetDefaults("copy", "weight") == 3.0


@pytest.mark.parametrize("new", ["static_synapse", "iaf_psc_alpha", "copied"])
def test_copy_model_onto_an_existing_name(kernel, new):
    nest.CopyModel("static_synapse", "copied")
    with pytest.raises(nest.NESTErrors.NewModelNameExists, match=f"Model {new} is the name of an existing model"):
        nest.CopyModel("iaf_psc_alpha", new)
    assert issubclass(nest.NESTErrors.NewModelNameExists, nest.NESTErrors.KernelException)


def test_copy_model_errors_make_no_model(kernel):
    with pytest.raises(nest.NESTErrors.UnknownModelName):
        nest.CopyModel("no_such_model", "x")
    with pytest.raises(nest.NESTError):
        nest.CopyModel("iaf_psc_alpha", "bad_neuron", {"C_m": -1.0})
    with pytest.raises(nest.NESTError):
        nest.CopyModel("static_synapse", "bad_synapse", {"no_such_key": 1.0})
    assert "x" not in nest.node_models
    assert "bad_neuron" not in nest.node_models
    assert "bad_synapse" not in nest.synapse_models
    with pytest.raises(TypeError):
        nest.CopyModel("static_synapse", "y", params=[1, 2])


def test_copies_are_gone_after_reset(kernel):
    nest.CopyModel("static_synapse", "temporary")
    nest.ResetKernel()
    assert "temporary" not in nest.synapse_models
    nest.CopyModel("static_synapse", "temporary")  # the name is free again


# -- GetConnections and SynapseCollection -----------------------------------------


@pytest.fixture
def net(kernel):
    """Two sources all-to-all to three targets with distinct weights, and one extra synapse model."""
    pre = nest.Create("iaf_psc_alpha", 2)
    post = nest.Create("iaf_psc_alpha", 3)
    weights = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # (post, pre)
    nest.Connect(pre, post, "all_to_all", {"weight": weights, "delay": 2.0})
    nest.CopyModel("static_synapse", "other", {"weight": -1.0})
    nest.Connect(post[0], pre[0], syn_spec="other")
    return pre, post


def test_get_shapes_several_connections(net):
    pre, post = net
    conns = nest.GetConnections(pre, post)
    assert isinstance(conns, nest.SynapseCollection)
    assert len(conns) == 6
    everything = conns.get()
    assert list(everything) == sorted({*CONNECTION_KEYS, "port", "sizeof", "synapse_id", "target_thread"})
    assert all(isinstance(v, list) and len(v) == 6 for v in everything.values())
    assert conns.get("source") == [1, 1, 1, 2, 2, 2]
    assert conns.get("target") == [3, 4, 5, 3, 4, 5]
    assert conns.get("weight") == [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]
    assert conns.get(["source", "delay"]) == {"source": [1, 1, 1, 2, 2, 2], "delay": [2.0] * 6}
    assert conns.get("synapse_model") == ["static_synapse"] * 6
    assert conns.get("receptor") == [0] * 6
    assert conns.weight == conns.get("weight")
    assert list(conns.sources()) == conns.get("source")
    assert list(conns.targets()) == conns.get("target")


def test_get_shapes_one_connection(net):
    conns = nest.GetConnections(synapse_model="other")
    assert len(conns) == 1
    everything = conns.get()
    assert {k: everything[k] for k in CONNECTION_KEYS} == {
        "delay": 1.0,
        "receptor": 0,
        "source": 3,
        "synapse_model": "other",
        "target": 1,
        "weight": -1.0,
    }
    assert everything["sizeof"] == 32 and everything["target_thread"] == 0 and isinstance(everything["port"], int)
    assert conns.get("weight") == -1.0
    assert conns.get(["source", "target"]) == {"source": 3, "target": 1}
    assert conns.source == 3
    assert list(conns.sources()) == [3]
    assert isinstance(conns.get("source"), int)


def test_filters(net):
    pre, post = net
    assert len(nest.GetConnections()) == 7
    assert len(nest.GetConnections(source=pre)) == 6
    assert len(nest.GetConnections(target=post[1])) == 2
    assert nest.GetConnections(source=pre[1], target=post[2]).weight == 6.0
    assert len(nest.GetConnections(synapse_model="static_synapse")) == 6
    assert nest.GetConnections(source=post, synapse_model="other").target == 1
    assert len(nest.GetConnections(source=pre, synapse_model="other")) == 0


def test_filter_errors(net):
    pre, _ = net
    with pytest.raises(nest.NESTErrors.UnknownSynapseType):
        nest.GetConnections(synapse_model="no_such_synapse")
    with pytest.raises(nest.NESTErrors.UnknownSynapseType):
        nest.GetConnections(source=pre, synapse_model="no_such_synapse")
    with pytest.raises(TypeError, match="source must be NodeCollection"):
        nest.GetConnections(source=[1, 2])
    with pytest.raises(TypeError, match="target must be NodeCollection"):
        nest.GetConnections(target=3)
    with pytest.raises(TypeError):
        nest.GetConnections(synapse_label="a")


def test_synapse_label_matches_nothing(net):
    assert len(nest.GetConnections(synapse_label=0)) == 0


def test_empty_collection(kernel):
    nest.Create("iaf_psc_alpha", 2)
    conns = nest.GetConnections()
    assert len(conns) == 0
    assert not conns
    assert conns.get() == {}
    assert conns.get("weight") == ()
    assert conns.get(output="json") == "{}"
    assert list(conns) == []
    conns.set(weight=2.0)  # a no-op, as in NEST
    assert str(conns) == "The synapse collection does not contain any connections."
    assert len(nest.SynapseCollection()) == 0


def test_indexing_iteration_and_equality(net):
    pre, post = net
    conns = nest.GetConnections(pre, post)
    items = list(conns)
    assert len(items) == 6 and all(len(c) == 1 for c in items)
    assert [c.weight for c in items] == conns.weight
    assert conns[-1].weight == 6.0
    assert conns[np.int64(1)].weight == 3.0
    assert conns[1:4].weight == [3.0, 5.0, 2.0]
    assert conns[::2].target == [3, 5, 4]
    with pytest.raises(IndexError):
        conns[6]
    with pytest.raises(IndexError):
        conns[-7]
    with pytest.raises(TypeError):
        conns[[0, 1]]
    assert conns == nest.GetConnections(pre, post)
    assert conns[0] == nest.GetConnections(pre[0], post[0])
    assert conns[0] != conns[1]
    assert conns != conns[1:]
    with pytest.raises(NotImplementedError):
        conns == 5  # noqa: B015 (NEST raises here)
    assert nest.SynapseCollection(conns) == conns


def test_unsupported_keys_and_unknown_keys(net):
    conns = nest.GetConnections()
    ports = conns.get("port")
    assert len(ports) == len(conns) and all(isinstance(p, int) for p in ports)
    with pytest.raises(KeyError, match="no_such_key"):
        conns.get("no_such_key")
    with pytest.raises(KeyError):
        conns.get(["weight", "no_such_key"])
    with pytest.raises(KeyError):
        conns.no_such_key  # noqa: B018
    assert not hasattr(conns, "no_such_key")
    with pytest.raises(AttributeError):
        conns._private  # noqa: B018
    with pytest.raises(TypeError):
        conns.get(5)
    with pytest.raises(ValueError):
        conns.get(output="xml")


def test_set_changes_connections_and_disconnect_removes_them(net):
    conns = nest.GetConnections()
    n = len(conns)
    conns.set(weight=2.0)
    assert conns.weight == [2.0] * n
    conns.set({"delay": 2.0})
    assert conns.delay == [2.0] * n
    conns.weight = 3.0
    assert nest.GetConnections().weight == [3.0] * n
    conns.set(weight=[float(i) for i in range(n)])
    assert nest.GetConnections().weight == [float(i) for i in range(n)]
    conns[0].set(weight=-7.5)
    assert nest.GetConnections().weight[0] == -7.5
    with pytest.raises(nest.NESTErrors.BadDelay):
        conns.set(delay=0.0)
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        conns.set(weight=1.0, not_a_parameter=1.0)
    assert nest.GetConnections().weight[0] == -7.5  # rejected calls change nothing
    with pytest.raises(TypeError):
        conns.set([{"weight": 1.0}] * (n + 1))  # wrong length is a TypeError first, as in NEST
    with pytest.raises(TypeError):
        conns.set({"weight": 1.0}, delay=2.0)
    conns[0].disconnect()
    assert nest.num_connections == n - 1
    assert len(nest.GetConnections()) == n - 1
    with pytest.raises(nest.NESTErrors.KernelException):
        conns[0].weight  # noqa: B018 (removed)
    assert conns[1].weight == float(1)  # the others are still found


def test_json_and_pandas_output(net):
    pre, post = net
    conns = nest.GetConnections(pre, post)
    assert json.loads(conns.get("weight", output="json")) == conns.weight
    assert json.loads(conns.get(output="json")) == conns.get()
    pandas = pytest.importorskip("pandas")
    frame = conns.get(["target", "weight"], output="pandas")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.index) == conns.source
    assert list(frame["weight"]) == conns.weight
    one = conns[0].get("weight", output="pandas")
    assert list(one["weight"]) == [1.0]


def test_str_table(net):
    pre, post = net
    text = str(nest.GetConnections(pre, post)[:2])
    lines = text.splitlines()
    assert lines[0].split() == ["source", "target", "synapse", "model", "weight", "delay"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split() == ["1", "3", "static_synapse", "1.000", "2.000"]
    assert lines[3].split() == ["1", "4", "static_synapse", "3.000", "2.000"]


def test_str_of_a_long_collection_is_shortened(kernel):
    n = nest.Create("iaf_psc_alpha", 7)
    nest.Connect(n, n)
    conns = nest.GetConnections()
    assert len(str(conns).splitlines()) == 2 + 15 + 1 + 15
    assert "\u22ee" in str(conns)
    conns.print_full = True
    assert len(str(conns).splitlines()) == 2 + 49
    assert conns.print_full is True


def test_stale_collection_after_reset(net):
    conns = nest.GetConnections()
    nest.ResetKernel()
    assert conns.get() == {}
    assert conns.get("weight") == ()


def test_connect_returns_the_calls_connections(kernel):
    a = nest.Create("iaf_psc_alpha", 2)
    b = nest.Create("iaf_psc_alpha", 2)
    assert nest.Connect(a, b) is None
    nest.CopyModel("static_synapse", "second", {"weight": 7.0})
    conns = nest.Connect(a, b, "one_to_one", "second", return_synapsecollection=True)
    assert isinstance(conns, nest.SynapseCollection)
    assert conns.get(["source", "target", "weight"]) == {"source": [1, 2], "target": [3, 4], "weight": [7.0, 7.0]}
    conns = nest.Connect(b[0], a[1], return_synapsecollection=True)
    assert conns.get(["source", "target", "synapse_model"]) == {
        "source": 3,
        "target": 2,
        "synapse_model": "static_synapse",
    }


# -- connection rules, seen through GetConnections ----------------------------------


def test_fixed_indegree(kernel):
    pre = nest.Create("iaf_psc_alpha", 20)
    post = nest.Create("iaf_psc_alpha", 5)
    nest.Connect(pre, post, {"rule": "fixed_indegree", "indegree": 4, "allow_multapses": False})
    conns = nest.GetConnections()
    targets, sources = np.array(conns.target), np.array(conns.source)
    for t in post.tolist():
        assert np.unique(sources[targets == t]).size == 4
    assert set(sources) <= set(pre.tolist())


def test_fixed_indegree_without_autapses(kernel):
    n = nest.Create("iaf_psc_alpha", 6)
    nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 5, "allow_autapses": False, "allow_multapses": False})
    conns = nest.GetConnections()
    assert len(conns) == 30
    assert all(s != t for s, t in zip(conns.source, conns.target, strict=True))


def test_fixed_outdegree_total_number_and_bernoulli(kernel):
    pre = nest.Create("iaf_psc_alpha", 4)
    post = nest.Create("iaf_psc_alpha", 10)
    nest.Connect(pre, post, {"rule": "fixed_outdegree", "outdegree": 3})
    sources = np.array(nest.GetConnections(pre, post).source)
    assert [int((sources == s).sum()) for s in pre.tolist()] == [3, 3, 3, 3]

    nest.CopyModel("static_synapse", "total")
    nest.Connect(pre, post, {"rule": "fixed_total_number", "N": 17}, "total")
    assert len(nest.GetConnections(synapse_model="total")) == 17

    nest.CopyModel("static_synapse", "always")
    nest.CopyModel("static_synapse", "never")
    nest.Connect(pre, post, {"rule": "pairwise_bernoulli", "p": 1.0}, "always")
    nest.Connect(pre, post, {"rule": "pairwise_bernoulli", "p": 0.0}, "never")
    assert len(nest.GetConnections(synapse_model="always")) == 40
    assert len(nest.GetConnections(synapse_model="never")) == 0


def test_random_rules_repeat_for_a_seed(kernel):
    def build(seed):
        nest.ResetKernel()
        nest.rng_seed = seed
        n = nest.Create("iaf_psc_alpha", 30)
        nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 5})
        return nest.GetConnections().get(["source", "target"])

    assert build(12) == build(12)
    assert build(12) != build(13)


# -- weight and delay arrays ------------------------------------------------------


def test_all_to_all_2d_weights_land_on_their_pairs(kernel):
    pre = nest.Create("iaf_psc_alpha", 3)  # ids 1..3
    post = nest.Create("iaf_psc_alpha", 2)  # ids 4..5
    weights = np.array([[11.0, 12.0, 13.0], [21.0, 22.0, 23.0]])  # row: target, column: source
    delays = np.array([[1.1, 1.2, 1.3], [2.1, 2.2, 2.3]])
    nest.Connect(pre, post, "all_to_all", {"weight": weights, "delay": delays})
    conns = nest.GetConnections()
    pre_ids, post_ids = pre.tolist(), post.tolist()
    for s, t, w, d in zip(conns.source, conns.target, conns.weight, conns.delay, strict=True):
        i, j = post_ids.index(t), pre_ids.index(s)
        assert w == weights[i, j]
        assert d == pytest.approx(delays[i, j])
    assert len(conns) == 6


def test_all_to_all_2d_weights_skip_autapses(kernel):
    n = nest.Create("iaf_psc_alpha", 3)
    weights = np.arange(9, dtype=float).reshape(3, 3) + 1.0  # w[t, s] = 3 t + s + 1
    nest.Connect(n, n, {"rule": "all_to_all", "allow_autapses": False}, {"weight": weights})
    conns = nest.GetConnections()
    assert len(conns) == 6
    for s, t, w in zip(conns.source, conns.target, conns.weight, strict=True):
        assert s != t
        assert w == weights[t - 1, s - 1]


def test_one_to_one_1d_arrays_and_lists(kernel):
    pre = nest.Create("iaf_psc_alpha", 4)
    post = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(pre, post, "one_to_one", {"weight": np.array([1.0, 2.0, 3.0, 4.0]), "delay": [1.0, 1.5, 2.0, 2.5]})
    conns = nest.GetConnections()
    assert conns.get(["source", "target", "weight", "delay"]) == {
        "source": [1, 2, 3, 4],
        "target": [5, 6, 7, 8],
        "weight": [1.0, 2.0, 3.0, 4.0],
        "delay": [1.0, 1.5, 2.0, 2.5],
    }


def test_one_to_one_arrays_skip_autapses(kernel):
    nest.Create("iaf_psc_alpha", 6)
    pre = nest.NodeCollection([1, 2, 3])
    post = nest.NodeCollection([1, 5, 6])  # the first pair is an autapse
    nest.Connect(pre, post, {"rule": "one_to_one", "allow_autapses": False}, {"weight": [1.0, 2.0, 3.0]})
    conns = nest.GetConnections()
    assert conns.get(["source", "target", "weight"]) == {"source": [2, 3], "target": [5, 6], "weight": [2.0, 3.0]}


def test_fixed_indegree_and_outdegree_2d_weights(kernel):
    pre = nest.Create("iaf_psc_alpha", 10)
    post = nest.Create("iaf_psc_alpha", 3)
    w_in = np.arange(1.0, 13.0).reshape(3, 4)  # (n_post, indegree), all distinct
    nest.Connect(pre, post, {"rule": "fixed_indegree", "indegree": 4}, {"weight": w_in})
    conns = nest.GetConnections(pre, post)
    targets, weights = np.array(conns.target), np.array(conns.weight)
    for i, t in enumerate(post.tolist()):
        assert sorted(weights[targets == t]) == sorted(w_in[i])

    nest.CopyModel("static_synapse", "out")
    w_out = np.arange(100.0, 130.0).reshape(10, 3)  # (n_pre, outdegree)
    nest.Connect(pre, post, {"rule": "fixed_outdegree", "outdegree": 3}, {"synapse_model": "out", "weight": w_out})
    conns = nest.GetConnections(synapse_model="out")
    sources, weights = np.array(conns.source), np.array(conns.weight)
    for j, s in enumerate(pre.tolist()):
        assert sorted(weights[sources == s]) == sorted(w_out[j])


def test_fixed_total_number_1d_weights(kernel):
    pre = nest.Create("iaf_psc_alpha", 5)
    post = nest.Create("iaf_psc_alpha", 5)
    weights = np.arange(1.0, 8.0)
    nest.Connect(pre, post, {"rule": "fixed_total_number", "N": 7}, {"weight": weights})
    assert sorted(nest.GetConnections().weight) == weights.tolist()


@pytest.mark.parametrize(
    "conn_spec, weights, exc, message",
    [
        ("all_to_all", np.ones(6), TypeError, "One-dimensional parameter arrays"),
        ("all_to_all", np.ones((2, 3)), ValueError, "dimension 3x3 \\(n_target x n_sources\\)"),
        ("one_to_one", np.ones(2), ValueError, "dimension 3"),
        ("one_to_one", np.ones((3, 3)), TypeError, "Two-dimensional parameter arrays"),
        ({"rule": "fixed_indegree", "indegree": 2}, np.ones((3, 3)), ValueError, "3x2 \\(n_target x indegree\\)"),
        ({"rule": "fixed_outdegree", "outdegree": 2}, np.ones((2, 3)), ValueError, "3x2 \\(n_sources x outdegree\\)"),
        ({"rule": "fixed_total_number", "N": 4}, np.ones(3), ValueError, "dimension 4"),
        ({"rule": "pairwise_bernoulli", "p": 0.5}, np.ones((3, 3)), TypeError, "Two-dimensional"),
        ("all_to_all", np.ones((3, 3, 1)), TypeError, "1-d or a 2-d"),
    ],
)
def test_weight_array_shape_errors(kernel, conn_spec, weights, exc, message):
    pre = nest.Create("iaf_psc_alpha", 3)
    post = nest.Create("iaf_psc_alpha", 3)
    with pytest.raises(exc, match=message):
        nest.Connect(pre, post, conn_spec, {"weight": weights})
    assert nest.num_connections == 0


def test_receptor_type_arrays_give_each_connection_its_receptor(kernel):
    n = nest.Create("iaf_psc_exp_multisynapse", 2, params={"tau_syn": [1.0, 2.0]})
    nest.Connect(n, n, "one_to_one", {"receptor_type": [2, 1]})
    assert nest.GetConnections().receptor == [2, 1]


def test_plastic_synapse_parameters_are_connection_keys():
    """A tsodyks_synapse's parameters and state read like weight and delay."""
    nest.ResetKernel()
    a = nest.Create("iaf_psc_exp", 2)
    nest.Connect(a[0], a[1], syn_spec={"synapse_model": "tsodyks_synapse", "U": 0.3, "weight": 5.0})
    nest.Connect(a[1], a[0])
    conns = nest.GetConnections()  # NEST's order: static_synapse before tsodyks_synapse
    assert conns.get("U") == [None, 0.3]
    assert conns.get("weight") == [1.0, 5.0]
    plastic = nest.GetConnections(synapse_model="tsodyks_synapse")
    assert plastic.get(["U", "x", "u"]) == {"U": 0.3, "x": 1.0, "u": 0.0}
    assert plastic.tau_rec == 800.0
    with pytest.raises(KeyError):
        plastic.get("not_a_key")
