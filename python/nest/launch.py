"""Run a script as several processes of one distributed simulation.

NEST scripts are distributed with ``mpirun -np N python script.py``; gonest
joins its processes over TCP and understands the variables Open MPI's and
MPICH's ``mpirun`` set, so that works where an MPI launcher is installed.
This module does the same without one::

    python -m nest.launch -n 2 script.py [args ...]

It starts N copies of ``python script.py args``, tells each its rank, the
number of processes and where rank 0 listens (GONEST_RANK, GONEST_SIZE,
GONEST_COORDINATOR on a free loopback port), forwards their output, and
exits with the first non-zero exit status of the copies. For processes on
several machines, start them yourself with those variables, GONEST_COORDINATOR
naming rank 0's host and a free port.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time

__all__ = ["main", "run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(n: int, argv: list[str], timeout: float | None = None) -> int:
    """Run ``python argv`` as `n` processes; return the first failing exit status or 0.

    Parameters
    ----------
    n : int
        Number of processes (>= 1).
    argv : list of str
        The script and its arguments.
    timeout : float, optional
        Seconds after which the processes are killed.

    Returns
    -------
    int
        0 if every process succeeded, else the first non-zero status.

    Raises
    ------
    ValueError
        If `n` is smaller than 1 or `argv` is empty.
    """
    if n < 1:
        raise ValueError(f"the number of processes must be at least 1, got {n}")
    if not argv:
        raise ValueError("no script to run")
    coordinator = f"127.0.0.1:{_free_port()}"
    procs = []
    for rank in range(n):
        env = dict(os.environ, GONEST_RANK=str(rank), GONEST_SIZE=str(n), GONEST_COORDINATOR=coordinator)
        procs.append(subprocess.Popen([sys.executable, *argv], env=env))
    status = 0
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        # Poll all of them, so that one failing process ends the run at
        # once instead of after the others time out.
        while any(p.poll() is None for p in procs):
            failed = [p.returncode for p in procs if p.returncode not in (None, 0)]
            if failed:
                status = failed[0]
                break
            if deadline is not None and time.monotonic() > deadline:
                status = 124
                break
            time.sleep(0.05)
        if status == 0:
            status = next((p.returncode for p in procs if p.returncode != 0), 0)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return status


def main(args: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m nest.launch -n N script.py ...``."""
    parser = argparse.ArgumentParser(prog="python -m nest.launch", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--np", dest="n", type=int, default=2, help="number of processes (default 2)")
    parser.add_argument("script", nargs=argparse.REMAINDER, help="script and its arguments")
    ns = parser.parse_args(args)
    return run(ns.n, ns.script)


if __name__ == "__main__":
    sys.exit(main())
