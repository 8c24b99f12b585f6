"""The Python layer on its own, against the stand-in core of fake_core.py.

These tests check what PyNEST sends to the core and how it reads the
answers, independently of the Go kernel.
"""

from __future__ import annotations

import json

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


def last_call(core, name):
    return [c for c in core.calls if c[0] == name][-1]


# -- errors ---------------------------------------------------------------------


def test_core_error_text_becomes_named_exception(fake):
    with pytest.raises(nest.NESTErrors.UnknownModelName) as info:
        nest.Create("no_such_model")
    assert isinstance(info.value, nest.NESTError)
    assert isinstance(info.value, nest.kernel.NESTError)
    assert info.value.errorname == "UnknownModelName"
    assert info.value.errormessage == "no_such_model is not a known model name."
    # As NEST 3.10: str() is the message; the traceback line adds the class
    # name once ("UnknownModelName: no_such_model is ..."), not twice.
    assert str(info.value) == "no_such_model is not a known model name."


def test_error_classes_made_on_demand():
    cls = nest.NESTErrors.SomeFutureError
    assert issubclass(cls, nest.NESTErrors.KernelException)
    assert issubclass(cls, nest.NESTError)
    assert cls is nest.NESTErrors.SomeFutureError
    assert issubclass(nest.NESTErrors.KeyError, KeyError)
    assert issubclass(nest.NESTErrors.IndexError, IndexError)
    assert not issubclass(nest.NESTErrors.BadProperty, KeyError)
    with pytest.raises(AttributeError):
        nest.NESTErrors._private  # noqa: B018


@pytest.mark.parametrize(
    "text, name, message",
    [
        ("BadProperty: Capacitance must be > 0.", "BadProperty", "Capacitance must be > 0."),
        ("KeyError: no column 'x'", "KeyError", "no column 'x'"),
        ("InternalError: panic: boom\ngoroutine 1", "InternalError", "panic: boom\ngoroutine 1"),
        ("something odd happened", "InternalError", "something odd happened"),
    ],
)
def test_error_from_text(text, name, message):
    from nest.lib.hl_api_exceptions import error_from_text

    err = error_from_text(text)
    assert err.errorname == name
    assert err.errormessage == message


def test_key_error_from_core_is_a_python_key_error(fake):
    fake.ExportEvents = lambda *a: (_ for _ in ()).throw(RuntimeError("KeyError: recorder 1 has no event column 'x'"))
    with pytest.raises(KeyError):
        _kernel.export_column(1, "x")


# -- JSON -------------------------------------------------------------------------


def test_json_converts_numpy_tuples_ranges_and_infinity():
    text = _kernel.to_json(
        {
            "a": np.float64(1.5),
            "b": np.int32(3),
            "c": np.arange(3),
            "d": (1, 2),
            "e": range(2),
            "f": float("inf"),
            "g": np.array([1.0, -np.inf]),
            "h": np.bool_(True),
        }
    )
    assert json.loads(text) == {
        "a": 1.5,
        "b": 3,
        "c": [0, 1, 2],
        "d": [1, 2],
        "e": [0, 1],
        "f": "inf",
        "g": [1.0, "-inf"],
        "h": True,
    }
    assert _kernel.from_json('{"stop": "inf", "x": ["-inf", "label"]}') == {
        "stop": float("inf"),
        "x": [float("-inf"), "label"],
    }


def test_unsupported_value_type_is_a_type_error(fake):
    nodes = nest.Create("fake_neuron")
    with pytest.raises(TypeError):
        nodes.set(V_m=object())


# -- Create ---------------------------------------------------------------------------


def test_create_sends_one_dict_for_all(fake):
    nodes = nest.Create("fake_neuron", 3, params={"V_m": -60.0})
    assert last_call(fake, "Create") == ("Create", "fake_neuron", 3, {"V_m": -60.0})
    assert nodes.tolist() == [1, 2, 3]


def test_create_spreads_lists_for_scalar_parameters_only(fake):
    nest.Create("fake_neuron", 2, params={"V_m": [-60.0, -61.0], "C_m": 200.0, "spike_times": [1.0, 2.0]})
    assert last_call(fake, "Create")[3] == [
        {"V_m": -60.0, "C_m": 200.0, "spike_times": [1.0, 2.0]},
        {"V_m": -61.0, "C_m": 200.0, "spike_times": [1.0, 2.0]},
    ]


def test_create_with_numpy_values_and_list_of_dicts(fake):
    nest.Create("fake_neuron", 2, params={"V_m": np.array([-1.0, -2.0])})
    assert last_call(fake, "Create")[3] == [{"V_m": -1.0}, {"V_m": -2.0}]
    nest.Create("fake_neuron", 2, params=[{"V_m": -3.0}, {"C_m": 1.0}])
    assert last_call(fake, "Create")[3] == [{"V_m": -3.0}, {"C_m": 1.0}]


