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

Memory: the resident set (VmRSS of /proc/self/status) after the Connect
call and a 10 ms warm-up Simulate minus before it, less the same
difference of a run without these connections, per connection. Time: the
wall time of ``Simulate(--time)`` less that of the run without the
connections, per delivered event (source spikes x outdegree). Both
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

def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")

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
before = rss_kib()
if model != "none":
    syn = {"synapse_model": model, "weight": 1.0, "delay": 1.0}
    if model != "static_synapse":
        syn["Wmax"] = 100.0
    nest.Connect(src, tgt, {"rule": "fixed_outdegree", "outdegree": k}, syn)
nest.Simulate(10.0)
gc.collect()
after = rss_kib()
n0 = sr.get("n_events")
t0 = time.perf_counter()
nest.Simulate(t_sim)
wall = time.perf_counter() - t0
spikes = sr.get("n_events") - n0
print(json.dumps({"rss_kib": after - before, "wall_s": wall, "source_spikes": spikes,
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
            mem = (r["rss_kib"] - base["rss_kib"]) * 1024 / conns
            ns = (r["wall_s"] - base["wall_s"]) * 1e9 / events
            print(f"{name:<10} {model:<22} {mem:11.1f} {ns:9.1f} {events:10d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
