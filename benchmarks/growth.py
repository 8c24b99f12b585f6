"""Growth of time and memory with network size in the Brunel network.

Runs compare.py's Brunel workload (``brunel_delta_t2`` by default) at a
list of orders, each run its own process, gonest and (with ``--nest``)
NEST 3.10 alternating, and prints one table: per order the neurons and
connections, build and simulate time, CPU time and peak memory of each
simulator, then the same figures divided by those of the smallest order
and by the growth of the connection count, so that linear growth reads
as a column of values near 1::

    python benchmarks/growth.py --nest /tmp/nest310/bin/python
    python benchmarks/growth.py --orders 500 1000 2500 --simtime 200

The connection count of Brunel's network grows with the square of the
order (fixed indegree 0.1 of each population), so "linear" here means
linear in the number of connections, for build time, simulate time (the
rate stays near 32 Hz) and memory alike. Two threads by default: NEST
3.10 cannot build order 10,000 on one (it holds at most 134,217,726
connections per virtual process and synapse model, and order 10,000 has
250 million). Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare

FIGURES = ["build", "simulate", "cpu", "peak_mb"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--nest", help="Python interpreter whose `import nest` is NEST 3.10"
    )
    parser.add_argument("--gonest", default=sys.executable, help="Python with gonest")
    parser.add_argument(
        "--orders",
        type=int,
        nargs="+",
        default=[500, 1000, 2500, 5000, 10000],
        help="Brunel orders (neurons = 5 x order)",
    )
    parser.add_argument(
        "--workload",
        default="brunel_delta_t2",
        choices=[name for name in compare.WORKLOADS if name.startswith("brunel")],
    )
    parser.add_argument("--simtime", type=float, default=1000.0, help="simulated ms")
    args = parser.parse_args(argv)

    sims = [("gonest", args.gonest)] + ([("nest", args.nest)] if args.nest else [])
    rows, failed = [], []
    for i, order in enumerate(args.orders):
        scale = order / 2500.0
        row = {"order": order}
        for sim, python in sims if i % 2 == 0 else list(reversed(sims)):
            try:
                row[sim] = compare.run_once(
                    python, args.workload, scale, sim == "nest", args.simtime
                )
            except RuntimeError as err:
                # NEST 3.10 refuses more than 2**27 - 2 connections per
                # virtual process and synapse model (order 10,000 on one
                # thread): keep the other figures and say why.
                print(f"# order {order}, {sim}: {err}", file=sys.stderr, flush=True)
        if all(sim in row for sim, _ in sims):
            rows.append(row)
        else:
            failed.append(order)
        print(f"# order {order} done", file=sys.stderr, flush=True)

    print(f"# growth.py {args.workload} simtime={args.simtime} ms, one run per order")
    print(
        "| order | neurons | connections | sim | build s | simulate s | CPU s | peak MB | bytes/conn |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        for sim, _ in sims:
            r = row[sim]
            print(
                f"| {row['order']} | {r['neurons']} | {r['connections']} | {sim} | "
                f"{r['build']:.3g} | {r['simulate']:.3g} | {r['cpu']:.3g} | {r['peak_mb']:.0f} | {r['bytes_per_connection']:.1f} |"
            )
    if failed:
        print(f"(orders {failed} left out: a simulator failed, see the messages above)")
    if not rows:
        return 1
    base = rows[0]
    print()
    print(
        "Growth relative to the first order, divided by the growth of the connections"
    )
    print("(1.0 = linear in connections):")
    print("| order | conn x | sim | build | simulate | CPU | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        for sim, _ in sims:
            r, b = row[sim], base[sim]
            grow = r["connections"] / b["connections"]
            cells = " | ".join(f"{r[f] / b[f] / grow:.2f}" for f in FIGURES)
            print(f"| {row['order']} | {grow:.0f} | {sim} | {cells} |")
    if args.nest:
        print()
        print("Ratio gonest/NEST per order:")
        print("| order | build | simulate | CPU | peak MB |")
        print("|---|---|---|---|---|")
        for row in rows:
            g, n = row["gonest"], row["nest"]
            cells = " | ".join(f"{g[f] / n[f]:.2f}" for f in FIGURES)
            print(f"| {row['order']} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
