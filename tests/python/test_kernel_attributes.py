"""Kernel properties as attributes of the nest module."""

import math

import nest
import pytest


def test_resolution_get_and_set(kernel):
    assert nest.resolution == pytest.approx(0.1)
    nest.resolution = 0.25
    assert nest.resolution == pytest.approx(0.25)
    assert nest.GetKernelStatus("resolution") == pytest.approx(0.25)
    nest.ResetKernel()
    assert nest.resolution == pytest.approx(0.1)


def test_other_settable_properties(kernel):
    nest.rng_seed = 42
    assert nest.rng_seed == 42
    nest.print_time = True
    assert nest.print_time is True
    nest.print_time = False
    assert nest.local_num_threads == 1
    nest.set(rng_seed=7)
    assert nest.get("rng_seed") == 7
    assert nest.get("rng_seed", "resolution") == (7, pytest.approx(0.1))
    assert isinstance(nest.get(), dict)


def test_unknown_attribute_is_an_attribute_error(kernel):
    with pytest.raises(AttributeError):
        nest.no_such_kernel_property  # noqa: B018
    with pytest.raises(AttributeError):
        nest.no_such_kernel_property = 1
    assert not hasattr(nest, "no_such_kernel_property")


def test_read_only_properties(kernel):
    nest.Create("iaf_tum_2000")
    nest.Simulate(1.0)
    assert nest.biological_time == pytest.approx(1.0)
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.biological_time = 0.5  # only 0.0 is accepted, as in NEST
    with pytest.raises(AttributeError):
        nest.network_size = 0
    assert nest.biological_time == pytest.approx(1.0)
    assert nest.network_size == 1


def test_every_status_key_is_an_attribute(kernel):
    status = nest.GetKernelStatus()
    for key in ("resolution", "biological_time", "network_size", "num_connections", "min_delay", "max_delay"):
        assert key in status
    for key, value in status.items():
        if key == "memory_size":  # the process's, moving with any allocation
            assert isinstance(getattr(nest, key), int)
            continue
        assert getattr(nest, key) == value
    assert set(status) >= {"node_models", "synapse_models"}
    assert "iaf_tum_2000" in nest.node_models
    assert "static_synapse" in nest.synapse_models


def test_get_kernel_status_shapes(kernel):
    assert nest.GetKernelStatus(["resolution", "network_size"]) == (pytest.approx(0.1), 0)
    with pytest.raises(KeyError):
        nest.GetKernelStatus("no_such_property")
    with pytest.raises(TypeError):
        nest.GetKernelStatus(3)


def test_set_kernel_status_checks_keys(kernel):
    with pytest.raises(ValueError):
        nest.SetKernelStatus({"no_such_property": 1})
    with pytest.raises(ValueError):
        nest.SetKernelStatus({"network_size": 3})
    nest.SetKernelStatus({"resolution": 0.5})
    assert nest.resolution == pytest.approx(0.5)


def _same(a, b):
    """Equal values, NaN equal to NaN, arrays and tuples element by element."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# Properties that change on their own between two reads.
_VOLATILE = {"memory_size"}


def test_one_property_reads_as_in_the_full_status(kernel):
    # GetKernelStatus(key) reads a core property alone; it must give what
    # the full status gives, type included, for every property.
    nest.Create("iaf_psc_alpha", 3)
    nest.Simulate(2.0)
    status = nest.GetKernelStatus()
    assert "biological_time" in status and "prepared" in status and "build_info" in status
    for key, value in status.items():
        if key in _VOLATILE:
            continue
        assert _same(nest.GetKernelStatus(key), value), key
        assert _same(getattr(nest, key), value), key
    assert nest.biological_time == 2.0


def test_prepared_reads_the_bracket_state(kernel):
    assert nest.GetKernelStatus("prepared") is False
    nest.Prepare()
    try:
        assert nest.GetKernelStatus("prepared") is True
        assert nest.prepared is True
    finally:
        nest.Cleanup()
    assert nest.prepared is False


def test_unknown_property_is_still_a_key_error(kernel):
    with pytest.raises(nest.NESTErrors.KeyError):
        nest.GetKernelStatus("no_such_kernel_property")
