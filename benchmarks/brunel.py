"""Benchmark: the sparsely connected balanced network of Brunel (2000), delta synapses.

The network of NEST's example ``brunel_delta_nest.py``, built with the
PyNEST API as a user script would build it:

- ``4 * order`` excitatory and ``order`` inhibitory ``iaf_psc_delta``
  neurons (C_m 1 pF, tau_m 20 ms, t_ref 2 ms, E_L 0 mV, V_m 0 mV, V_th
  20 mV, V_reset from ``--v-reset``);
- every neuron receives ``CE = 0.1 * NE`` excitatory and ``CI = 0.1 * NI``
  inhibitory connections (``fixed_indegree``), weights J = 0.1 mV and
  -g J with g = 5, delay 1.5 ms, through the synapse models "excitatory"
  and "inhibitory" copied from ``static_synapse``;
- one ``poisson_generator`` drives all neurons at eta = 2 times the rate
  that brings a neuron to threshold without recurrence;
- two ``spike_recorder``s record the first N_rec = 50 neurons of each
  population.

At the default order 2500 that is 12,500 neurons and 15.6 million
recurrent connections. Run it against the installed package or the work
tree::

    PYTHONPATH=python python benchmarks/brunel.py --order 2500 --threads 2

Distributed over MPI processes, as NEST's scripts are::

    mpirun -np 2 python benchmarks/brunel.py --order 2500 --threads 1

every rank prints its figures, prefixed ``rank R:``, one rank after the
other; its rates and digest cover the recorded neurons of that rank only.

It prints one figure per line (``name value unit``): wall times of the
build (kernel set-up, nodes, synapse models), of the Connect calls, of
``nest.Simulate`` alone and of all three; the number of connections; the
excitatory and inhibitory firing rates of the recorded neurons; the peak
resident memory of the process; and a SHA-256 of the recorded spikes
(sorted by time, then sender), so that runs with the same seed and thread
count can be checked for identical results. Nothing here asserts a speed.

The neuron parameters are those of NEST's example (V_reset = 0 mV), as in
the core's Go benchmark (``go test -bench Brunel ./gocore/kernel/``), so
the two can be compared; ``--v-reset 10`` gives Brunel's (2000) value.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import time

import nest
import numpy as np

N_REC = 50  # neurons recorded per population
DELAY = 1.5  # synaptic delay (ms)
J = 0.1  # excitatory weight: PSP amplitude (mV)
G = 5.0  # inhibitory weight relative to excitatory
ETA = 2.0  # external rate relative to the threshold rate
EPSILON = 0.1  # connection probability (indegree as a fraction of a population)
TAU_M = 20.0  # membrane time constant (ms)
V_TH = 20.0  # threshold (mV)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--order", type=int, default=2500, help="network size: 4*order exc., order inh. neurons")
    parser.add_argument("--threads", type=int, default=2, help="local_num_threads")
    parser.add_argument("--simtime", type=float, default=1000.0, help="simulated time (ms)")
    parser.add_argument("--resolution", type=float, default=0.1, help="simulation step (ms)")
    parser.add_argument("--seed", type=int, default=143202461, help="rng_seed (default: NEST's default seed)")
    parser.add_argument("--v-reset", type=float, default=0.0, help="reset potential (mV); Brunel (2000) used 10")
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> dict:
    """Reset the kernel and create nodes and synapse models; return the parts."""
    nest.ResetKernel()
    nest.set(resolution=args.resolution, local_num_threads=args.threads, rng_seed=args.seed)

    n_exc, n_inh = 4 * args.order, args.order
    c_exc = int(EPSILON * n_exc)
    neuron = {
        "C_m": 1.0,
        "tau_m": TAU_M,
        "t_ref": 2.0,
        "E_L": 0.0,
        "V_reset": args.v_reset,
        "V_m": 0.0,
        "V_th": V_TH,
    }
    # Rate at which c_exc Poisson inputs of weight J hold the mean membrane
    # potential at threshold; the drive is ETA times that, from one
    # generator standing for all c_exc external inputs.
    nu_th = V_TH / (J * c_exc * TAU_M)  # per input, spikes per ms
    drive_rate = 1000.0 * ETA * nu_th * c_exc  # Hz

    parts = {
        "exc": nest.Create("iaf_psc_delta", n_exc, params=neuron),
        "inh": nest.Create("iaf_psc_delta", n_inh, params=neuron),
        "noise": nest.Create("poisson_generator", params={"rate": drive_rate}),
        "exc_spikes": nest.Create("spike_recorder"),
        "inh_spikes": nest.Create("spike_recorder"),
    }
    nest.CopyModel("static_synapse", "excitatory", {"weight": J, "delay": DELAY})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": -G * J, "delay": DELAY})
    return parts


def connect(parts: dict) -> None:
    """Drive, recording and the recurrent fixed-indegree connectivity."""
    exc, inh = parts["exc"], parts["inh"]
    everyone = exc + inh
    nest.Connect(parts["noise"], everyone, syn_spec="excitatory")
    nest.Connect(exc[:N_REC], parts["exc_spikes"], syn_spec="excitatory")
    nest.Connect(inh[:N_REC], parts["inh_spikes"], syn_spec="excitatory")
    nest.Connect(exc, everyone, {"rule": "fixed_indegree", "indegree": int(EPSILON * len(exc))}, "excitatory")
    nest.Connect(inh, everyone, {"rule": "fixed_indegree", "indegree": int(EPSILON * len(inh))}, "inhibitory")


def spike_digest(recorders: list) -> str:
    """SHA-256 of the recorded (sender, time) pairs, independent of row order."""
    digest = hashlib.sha256()
    for recorder in recorders:
        events = recorder.get("events")
        senders = np.asarray(events["senders"], dtype="<i8")
        times = np.asarray(events["times"], dtype="<f8")
        order = np.lexsort((senders, times))
        digest.update(senders[order].tobytes())
        digest.update(times[order].tobytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Build, connect and simulate the network and print the figures."""
    args = parse_args(argv)

    t0 = time.perf_counter()
    parts = build(args)
    t1 = time.perf_counter()
    connect(parts)
    t2 = time.perf_counter()
    nest.Simulate(args.simtime)
    t3 = time.perf_counter()

    def rate(recorder: nest.NodeCollection) -> float:
        return recorder.n_events / args.simtime * 1000.0 / N_REC

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB
    figures = [
        ("neurons", len(parts["exc"]) + len(parts["inh"]), ""),
        ("threads", args.threads, ""),
        ("build_time", f"{t1 - t0:.3f}", "s"),
        ("connect_time", f"{t2 - t1:.3f}", "s"),
        ("simulate_time", f"{t3 - t2:.3f}", "s"),
        ("total_time", f"{t3 - t0:.3f}", "s"),
        ("num_connections", nest.num_connections, ""),
        ("rate_exc", f"{rate(parts['exc_spikes']):.3f}", "Hz"),
        ("rate_inh", f"{rate(parts['inh_spikes']):.3f}", "Hz"),
        ("peak_rss", f"{peak_rss_mb:.1f}", "MB"),
        ("spikes_sha256", spike_digest([parts["exc_spikes"], parts["inh_spikes"]]), ""),
    ]
    procs, rank = nest.NumProcesses(), nest.Rank()
    figures.insert(1, ("processes", procs, ""))
    prefix = f"rank {rank}: " if procs > 1 else ""
    for turn in range(procs):
        # One rank after the other, so that the lines do not interleave.
        if turn == rank:
            for name, value, unit in figures:
                print(f"{prefix}{name} {value} {unit}".rstrip())
            sys.stdout.flush()
        nest.SyncProcesses()
    return 0


if __name__ == "__main__":
    sys.exit(main())
