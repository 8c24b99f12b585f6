"""Seeded fuzzing of bad input (issue #13): the process survives every case.

A worker subprocess (fuzz_worker.py, address space limited with
RLIMIT_AS, a watchdog per case) makes a few hundred random calls of
Create, Connect, NodeCollection.set, SetKernelStatus, Simulate and
Prepare/Run/Cleanup with wrong types, NaN and infinities, negative, huge
and empty values. The test asserts: the process does not die, no call
raises InternalError, no message carries Go runtime text, the kernel is
unchanged after every error, and the seed network simulates afterwards as
on a fresh kernel.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("fuzz_worker.py")
SEEDS = (20261202, 7)
CASES = 200  # per seed: about 10 s each on one core


@pytest.mark.skipif(sys.platform != "linux", reason="the worker limits RLIMIT_AS and reads /proc")
@pytest.mark.parametrize("seed", SEEDS)
def test_fuzz_bad_input_never_kills_or_corrupts(seed):
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(seed), str(CASES)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.splitlines()
    started = [x for x in lines if x.startswith("CASE ") and " start " in x]
    last = started[-1] if started else "(none)"
    assert proc.returncode == 0, f"the worker died (rc {proc.returncode}) in {last}\n{proc.stderr[-3000:]}"
    bad = [x for x in lines if x.startswith("BAD ")]
    assert not bad, "\n".join(bad[:20])
    assert lines and lines[-1] == f"DONE {CASES} 0", lines[-3:]
