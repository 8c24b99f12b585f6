"""Run a script as several processes of one distributed simulation, with MPI.

NEST scripts are distributed with ``mpirun -np N python script.py``, and so
are gonest's: under an MPI launcher gonest joins the job through the MPI
library (see gocore/comm). This module is a thin wrapper that runs::

    python -m nest.launch -n 2 script.py [args ...]

as ``mpirun -np 2 [--oversubscribe] python script.py args`` with the
Python that runs it, and exits with mpirun's exit status. It adds
``--oversubscribe`` (more processes than cores) and, when run as root,
Open MPI's permission to run as root. MPI comes from the system (Debian
and Ubuntu: ``apt-get install openmpi-bin libopenmpi-dev``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

__all__ = ["main", "mpirun_command", "run"]


def mpirun_command(n: int, argv: list[str]) -> list[str]:
    """Return the mpirun command line that runs ``python argv`` as `n` processes.

    Parameters
    ----------
    n : int
        Number of processes (>= 1).
    argv : list of str
        The script and its arguments.

    Returns
    -------
    list of str
        The command.

    Raises
    ------
    ValueError
        If `n` is smaller than 1 or `argv` is empty.
    FileNotFoundError
        If there is no ``mpirun`` on the PATH.
    """
    if n < 1:
        raise ValueError(f"the number of processes must be at least 1, got {n}")
    if not argv:
        raise ValueError("no script to run")
    mpirun = shutil.which("mpirun") or shutil.which("mpiexec")
    if mpirun is None:
        raise FileNotFoundError("mpirun not found; install MPI, e.g. 'apt-get install openmpi-bin libopenmpi-dev'")
    cmd = [mpirun, "-np", str(n)]
    if _is_open_mpi(mpirun):
        cmd.append("--oversubscribe")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-run-as-root")
    return [*cmd, sys.executable, *argv]


def _is_open_mpi(mpirun: str) -> bool:
    try:
        out = subprocess.run([mpirun, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "Open MPI" in out.stdout + out.stderr or "OpenRTE" in out.stdout + out.stderr


def run(n: int, argv: list[str], timeout: float | None = None) -> int:
    """Run ``python argv`` as `n` MPI processes; return mpirun's exit status.

    Parameters
    ----------
    n : int
        Number of processes (>= 1).
    argv : list of str
        The script and its arguments.
    timeout : float, optional
        Seconds after which mpirun is killed (status 124).

    Returns
    -------
    int
        mpirun's exit status: 0 if every process succeeded.
    """
    cmd = mpirun_command(n, argv)
    proc = subprocess.Popen(cmd)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return 124
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise


def main(args: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m nest.launch -n N script.py ...``."""
    parser = argparse.ArgumentParser(prog="python -m nest.launch", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--np", dest="n", type=int, default=2, help="number of processes (default 2)")
    parser.add_argument("script", nargs=argparse.REMAINDER, help="script and its arguments")
    ns = parser.parse_args(args)
    return run(ns.n, ns.script)


if __name__ == "__main__":
    sys.exit(main())
