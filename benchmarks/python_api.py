"""Benchmarks of the Python API: import time, per-call overheads, seed wall time, bulk data.

Run against the installed package (``pip install .`` first)::

    python benchmarks/python_api.py [--repeat N]
    python benchmarks/python_api.py --bulk [--nest /tmp/nest310/bin/python]

Every figure is the median over repeats, printed one per line. Nothing here
asserts a speed; compare runs with the same command on the same machine.

``--bulk`` times the operations on whole populations that cross the
Python/Go boundary as columns (get/set of 1e5 nodes, get() of 1e4 nodes,
Connect and GetConnections of 1e6 connections, the first get("events")
after import), each in a fresh interpreter; with ``--nest PYTHON`` it runs
the same script with NEST 3.10's Python too and prints gonest's time as a
fraction of NEST's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SEED_SCRIPT = textwrap.dedent(
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nest
    import numpy as np

    nest.ResetKernel()
    nest.resolution = 0.1
    T_sim = 1200.0
    tau_m, R_m = 40.0, 0.1
    C_m = tau_m / R_m
    V_th, V_reset, t_ref = 15.0, 0.0, 2.0
    f = 20.0 / 1000.0
    dc_amp = V_th * C_m / tau_m / (1 - np.exp(-(1 / f - t_ref) / tau_m))
    dc_gen = nest.Create("dc_generator", 1, params={"amplitude": dc_amp, "start": 50.0, "stop": 1050.0})
    nrns = nest.Create("iaf_tum_2000", 2, params={
        "C_m": C_m, "tau_m": tau_m, "tau_syn_ex": 3.0, "tau_syn_in": 3.0, "V_th": V_th,
        "V_reset": V_reset, "E_L": V_reset, "V_m": V_reset, "t_ref": t_ref, "U": 0.5,
        "tau_psc": 3.0, "tau_rec": 800.0, "tau_fac": 0.0, "x": 1.0, "u": 0.0})
    nest.Connect(dc_gen, nrns[0])
    nest.Connect(nrns[0], nrns[1], syn_spec={"synapse_model": "static_synapse", "weight": 250.0,
                                             "delay": 0.1, "receptor_type": 1})
    voltmeter = nest.Create("voltmeter", params={"interval": 1.0, "label": "Voltmeter"})
    nest.Connect(voltmeter, nrns[1])
    nest.Simulate(T_sim)
    nest.voltage_trace.from_device(voltmeter)
    plt.savefig(PNG)
    """
)


