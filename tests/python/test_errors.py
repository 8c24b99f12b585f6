"""NEST exception names for typical bad input; each leaves the kernel as it was."""

from __future__ import annotations

import nest
import pytest
from nest import _kernel

IAF = "iaf_tum_2000"


def snapshot(nodes):
    """What a failed call must not change: kernel status, network size,
    connection count, and the full status of `nodes` (events excluded; the
    recorders hold none here)."""
    # memory_size is the process's, which moves with any allocation; the
    # stopwatches (time_*) run also for calls that fail, as in NEST.
    kernel_status = {
        k: v for k, v in nest.GetKernelStatus().items() if k != "memory_size" and not k.startswith("time_")
    }
    return {
        "kernel": kernel_status,
        "network_size": nest.network_size,
        "num_connections": nest.num_connections,
        "nodes": _kernel.get_status(nodes.tolist()),
    }


@pytest.fixture
def net(kernel):
    """Two neurons, a voltmeter, a spike_recorder and a multimeter."""
    nrns = nest.Create(IAF, 2)
    vm = nest.Create("voltmeter")
    sr = nest.Create("spike_recorder")
    mm = nest.Create("multimeter")
    return {"nrns": nrns, "vm": vm, "sr": sr, "mm": mm, "all": nrns + vm + sr + mm}


CASES = {
    "unknown model": ("UnknownModelName", lambda n: nest.Create("no_such_model")),
    "unknown parameter in Create": ("UnaccessedDictionaryEntry", lambda n: nest.Create(IAF, 2, {"no_such_param": 1.0})),
    "unknown parameter in set": ("UnaccessedDictionaryEntry", lambda n: n["nrns"].set(no_such_param=1.0)),
    "unknown and known parameter in set": (
        "UnaccessedDictionaryEntry",
        lambda n: n["nrns"].set(V_m=-50.0, no_such_param=1.0),
    ),
    "C_m zero": ("BadProperty", lambda n: n["nrns"].set(C_m=0.0)),
    "C_m negative in Create": ("BadProperty", lambda n: nest.Create(IAF, 2, {"C_m": -1.0})),
    "V_reset above V_th": ("BadProperty", lambda n: n["nrns"].set(V_reset=-50.0)),
    "V_reset equal V_th": ("BadProperty", lambda n: n["nrns"].set(V_reset=-55.0)),
    "negative t_ref": ("BadProperty", lambda n: n["nrns"].set(t_ref=-1.0)),
    "U above 1": ("BadProperty", lambda n: n["nrns"].set(U=1.5)),
    "U below 0": ("BadProperty", lambda n: n["nrns"].set(U=-0.1)),
    "bad value for second node only": ("BadProperty", lambda n: n["nrns"].set(C_m=[100.0, -1.0])),
    "non-numeric value": ("TypeMismatch", lambda n: n["nrns"].set(C_m="large")),
    # 0.04 ms is 0.4 steps, which rounds to 0 steps (0.05 would round up to
    # one step, as in NEST, and be accepted).
    "delay below resolution": (
        "BadDelay",
        lambda n: nest.Connect(n["nrns"][0], n["nrns"][1], syn_spec={"delay": 0.04, "receptor_type": 1}),
    ),
    "receptor_type 2": (
        "UnknownReceptorType",
        lambda n: nest.Connect(n["nrns"][0], n["nrns"][1], syn_spec={"receptor_type": 2}),
    ),
    "unknown synapse model": (
        "UnknownSynapseType",
        lambda n: nest.Connect(n["nrns"][0], n["nrns"][1], syn_spec={"synapse_model": "no_such_synapse"}),
    ),
    "unknown rule": ("BadProperty", lambda n: nest.Connect(n["nrns"], n["nrns"], "no_such_rule")),
    "voltmeter connected the wrong way": ("IllegalConnection", lambda n: nest.Connect(n["nrns"], n["vm"])),
    "spike_recorder connected the wrong way": ("IllegalConnection", lambda n: nest.Connect(n["sr"], n["nrns"])),
    "record_from unknown": (
        "IllegalConnection",
        lambda n: (n["mm"].set(record_from=["no_such_quantity"]), nest.Connect(n["mm"], n["nrns"])),
    ),
    "negative simulation time": ("BadParameter", lambda n: nest.Simulate(-10.0)),
    "off-grid simulation time": ("BadParameter", lambda n: nest.Simulate(10.05)),
    "resolution change after nodes exist": ("KernelException", lambda n: setattr(nest, "resolution", 0.2)),
    "rng_seed zero": ("BadProperty", lambda n: setattr(nest, "rng_seed", 0)),
    "rng_seed above 2**32-1": ("BadProperty", lambda n: nest.SetKernelStatus({"rng_seed": 2**32})),
    # The core's own check, below the Python layer's (which gives NEST's message).
    "copy model onto an existing name in the core": (
        "NewModelNameExists",
        lambda n: _kernel.copy_model("static_synapse", "static_synapse", None),
    ),
    "n_events set to non-zero": ("BadProperty", lambda n: n["vm"].set(n_events=3)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_name_and_kernel_unchanged(net, case):
    name, action = CASES[case]
    # The multimeter's record_from change is part of the record_from case.
    watched = net["nrns"] + net["vm"] + net["sr"]
    before = snapshot(watched)
    with pytest.raises(getattr(nest.NESTErrors, name)) as info:
        action(net)
    err = info.value
    assert type(err).__name__ == name
    assert isinstance(err, nest.NESTError)
    assert isinstance(err, nest.kernel.NESTError)
    assert err.errormessage, "the message must state the rule that was broken"
    assert snapshot(watched) == before


def test_resolution_message(kernel):
    nest.Create(IAF)
    with pytest.raises(nest.NESTErrors.KernelException, match="Nodes have already been created"):
        nest.resolution = 0.2
    assert nest.resolution == pytest.approx(0.1)


def test_kernel_usable_after_errors(net):
    for _name, action in CASES.values():
        try:
            action(net)
        except nest.NESTError:
            pass
    nest.Connect(net["vm"], net["nrns"])
    nest.Simulate(5.0)
    assert nest.biological_time == pytest.approx(5.0)
    assert net["vm"].n_events == 8  # 2 neurons x samples at 1..4 ms


def test_core_new_model_name_exists_is_nests_class(kernel):
    assert "NewModelNameExists" in dir(nest.NESTErrors)
    assert issubclass(nest.NESTErrors.NewModelNameExists, nest.NESTErrors.KernelException)
    nest.CopyModel("iaf_psc_alpha", "mine")
    with pytest.raises(nest.NESTErrors.NewModelNameExists):
        _kernel.copy_model("iaf_psc_alpha", "mine", None)  # past the Python layer's check
    with pytest.raises(nest.NESTErrors.NewModelNameExists, match="Model mine is the name of an existing model"):
        nest.CopyModel("static_synapse", "mine")  # the Python layer's check, with NEST's message
