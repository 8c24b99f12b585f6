"""Spread of the hpc_benchmark firing rate over seeds, gonest beside NEST 3.10.

The hpc_benchmark workload of compare.py at scale 1 (indegrees 9,000 and
2,250) runs in a regime of population bursts: its mean rate over 300 ms
depends on the seed far more than on the simulator, so one seed's rate
compares two random draws, not two simulators. This script runs the
workload for several seeds on each simulator (each run its own child
process, the simulators alternating) and prints, per seed, the rate of
the recorded excitatory neurons and the mean and largest E->E weight of
the connections of the first 200 excitatory neurons after the run, then
per simulator the mean, standard deviation, median and range of the
rates, and the difference of the two means with its standard error::

    python benchmarks/hpc_spread.py --nest /tmp/nest310/bin/python --seeds 1-8
    python benchmarks/hpc_spread.py --scale 0.2 --seeds 1-20 --static

``--static`` makes the E->E connections static (as lambda = 0 does; the
rates are then those of a network without plasticity). Nothing here
asserts anything.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run_child(args: argparse.Namespace) -> int:
    """One run in this process; its figures go to ``args.out`` as JSON."""
    import nest
    import numpy as np

    sys.path.insert(0, HERE)
    import compare

    nest.verbosity = nest.VerbosityLevel.ERROR
    figures = compare.hpc_benchmark(
        nest,
        compare.Probe(),
        args.scale,
        args.threads,
        seed=args.seed,
        plastic=not args.static,
    )
    n_e = max(int(9000 * args.scale), 8)
    sampled = nest.GetConnections(
        source=nest.NodeCollection(list(range(1, min(200, n_e) + 1))),
        target=nest.NodeCollection(list(range(1, n_e + 1))),
    )
    weights = np.asarray(sampled.get("weight"), dtype=float)
    figures["w_mean"] = float(weights.mean())
    figures["w_max"] = float(weights.max())
    with open(args.out, "w") as handle:
        json.dump(figures, handle)
    return 0


def run_once(python: str, args: argparse.Namespace, seed: int, is_nest: bool) -> dict:
    """The figures of one child run of ``python`` for ``seed``."""
    env = dict(os.environ)
    if is_nest:
        env.pop("PYTHONPATH", None)  # the NEST environment must not see gonest's tree
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    command = [python, os.path.abspath(__file__), "--child", "--seed", str(seed)]
    command += ["--scale", str(args.scale), "--threads", str(args.threads)]
    command += ["--out", out] + (["--static"] if args.static else [])
    try:
        done = subprocess.run(
            command,
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tempfile.gettempdir(),
        )
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"seed {seed} failed with {python}: " + " | ".join(tail))
        with open(out) as handle:
            return json.load(handle)
    finally:
        os.unlink(out)


def parse_seeds(text: str) -> list[int]:
    """Seeds from "1-8" or "3,5,9" (or both: "1-4,10")."""
    seeds = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    return seeds


def summary(rates: list[float]) -> str:
    sd = statistics.stdev(rates) if len(rates) > 1 else 0.0
    return (
        f"n {len(rates)}  mean {statistics.mean(rates):6.2f}  sd {sd:6.2f}  "
        f"median {statistics.median(rates):6.2f}  min {min(rates):6.2f}  max {max(rates):6.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nest", help="Python of a NEST 3.10 environment")
    parser.add_argument("--seeds", default="1-4", help='e.g. "1-8" or "1,3,7"')
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--static", action="store_true", help="E->E static too")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_child(args)
    sims = [("gonest", sys.executable)] + ([("nest", args.nest)] if args.nest else [])
    rates: dict[str, list[float]] = {name: [] for name, _ in sims}
    kind = "static" if args.static else "stdp_pl"
    print(f"# hpc_spread.py scale={args.scale} threads={args.threads} E->E {kind}")
    print("# seed  simulator  rate_hz  w_mean_pA  w_max_pA")
    for n, seed in enumerate(parse_seeds(args.seeds)):
        for name, python in sims if n % 2 == 0 else sims[::-1]:
            figures = run_once(python, args, seed, name == "nest")
            rates[name].append(figures["rate_hz"])
            print(
                f"{seed:6d}  {name:<9} {figures['rate_hz']:8.2f}  "
                f"{figures['w_mean']:9.4f}  {figures['w_max']:8.3f}",
                flush=True,
            )
    for name, values in rates.items():
        print(f"{name:<7} {summary(values)}")
    if args.nest and len(rates["gonest"]) > 1:
        g, r = rates["gonest"], rates["nest"]
        se = math.sqrt(
            statistics.variance(g) / len(g) + statistics.variance(r) / len(r)
        )
        diff = statistics.mean(g) - statistics.mean(r)
        print(f"gonest - nest: {diff:+.2f} Hz, standard error {se:.2f} Hz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
