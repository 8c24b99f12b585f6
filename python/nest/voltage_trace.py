"""Plot membrane potential traces recorded by a voltmeter or multimeter.

The calls and the look follow NEST 3.10's ``nest.voltage_trace``. matplotlib
is imported only when a plot is made.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "from_device",
    "from_file",
]

_log = logging.getLogger(__name__)


def _device_kind(detec: Any) -> str:
    # The model name tells the device type (no events are read for this).
    return str(detec.get("model"))


def from_device(
    detec: Any,
    neurons: Sequence[int] | None = None,
    title: str | None = None,
    grayscale: bool = False,
    timeunit: str = "ms",
) -> list:
    """Plot the membrane potential recorded by one voltmeter or multimeter.

    One line per recorded neuron is drawn into the current axes, labelled
    ``"Neuron <id>"``, with a legend.

    Parameters
    ----------
    detec : NodeCollection
        A single ``voltmeter``, or a ``multimeter`` that records ``V_m``.
    neurons : sequence of int or NodeCollection, optional
        Ids of the neurons to plot; all recorded neurons by default.
    title : str, optional
        Plot title; ``"Membrane potential"`` by default.
    grayscale : bool, optional
        Draw all lines in black.
    timeunit : {"ms", "s"}, optional
        Unit of the time axis.

    Returns
    -------
    list
        For each plotted neuron, the list of lines returned by ``plt.plot``.

    Raises
    ------
    ValueError
        If more than one device is given, the multimeter does not record
        ``V_m``, or nothing was recorded.
    TypeError
        If the device is not a voltmeter or multimeter.
    """
    import matplotlib.pyplot as plt

    if len(detec) > 1:
        raise ValueError("Please provide a single 'voltmeter' or 'multimeter'.")
    kind = _device_kind(detec)
    if kind not in ("voltmeter", "multimeter"):
        raise TypeError("Please provide a 'voltmeter' or a 'multimeter' measuring V_m.")
    record_to = detec.get("record_to")
    if kind == "multimeter":
        record_from = detec.get("record_from") or ()
        if "V_m" not in record_from:
            raise ValueError("Please provide a 'multimeter' measuring 'V_m'.")
        if record_to != "memory" and len(record_from) > 1:
            raise ValueError("Please provide a 'multimeter' measuring only 'V_m' or record to memory.")

    if record_to == "ascii":
        return from_file(detec.get("filenames"), title, grayscale)
    if record_to != "memory":
        raise ValueError("Provided device neither records to ascii file nor to memory.")

    in_steps = bool(detec.get("time_in_steps"))
    time_factor = 1.0
    if not in_steps:
        if timeunit == "s":
            time_factor = 1000.0
        else:
            timeunit = "ms"

    times, potentials = _traces(detec)
    if not times:
        raise ValueError("No events recorded.")
    if neurons is None:
        neurons = list(potentials)
    elif hasattr(neurons, "tolist"):
        neurons = neurons.tolist()

    line_style = "k" if grayscale else ""
    lines = []
    for neuron in neurons:
        if neuron not in potentials:
            _log.warning("voltage_trace: neuron %s was not recorded by this device", neuron)
            continue
        lines.append(
            plt.plot(times[neuron] / time_factor, potentials[neuron], line_style, label=f"Neuron {int(neuron)}")
        )

    plt.title(title if title else "Membrane potential")
    plt.ylabel("Membrane potential (mV)")
    plt.xlabel("Steps" if in_steps else f"Time ({timeunit})")
    plt.legend(loc="best")
    plt.draw()
    return lines


def _traces(detec: Any) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Split the recorded events by sender, in order of first appearance."""
    events = detec.get("events")
    senders = np.asarray(events["senders"])
    potentials = np.asarray(events["V_m"])
    if "times" in events:
        times = np.asarray(events["times"], dtype=float)
    else:
        # Reconstruct the sample times when they were not stored.
        unique = np.unique(senders)
        per_sender = len(senders) // max(len(unique), 1)
        start = detec.get("origin") + detec.get("start")
        interval = detec.get("interval")
        sample_times = start + interval * (1 + np.arange(per_sender))
        times = np.empty(len(senders))
        for sender in unique:
            times[senders == sender] = sample_times[: int((senders == sender).sum())]
    _, first_seen = np.unique(senders, return_index=True)
    order = senders[np.sort(first_seen)]
    by_time: dict[int, np.ndarray] = {}
    by_value: dict[int, np.ndarray] = {}
    for sender in order:
        mask = senders == sender
        by_time[int(sender)] = times[mask]
        by_value[int(sender)] = potentials[mask]
    return by_time, by_value


def from_file(fname: str | Sequence[str], title: str | None = None, grayscale: bool = False) -> list:
    """Plot membrane potential traces from recorder text files.

    Parameters
    ----------
    fname : str or list of str
        File name, or several whose rows are concatenated.
    title : str, optional
        Plot title.
    grayscale : bool, optional
        Draw all lines in black.

    Returns
    -------
    list
        The lines drawn.

    Raises
    ------
    ValueError
        If the files do not have 1, 2 or 3 columns.
    """
    import matplotlib.pyplot as plt

    names = list(fname) if isinstance(fname, (list, tuple)) else [fname]
    data = np.concatenate([np.loadtxt(name) for name in names])
    line_style = "k" if grayscale else ""
    lines: list = []
    if data.ndim == 1:
        _log.info("only one column in the file: assuming one neuron was recorded")
        lines = plt.plot(data, line_style)
        plt.xlabel("Time (steps of length interval)")
    elif data.shape[1] in (2, 3):
        senders = data[:, 0]
        _, first_seen = np.unique(senders, return_index=True)
        for sender in senders[np.sort(first_seen)]:
            rows = data[senders == sender]
            if data.shape[1] == 2:
                lines.append(plt.plot(rows[:, 1], line_style, label=f"Neuron {int(sender)}"))
            else:
                lines.append(plt.plot(rows[:, 1], rows[:, 2], line_style, label=f"Neuron {int(sender)}"))
        plt.xlabel("Time (steps of length interval)" if data.shape[1] == 2 else "Time (ms)")
        plt.legend()
    else:
        raise ValueError(f"Inappropriate data shape {data.shape}!")
    plt.title(title if title else f"Membrane potential from file '{fname}'")
    plt.ylabel("Membrane potential (mV)")
    plt.draw()
    return lines