def test_list_valued_parameter_of_recorder_is_not_spread(fake):
    nest.Create("fake_recorder", 1, params={"record_from": ["V_m", "I_syn_ex"]})
    assert last_call(fake, "Create")[3] == {"record_from": ["V_m", "I_syn_ex"]}


@pytest.mark.parametrize(
    "args, exc",
    [
        (("fake_neuron", 0), nest.NESTErrors.BadParameterValue),
        (("fake_neuron", -2), nest.NESTErrors.BadParameterValue),
        (("fake_neuron", 1.5), TypeError),
        (("fake_neuron", "3"), TypeError),
        (("fake_neuron", 2, [{}]), TypeError),
        (("fake_neuron", 3, {"V_m": [1.0, 2.0]}), ValueError),
        (("fake_neuron", 1, 42), TypeError),
    ],
)
def test_create_rejects_bad_arguments_before_the_core(fake, args, exc):
    with pytest.raises(exc):
        nest.Create(*args)
    assert not [c for c in fake.calls if c[0] == "Create"]


def test_create_with_dict_as_second_argument(fake):
    nest.Create("fake_neuron", {"V_m": -1.0})
    assert last_call(fake, "Create") == ("Create", "fake_neuron", 1, {"V_m": -1.0})


def test_failed_create_registers_nothing(fake):
    nest.Create("fake_neuron", 2)
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nest.Create("fake_neuron", 2, params={"nope": 1})
    assert repr(nest.Create("fake_recorder")) == "NodeCollection(metadata=None, model=fake_recorder, size=1, first=3)"


# -- set ------------------------------------------------------------------------------------


def test_set_forms(fake):
    nodes = nest.Create("fake_neuron", 2)
    nodes.set({"V_m": -1.0})
    assert last_call(fake, "SetStatus") == ("SetStatus", [1, 2], [{"V_m": -1.0}])
    nodes.set(V_m=-2.0, C_m=3.0)
    assert last_call(fake, "SetStatus")[2] == [{"V_m": -2.0, "C_m": 3.0}]
    nodes.set([{"V_m": 1.0}, {"V_m": 2.0}])
    assert last_call(fake, "SetStatus")[2] == [{"V_m": 1.0}, {"V_m": 2.0}]
    nodes.set(V_m=(5.0, 6.0), spike_times=[1.0])
    assert last_call(fake, "SetStatus")[2] == [{"V_m": 5.0, "spike_times": [1.0]}, {"V_m": 6.0, "spike_times": [1.0]}]
    nodes.V_m = np.array([7.0, 8.0])
    assert last_call(fake, "SetStatus")[2] == [{"V_m": 7.0}, {"V_m": 8.0}]
    assert nodes.V_m == (7.0, 8.0)


def test_set_rejects_bad_forms(fake):
    nodes = nest.Create("fake_neuron", 2)
    with pytest.raises(TypeError):
        nodes.set({"V_m": 1.0}, C_m=2.0)
    with pytest.raises(TypeError):
        nodes.set([{"V_m": 1.0}])
    with pytest.raises(ValueError):
        nodes.set(V_m=[1.0])  # fewer values than nodes (more: the first ones, as NEST)
    with pytest.raises(TypeError):
        nodes.set("V_m")


def test_unknown_key_with_list_value_goes_to_core_unchanged(fake):
    nodes = nest.Create("fake_neuron", 2)
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nodes.set(nope=[1.0, 2.0])
    assert last_call(fake, "SetStatus")[2] == [{"nope": [1.0, 2.0]}]


def test_underscore_attributes_never_reach_the_core(fake):
    nodes = nest.Create("fake_neuron", 2)
    before = len(fake.calls)
    for name in ("_repr_html_", "_ipython_display_", "__array_interface__", "_ids_x"):
        assert not hasattr(nodes, name)
    with pytest.raises(AttributeError):
        nodes._private = 1
    assert len(fake.calls) == before


def test_empty_collection_set_is_a_no_op(fake):
    nest.NodeCollection().set(V_m=1.0)
    assert not [c for c in fake.calls if c[0] == "SetStatus"]


# -- Connect -----------------------------------------------------------------------------------


