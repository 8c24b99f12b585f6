"""Details of NEST 3.10's behaviour that a side-by-side run found different
(issue #12); the expected values are NEST 3.10.0's, read from its run."""

from __future__ import annotations

import sys

import nest
import numpy as np
import pytest


def test_error_text_names_the_class_once(kernel):
    with pytest.raises(nest.NESTErrors.UnknownModelName) as info:
        nest.Create("no_such_model")
    assert str(info.value) == "no_such_model is not a known model name."
    line = "".join(__import__("traceback").format_exception_only(info.type, info.value))
    assert line.count("UnknownModelName") == 1, line


def test_array_valued_parameters_are_numpy_arrays(kernel):
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0]})
    sc = nest.Create("step_current_generator", params={"amplitude_times": [1.0], "amplitude_values": [2.0]})
    assert isinstance(sg.spike_times, np.ndarray)
    assert isinstance(sc.amplitude_values, np.ndarray)
    assert isinstance(sc.get(["amplitude_times"])["amplitude_times"], np.ndarray)


def test_stop_is_the_largest_double(kernel):
    assert nest.Create("poisson_generator").stop == sys.float_info.max


@pytest.mark.parametrize("dt", [0.25, 0.05, 0.0, -0.1])
def test_noise_generator_dt_off_the_grid(kernel, dt):
    with pytest.raises(nest.NESTErrors.StepMultipleRequired, match="must be a multiple of the resolution 0.1 ms"):
        nest.Create("noise_generator", params={"dt": dt})
    assert nest.GetKernelStatus("network_size") == 0


def test_noise_generator_message_as_nest(kernel):
    with pytest.raises(nest.NESTErrors.StepMultipleRequired) as info:
        nest.Create("noise_generator", params={"dt": 0.25})
    assert str(info.value) == (
        "The time property dt = 0.25 ms (= 250 tics = 3 steps) of model noise_generator "
        "must be a multiple of the resolution 0.1 ms (= 100 tics = 1 step)."
    )


@pytest.mark.parametrize("model", ["sinusoidal_poisson_generator", "sinusoidal_gamma_generator"])
def test_individual_spike_trains_only_on_the_model(kernel, model):
    g = nest.Create(model)
    for value in (True, False):
        with pytest.raises(nest.NESTErrors.BadProperty) as info:
            g.set(individual_spike_trains=value)
        assert str(info.value) == (
            f"Setting status of a '{model}' with node ID 1: The individual_spike_trains property can only be "
            "set as a model default using SetDefaults or upon CopyModel."
        )
    assert g.individual_spike_trains is True
    with pytest.raises(nest.NESTErrors.BadProperty, match="with node ID 3"):
        nest.Create(model, 2, params=[{}, {"individual_spike_trains": True}])
    with pytest.raises(nest.NESTErrors.BadProperty, match="with node ID 2"):
        nest.Create(model, params={"individual_spike_trains": False})
    assert nest.GetKernelStatus("network_size") == 1
    nest.SetDefaults(model, {"individual_spike_trains": False})
    assert nest.Create(model).individual_spike_trains is False
    nest.CopyModel(model, "my_" + model, {"individual_spike_trains": True})
    assert nest.Create("my_" + model).individual_spike_trains is True
