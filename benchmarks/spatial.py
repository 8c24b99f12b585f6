"""Benchmark of spatial network construction, next to NEST 3.10 in the same run.

Two networks are built in fresh interpreters, one per simulator:

- ``grid``: a 100 x 100 grid layer (extent 1 x 1, periodic) connected to
  itself with pairwise_bernoulli, a circular mask of radius 0.1 and a
  Gaussian probability (std 0.05) of the distance;
- ``free3d``: 50,000 nodes at uniformly drawn 3D positions in the unit
  cube, connected to themselves with pairwise_bernoulli, a spherical mask
  of radius 0.05 and an exponential probability of the distance.

Usage::

    python benchmarks/spatial.py [--nest /tmp/nest310/bin/python] [--only grid]

For each it prints the time to create the layer, the time to connect,
their sum (the build time) and the CPU time of the build (all threads of
the process: the figure to compare on a shared machine, where wall times
grow with the load), the number of connections and the peak resident
memory of the process. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

CASES = {
    "grid": textwrap.dedent(
        """
        layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[100, 100], edge_wrap=True))
        t1, c1 = time.perf_counter(), time.process_time()
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli",
                                    "p": nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.05),
                                    "mask": {"circular": {"radius": 0.1}}})
        """
    ),
    "free3d": textwrap.dedent(
        """
        layer = nest.Create("iaf_psc_alpha", 50000,
                            positions=nest.spatial.free(nest.random.uniform(-0.5, 0.5), num_dimensions=3))
        t1, c1 = time.perf_counter(), time.process_time()
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli",
                                    "p": nest.spatial_distributions.exponential(nest.spatial.distance, beta=0.03),
                                    "mask": {"spherical": {"radius": 0.05}}})
        """
    ),
}

TEMPLATE = """
import json, resource, time
import nest
nest.set_verbosity("M_ERROR") if hasattr(nest, "set_verbosity") else None
nest.ResetKernel()
t0, c0 = time.perf_counter(), time.process_time()
{body}
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({{"create_s": t1 - t0, "connect_s": t2 - t1, "build_cpu_s": c2 - c0, "connections": nest.num_connections,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}}))
"""


def run(python: str, case: str) -> dict:
    code = TEMPLATE.format(body=CASES[case])
    out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nest", help="interpreter with NEST 3.10 installed, for a side-by-side run")
    parser.add_argument("--only", choices=sorted(CASES), nargs="*", default=sorted(CASES))
    args = parser.parse_args(argv)
    sims = [("gonest", sys.executable)] + ([("nest-3.10", args.nest)] if args.nest else [])
    print(f"{'case':8} {'simulator':10} {'create s':>9} {'connect s':>10} {'build s':>8} {'build cpu':>9} "
          f"{'connections':>12} {'peak MB':>8}")
    for case in args.only:
        for label, python in sims:
            r = run(python, case)
            print(
                f"{case:8} {label:10} {r['create_s']:9.3f} {r['connect_s']:10.3f} "
                f"{r['create_s'] + r['connect_s']:8.3f} {r['build_cpu_s']:9.3f} "
                f"{r['connections']:12d} {r['peak_rss_mb']:8.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
