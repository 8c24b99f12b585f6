"""The columnar path for bulk values: same answers as the JSON path, typed
columns, clear errors that change nothing, and no leaks."""

from __future__ import annotations

import gc
import math

import nest
import numpy as np
import pytest
from nest import _kernel


@pytest.fixture
def json_path(monkeypatch):
    """Run a block through the JSON path (as a core without columns)."""

    def use():
        monkeypatch.setattr(_kernel, "has_columns", lambda: False)

    return use


def same(a, b):
    """Equality of status values, NaN equal to NaN, arrays by value."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def creatable_models():
    nest.ResetKernel()
    return [m for m in nest.node_models if not m.startswith("music")]


@pytest.mark.parametrize("model", creatable_models())
def test_columns_equal_the_json_path_for_every_model(kernel, model, monkeypatch):
    try:
        nodes = nest.Create(model, 3)
    except nest.NESTErrors.NESTError:
        pytest.skip(f"{model} cannot be created with its defaults")
    columnar_all = nodes.get()
    columnar_one = nodes[1].get()
    keys = sorted(k for k in columnar_all if k != "events")
    columnar_keys = nodes.get(keys)
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(columnar_all, nodes.get())
    assert same(columnar_one, nodes[1].get())
    assert same(columnar_keys, nodes.get(keys))


# Models whose status the core writes typed, straight into the columns
# (node.TypedStatus), with values of every kind their status has.
TYPED_STATUS = {
    "iaf_psc_alpha": {"V_m": [float("nan"), float("inf"), -65.0], "I_e": [1.5, -float("inf"), 0.0]},
    "iaf_psc_exp": {"V_m": [-61.0, float("-inf"), -65.0], "rho": [0.01, 0.02, 0.03]},
    "iaf_psc_delta": {"refractory_input": [True, False, True], "V_min": [-float("inf"), -90.0, -80.0]},
    "iaf_cond_alpha": {"g_ex": [0.0, 1.5, float("nan")], "E_ex": [0.0, 1.0, 2.0]},
    "iaf_cond_exp": {"g_in": [0.5, 0.0, 2.0]},
    "iaf_chxk_2008": {"ahp_bug": [True, False, False]},
    "iaf_tum_2000": {"x": [0.1, 0.2, 0.3], "u": [0.0, 0.5, 1.0]},
    "iaf_psc_alpha_ps": {"V_m": [-60.0, -61.0, -62.0]},
    "iaf_psc_exp_ps_lossless": {"V_m": [-60.0, -61.0, -62.0]},
    "aeif_cond_alpha": {"w": [0.0, 10.0, float("nan")], "a": [1.0, 2.0, 3.0]},
    "aeif_cond_exp": {"g_ex": [1.0, 2.0, 3.0]},
    "aeif_psc_delta": {"refractory_input": [False, True, True]},
    "aeif_psc_delta_clopath": {"A_LTD_const": [True, False, True], "u_bar_plus": [1.0, 2.0, 3.0]},
    "aeif_cond_alpha_multisynapse": {"E_rev": [[0.0], [0.0, -80.0], [1.0, 2.0, 3.0]],
                                     "tau_syn": [[1.0], [1.0, 2.0], [1.0, 2.0, 3.0]]},
    "aeif_cond_beta_multisynapse": {"E_rev": [[0.0, -85.0]] * 3, "tau_rise": [[1.0, 2.0]] * 3,
                                    "tau_decay": [[3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]},
    "iaf_psc_alpha_multisynapse": {"tau_syn": [[1.0], [1.0, 2.0], [3.0, 4.0, 5.0]], "V_min": [-90.0, -80.0, -70.0]},
    "iaf_psc_exp_multisynapse": {"tau_syn": [[2.0, 3.0], [1.0], [4.0, 5.0]]},
    "izhikevich": {"consistent_integration": [True, False, True], "U_m": [0.0, 1.0, -1.0]},
    "hh_psc_alpha": {"Act_m": [0.1, 0.2, 0.3], "V_m": [-65.0, -60.0, float("nan")]},
    "parrot_neuron": {"tau_minus": [10.0, 20.0, 30.0]},
    "poisson_generator": {"rate": [0.0, 10.0, 20.0], "stop": [300.0, 100.0, 200.0], "label": ["a", "b", "a"]},
    "poisson_generator_ps": {"dead_time": [0.0, 1.0, 2.0]},
    "dc_generator": {"amplitude": [1.0, float("inf"), -1.0]},
    "noise_generator": {"mean": [0.0, 1.0, 2.0], "label": ["x", "y", "z"]},
    "gamma_sup_generator": {"gamma_shape": [1, 2, 3], "n_proc": [1, 5, 10]},
}


@pytest.mark.parametrize("model", sorted(TYPED_STATUS))
def test_typed_status_equals_the_json_path(kernel, model, monkeypatch):
    # Per-node values (so that no column is one shared value), NaN and
    # infinities, integers, booleans, strings and per-node arrays: get()
    # through the typed columns gives what node-by-node JSON gives.
    nodes = nest.Create(model, 3)
    spec = TYPED_STATUS[model]
    nodes.set([{key: values[i] for key, values in spec.items()} for i in range(3)])
    nodes[1].set(frozen=True)
    columnar = nodes.get()
    keys = sorted(k for k in columnar if k != "events")
    columnar_keys = nodes.get(keys)
    columns = _kernel.get_node_columns(nodes._ids, sorted(spec))
    for key, values in spec.items():
        if isinstance(values[0], list):
            assert all(isinstance(v, np.ndarray) for v in columnar[key])
        else:
            assert isinstance(columns[key], (np.ndarray, _kernel.StringColumn))
            assert same(tuple(columns[key].tolist() if isinstance(columns[key], np.ndarray) else columns[key]),
                        tuple(float(v) if isinstance(v, float) else v for v in values))
    assert columnar["frozen"] == (False, True, False)
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(columnar, nodes.get())
    assert same(columnar_keys, nodes.get(keys))


def test_shared_values_cross_once(kernel, monkeypatch):
    # A value every node has reaches Python once: get() repeats it, the
    # bulk reader gives an array unless asked for the shared form.
    nodes = nest.Create("iaf_psc_alpha", 5, params={"I_e": float("nan")})
    columns = _kernel.get_node_columns(nodes._ids, ["C_m", "I_e", "frozen", "model", "global_id"], shared=True)
    assert all(isinstance(columns[k], _kernel.SameValue) for k in ("C_m", "I_e", "frozen", "model"))
    assert isinstance(columns["global_id"], np.ndarray)
    plain = _kernel.get_node_columns(nodes._ids, ["C_m", "model"])
    assert plain["C_m"].dtype == np.float64 and plain["C_m"].tolist() == [250.0] * 5
    assert plain["model"] == ["iaf_psc_alpha"] * 5
    got = nodes.get(["C_m", "I_e", "frozen", "model"])
    assert got["C_m"] == (250.0,) * 5 and all(math.isnan(v) for v in got["I_e"])
    assert got["frozen"] == (False,) * 5 and type(got["frozen"][0]) is bool
    whole = nodes.get()
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(whole, nodes.get())


def test_typed_columns(kernel):
    nodes = nest.Create("iaf_psc_alpha", 4)
    nodes.set(I_e=[float("nan"), float("inf"), -float("inf"), 1.5])
    i_e = nodes.get("I_e")
    assert math.isnan(i_e[0]) and i_e[1:] == (float("inf"), -float("inf"), 1.5)
    got = nodes.get(["global_id", "frozen", "model", "V_m"])
    assert got["global_id"] == (1, 2, 3, 4) and all(type(v) is int for v in got["global_id"])
    assert got["frozen"] == (False,) * 4 and all(type(v) is bool for v in got["frozen"])
    assert got["model"] == ("iaf_psc_alpha",) * 4
    assert got["V_m"] == (-70.0,) * 4
    nodes.set(frozen=np.array([True, False, True, False]))
    assert nodes.get("frozen") == (True, False, True, False)
    columns = _kernel.get_node_columns(nodes._ids, ["V_m", "global_id", "frozen", "model", "recordables"])
    assert columns["V_m"].dtype == np.float64 and columns["global_id"].dtype == np.int64
    assert columns["frozen"].dtype == bool and columns["model"] == ["iaf_psc_alpha"] * 4
    # A value every node has crosses once; each node gets its own copy.
    assert isinstance(columns["recordables"], _kernel.SameValue)
    recordables = nodes.get("recordables")
    assert recordables[0] == ["I_syn_ex", "I_syn_in", "V_m"] and recordables[0] is not recordables[1]
    recordables[0].append("x")
    assert nodes.get("recordables")[1] == ["I_syn_ex", "I_syn_in", "V_m"]


def test_shared_values_are_independent_copies(kernel, monkeypatch):
    sg = nest.Create("spike_generator", 3, params={"spike_times": [1.0, 2.0]})
    times = sg.get("spike_times")
    assert all(isinstance(t, np.ndarray) for t in times)
    times[0][0] = 99.0
    assert times[1][0] == 1.0 and sg.get("spike_times")[0][0] == 1.0
    whole = sg.get()
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(whole, sg.get())


def test_mixed_models_and_missing_keys(kernel, monkeypatch):
    nodes = nest.Create("iaf_psc_alpha", 2) + nest.Create("poisson_generator", 2) + nest.Create("iaf_psc_exp", 1)
    columnar = nodes.get(["V_m", "rate", "model"])
    assert columnar["V_m"][2] is None and columnar["rate"][0] is None
    whole = nodes.get()
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(columnar, nodes.get(["V_m", "rate", "model"]))
    assert same(whole, nodes.get())


def test_non_contiguous_collections(kernel):
    nodes = nest.Create("iaf_psc_alpha", 10)
    picked = nodes[[0, 3, 4, 9]]
    assert isinstance(picked._ids, np.ndarray)
    picked.set(V_m=np.array([-61.0, -62.0, -63.0, -64.0]))
    assert picked.get("V_m") == (-61.0, -62.0, -63.0, -64.0)
    stepped = nodes[1::3]
    stepped.set({"C_m": [201.0, 202.0, 203.0]})
    assert nodes.get("C_m") == (250.0, 201.0, 250.0, 250.0, 202.0, 250.0, 250.0, 203.0, 250.0, 250.0)
    assert nodes.get("V_m")[:5] == (-61.0, -70.0, -70.0, -62.0, -63.0)


def test_empty_collection(kernel):
    empty = nest.NodeCollection()
    with pytest.raises(ValueError):
        empty.get("V_m")
    empty.set(V_m=-50.0)  # nothing to do, as in NEST


def test_set_forms_agree_with_the_json_path(kernel, monkeypatch):
    values = np.linspace(-75, -55, 6)
    a = nest.Create("iaf_psc_alpha", 6)
    b = nest.Create("iaf_psc_alpha", 6)
    a.set(V_m=values, C_m=300.0, I_e=np.arange(6))
    a.set([{"tau_m": 5.0 + i, "t_ref": 1.0} for i in range(6)])
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    b.set(V_m=values, C_m=300.0, I_e=np.arange(6))
    b.set([{"tau_m": 5.0 + i, "t_ref": 1.0} for i in range(6)])
    keys = ["V_m", "C_m", "I_e", "tau_m", "t_ref"]
    assert same(a.get(keys), b.get(keys))
    assert a.get("I_e") == tuple(float(i) for i in range(6))


def test_bad_arrays_change_nothing(kernel):
    nodes = nest.Create("iaf_psc_alpha", 3)
    before = nodes.get()
    with pytest.raises(ValueError):
        nodes.set(V_m=np.array([-60.0, -61.0]))  # wrong length
    with pytest.raises(ValueError):
        nodes.set({"V_m": [-60.0, -61.0], "C_m": 100.0})  # too few (too many: the first ones, as NEST)
    with pytest.raises((nest.NESTErrors.NESTError, TypeError)):
        nodes.set(V_m=np.array(["a", "b", "c"]))  # wrong dtype
    with pytest.raises(nest.NESTErrors.BadProperty):
        nodes.set(C_m=np.array([100.0, -1.0, 100.0]))  # rejected by the model for one node
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nodes.set(V_m=np.array([-60.0, -61.0, -62.0]), no_such_key=1.0)
    with pytest.raises((nest.NESTErrors.NESTError, TypeError)):
        nodes.set([{"V_m": -60.0}, {"V_m": -61.0}, {"V_m": "x"}])
    assert same(nodes.get(), before)


def test_create_with_per_node_arrays(kernel, monkeypatch):
    v = np.linspace(-70.0, -60.0, 5)
    a = nest.Create("iaf_psc_alpha", 5, params={"V_m": v, "C_m": 200.0, "I_e": np.arange(5), "frozen": [True] * 5})
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    b = nest.Create("iaf_psc_alpha", 5, params={"V_m": v, "C_m": 200.0, "I_e": np.arange(5), "frozen": [True] * 5})
    keys = ["V_m", "C_m", "I_e", "frozen"]
    assert same(a.get(keys), b.get(keys))
    assert a.get("V_m") == tuple(v.tolist())
    monkeypatch.undo()
    size = nest.GetKernelStatus("network_size")
    with pytest.raises(ValueError):
        nest.Create("iaf_psc_alpha", 5, params={"V_m": v[:4]})
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Create("iaf_psc_alpha", 5, params={"C_m": np.array([1.0, 1.0, -1.0, 1.0, 1.0])})
    with pytest.raises((nest.NESTErrors.NESTError, TypeError)):
        nest.Create("iaf_psc_alpha", 2, params={"V_m": ["a", "b"]})
    assert nest.GetKernelStatus("network_size") == size


def test_connect_with_arrays(kernel):
    n = 1000
    pre = nest.Create("iaf_psc_alpha", n)
    post = nest.Create("iaf_psc_alpha", n)
    rng = np.random.default_rng(1)
    weights = rng.uniform(1, 2, n)
    delays = np.round(rng.uniform(1, 3, n), 1)
    nest.Connect(pre, post, "one_to_one", {"weight": weights, "delay": delays})
    conns = nest.GetConnections(pre, post)
    np.testing.assert_array_equal(np.asarray(conns.get("weight")), weights)
    # Delays come back as NEST computes them: steps * tics per step * ms per tic.
    tics = np.rint(delays / 0.1).astype(np.int64) * 100
    np.testing.assert_array_equal(np.asarray(conns.get("delay")), tics.astype(float) * 0.001)
    with pytest.raises(ValueError):
        nest.Connect(pre, post, "one_to_one", {"weight": weights[:-1]})
    # A list of ints as receptor types, on a multisynapse model.
    m = nest.Create("iaf_psc_exp_multisynapse", 3, params={"tau_syn": [1.0, 2.0]})
    nest.Connect(pre[:3], m, "one_to_one", {"receptor_type": np.array([1, 2, 1])})
    assert nest.GetConnections(pre[:3], m).get("receptor") == [1, 2, 1]
    assert nest.num_connections == n + 3


def test_synapse_collection_set_with_arrays(kernel, monkeypatch):
    pre = nest.Create("iaf_psc_alpha", 50)
    post = nest.Create("iaf_psc_alpha", 50)
    nest.Connect(pre, post, "one_to_one", {"synapse_model": "stdp_synapse"})
    conns = nest.GetConnections(pre, post)
    weights = np.linspace(0.5, 2.0, 50)
    conns.set(weight=weights, Wmax=200.0, tau_plus=np.full(50, 15.0))
    np.testing.assert_array_equal(np.asarray(conns.get("weight")), weights)
    assert set(conns.get("Wmax")) == {200.0} and set(conns.get("tau_plus")) == {15.0}
    part = conns[10:20]
    part.set(weight=np.arange(10) + 0.25)
    got = np.asarray(nest.GetConnections(pre, post).get("weight"))
    np.testing.assert_array_equal(got[10:20], np.arange(10) + 0.25)
    np.testing.assert_array_equal(got[:10], weights[:10])
    before = nest.GetConnections(pre, post).get()
    with pytest.raises(TypeError):
        conns.set(weight=weights[:-1])
    with pytest.raises(nest.NESTErrors.NESTError):
        conns.set(weight=weights, delay=np.full(50, -1.0))
    assert same(nest.GetConnections(pre, post).get(), before)
    # The JSON path gives the same.
    monkeypatch.setattr(_kernel, "set_connection_columns", lambda *a: False)
    conns.set(weight=weights * 2)
    np.testing.assert_array_equal(np.asarray(conns.get("weight")), weights * 2)


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    pytest.skip("no VmRSS")


def test_get_set_cycles_do_not_leak(kernel):
    # Whole populations of 1e5 nodes a few times (each cycle costs the
    # kernel's per-node status work), then many cycles on a small
    # collection. The Go heap left after a collection must stay flat; the
    # resident set may grow by the garbage Go lets pile up before it
    # collects (up to the live heap, GOGC=100), and not by more.
    # benchmarks/python_api.py --leak runs the full 10,000 cycles on 1e5
    # nodes.
    nodes = nest.Create("iaf_psc_alpha", 100_000)
    values = np.linspace(-70.0, -60.0, len(nodes))
    gc.collect()
    baseline = _kernel.recording_bytes()
    rss, heap = [], []

    def measure():
        gc.collect()
        heap.append(_kernel.heap_bytes())
        rss.append(rss_bytes())

    for _ in range(2):
        nodes.set(V_m=values)
        assert nodes.get("V_m")[-1] == -60.0
        measure()
    small = nodes[:10]
    for i in range(3000):
        small.set(V_m=values[:10])
        small.get(["V_m", "frozen"])
        if i == 500:
            measure()
    measure()
    assert _kernel.recording_bytes() == baseline
    # Flat: the live heap grows by less than 64 kB over all cycles (it
    # grew by 1 kB when measured; keeping the 1e5 nodes' values of one
    # cycle would add 0.8 MB, keeping 24 bytes per small cycle 60 kB).
    assert max(heap[1:]) - heap[0] < 64 << 10, heap
    assert max(rss[1:]) - rss[1] < heap[0] + (32 << 20), (rss, heap)


def test_float_state_is_read_straight_into_an_array(kernel, monkeypatch):
    nodes = nest.Create("iaf_psc_alpha", 5) + nest.Create("iaf_cond_exp", 3)
    values = np.array([-60.0, float("nan"), float("inf"), -float("inf"), -65.125, -61.0, -62.0, 5e300])
    nodes.set(V_m=values)
    floats = _kernel.read_node_floats(nodes._ids, "V_m")
    assert isinstance(floats, np.ndarray) and floats.dtype == np.float64
    np.testing.assert_array_equal(floats, values)  # NaN where NaN, bits as set
    # A parameter (not a recordable) and a key a model lacks take the general path.
    assert _kernel.read_node_floats(nodes._ids, "C_m") is None
    assert _kernel.read_node_floats(nodes._ids, "g_ex") is None  # iaf_psc_alpha has no g_ex
    mixed = nodes + nest.Create("poisson_generator")
    assert _kernel.read_node_floats(mixed._ids, "V_m") is None
    got = nodes.get("V_m")
    assert type(got) is tuple and all(type(v) is float for v in got)
    assert same(got, tuple(values.tolist()))
    picked = nodes[[0, 3, 6]]  # non-contiguous
    assert same(picked.get("V_m"), tuple(values[[0, 3, 6]].tolist()))
    assert nodes[2].get("V_m") == float("inf")
    assert same(mixed.get("V_m"), (*values.tolist(), None))
    assert same(nodes.get(["V_m", "C_m", "V_m"]), {"V_m": got, "C_m": nodes.get("C_m")})
    monkeypatch.setattr(_kernel, "read_node_floats", lambda ids, key: None)
    assert same(nodes.get("V_m"), got)
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    assert same(nodes.get("V_m"), got)


def test_a_rejected_node_leaves_earlier_nodes_unchanged(kernel):
    # Each node is checked against its own parameters before any changes:
    # V_reset must stay below each node's own V_th.
    nodes = nest.Create("iaf_psc_alpha", 4, params={"V_th": [-50.0, -52.0, -54.0, -56.0]})
    before = nodes.get()
    with pytest.raises(nest.NESTErrors.BadProperty):
        nodes.set(V_reset=np.array([-51.0, -53.0, -55.0, -55.5]))  # the last is above its V_th
    assert same(nodes.get(), before)
    nodes.set(V_reset=np.array([-51.0, -53.0, -55.0, -57.0]))
    assert nodes.get("V_reset") == (-51.0, -53.0, -55.0, -57.0)
    assert nodes.get("V_th") == (-50.0, -52.0, -54.0, -56.0)
    # A key only some models know is refused for the whole mixed collection.
    mixed = nodes + nest.Create("iaf_cond_exp", 2)
    before = mixed.get()
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        mixed.set(tau_m=np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))  # iaf_cond_exp has no tau_m
    assert same(mixed.get(), before)


def test_one_number_per_node_for_one_key(kernel, monkeypatch):
    # set(V_m=array) takes the models' direct setters where every model
    # has one; the answers are those of the JSON path, also for models
    # without one, and a node without the key changes nothing.
    nodes = nest.Create("iaf_psc_alpha", 2, params={"E_L": -66.0})
    for model in ["iaf_psc_exp", "iaf_cond_exp", "aeif_cond_alpha", "hh_psc_alpha"]:
        nodes += nest.Create(model, 2)
    values = np.linspace(-72.0, -58.0, len(nodes))
    nodes.set(V_m=values)
    nodes[:2].set(V_m=np.array([-59, -60]))  # integers
    columnar = nodes.get("V_m")
    monkeypatch.setattr(_kernel, "has_columns", lambda: False)
    nodes.set(V_m=values)
    nodes[:2].set(V_m=[-59, -60])
    assert same(nodes.get("V_m"), columnar)
    monkeypatch.undo()
    mixed = nodes + nest.Create("spike_generator")
    before = mixed.get()
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        mixed.set(V_m=np.full(len(mixed), -50.0))
    assert same(mixed.get(), before)


def test_connect_with_plastic_parameter_arrays(kernel, monkeypatch):
    # Per-connection plastic parameters cross as columns as weights do;
    # the JSON path (lists) gives the same connections.
    n = 20
    w, wmax, alpha = np.linspace(1, 2, n), np.linspace(50, 70, n), np.arange(n)
    syn = {"synapse_model": "stdp_synapse", "weight": w, "Wmax": wmax, "alpha": alpha}
    pre, post = nest.Create("iaf_psc_alpha", n), nest.Create("iaf_psc_alpha", n)
    nest.Connect(pre, post, "one_to_one", syn)
    columnar = nest.GetConnections(pre, post).get(["weight", "Wmax", "alpha", "tau_plus"])
    np.testing.assert_array_equal(columnar["Wmax"], wmax)
    np.testing.assert_array_equal(columnar["alpha"], alpha.astype(float))
    without = _NoColumns(_kernel.backend())
    monkeypatch.setattr(_kernel, "backend", lambda: without)
    pre2, post2 = nest.Create("iaf_psc_alpha", n), nest.Create("iaf_psc_alpha", n)
    nest.Connect(pre2, post2, "one_to_one", {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in syn.items()})
    monkeypatch.undo()
    assert same(nest.GetConnections(pre2, post2).get(["weight", "Wmax", "alpha", "tau_plus"]), columnar)


class _NoColumns:
    """A backend without ConnectColumns (the JSON path of Connect)."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        if name.startswith("ConnectColumns"):
            raise AttributeError(name)
        return getattr(self._real, name)
