"""Rank, NumProcesses, SyncProcesses, GetLocalVPs, and joining the other processes on first use."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

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
    import json, nest
    nest.local_num_threads = 2
    nest.SyncProcesses()
    print(json.dumps({"rank": nest.Rank(), "size": nest.NumProcesses(), "vps": list(nest.GetLocalVPs())}))
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_processes_started_together_join_each_other(tmp_path):
    """Two interpreters with GONEST_RANK/SIZE/COORDINATOR form one simulation of 2 processes."""
    script = tmp_path / "job.py"
    script.write_text(SCRIPT)
    port = _free_port()
    procs = []
    for rank in range(2):
        env = dict(os.environ)
        env.update(
            GONEST_RANK=str(rank),
            GONEST_SIZE="2",
            GONEST_COORDINATOR=f"127.0.0.1:{port}",
            GONEST_TIMEOUT="30",
            PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(nest.__file__)), env.get("PYTHONPATH", "")]),
        )
        procs.append(
            subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
    results = []
    for p in procs:
        out, err = p.communicate(timeout=90)
        assert p.returncode == 0, err.decode()
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    assert results == [
        {"rank": 0, "size": 2, "vps": [0, 2]},
        {"rank": 1, "size": 2, "vps": [1, 3]},
    ]
