"""Recorder events reach NumPy without a copy, and their memory is released."""

from __future__ import annotations

import gc

import nest
import numpy as np
import pytest
from nest import _arrow, _kernel


def recording_network(sim_time=50.0):
    nrns = nest.Create("iaf_tum_2000", 2, params={"I_e": 400.0})
    mm = nest.Create("multimeter", params={"interval": 0.1, "record_from": ["V_m", "I_syn_ex"]})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, nrns)
    nest.Connect(nrns, sr)
    nest.Simulate(sim_time)
    return nrns, mm, sr


def arrow_owner(array: np.ndarray) -> _arrow.Column:
    """Follow the NumPy base chain to the imported Arrow array that owns the memory."""
    base = array
    while base is not None and not isinstance(base, _arrow.Column):
        base = getattr(base, "base", None)
    assert base is not None, "the array is not backed by an imported Arrow array"
    return base


def test_events_are_zero_copy_views(kernel):
    _, mm, sr = recording_network()
    events = mm.get("events")
    for name, column in list(events.items()) + list(sr.get("events").items()):
        assert column.size > 0, name
        assert not column.flags.owndata, name
        owner = arrow_owner(column)
        assert column.ctypes.data == owner.address, name
        assert column.dtype == (np.int64 if name == "senders" else np.float64)


def test_memory_released_after_arrays_deleted_and_events_cleared(kernel):
    gc.collect()
    before = _kernel.recording_bytes()
    _, mm, sr = recording_network()
    assert _kernel.recording_bytes() > before
    views = [mm.get("events", "V_m"), mm.get("events")["times"], sr.get("events", "times")]
    n_samples = views[0].size
    assert n_samples == mm.n_events > 0
    mm.n_events = 0
    sr.n_events = 0
    # The exported arrays still hold their buffers.
    held = _kernel.recording_bytes()
    assert held > before
    assert views[0].size == n_samples  # still readable after the recorder was cleared
    del views
    gc.collect()
    assert _kernel.recording_bytes() == before


def test_memory_released_by_reset_kernel(kernel):
    gc.collect()
    before = _kernel.recording_bytes()
    _, mm, _ = recording_network()
    view = mm.get("events", "V_m")
    n_samples = mm.n_events
    nest.ResetKernel()
    assert view.size == n_samples and np.isfinite(view).all()  # the view outlives the kernel's recording
    assert _kernel.recording_bytes() > before
    del view
    gc.collect()
    assert _kernel.recording_bytes() == before


@pytest.mark.parametrize("repeats", [20])
def test_repeated_reads_do_not_leak(kernel, repeats):
    _, mm, _ = recording_network()
    gc.collect()
    baseline = _kernel.recording_bytes()
    n_samples = mm.n_events
    for _ in range(repeats):
        events = mm.get("events")
        assert events["V_m"].size == n_samples
        del events
    gc.collect()
    assert _kernel.recording_bytes() == baseline
