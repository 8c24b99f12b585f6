#!/usr/bin/env python3
"""Run NEST 3.10's gallery examples unchanged against an installed nest.

Usage::

    # EXAMPLES_DIR: a checkout of NEST 3.10's pynest/examples
    python scripts/nest_examples.py EXAMPLES_DIR [--python PY] [--nest NEST_PY]
        [--timeout S] [--jobs N] [--only PATTERN ...] [--json OUT]

Every ``*.py`` file under EXAMPLES_DIR is run as a script with ``PY``
(default: this interpreter, which should have gonest installed), in a
fresh copy of its folder (examples read and write files next to
themselves), with matplotlib's Agg backend and a timeout. With ``--nest``
the same scripts are run with a Python that has NEST 3.10 as well, so the
table shows which scripts run on NEST and which of those run on gonest.
A script "runs" when it exits with status 0 within the timeout. The last
line of stderr of each failure is shown, which usually names the missing
model or function. Nothing of NEST's is copied into this project: the
examples are read from the given folder.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def run_one(python: str, script: Path, root: Path, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="nest-example-") as tmp:
        work = Path(tmp) / script.parent.name
        shutil.copytree(script.parent, work, symlinks=True)
        env = dict(
            os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1", OMP_NUM_THREADS="1"
        )
        env.pop("PYTHONPATH", None)
        t0 = time.monotonic()
        try:
            proc = subprocess.run(
                [python, script.name],
                check=False,
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
            err = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
            reason = err[-1][:160] if err and proc.returncode != 0 else ""
        except subprocess.TimeoutExpired:
            status, reason = "timeout", f"no exit within {timeout:g} s"
        return {
            "script": str(script.relative_to(root)),
            "status": status,
            "reason": reason,
            "seconds": round(time.monotonic() - t0, 1),
        }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", type=Path)
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter with gonest installed"
    )
    ap.add_argument("--nest", help="interpreter with NEST 3.10 installed (baseline)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument(
        "--only", nargs="*", default=[], help="shell patterns of scripts to run"
    )
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)

    root = args.examples.resolve()
    scripts = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    if args.only:
        scripts = [
            s
            for s in scripts
            if any(fnmatch.fnmatch(str(s.relative_to(root)), p) for p in args.only)
        ]
    runs = {"gonest": args.python}
    if args.nest:
        runs["nest"] = args.nest
    results: dict[str, dict[str, dict]] = {}
    for name, py in runs.items():
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for r in pool.map(
                lambda s, py=py: run_one(py, s, root, args.timeout), scripts
            ):
                results.setdefault(r["script"], {})[name] = r
                print(
                    f"{name:6s} {r['status']:8s} {r['seconds']:7.1f} s  {r['script']}  {r['reason']}",
                    flush=True,
                )

    ok = {
        name: {s for s, r in results.items() if r[name]["status"] == "ok"}
        for name in runs
    }
    print()
    print(f"{len(scripts)} example scripts; gonest runs {len(ok['gonest'])}", end="")
    if "nest" in ok:
        both = ok["gonest"] & ok["nest"]
        print(f"; NEST 3.10 runs {len(ok['nest'])}; gonest runs {len(both)} of those")
        for s in sorted(ok["nest"] - ok["gonest"]):
            print(
                f"  runs on NEST only: {s}: {results[s]['gonest']['status']} {results[s]['gonest']['reason']}"
            )
    else:
        print()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
