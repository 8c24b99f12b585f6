"""Running test scripts under ``mpirun``, for the tests of distributed runs.

The tests that use :func:`run` are skipped, with the reason, when no
``mpirun`` is installed, except in CI (``CI=true``), where ``.ci/run``
installs Open MPI and they must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nest
import pytest

MPIRUN = shutil.which("mpirun")


def require_mpirun() -> str:
    """Return the path of mpirun, or skip (fail in CI) when there is none."""
    if MPIRUN is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mpirun is not installed; .ci/run installs openmpi-bin in CI")
        pytest.skip("mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)")
    return MPIRUN


@dataclass
class Result:
    """What one mpirun (or plain python) run did."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


def environment() -> dict[str, str]:
    """The environment of the test processes: this nest, Open MPI allowed as root."""
    env = dict(os.environ)
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
    # The nest being tested, also when it is imported from a source tree.
    root = str(Path(nest.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [root, env.get("PYTHONPATH", "")] if p)
    return env


def run(np: int | None, script: Path, *args: str, timeout: float = 120) -> Result:
    """Run ``python script args`` under ``mpirun -np np``, or alone when np is None."""
    cmd = [sys.executable, str(script), *map(str, args)]
    if np is not None:
        cmd = [require_mpirun(), "-np", str(np), "--oversubscribe", *cmd]
    start = time.monotonic()
    p = subprocess.run(cmd, env=environment(), capture_output=True, text=True, timeout=timeout, check=False)
    return Result(p.returncode, p.stdout, p.stderr, time.monotonic() - start)


def outputs(prefix: Path, n: int) -> list:
    """The JSON files ``prefix.RANK.json`` the ranks wrote, in rank order."""
    return [json.loads(Path(f"{prefix}.{rank}.json").read_text()) for rank in range(n)]
