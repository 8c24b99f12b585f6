"""voltage_trace and raster_plot draw what NEST's helpers draw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nest
import numpy as np
import pytest


@pytest.fixture
def recorded(kernel):
    nrns = nest.Create("iaf_tum_2000", 2, params={"I_e": [400.0, 450.0]})
    vm = nest.Create("voltmeter")
    mm_vm = nest.Create("multimeter", params={"record_from": ["V_m", "I_syn_ex"]})
    mm_other = nest.Create("multimeter", params={"record_from": ["I_syn_ex"]})
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, nrns)
    nest.Connect(mm_vm, nrns)
    nest.Connect(mm_other, nrns)
    nest.Connect(nrns, sr)
    nest.Simulate(100.0)
    yield {"nrns": nrns, "vm": vm, "mm_vm": mm_vm, "mm_other": mm_other, "sr": sr}
    plt.close("all")


def test_voltage_trace_from_voltmeter(recorded):
    plt.figure()
    lines = nest.voltage_trace.from_device(recorded["vm"])
    ax = plt.gca()
    assert len(lines) == 2
    assert [ln[0].get_label() for ln in lines] == ["Neuron 1", "Neuron 2"]
    assert ax.get_title() == "Membrane potential"
    assert ax.get_ylabel() == "Membrane potential (mV)"
    assert ax.get_xlabel() == "Time (ms)"
    assert ax.get_legend() is not None
    events = recorded["vm"].events
    first = events["senders"] == 1
    np.testing.assert_array_equal(lines[0][0].get_xdata(), events["times"][first])
    np.testing.assert_array_equal(lines[0][0].get_ydata(), events["V_m"][first])


def test_voltage_trace_options(recorded):
    plt.figure()
    lines = nest.voltage_trace.from_device(recorded["mm_vm"], neurons=[2], title="Cell 2", timeunit="s", grayscale=True)
    ax = plt.gca()
    assert len(lines) == 1 and lines[0][0].get_label() == "Neuron 2"
    assert ax.get_title() == "Cell 2"
    assert ax.get_xlabel() == "Time (s)"
    assert lines[0][0].get_xdata().max() < 0.1  # 100 ms in seconds


def test_voltage_trace_rejects_wrong_devices(recorded):
    with pytest.raises(TypeError):
        nest.voltage_trace.from_device(recorded["sr"])
    with pytest.raises(ValueError):
        nest.voltage_trace.from_device(recorded["mm_other"])
    with pytest.raises(ValueError):
        nest.voltage_trace.from_device(recorded["vm"] + recorded["mm_vm"])


def test_voltage_trace_without_events(kernel):
    vm = nest.Create("voltmeter")
    with pytest.raises(ValueError):
        nest.voltage_trace.from_device(vm)


def test_raster_plot_with_histogram(recorded):
    sr = recorded["sr"]
    before = plt.get_fignums()
    lines = nest.raster_plot.from_device(sr, hist=True)
    assert len(plt.get_fignums()) == len(before) + 1, "a new figure"
    fig = plt.gcf()
    assert len(fig.axes) == 2
    raster = fig.axes[0]
    assert raster.get_title() == f"Raster plot from device '{sr.global_id}'"
    assert raster.get_ylabel() == "Neuron ID"
    assert fig.axes[1].get_ylabel() == "Rate (spks/s)"
    assert fig.axes[1].get_xlabel() == "Time (ms)"
    events = sr.events
    np.testing.assert_array_equal(lines[0].get_xdata(), events["times"])
    np.testing.assert_array_equal(lines[0].get_ydata(), events["senders"])
    assert lines[0].get_marker() == "."


def test_raster_plot_without_histogram(recorded):
    nest.raster_plot.from_device(recorded["sr"], hist=False, title="spikes")
    ax = plt.gca()
    assert len(plt.gcf().axes) == 1
    assert ax.get_title() == "spikes"
    assert ax.get_xlabel() == "Time (ms)"
    assert ax.get_ylabel() == "Neuron ID"


def test_raster_plot_rejects_wrong_devices(recorded):
    with pytest.raises(TypeError):
        nest.raster_plot.from_device(recorded["vm"])
    empty = nest.Create("spike_recorder")
    with pytest.raises(ValueError):
        nest.raster_plot.from_device(empty)


def test_raster_plot_from_data():
    data = np.array([[1, 10.0], [2, 12.0], [1, 30.0]])
    lines = nest.raster_plot.from_data(data, hist=False)
    np.testing.assert_array_equal(lines[0].get_ydata(), [1, 2, 1])
    selected = nest.raster_plot.extract_events(data, time=[11.0, 40.0], sel=[1])
    np.testing.assert_array_equal(selected, [[1, 30.0]])
    plt.close("all")
