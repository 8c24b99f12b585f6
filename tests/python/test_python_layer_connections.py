"""What CopyModel, GetConnections, Connect and nest.random send to the core (stand-in core of fake_core.py)."""

from __future__ import annotations

import nest
import numpy as np
import pytest
from fake_core import FakeCore
from nest import _kernel
from nest.lib import hl_api_types


@pytest.fixture
def fake():
    core = FakeCore()
    previous = _kernel.use_backend(core)
    hl_api_types.reset_registry()
    yield core
    _kernel.use_backend(previous)
    hl_api_types.reset_registry()


def calls(core, name):
    return [c for c in core.calls if c[0] == name]


def test_copy_model_payload_and_name_check(fake):
    nest.CopyModel("static_synapse", "exc", {"weight": 2.0})
    nest.CopyModel("fake_neuron", "copy_neuron")
    assert calls(fake, "CopyModel") == [
        ("CopyModel", "static_synapse", "exc", {"weight": 2.0}),
        ("CopyModel", "fake_neuron", "copy_neuron", {}),
    ]
    with pytest.raises(nest.NESTErrors.NewModelNameExists):
        nest.CopyModel("fake_neuron", "exc")
    assert len(calls(fake, "CopyModel")) == 2  # rejected before the core
    assert nest.Create("copy_neuron").get("model") == "copy_neuron"


def test_get_connections_filters_sent(fake):
    n = nest.Create("fake_neuron", 4)
    nest.Connect(n[:2], n[2:])
    conns = nest.GetConnections()
    assert calls(fake, "GetConnections")[-1] == ("GetConnections", None, None, "")
    assert conns.get(["source", "target"]) == {"source": [1, 1, 2, 2], "target": [3, 4, 3, 4]}
    nest.GetConnections(n[0], n[2:], "static_synapse")
    assert calls(fake, "GetConnections")[-1] == ("GetConnections", [1], [3, 4], "static_synapse")
    before = len(calls(fake, "GetConnections"))
    assert len(nest.GetConnections(source=nest.NodeCollection())) == 0  # empty filter: no core call
    assert len(calls(fake, "GetConnections")) == before


def test_return_synapsecollection_asks_for_the_calls_model(fake):
    n = nest.Create("fake_neuron", 3)
    nest.CopyModel("static_synapse", "exc")
    nest.Connect(n, n, "one_to_one", {"synapse_model": "exc"}, return_synapsecollection=True)
    assert calls(fake, "GetConnections")[-1] == ("GetConnections", [1, 2, 3], [1, 2, 3], "exc")
    nest.Connect(n[0], n[1], return_synapsecollection=True)
    assert calls(fake, "GetConnections")[-1] == ("GetConnections", [1], [2], "static_synapse")


def test_distribution_is_sent_as_an_object(fake):
    n = nest.Create("fake_neuron", 2)
    nest.Connect(
        n,
        n,
        syn_spec={"weight": nest.random.uniform(0.5, 1.5), "delay": nest.CreateParameter("constant", {"value": 2.0})},
    )
    syn = calls(fake, "Connect")[-1][4]
    assert syn == {"weight": {"distribution": "uniform", "min": 0.5, "max": 1.5}, "delay": 2.0}
    for param, expected in [
        (nest.random.normal(1.0, 0.2), {"distribution": "normal", "mean": 1.0, "std": 0.2}),
        (nest.random.lognormal(), {"distribution": "lognormal", "mean": 0.0, "std": 1.0}),
        (nest.random.exponential(3.0), {"distribution": "exponential", "beta": 3.0}),
        (nest.random.uniform_int(4), {"distribution": "uniform_int", "max": 4}),
    ]:
        nest.Connect(n, n, syn_spec={"weight": param})
        assert calls(fake, "Connect")[-1][4] == {"weight": expected}


def test_2d_all_to_all_array_is_sent_target_major(fake):
    pre = nest.Create("fake_neuron", 3)
    post = nest.Create("fake_neuron", 2)
    weights = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    nest.Connect(pre, post, "all_to_all", {"weight": weights})
    assert calls(fake, "Connect")[-1][4] == {"weight": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}
    conns = nest.GetConnections(pre, post)
    for s, t, w in zip(conns.source, conns.target, conns.weight, strict=True):
        assert w == weights[t - 4, s - 1]


def test_autapse_entries_are_left_out(fake):
    n = nest.Create("fake_neuron", 2)
    nest.Connect(n, n, {"rule": "all_to_all", "allow_autapses": False}, {"weight": [[1.0, 2.0], [3.0, 4.0]]})
    assert calls(fake, "Connect")[-1][4] == {"weight": [2.0, 3.0]}
    nest.Connect([1, 2], [1, 1], {"rule": "one_to_one", "allow_autapses": False}, {"delay": np.array([5.0, 6.0])})
    assert calls(fake, "Connect")[-1][4] == {"delay": [6.0]}


def test_create_sends_drawn_numbers(fake):
    nest.Create("fake_neuron", 3, params={"V_m": nest.random.uniform(-70.0, -60.0), "C_m": 100.0})
    payload = calls(fake, "Create")[-1][3]
    assert isinstance(payload, list) and len(payload) == 3
    assert all(-70.0 <= p["V_m"] < -60.0 and p["C_m"] == 100.0 for p in payload)
    assert len({p["V_m"] for p in payload}) == 3


def test_draws_follow_rng_seed_and_restart_after_reset(fake):
    def draw():
        return nest.Create("fake_neuron", 4, params={"V_m": nest.random.normal()}).V_m

    first = draw()
    assert draw() != first
    nest.ResetKernel()
    assert draw() == first
    nest.ResetKernel()
    fake.kernel["rng_seed"] = 1
    assert draw() != first


def test_non_finite_weights_read_back_as_floats(fake):
    n = nest.Create("fake_neuron", 2)
    nest.Connect(n, n, "one_to_one", {"weight": [float("inf"), -1.0]})
    weights = nest.GetConnections().weight
    assert weights[0] == float("inf") and weights[1] == -1.0
