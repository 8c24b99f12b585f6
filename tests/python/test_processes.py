"""Rank, NumProcesses, SyncProcesses, GetLocalVPs, and joining the other processes on first use."""

from __future__ import annotations

import os
import sys
import textwrap

import mpirun
import nest
import pytest
from nest import _kernel


def test_single_process(kernel):
    assert nest.Rank() == 0 and isinstance(nest.Rank(), int)
    assert nest.NumProcesses() == 1 and isinstance(nest.NumProcesses(), int)
    assert nest.SyncProcesses() is None
    assert nest.GetLocalVPs() == range(1)
    nest.local_num_threads = 3
    assert nest.GetLocalVPs() == range(3)
    assert "SyncProcesses" in nest.__all__


@pytest.fixture
def fresh_backend(monkeypatch):
    """The generated module, to be loaded again by the next backend() call."""
    real = _kernel.backend()
    _kernel.use_backend(None)
    yield real
    monkeypatch.undo()
    _kernel.use_backend(real)


def test_distribute_is_called_once_on_first_load(fresh_backend, monkeypatch):
    calls = []
    distribute = fresh_backend.Distribute

    def counting():
        calls.append("Distribute")
        return distribute()

    monkeypatch.setattr(fresh_backend, "Distribute", counting)
    assert _kernel.backend() is fresh_backend
    _kernel.backend()
    nest.GetKernelStatus()
    assert calls == ["Distribute"]


def test_no_distribute_in_the_module_is_skipped(fresh_backend, monkeypatch):
    monkeypatch.delattr(fresh_backend, "Distribute")
    assert _kernel.backend() is fresh_backend
    assert nest.NumProcesses() == 1


def test_failing_to_join_is_a_nest_error_and_leaves_nothing_loaded(fresh_backend, monkeypatch):
    def unreachable():
        raise RuntimeError("KernelException: cannot reach the coordinator 127.0.0.1:1")

    monkeypatch.setattr(fresh_backend, "Distribute", unreachable)
    with pytest.raises(nest.NESTErrors.KernelException, match="coordinator"):
        _kernel.backend()
    monkeypatch.undo()
    assert _kernel.backend() is fresh_backend


def test_sync_processes_without_the_function_in_the_backend():
    real = _kernel.backend()

    class WithoutSync:
        def __getattr__(self, name):
            if name == "SyncProcesses":
                raise AttributeError(name)
            return getattr(real, name)

    _kernel.use_backend(WithoutSync())
    try:
        assert nest.SyncProcesses() is None
    finally:
        _kernel.use_backend(real)


SCRIPT = textwrap.dedent(
    """
    import json, sys, nest
    nest.local_num_threads = 2
    nest.SyncProcesses()
    with open(f"{sys.argv[1]}.{nest.Rank()}.json", "w") as fh:
        json.dump({"rank": nest.Rank(), "size": nest.NumProcesses(), "vps": list(nest.GetLocalVPs()),
                      "keys": nest.GetKernelStatus(["num_processes", "local_num_threads", "total_num_virtual_procs"])}, fh)
    """
)


def test_processes_started_by_mpirun_join_each_other(tmp_path):
    """Two interpreters started by mpirun form one simulation of 2 processes."""
    script = tmp_path / "job.py"
    script.write_text(SCRIPT)
    res = mpirun.run(2, script, tmp_path / "out", timeout=90)
    assert res.returncode == 0, res.stderr
    results = mpirun.outputs(tmp_path / "out", 2)
    assert results == [
        {"rank": 0, "size": 2, "vps": [0, 2], "keys": [2, 2, 4]},
        {"rank": 1, "size": 2, "vps": [1, 3], "keys": [2, 2, 4]},
    ]


def test_launch_is_a_thin_mpirun_wrapper(tmp_path):
    """python -m nest.launch runs mpirun with this Python and returns its status."""
    from nest import launch

    with pytest.raises(ValueError, match="at least 1"):
        launch.mpirun_command(0, ["x.py"])
    with pytest.raises(ValueError, match="no script"):
        launch.mpirun_command(2, [])
    mpirun.require_mpirun()
    cmd = launch.mpirun_command(3, ["job.py", "--flag"])
    assert cmd[1:3] == ["-np", "3"] and cmd[-3:] == [sys.executable, "job.py", "--flag"]
    script = tmp_path / "fail.py"
    script.write_text("import sys, nest\nsys.exit(3 if nest.Rank() == 1 else 0)\n")
    env_before = dict(os.environ)
    os.environ.update(mpirun.environment())
    try:
        assert launch.run(2, [str(script)], timeout=60) == 3
    finally:
        os.environ.clear()
        os.environ.update(env_before)
