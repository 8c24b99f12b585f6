"""Neuron-model update cost, gonest next to NEST 3.10, in one run.

    python benchmarks/model_update.py [--nest /tmp/nest310/bin/python] [--repeats 3]

gonest: ``go test -bench ModelUpdate ./gocore/kernel/`` (1000 unconnected
neurons of each model driven by I_e, one thread, Simulate(100) at 0.1 ms
per iteration). NEST: the same network built by this script in the given
Python, timed around ``nest.Simulate(100.0)`` after a 1 ms warm-up. Both
report ns per neuron-step (wall time / (neurons x steps)), kernel overhead
included; the runs alternate so that machine load affects both alike.
Prints the median over the repeats and the ratio gonest/NEST.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Must match updateBenchModels in gocore/kernel/model_update_bench_test.go.
MODELS = {
    "iaf_psc_alpha": 500.0,
    "iaf_psc_exp_multisynapse": 500.0,
    "mat2_psc_exp": 500.0,
    "iaf_cond_beta": 500.0,
    "gif_psc_exp": 500.0,
    "aeif_cond_alpha": 1000.0,
    "hh_psc_alpha": 1000.0,
}

NEST_SCRIPT = r"""
import sys, time, json
import nest
nest.set_verbosity("M_ERROR")
out = {}
for model, ie in json.loads(sys.argv[1]).items():
    nest.ResetKernel()
    nest.local_num_threads = 1
    nest.Create(model, 1000, params={"I_e": ie})
    nest.Simulate(1.0)
    t0 = time.perf_counter()
    nest.Simulate(100.0)
    out[model] = (time.perf_counter() - t0) * 1e9 / (1000 * 1000)
print(json.dumps(out))
"""


def run_gonest() -> dict[str, float]:
    proc = subprocess.run(
        [
            "go",
            "test",
            "-run",
            "^$",
            "-bench",
            "ModelUpdate",
            "-benchtime",
            "3x",
            "./gocore/kernel/",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out = {}
    for m in re.finditer(
        r"BenchmarkModelUpdate/(\S+?)-\d+\s+\d+\s+\d+ ns/op\s+([\d.]+) ns/neuron-step",
        proc.stdout,
    ):
        out[m.group(1)] = float(m.group(2))
    return out


def run_nest(python: str) -> dict[str, float]:
    import json

    proc = subprocess.run(
        [python, "-c", NEST_SCRIPT, json.dumps(MODELS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nest", help="a Python with NEST 3.10 installed")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    g: dict[str, list[float]] = {m: [] for m in MODELS}
    n: dict[str, list[float]] = {m: [] for m in MODELS}
    for _ in range(args.repeats):
        for m, v in run_gonest().items():
            g[m].append(v)
        if args.nest:
            for m, v in run_nest(args.nest).items():
                n[m].append(v)
    print(
        f"{'model':28s} {'gonest ns/neuron-step':>22s} {'NEST ns/neuron-step':>20s} {'gonest/NEST':>12s}"
    )
    for m in MODELS:
        gm = statistics.median(g[m]) if g[m] else float("nan")
        nm = statistics.median(n[m]) if n[m] else float("nan")
        print(f"{m:28s} {gm:22.1f} {nm:20.1f} {gm / nm:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
