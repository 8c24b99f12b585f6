"""Raster plots of spikes recorded by a spike_recorder.

The calls and the look follow NEST 3.10's ``nest.raster_plot``: a new
figure with one dot per spike (neuron id against time) and, by default, a
population rate histogram below it. matplotlib is imported only when a
plot is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "extract_events",
    "from_data",
    "from_device",
    "from_file",
    "from_file_numpy",
    "from_file_pandas",
]


def extract_events(
    data: np.ndarray, time: Sequence[float] | None = None, sel: Sequence[int] | None = None
) -> np.ndarray:
    """Select the events of some neurons and/or a time window.

    Parameters
    ----------
    data : numpy.ndarray
        Rows of ``(node_id, time)``.
    time : sequence of float, optional
        ``[t_max]`` keeps ``t < t_max``; ``[t_min, t_max]`` keeps
        ``t_min <= t < t_max``.
    sel : sequence of int, optional
        Keep only events of these node ids.

    Returns
    -------
    numpy.ndarray
        The selected rows.
    """
    data = np.asarray(data)
    t_min, t_max = 0.0, float("inf")
    if time:
        t_max = time[-1]
        if len(time) > 1:
            t_min = time[0]
    keep = (data[:, 1] >= t_min) & (data[:, 1] < t_max)
    if sel:
        keep &= np.isin(data[:, 0], np.asarray(list(sel)))
    return data[keep]


def from_data(data: np.ndarray, sel: Sequence[int] | None = None, **kwargs: Any) -> list:
    """Raster plot from an array of ``(node_id, time)`` rows.

    Parameters
    ----------
    data : numpy.ndarray
        Rows of ``(node_id, time)``.
    sel : sequence of int, optional
        Plot only these node ids (the histogram still uses all events).
    **kwargs
        ``hist``, ``hist_binwidth``, ``grayscale``, ``title``, ``xlabel``.

    Returns
    -------
    list
        The lines of the raster.

    Raises
    ------
    ValueError
        If there is no data.
    """
    data = np.asarray(data)
    if len(data) == 0:
        raise ValueError("No data to plot.")
    selected = extract_events(data, sel=sel)
    return _make_plot(data[:, 1], selected[:, 1], selected[:, 0], data[:, 0], **kwargs)


def from_file(fname: str | Sequence[str], **kwargs: Any) -> list:
    """Raster plot from spike recorder text files.

    Parameters
    ----------
    fname : str or list of str
        File name, or several (e.g. one per MPI rank) read as one.
    **kwargs
        Passed to the plot, see :func:`from_data`.
    """
    names = [fname] if isinstance(fname, str) else list(fname)
    try:
        return from_file_pandas(names, **kwargs)
    except ImportError:
        return from_file_numpy(names, **kwargs)


def from_file_pandas(fname: Sequence[str], **kwargs: Any) -> list:
    """Read spike files with pandas and plot them (see :func:`from_file`)."""
    import pandas

    frames = [pandas.read_table(name, header=2, skipinitialspace=True).values for name in fname]
    return from_data(np.concatenate(frames), **kwargs)


def from_file_numpy(fname: Sequence[str], **kwargs: Any) -> list:
    """Read spike files with NumPy and plot them (see :func:`from_file`)."""
    return from_data(np.concatenate([np.loadtxt(name, skiprows=3) for name in fname]), **kwargs)


def from_device(detec: Any, **kwargs: Any) -> list:
    """Raster plot of the spikes recorded by a spike_recorder.

    Parameters
    ----------
    detec : NodeCollection
        A single ``spike_recorder``.
    **kwargs
        ``hist`` (default True: rate histogram below the raster),
        ``hist_binwidth`` (ms, default 5.0), ``grayscale``, ``title``
        (default ``"Raster plot from device '<id>'"``).

    Returns
    -------
    list
        The lines of the raster (dots, one per spike).

    Raises
    ------
    TypeError
        If the device is not a spike_recorder.
    ValueError
        If no spike was recorded.
    """
    status = detec.get()
    kind = status.get("type_id", status.get("model"))
    if kind != "spike_recorder":
        raise TypeError("Please provide a 'spike_recorder'.")
    record_to = status.get("record_to", "memory")
    if record_to == "ascii":
        return from_file(status["filenames"], **kwargs)
    if record_to != "memory":
        raise ValueError("No data to plot. Make sure that 'record_to' is set to either 'ascii' or 'memory'.")
    events = status["events"]
    times, senders = events["times"], events["senders"]
    if not len(times):
        raise ValueError("No events recorded by 'spike_recorder'.")
    kwargs.setdefault("title", f"Raster plot from device '{int(status['global_id'])}'")
    xlabel = "Steps" if status.get("time_in_steps") else "Time (ms)"
    return _make_plot(times, times, senders, senders, xlabel=xlabel, **kwargs)


def _make_plot(
    ts: np.ndarray,
    ts1: np.ndarray,
    node_ids: np.ndarray,
    neurons: np.ndarray,
    hist: bool = True,
    hist_binwidth: float = 5.0,
    grayscale: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
) -> list:
    """Draw the raster (and the rate histogram) in a new figure.

    `ts` are all spike times (for the histogram), `ts1` and `node_ids` the
    plotted spikes, `neurons` the senders used to count the population.
    """
    import matplotlib.pyplot as plt

    plt.figure()
    marker, bar_color = (".k", "gray") if grayscale else (".", "blue")
    xlabel = "Time (ms)" if xlabel is None else xlabel
    ylabel = "Neuron ID"
    if hist:
        raster_axes = plt.axes([0.1, 0.3, 0.85, 0.6])
        lines = plt.plot(ts1, node_ids, marker)
        plt.ylabel(ylabel)
        plt.xticks([])
        xlim = plt.xlim()

        plt.axes([0.1, 0.1, 0.85, 0.17])
        ts = np.asarray(ts, dtype=float)
        bins = np.arange(ts.min(), ts.max(), float(hist_binwidth))
        if bins.size == 0:
            bins = np.array([ts.min()])
        counts = _counts_from_edges(ts, bins)
        heights = 1000.0 * counts / (hist_binwidth * len(np.unique(neurons)))
        plt.bar(bins, heights, width=hist_binwidth, color=bar_color, edgecolor="black")
        plt.yticks([int(y) for y in np.linspace(0.0, int(max(heights) * 1.1) + 5, 4)])
        plt.ylabel("Rate (spks/s)")
        plt.xlabel(xlabel)
        plt.xlim(xlim)
        plt.sca(raster_axes)
    else:
        lines = plt.plot(ts1, node_ids, marker)
        plt.xlabel(xlabel)
        plt.ylabel(ylabel)
    plt.title("Raster plot" if title is None else title)
    plt.draw()
    return lines


def _counts_from_edges(values: np.ndarray, left_edges: np.ndarray) -> np.ndarray:
    """Count values in ``[edge_i, edge_i+1)``; the last bin is open above."""
    positions = np.searchsorted(np.sort(values), left_edges, side="left")
    return np.diff(np.append(positions, values.size))
