"""Synapse benchmark: memory per connection and time per delivered spike, gonest next to NEST 3.10.

    python benchmarks/synapses.py [--nest /tmp/nest310/bin/python] [--python PY]
                                  [--sources 2000] [--outdegree 250] [--time 1000]

The same network is built for every synapse model, in each simulator, each
run in a fresh process:

- ``--sources`` parrot_neurons, driven by one poisson_generator at 20 Hz
  each (independent trains), are the presynaptic neurons;
- as many iaf_psc_alpha targets, driven by I_e = 400 pA so that they fire
  (about 25 Hz), which STDP models must read;
- every source connects to ``--outdegree`` targets (fixed_outdegree) with
  the synapse model, weight 1 pA, delay 1 ms.

Memory: what the process holds after the Connect call and a 10 ms
warm-up Simulate minus before it, less the same difference of a run
without these connections, per connection. For NEST that is the resident
set (VmRSS of /proc/self/status); for gonest the live Go heap after a
garbage collection (``nest._kernel.heap_bytes``), because the Go runtime
reuses freed heap pages, which hides new allocations from VmRSS. Time: the
CPU time of the process during ``Simulate(--time)`` (CPU rather than wall
time, so that other load on the machine counts less) less that of the run
without the connections, per delivered event (source spikes x outdegree). Both
differences include everything a connection costs the simulator
(storage, delivery, the target's input buffer, plasticity). One thread.
Prints one line per simulator and model: bytes/connection and
ns/delivered event; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

MODELS = ("static_synapse", "stdp_synapse", "stdp_triplet_synapse")

CHILD = r"""
import gc, json, sys, time
import nest

def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")

try:
    from nest import _kernel
    memory, memory_kind = _kernel.heap_bytes, "go_heap"
except (ImportError, AttributeError):
    memory, memory_kind = rss_bytes, "vmrss"

model, n_src, k, t_sim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
try:
    nest.verbosity = nest.VerbosityLevel.ERROR
except AttributeError:
    nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.set(local_num_threads=1, rng_seed=12345)
pg = nest.Create("poisson_generator", params={"rate": 20.0})
src = nest.Create("parrot_neuron", n_src)
tgt = nest.Create("iaf_psc_alpha", n_src, params={"I_e": 400.0})
sr = nest.Create("spike_recorder")
nest.Connect(pg, src, syn_spec={"delay": 1.0})
nest.Connect(src, sr)
gc.collect()
before = memory()
if model != "none":
    syn = {"synapse_model": model, "weight": 1.0, "delay": 1.0}
    if model != "static_synapse":
        syn["Wmax"] = 100.0
    nest.Connect(src, tgt, {"rule": "fixed_outdegree", "outdegree": k}, syn)
nest.Simulate(10.0)
gc.collect()
after = memory()
n0 = sr.get("n_events")
c0, t0 = time.process_time(), time.perf_counter()
nest.Simulate(t_sim)
cpu, wall = time.process_time() - c0, time.perf_counter() - t0
spikes = sr.get("n_events") - n0
print(json.dumps({"memory": after - before, "memory_kind": memory_kind, "cpu_s": cpu, "wall_s": wall, "source_spikes": spikes,
                  "connections": nest.num_connections}))
"""


def run(python: str, model: str, args: argparse.Namespace) -> dict:
    proc = subprocess.run(
        [python, "-c", CHILD, model, str(args.sources), str(args.outdegree), str(args.time)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{python} {model} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="a Python with gonest installed")
    ap.add_argument("--nest", help="a Python with NEST 3.10 installed")
    ap.add_argument("--sources", type=int, default=2000)
    ap.add_argument("--outdegree", type=int, default=250)
    ap.add_argument("--time", type=float, default=1000.0, help="measured Simulate time, ms")
    args = ap.parse_args(argv)

    sims = [("gonest", args.python)] + ([("nest", args.nest)] if args.nest else [])
    print(f"# {args.sources} sources x outdegree {args.outdegree}, Simulate({args.time:g} ms), 1 thread")
    print(f"# {'simulator':<8} {'synapse_model':<22} {'bytes/conn':>11} {'ns/event':>9} {'events':>10}")
    for name, python in sims:
        base = run(python, "none", args)
        for model in MODELS:
            r = run(python, model, args)
            conns = r["connections"] - base["connections"]
            events = r["source_spikes"] * args.outdegree
            mem = (r["memory"] - base["memory"]) / conns
            ns = (r["cpu_s"] - base["cpu_s"]) * 1e9 / events
            print(f"{name:<10} {model:<22} {mem:11.1f} {ns:9.1f} {events:10d}  ({r['memory_kind']})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
