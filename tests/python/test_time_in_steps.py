"""Recorders with time_in_steps, as NEST 3.10's memory and ascii backends."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nest
import numpy as np
import pytest
from nest import _arrow

MESSAGE = "Property time_in_steps cannot be set after Simulate has been called."


def network(time_in_steps, record_to="memory", sim_time=60.0):
    """Two iaf_tum_2000 (spikes with offset u*x) and one iaf_psc_alpha."""
    tum = nest.Create("iaf_tum_2000", 2, params={"I_e": [800.0, 600.0]})
    alpha = nest.Create("iaf_psc_alpha", params={"I_e": 700.0})
    nrns = tum + alpha
    params = {"time_in_steps": time_in_steps, "record_to": record_to}
    sr = nest.Create("spike_recorder", params=params)
    mm = nest.Create("multimeter", params=dict(params, interval=0.5, record_from=["V_m"]))
    nest.Connect(nrns, sr)
    nest.Connect(mm, nrns)
    nest.Simulate(sim_time)
    return nrns, sr, mm


def plain(events):
    return {k: np.array(v) for k, v in events.items()}


@pytest.fixture
def runs(kernel):
    """Events of the same network recorded in ms and in steps."""
    _, sr, mm = network(False)
    ms = {"sr": plain(sr.events), "mm": plain(mm.events)}
    nest.ResetKernel()
    nrns, sr, mm = network(True)
    yield ms, {"sr": sr, "mm": mm, "nrns": nrns}
    plt.close("all")


def arrow_owner(array):
    base = array
    while base is not None and not isinstance(base, _arrow.Column):
        base = getattr(base, "base", None)
    assert base is not None
    return base


def test_status_and_defaults(kernel):
    assert nest.GetDefaults("spike_recorder", "time_in_steps") is False
    sr = nest.Create("spike_recorder")
    assert sr.time_in_steps is False
    sr.time_in_steps = True
    assert sr.time_in_steps is True
    assert sorted(sr.events) == ["offsets", "senders", "times"]
    assert sr.events["times"].dtype == np.int64
    sr.time_in_steps = False
    assert sorted(sr.events) == ["senders", "times"]
    assert sr.events["times"].dtype == np.float64


def test_events_in_steps_match_the_ms_run(runs):
    ms, st = runs
    h = nest.resolution
    spikes = st["sr"].events
    assert list(spikes) == ["senders", "times", "offsets"]
    assert spikes["senders"].dtype == np.int64
    assert spikes["times"].dtype == np.int64
    assert spikes["offsets"].dtype == np.float64
    assert len(spikes["times"]) == len(ms["sr"]["times"]) > 10
    np.testing.assert_array_equal(spikes["senders"], ms["sr"]["senders"])
    # NEST: in ms, time = stamp*h - offset; iaf_tum_2000 spikes carry u*x.
    np.testing.assert_allclose(spikes["times"] * h - spikes["offsets"], ms["sr"]["times"], rtol=0, atol=1e-9)
    tum = spikes["senders"] != st["nrns"][2].global_id
    assert np.all(spikes["offsets"][tum] > 0)
    assert np.all(spikes["offsets"][~tum] == 0)
    assert st["sr"].n_events == len(spikes["times"])

    samples = st["mm"].events
    assert list(samples) == ["senders", "times", "offsets", "V_m"]
    assert samples["times"].dtype == np.int64
    np.testing.assert_allclose(samples["times"], ms["mm"]["times"] / h, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(samples["offsets"], np.zeros(len(samples["times"])))
    np.testing.assert_array_equal(samples["V_m"], ms["mm"]["V_m"])
    np.testing.assert_array_equal(st["mm"].get("events", "times"), samples["times"])


def test_step_columns_are_zero_copy(runs):
    _, st = runs
    for rec in (st["sr"], st["mm"]):
        for name, column in rec.events.items():
            assert not column.flags.owndata, name
            owner = arrow_owner(column)
            assert column.ctypes.data == owner.address, name


def test_refused_after_simulate(runs):
    _, st = runs
    sr = st["sr"]
    before = plain(sr.events)
    for value in (True, False):  # the memory backend refuses even the current value
        with pytest.raises(nest.NESTErrors.BadProperty, match=MESSAGE):
            sr.set(time_in_steps=value, label="changed")
    assert sr.time_in_steps is True and sr.label == ""
    after = plain(sr.events)
    assert list(after) == list(before)
    for key in before:
        np.testing.assert_array_equal(after[key], before[key])
    with pytest.raises(nest.NESTErrors.BadProperty, match=MESSAGE):
        nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Simulate(10.0)  # recording goes on in steps
    assert sr.events["times"].dtype == np.int64
    assert sr.n_events >= len(before["times"])


def test_ascii_in_steps(kernel, tmp_path):
    nest.data_path = str(tmp_path)
    nest.overwrite_files = True
    _, sr, mm = network(True, record_to="ascii")
    assert sr.time_in_steps is True
    with open(sr.filenames[0]) as f:
        lines = f.read().splitlines()
    assert lines[2] == "sender\ttime_step\ttime_offset"
    rows = [line.split("\t") for line in lines[3:]]
    assert len(rows) == sr.n_events > 0
    for sender, step, offset in rows:
        int(sender), int(step)  # integers, as NEST writes them
        assert len(offset.split(".")[1]) == 3  # fixed, precision 3
    with open(mm.filenames[0]) as f:
        header = f.read().splitlines()[2]
    assert header == "sender\ttime_step\ttime_offset\tV_m"
    # Setting the current value is fine for the ascii backend after a run.
    sr.time_in_steps = True
    with pytest.raises(nest.NESTErrors.BadProperty, match=MESSAGE):
        sr.time_in_steps = False


def test_plots_in_steps(runs):
    _, st = runs
    lines = nest.voltage_trace.from_device(st["mm"])
    assert plt.gca().get_xlabel() == "Steps"
    first = st["mm"].events["senders"] == st["nrns"][0].global_id
    np.testing.assert_array_equal(lines[0][0].get_xdata(), st["mm"].events["times"][first])
    plt.close("all")
    lines = nest.raster_plot.from_device(st["sr"], hist=True)
    assert plt.gcf().axes[1].get_xlabel() == "Steps"
    np.testing.assert_array_equal(lines[0].get_xdata(), st["sr"].events["times"])


def test_plots_in_ms_unchanged(kernel):
    _, sr, mm = network(False)
    lines = nest.voltage_trace.from_device(mm)
    assert plt.gca().get_xlabel() == "Time (ms)"
    assert lines[0][0].get_xdata().dtype == np.float64
    plt.close("all")
    lines = nest.raster_plot.from_device(sr, hist=True)
    assert plt.gcf().axes[1].get_xlabel() == "Time (ms)"
    np.testing.assert_array_equal(lines[0].get_xdata(), sr.events["times"])
    plt.close("all")
