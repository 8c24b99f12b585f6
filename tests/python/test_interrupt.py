"""Ctrl-C during Simulate stops the run cleanly and leaves the kernel usable."""

from __future__ import annotations

import os
import signal
import threading
import time

import nest
import pytest

# Long enough that the run cannot finish before the signal arrives (the
# core simulates this small network at well over 1e6 steps per second, so
# 1e8 ms is minutes of work), short enough to end if interrupting failed.
LONG_RUN_MS = 1.0e8
DELAY_MS = 2.0  # every delay, hence min_delay: a slice is 20 steps


def small_network():
    dc = nest.Create("dc_generator", params={"amplitude": 600.0})
    nrns = nest.Create("iaf_tum_2000", 2)
    nest.Connect(dc, nrns[0], syn_spec={"delay": DELAY_MS})
    nest.Connect(nrns[0], nrns[1], syn_spec={"receptor_type": 1, "delay": DELAY_MS, "weight": 100.0})
    return nrns


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_interrupts_simulate(kernel):
    small_network()
    assert nest.min_delay == pytest.approx(DELAY_MS)
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            nest.Simulate(LONG_RUN_MS)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - start
    assert elapsed < 30.0, "the interrupt took effect only after the run"

    stopped_at = nest.biological_time
    assert 0.0 < stopped_at < LONG_RUN_MS
    slices = stopped_at / DELAY_MS
    assert slices == pytest.approx(round(slices), abs=1e-9), "must stop at a min-delay slice boundary"

    # The kernel is usable: it simulates on from where it stopped.
    nest.Simulate(10.0)
    assert nest.biological_time == pytest.approx(stopped_at + 10.0)
    nest.ResetKernel()
    assert nest.biological_time == 0.0


def test_interrupt_without_a_run_does_not_stop_the_next_one(kernel):
    from nest import _kernel

    small_network()
    _kernel._call("SimulateInterrupt")
    nest.Simulate(100.0)
    assert nest.biological_time == pytest.approx(100.0)


class _InterruptAtStart:
    """The real core, but a Ctrl-C lands at SimulateStart: right after the run started, or before it did."""

    def __init__(self, real, after_start: bool) -> None:
        self._real = real
        self._after_start = after_start

    def __getattr__(self, name):
        return getattr(self._real, name)

    def SimulateStart(self, t):
        if self._after_start:
            self._real.SimulateStart(t)
        raise KeyboardInterrupt


@pytest.fixture
def interrupt_at_start():
    from nest import _kernel

    real = _kernel.backend()

    def install(after_start: bool) -> None:
        _kernel.use_backend(_InterruptAtStart(real, after_start))

    yield install
    _kernel.use_backend(real)


def test_ctrl_c_right_after_the_run_started_stops_it(kernel, interrupt_at_start):
    from nest import _kernel

    small_network()
    interrupt_at_start(after_start=True)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        nest.Simulate(LONG_RUN_MS)
    assert time.monotonic() - start < 30.0
    _kernel.use_backend(_kernel.backend()._real)
    # The run has stopped (it does not go on in the background): the kernel
    # answers at once and simulates on.
    stopped_at = nest.biological_time
    assert 0.0 <= stopped_at < LONG_RUN_MS
    nest.Simulate(10.0)
    assert nest.biological_time == pytest.approx(stopped_at + 10.0)


def test_ctrl_c_before_the_run_started_leaves_the_kernel_as_it_was(kernel, interrupt_at_start):
    from nest import _kernel

    small_network()
    interrupt_at_start(after_start=False)
    with pytest.raises(KeyboardInterrupt):
        nest.Simulate(100.0)
    _kernel.use_backend(_kernel.backend()._real)
    assert nest.biological_time == 0.0
    # The stop request made for no run does not cut the next run short.
    nest.Simulate(100.0)
    assert nest.biological_time == pytest.approx(100.0)


def test_stopping_without_a_run_returns_at_once(kernel):
    from nest import _kernel

    small_network()
    nest.Simulate(10.0)
    start = time.monotonic()
    _kernel._stop_after_interrupt()
    assert time.monotonic() - start < 5.0
    nest.Simulate(10.0)
    assert nest.biological_time == pytest.approx(20.0)
