"""Benchmark: a 1,000-neuron hh_psc_alpha_gap network with gap junctions.

    python benchmarks/gap_junctions.py [--nest /tmp/nest310/bin/python]
        [--neurons 1000] [--gap-per-neuron 10] [--time 1000] [--threads 1] [--no-wfr] [--parallel]

The network of NEST's example ``gap_junctions_inhibitory_network.py``
(Hahne et al. 2015) at a size of its own: ``--neurons`` hh_psc_alpha_gap
neurons at resolution 0.05 ms, each with 50 inhibitory static inputs
(fixed_indegree, -50 pA, 1 ms), a poisson_generator at 500 Hz (700 pA)
and on average ``--gap-per-neuron`` gap junctions (weight 0.54 nS), drawn
from a seeded NumPy generator as pairs, each made with its own Connect
call (one_to_one, make_symmetric) as the example does; waveform relaxation as in the example
(wfr_comm_interval 1 ms, tol 1e-4, 15 iterations, cubic interpolation)
unless ``--no-wfr``. The same script runs in gonest (the interpreter
running it) and, with ``--nest``, in NEST 3.10 in a subprocess; each
prints ``name value unit`` lines: build and simulate wall times, the
number of spikes and the mean rate. The CPU times (``*_cpu``, all threads
of the process) are the figures to compare on a shared machine, where
wall times grow with the load. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time


def run(args: argparse.Namespace) -> dict:
    """Build and simulate the network in the imported nest; return figures."""
    import nest
    import numpy as np

    t0, c0 = time.perf_counter(), time.process_time()
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": 0.05, "local_num_threads": args.threads, "rng_seed": 1})
    nest.use_wfr = not args.no_wfr
    if not args.no_wfr:
        nest.SetKernelStatus({"wfr_comm_interval": 1.0, "wfr_tol": 1e-4, "wfr_max_iterations": 15,
                              "wfr_interpolation_order": 3})
    n = nest.Create("hh_psc_alpha_gap", args.neurons)
    sr = nest.Create("spike_recorder")
    pg = nest.Create("poisson_generator", params={"rate": 500.0})
    nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 50, "allow_autapses": False, "allow_multapses": True},
                 {"synapse_model": "static_synapse", "weight": -50.0, "delay": 1.0})
    nest.Connect(pg, n, "all_to_all", {"synapse_model": "static_synapse", "weight": 700.0, "delay": 1.0})
    nest.Connect(n, sr)
    rng = np.random.default_rng(42)
    n.V_m = list(rng.uniform(-80.0, -40.0, args.neurons))
    ids = np.array(n.tolist())
    pairs = rng.choice(ids, (args.neurons * args.gap_per_neuron // 2, 2))
    for pre, post in pairs:
        nest.Connect(nest.NodeCollection([int(pre)]), nest.NodeCollection([int(post)]),
                     {"rule": "one_to_one", "make_symmetric": True},
                     {"synapse_model": "gap_junction", "weight": 0.54})
    t1, c1 = time.perf_counter(), time.process_time()
    nest.Simulate(args.time)
    t2, c2 = time.perf_counter(), time.process_time()
    spikes = int(sr.n_events)
    return {"build_s": t1 - t0, "simulate_s": t2 - t1, "build_cpu_s": c1 - c0, "simulate_cpu_s": c2 - c1,
            "connections": int(nest.num_connections),
            "spikes": spikes, "rate_hz": spikes / args.neurons / (args.time / 1000.0)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nest", help="a Python with NEST 3.10 installed, run side by side")
    ap.add_argument("--neurons", type=int, default=1000)
    ap.add_argument("--gap-per-neuron", type=int, default=10)
    ap.add_argument("--time", type=float, default=1000.0, help="simulated time, ms")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-wfr", action="store_true")
    ap.add_argument("--parallel", action="store_true",
                    help="run the simulators at the same time (compare their CPU times then)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run(args)))
        return
    runs = {"gonest": [sys.executable]}
    if args.nest:
        runs["nest310"] = [args.nest]
    child = [__file__, "--child", "--neurons", str(args.neurons), "--gap-per-neuron", str(args.gap_per_neuron),
             "--time", str(args.time), "--threads", str(args.threads)] + (["--no-wfr"] if args.no_wfr else [])
    procs = {}
    for name, python in runs.items():
        procs[name] = subprocess.Popen(python + child, stdout=subprocess.PIPE, text=True)
        if not args.parallel:
            procs[name].wait()
    for name, proc in procs.items():
        out, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"{name} failed with exit code {proc.returncode}")
        figures = json.loads(out.strip().splitlines()[-1])
        for key, val in figures.items():
            unit = key.rsplit("_", 1)[-1] if key.endswith(("_s", "_hz")) else ""
            print(f"{name}.{key.rsplit('_', 1)[0] if unit else key} {val:.6g} {unit}".rstrip(), flush=True)


if __name__ == "__main__":
    main()
