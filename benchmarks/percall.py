"""Per-call cost of the calls a Simulate loop makes, in microseconds.

The network is that of the ``short_simulate`` workload of compare.py
(100 iaf_psc_alpha neurons, 10 recurrent inputs each, a Poisson drive and
a spike recorder); each figure is one kind of call repeated, as scripts
such as ``if_curve.py`` or the sudoku solver repeat them between short
Simulate calls::

    python benchmarks/percall.py [--calls N] [--repeats R]
    python benchmarks/percall.py --nest /tmp/nest310/bin/python

For every call it prints the median over the repeats of the wall time and
of the CPU time (process time) per call. With ``--nest PYTHON`` the same
script runs, in a fresh process, under that interpreter too (NEST 3.10),
and the ratio gonest/NEST of the wall times is printed beside them.
Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings


def build(nest, n: int):
    """The short_simulate network; returns the neurons and the recorder."""
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=1, rng_seed=143202461)
    neurons = nest.Create("iaf_psc_alpha", n, params={"I_e": 300.0})
    noise = nest.Create("poisson_generator", params={"rate": 8000.0})
    recorder = nest.Create("spike_recorder")
    nest.Connect(noise, neurons, syn_spec={"weight": 10.0, "delay": 1.0})
    nest.Connect(
        neurons,
        neurons,
        {"rule": "fixed_indegree", "indegree": 10},
        {"weight": 5.0, "delay": 1.5},
    )
    nest.Connect(neurons, recorder)
    return neurons, recorder


def calls(nest, neurons, recorder) -> dict:
    """The timed calls, by the name printed."""
    counter = [0]

    def set_ie():
        counter[0] += 1
        neurons.set(I_e=300.0 + 0.2 * (counter[0] % 200))

    def loop_body():
        set_ie()
        nest.Simulate(1.0)
        sum(neurons.get("V_m"))
        _ = recorder.n_events

    return {
        "Simulate(1.0)": lambda: nest.Simulate(1.0),
        "Simulate(0.1)": lambda: nest.Simulate(0.1),
        "neurons.set(I_e=x)": set_ie,
        "neurons.set({'I_e': list})": lambda: neurons.set(
            {"I_e": [300.0] * len(neurons)}
        ),
        "neurons.get('V_m')": lambda: neurons.get("V_m"),
        "neurons[0].get('V_m')": lambda: neurons[0].get("V_m"),
        "GetStatus(neurons, 'V_m')": lambda: nest.GetStatus(neurons, "V_m"),
        "recorder.n_events": lambda: recorder.n_events,
        "nest.biological_time": lambda: nest.biological_time,
        "short_simulate loop body": loop_body,
    }


def measure(n_calls: int, repeats: int, n: int) -> dict:
    """Per-call wall and CPU microseconds of every call, medians over repeats."""
    import nest

    warnings.simplefilter("ignore", DeprecationWarning)  # GetStatus is timed on purpose
    if hasattr(nest, "set_verbosity"):
        nest.set_verbosity("M_ERROR")
    neurons, recorder = build(nest, n)
    nest.Simulate(10.0)  # first-call costs (loading, buffers) are not per-call costs
    out = {}
    for name, fn in calls(nest, neurons, recorder).items():
        walls, cpus = [], []
        for _ in range(repeats):
            fn()
            w0, c0 = time.perf_counter(), time.process_time()
            for _ in range(n_calls):
                fn()
            walls.append((time.perf_counter() - w0) / n_calls * 1e6)
            cpus.append((time.process_time() - c0) / n_calls * 1e6)
        out[name] = (statistics.median(walls), statistics.median(cpus))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls per repeat")
    parser.add_argument(
        "--repeats", type=int, default=5, help="repeats (median reported)"
    )
    parser.add_argument("--neurons", type=int, default=100, help="network size")
    parser.add_argument(
        "--nest", metavar="PYTHON", help="also run under this NEST 3.10 interpreter"
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.calls, args.repeats, args.neurons)))
        return 0
    ours = measure(args.calls, args.repeats, args.neurons)
    ref = None
    if args.nest:
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        env.setdefault("OMP_NUM_THREADS", "1")
        child = subprocess.run(
            [
                args.nest,
                os.path.abspath(__file__),
                "--json",
                "--calls",
                str(args.calls),
                "--repeats",
                str(args.repeats),
                "--neurons",
                str(args.neurons),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd="/tmp",
        )
        ref = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"# percall.py neurons={args.neurons} calls={args.calls} repeats={args.repeats}; us per call, median"
    )
    header = f"{'call':<28} {'wall':>9} {'cpu':>9}"
    if ref:
        header += f" {'nest wall':>10} {'nest cpu':>9} {'ratio':>6}"
    print(header)
    for name, (wall, cpu) in ours.items():
        line = f"{name:<28} {wall:9.1f} {cpu:9.1f}"
        if ref and name in ref:
            n_wall, n_cpu = ref[name]
            line += f" {n_wall:10.1f} {n_cpu:9.1f} {wall / n_wall:6.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
