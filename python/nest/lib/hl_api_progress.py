"""The progress display of ``nest.print_time = True``.

NEST prints ``[  45% ] Model time: 450.0 ms, Real-time factor: 0.8421``
after every min-delay slice, overwriting the line with ``\\r``. gonest
prints the same line at most a few times per second (the simulation runs
in the core while Python waits in short slices, see ``_kernel.simulate``),
and in a Jupyter notebook shows a progress bar instead (tqdm's notebook
widget, else an ipywidgets bar, else an HTML bar updated in place through
IPython's display ids), so that a long run shows signs of life without
flooding the notebook's output or blocking the kernel.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, TextIO

from .. import _kernel

__all__ = ["SimulationProgress", "in_notebook"]

_log = logging.getLogger("nest")

# Seconds between two updates of the display.
UPDATE_INTERVAL = 0.25


def in_notebook() -> bool:
    """Whether Python runs inside a Jupyter (IPython kernel) session."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - an odd IPython state means "no"
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress_line(percent: int, model_ms: float, rt_factor: float) -> str:
    """NEST's progress line (without the leading carriage return)."""
    return f"[ {percent:3d}% ] Model time: {model_ms:.1f} ms, Real-time factor: {rt_factor:.4f}"


class _TextDisplay:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def show(self, percent: int, model_ms: float, rt_factor: float) -> None:
        self.stream.write("\r" + progress_line(percent, model_ms, rt_factor))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class _TqdmDisplay:
    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def show(self, percent: int, model_ms: float, rt_factor: float) -> None:
        self.bar.n = percent
        self.bar.set_postfix_str(f"Model time: {model_ms:.1f} ms, Real-time factor: {rt_factor:.4f}", refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


class _WidgetDisplay:
    def __init__(self, widgets: Any, display: Any) -> None:
        self.bar = widgets.IntProgress(min=0, max=100, value=0, description="Simulate")
        self.label = widgets.Label(value="")
        display(widgets.HBox([self.bar, self.label]))

    def show(self, percent: int, model_ms: float, rt_factor: float) -> None:
        self.bar.value = percent
        self.label.value = progress_line(percent, model_ms, rt_factor)

    def close(self) -> None:
        self.bar.bar_style = "success"


class _HtmlDisplay:
    """An HTML progress bar updated in place (IPython's display ids): needs
    no widget library, and the notebook shows each update as it comes."""

    def __init__(self) -> None:
        from IPython.display import HTML, display

        self.html = HTML
        self.handle = display(self._render(0, 0.0, 0.0), display_id=True)

    def _render(self, percent: int, model_ms: float, rt_factor: float) -> Any:
        text = progress_line(percent, model_ms, rt_factor)
        return self.html(
            f'<div class="nest-progress"><progress value="{percent}" max="100" style="width: 30em"></progress> '
            f"<code>{text}</code></div>"
        )

    def show(self, percent: int, model_ms: float, rt_factor: float) -> None:
        self.handle.update(self._render(percent, model_ms, rt_factor))

    def close(self) -> None:
        pass


def _notebook_display() -> Any:
    """tqdm's notebook bar, else an ipywidgets bar, else an HTML bar."""
    try:
        from tqdm.notebook import tqdm

        return _TqdmDisplay(tqdm(total=100, desc="Simulate", unit="%", leave=True))
    except Exception as exc:  # noqa: BLE001 - no tqdm, or no widget support: try the next
        _log.debug("no tqdm notebook bar: %s", exc)
    try:
        import ipywidgets
        from IPython.display import display

        return _WidgetDisplay(ipywidgets, display)
    except Exception as exc:  # noqa: BLE001
        _log.debug("no ipywidgets bar: %s", exc)
    try:
        return _HtmlDisplay()
    except Exception as exc:  # noqa: BLE001
        _log.debug("no HTML display: %s", exc)
    return None


def _make_display(stream: TextIO | None) -> Any:
    if stream is None and in_notebook():
        display = _notebook_display()
        if display is not None:
            return display
    return _TextDisplay(stream if stream is not None else sys.stdout)


class SimulationProgress:
    """Shows the progress of one Simulate (or Run) call.

    Call :meth:`poll` while the simulation runs (it reads the core's step
    counters, which take no lock, and updates the display at most every
    :data:`UPDATE_INTERVAL` seconds) and :meth:`close` when it has ended.

    Parameters
    ----------
    resolution : float
        The simulation resolution in ms (to turn steps into ms).
    start_ms : float
        The biological time at which the run begins.
    stream : file, optional
        Where the text line goes; ``sys.stdout`` by default. Given a
        stream, the text line is used also inside a notebook.
    """

    def __init__(self, resolution: float, start_ms: float, stream: TextIO | None = None) -> None:
        self.resolution = resolution
        self.start_step = round(start_ms / resolution)
        self.display = _make_display(stream)
        self.started = time.monotonic()
        self.last = time.monotonic()
        self.shown: tuple[int, float] | None = None
        self.display.show(0, start_ms, 0.0)

    def _read(self) -> tuple[int, int, int]:
        done, total, start = (int(x) for x in _kernel.simulate_progress().split())
        return done, total, start

    def poll(self, force: bool = False) -> None:
        """Update the display if enough time has passed (or `force`)."""
        now = time.monotonic()
        if not force and now - self.last < UPDATE_INTERVAL:
            return
        self.last = now
        done, total, start = self._read()
        if total == 0 or start != self.start_step:
            # The core has not begun this run yet (the counters are the
            # last run's).
            done, total, start = 0, 1, self.start_step
        percent = 100 if total == 0 else min(100, int(100 * done / total))
        model_ms = (start + done) * self.resolution
        simulated_ms = done * self.resolution
        rt_factor = (now - self.started) * 1000.0 / simulated_ms if simulated_ms > 0 else 0.0
        if self.shown == (percent, model_ms) and not force:
            return
        self.shown = (percent, model_ms)
        self.display.show(percent, model_ms, rt_factor)

    def close(self) -> None:
        """Show the final state and end the display."""
        self.poll(force=True)
        self.display.close()