BULK_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    OP = sys.argv[1]
    t0 = time.perf_counter()
    import nest
    t_import = time.perf_counter() - t0
    try:
        nest.set_verbosity("M_ERROR")
    except Exception:
        pass
    rng = np.random.default_rng(1)

    def timed(fn):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        return time.perf_counter() - start, time.process_time() - cpu

    if OP == "get_V_m":
        n = nest.Create("iaf_psc_alpha", 100_000)
        t = timed(lambda: n.get("V_m"))
    elif OP == "set_V_m":
        n = nest.Create("iaf_psc_alpha", 100_000)
        v = rng.uniform(-70.0, -60.0, len(n))
        t = timed(lambda: n.set(V_m=v))
        assert n[5].get("V_m") == v[5]
    elif OP == "get_all":
        n = nest.Create("iaf_psc_alpha", 10_000)
        t = timed(lambda: n.get())
    elif OP == "connect":
        pre = nest.Create("parrot_neuron", 1_000_000)
        post = nest.Create("parrot_neuron", 1_000_000)
        w = rng.uniform(0.5, 1.5, len(pre))
        d = np.round(rng.uniform(1.0, 3.0, len(pre)), 1)
        t = timed(lambda: nest.Connect(pre, post, "one_to_one", {"weight": w, "delay": d}))
    elif OP == "get_connections":
        pre = nest.Create("parrot_neuron", 1_000_000)
        post = nest.Create("parrot_neuron", 1_000_000)
        nest.Connect(pre, post, "one_to_one", {"weight": rng.uniform(0.5, 1.5, len(pre))})
        t = timed(lambda: nest.GetConnections().get("weight"))
    elif OP == "first_events":
        sr = nest.Create("spike_recorder")
        nrns = nest.Create("iaf_psc_alpha", 10, params={"I_e": 500.0})
        nest.Connect(nrns, sr)
        nest.Simulate(100.0)
        t = timed(lambda: sr.get("events"))
    print("RESULT " + json.dumps({"op": OP, "s": t[0], "cpu": t[1]}))
    """
)

BULK_OPS = {
    "get_V_m": ("get('V_m') of 1e5 nodes", 0.02),
    "set_V_m": ("set(V_m=array) of 1e5 nodes", 0.02),
    "get_all": ("get() of 1e4 nodes", 0.50),
    "get_connections": ("GetConnections + get('weight') of 1e6 connections", 0.20),
    "connect": ("Connect one_to_one 1e6 pairs, weight and delay arrays", 0.50),
    "first_events": ("first get('events') after import (pandas installed)", None),
}


def run_bulk(python: str, op: str) -> tuple[float, float]:
    """Run one bulk operation in a fresh interpreter `python`; return its
    wall and CPU seconds (CPU of all the process's threads)."""
    import json

    out = subprocess.run([python, "-c", BULK_SCRIPT, op], check=True, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            return float(result["s"]), float(result["cpu"])
    raise RuntimeError(f"no result from {python} for {op}: {out.stdout}\n{out.stderr}")


def _median_pair(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def bulk(nest_python: str | None, repeat: int) -> None:
    """Print the bulk figures, and their ratio to NEST's when `nest_python`
    is given: wall time, and CPU time (which a loaded machine disturbs less)."""
    for op, (label, target) in BULK_OPS.items():
        wall, cpu = _median_pair([run_bulk(sys.executable, op) for _ in range(repeat)])
        line = f"{label}: gonest {wall * 1e3:.1f} ms (CPU {cpu * 1e3:.1f} ms)"
        if nest_python:
            n_wall, n_cpu = _median_pair([run_bulk(nest_python, op) for _ in range(repeat)])
            line += f", NEST {n_wall * 1e3:.1f} ms (CPU {n_cpu * 1e3:.1f} ms)"
            line += f", ratio wall {wall / n_wall:.3f} CPU {cpu / max(n_cpu, 1e-9):.3f}"
            if target is not None:
                line += f" (target <= {target:.2f})"
        if op == "first_events":
            line += " (target <= 50 ms)"
        print(line, flush=True)


def leak(cycles: int, n: int) -> None:
    """get/set cycles on n nodes, printing resident memory as they go."""
    import gc

    import nest
    import numpy as np

    def rss_mb() -> float:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    nodes = nest.Create("iaf_psc_alpha", n)
    values = np.linspace(-70.0, -60.0, n)
    start = time.perf_counter()
    for i in range(1, cycles + 1):
        nodes.set(V_m=values)
        nodes.get("V_m")
        if i == 1 or i % max(1, cycles // 10) == 0:
            gc.collect()
            print(f"cycle {i}: RSS {rss_mb():.1f} MB, core C memory {nest._kernel.recording_bytes()} B", flush=True)
    print(f"{cycles} get/set cycles on {n} nodes: {time.perf_counter() - start:.1f} s")


def run_python(code: str) -> float:
    """Run code in a fresh interpreter and return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def per_call(fn, calls: int) -> float:
    """Return the mean time of one call of fn over calls calls, in microseconds."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per figure (median reported)")
    parser.add_argument("--bulk", action="store_true", help="time the bulk operations on whole populations")
    parser.add_argument("--nest", metavar="PYTHON", help="with --bulk: also run them with this NEST 3.10 Python")
    parser.add_argument("--leak", type=int, metavar="CYCLES", help="get/set cycles on --leak-nodes nodes, with RSS")
    parser.add_argument("--leak-nodes", type=int, default=100_000)
    args = parser.parse_args()
    rep = args.repeat
    if args.leak:
        leak(args.leak, args.leak_nodes)
        return
    if args.bulk or args.nest:
        bulk(args.nest, 1 if args.repeat == 5 else args.repeat)
        return

    baseline = statistics.median(run_python("pass") for _ in range(rep))
    imp = statistics.median(run_python("import nest") for _ in range(rep))
    print(f"import nest: {(imp - baseline) * 1e3:.1f} ms (interpreter start-up {baseline * 1e3:.1f} ms subtracted)")

    import nest

    calls = 2000

    def fresh():
        nest.ResetKernel()

    fresh()
    create = statistics.median(per_call(lambda: nest.Create("iaf_tum_2000"), calls) for _ in range(rep))
    print(f"Create('iaf_tum_2000'): {create:.1f} us/call")

    fresh()
    create_p = statistics.median(
        per_call(lambda: nest.Create("iaf_tum_2000", params={"V_m": -60.0, "I_e": 10.0}), calls) for _ in range(rep)
    )
    print(f"Create('iaf_tum_2000', params={{2 keys}}): {create_p:.1f} us/call")

    fresh()
    a = nest.Create("iaf_tum_2000")
    b = nest.Create("iaf_tum_2000")
    connect = statistics.median(
        per_call(lambda: nest.Connect(a, b, syn_spec={"weight": 2.0, "receptor_type": 1}), calls) for _ in range(rep)
    )
    print(f"Connect(1 -> 1, syn_spec dict): {connect:.1f} us/call")

    get_one = statistics.median(per_call(lambda: a.get("V_m"), calls) for _ in range(rep))
    print(f"NodeCollection.get('V_m') on 1 node: {get_one:.1f} us/call")

    fresh()
    many = nest.Create("iaf_tum_2000", 1000)
    get_many = statistics.median(per_call(lambda: many.get("V_m"), 20) for _ in range(rep))
    print(f"NodeCollection.get('V_m') on 1000 nodes: {get_many:.1f} us/call")

    png = Path("/tmp/gonest_bench_seed.png")
    seed = statistics.median(run_python(f"PNG = {str(png)!r}\n" + SEED_SCRIPT) for _ in range(rep))
    print(f"seed script (short-term depression, incl. interpreter, imports and plot): {seed:.2f} s")


if __name__ == "__main__":
    main()