def test_connect_normalises_specs(fake):
    a = nest.Create("fake_neuron", 2)
    b = nest.Create("fake_neuron", 2)
    nest.Connect(a, b)
    assert last_call(fake, "Connect") == ("Connect", [1, 2], [3, 4], {"rule": "all_to_all"}, None)
    nest.Connect(a, b, "one_to_one", "static_synapse")
    assert last_call(fake, "Connect")[3:] == ({"rule": "one_to_one"}, {"synapse_model": "static_synapse"})
    nest.Connect(a, b, {"rule": "one_to_one"}, {"weight": [1.0, 2.0], "delay": np.array([1.0, 2.0])})
    assert last_call(fake, "Connect")[4] == {"weight": [1.0, 2.0], "delay": [1.0, 2.0]}
    nest.Connect(a, b, syn_spec={"weight": np.array([[1.0, 2.0], [3.0, 4.0]])})
    assert last_call(fake, "Connect")[4] == {"weight": [1.0, 2.0, 3.0, 4.0]}


def test_connect_argument_errors_are_explained(fake):
    a = nest.Create("fake_neuron", 2)
    with pytest.raises(TypeError, match="syn_spec"):
        nest.Connect(a, a, {"weight": 2.0})
    with pytest.raises(TypeError, match="synapse model, not a connection rule"):
        nest.Connect(a, a, "static_synapse")
    with pytest.raises(TypeError, match="one_to_one"):
        nest.Connect(a, a, syn_spec={"weight": [1.0, 2.0]})
    with pytest.raises(ValueError):
        nest.Connect(a, a, "one_to_one", {"weight": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError):
        nest.Connect(a, a, syn_spec={"weight": np.ones((3, 2))})
    with pytest.raises(TypeError):
        nest.Connect(a, a, 42)
    with pytest.raises(TypeError):
        nest.Connect("a", a)


def test_connect_accepts_id_lists(fake):
    nest.Create("fake_neuron", 3)
    nest.Connect([1, 2], [3])
    assert last_call(fake, "Connect")[1:3] == ([1, 2], [3])
    nest.Connect(np.array([1, 1]), np.array([2, 3]), "one_to_one")
    assert last_call(fake, "Connect")[1:3] == ([1, 1], [2, 3])


# -- Simulate -----------------------------------------------------------------------------------


def test_simulate_polls_until_done(fake):
    fake.wait_script = [False, False, True]
    nest.Simulate(10.0)
    assert [c[0] for c in fake.calls[-4:]] == ["SimulateStart", "SimulateWait", "SimulateWait", "SimulateWait"]
    assert last_call(fake, "SimulateStart") == ("SimulateStart", 10.0)


def test_simulate_interrupt_stops_core_then_reraises(fake):
    fake.wait_script = [False, KeyboardInterrupt(), False, KeyboardInterrupt(), False, True]
    with pytest.raises(KeyboardInterrupt):
        nest.Simulate(1000.0)
    names = [c[0] for c in fake.calls]
    assert names.count("SimulateInterrupt") == 1
    # After the interrupt it waited until the core reported done, even
    # through a second Ctrl-C.
    assert names[-1] == "SimulateWait" and not fake.wait_script


def test_interrupt_right_after_simulate_start_stops_the_run(fake):
    """A Ctrl-C raised as SimulateStart returns (before the first wait) still stops the core."""
    started = fake.SimulateStart

    def start_then_interrupt(t):
        started(t)
        raise KeyboardInterrupt

    fake.SimulateStart = start_then_interrupt
    fake.wait_script = [False, True]
    with pytest.raises(KeyboardInterrupt):
        nest.Simulate(1000.0)
    names = [c[0] for c in fake.calls]
    run = names[names.index("SimulateStart") :]
    assert run == ["SimulateStart", "SimulateInterrupt", "SimulateWait", "SimulateWait"]
    assert not fake.wait_script


def test_rejected_simulate_time_is_no_interrupt(fake):
    def reject(t):
        raise RuntimeError("BadParameter: The simulation time must not be negative.")

    fake.SimulateStart = reject
    with pytest.raises(nest.NESTErrors.BadParameter):
        nest.Simulate(-1.0)
    assert "SimulateInterrupt" not in [c[0] for c in fake.calls]


def test_simulate_rejects_non_numbers(fake):
    with pytest.raises(TypeError):
        nest.Simulate("100")


# -- events --------------------------------------------------------------------------------------------


def test_events_come_back_as_read_only_views(fake):
    rec = nest.Create("fake_recorder")
    fake.events[1] = {
        "senders": np.array([2, 3], dtype=np.int64),
        "times": np.array([0.5, 1.0]),
        "V_m": np.array([-70.0, -69.0]),
    }
    events = rec.get("events")
    assert list(events) == ["senders", "times", "V_m"]
    np.testing.assert_array_equal(events["senders"], [2, 3])
    assert events["times"].dtype == np.float64
    assert not events["V_m"].flags.owndata
    assert not events["V_m"].flags.writeable
    np.testing.assert_array_equal(rec.get("events", "V_m"), [-70.0, -69.0])
    assert set(rec.get("events", ["times", "V_m"])) == {"times", "V_m"}
    assert rec.get()["events"]["senders"].tolist() == [2, 3]


def test_events_on_several_recorders(fake):
    recs = nest.Create("fake_recorder", 2)
    fake.events[1] = {"senders": np.array([5]), "times": np.array([1.0])}
    fake.events[2] = {"senders": np.array([6, 6]), "times": np.array([1.0, 2.0])}
    both = recs.get("events")
    assert isinstance(both, tuple) and len(both) == 2
    assert both[1]["senders"].tolist() == [6, 6]
    times = recs.get("events", "times")
    assert isinstance(times, list) and [t.tolist() for t in times] == [[1.0], [1.0, 2.0]]


def test_events_on_a_neuron_is_a_key_error(fake):
    nodes = nest.Create("fake_neuron")
    with pytest.raises(KeyError):
        nodes.get("events")


# -- get shapes --------------------------------------------------------------------------------------------


def test_get_shapes(fake):
    nodes = nest.Create("fake_neuron", 2, params={"V_m": [-1.0, -2.0]})
    assert nodes.get("V_m") == (-1.0, -2.0)
    assert nodes[0].get("V_m") == -1.0
    assert nodes.get(["V_m", "C_m"]) == {"V_m": (-1.0, -2.0), "C_m": (250.0, 250.0)}
    with pytest.raises(TypeError):
        nodes.get("V_m", "C_m")  # several plain keys: as NEST 3.10
    assert nodes[1].get(["V_m"]) == {"V_m": -2.0}
    full = nodes.get()
    assert full["V_m"] == (-1.0, -2.0) and list(full) == sorted(full)
    one = nodes[0].get()
    assert one["global_id"] == 1 and one["model"] == "fake_neuron"
    assert isinstance(one["spike_times"], tuple) and one["spike_times"] == ()
    assert json.loads(nodes.get("V_m", output="json")) == [-1.0, -2.0]
    with pytest.raises(KeyError):
        nodes.get("nope")
    with pytest.raises(ValueError):
        nest.NodeCollection().get()


def test_mixed_collection_get_fills_missing_keys_with_none(fake):
    nodes = nest.Create("fake_neuron") + nest.Create("fake_recorder")
    assert nodes.get("V_m") == (-70.0, None)
    assert nodes.get("record_from") == (None, ["V_m"])


def test_number_lists_become_arrays(fake):
    nodes = nest.Create("fake_neuron", params={"spike_times": [1.0, 2.5]})
    value = nodes.spike_times
    assert isinstance(value, np.ndarray) and value.tolist() == [1.0, 2.5]


def test_recorder_stop_infinity_reads_as_float(fake):
    rec = nest.Create("fake_recorder")
    assert rec.stop == float("inf")
    rec.stop = float("inf")
    assert last_call(fake, "SetStatus")[2] == [{"stop": "inf"}]


# -- kernel attributes ------------------------------------------------------------------------------------


def test_kernel_attributes_route_through_status(fake):
    assert nest.resolution == 0.1
    nest.resolution = 0.2
    assert last_call(fake, "SetKernelStatus") == ("SetKernelStatus", {"resolution": 0.2})
    nest.set(print_time=True)
    assert last_call(fake, "SetKernelStatus")[1] == {"print_time": True}
    assert nest.get("print_time") is True
    assert nest.get("resolution", "print_time") == (0.2, True)
    with pytest.raises(AttributeError):
        nest.no_such_property = 1
    with pytest.raises(AttributeError):
        nest.no_such_property  # noqa: B018
    with pytest.raises(AttributeError):
        nest.T_max = 5.0
    with pytest.raises(AttributeError):
        nest.network_size = 5
    with pytest.raises(ValueError):
        nest.SetKernelStatus({"no_such_property": 1})
    with pytest.raises(ValueError):
        nest.SetKernelStatus({"network_size": 1})


def test_models_and_defaults(fake):
    nest.lib.hl_api_helper._warned.discard("Models")
    with pytest.warns(DeprecationWarning):
        models = nest.Models()
    assert models == ("fake_neuron", "fake_recorder", "static_synapse")
    assert nest.Models("nodes") == ("fake_neuron", "fake_recorder")
    assert nest.Models("synapses") == ("static_synapse",)
    assert nest.Models(sel="rec") == ("fake_recorder",)
    with pytest.raises(ValueError):
        nest.Models("neurons")
    assert nest.GetDefaults("fake_neuron", "C_m") == 250.0
    assert nest.GetDefaults("fake_neuron", ["C_m", "V_m"]) == [250.0, -70.0]
    with pytest.raises(ValueError):
        nest.SetDefaults("fake_neuron", {"V_m": [1.0, 2.0]})
    with pytest.raises(TypeError):
        nest.SetDefaults("fake_neuron", "V_m")
