"""Side-by-side benchmark: gonest against NEST 3.10 on named workloads.

Each run of a workload is its own subprocess, so that import, build,
simulation and teardown are measured as a user's script sees them, and
so that the peak resident memory (``ru_maxrss`` of the child, read with
``os.wait4``) belongs to that run alone. With ``--nest PYTHON`` (the
interpreter of an environment in which ``import nest`` gives NEST 3.10)
the runs of the two simulators alternate, gonest first on even repeats
and NEST first on odd ones, so that a change in the load of the machine
falls on both alike::

    python benchmarks/compare.py --nest /tmp/nest310/bin/python --repeats 3
    python benchmarks/compare.py --only short_simulate --only small_connect
    python benchmarks/compare.py --scale 0.2 --repeats 1

For every workload it prints the median over the repeats of each
simulator's build time (Create, Connect and set-up before the first
Simulate), simulate time (the Simulate calls, with whatever the script
does between them), CPU time of the child (user + system, import
included) and its peak memory, and the ratio gonest/NEST of each figure
over the paired repeats as min/median/max. Below the table come the
figures a workload reports about itself: connections, neurons, resident
bytes per connection and per neuron (the growth of the resident set
across Connect and across Create, divided by their counts), and a
SHA-256 of the recorded spikes (the same for the same seed, thread count
and algorithm; gonest and NEST draw different random numbers, so their
digests differ).

``--scale`` multiplies the number of neurons of every workload (and of
the connections where a workload keeps its connection probability), for
quick runs; at 1 the workloads are those of issue #18. Nothing here
asserts a speed. The workloads use only the API that NEST 3.10 and
gonest share; this file is its own child (``--child NAME``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Simulated time of the Brunel workloads in ms (``--simtime``; 1000 in #18).
SIMTIME = 1000.0


# --------------------------------------------------------------------------
# Helpers run in the child
# --------------------------------------------------------------------------


def current_rss() -> int:
    """Resident set size of this process in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def spike_digest(recorders) -> str:
    """SHA-256 of the recorded (sender, time) pairs, independent of row order."""
    import numpy as np

    digest = hashlib.sha256()
    for recorder in recorders:
        events = recorder.get("events")
        senders = np.asarray(events["senders"], dtype="<i8")
        times = np.asarray(events["times"], dtype="<f8")
        order = np.lexsort((senders, times))
        digest.update(senders[order].tobytes())
        digest.update(times[order].tobytes())
    return digest.hexdigest()


class Probe:
    """Clock and resident-memory marks of one run."""

    def __init__(self):
        self.marks = {}
        self.rss = {}

    def mark(self, name: str) -> None:
        self.marks[name] = time.perf_counter()
        self.rss[name] = current_rss()


def alpha_psp_peak(tau_m: float, tau_syn: float, c_m: float) -> float:
    """Peak (mV) of the PSP that an alpha current of peak 1 pA gives an LIF neuron at rest.

    The membrane response is the convolution of the alpha kernel with the
    membrane's exponential kernel; it is evaluated in closed form on a fine
    grid of times and its maximum taken (to 1e-7 relative, ample here).
    """
    import numpy as np

    t = np.linspace(0.0, 10.0 * max(tau_m, tau_syn), 200001)
    a = 1.0 / tau_syn - 1.0 / tau_m
    # v(t) = e/(tau_syn C) * int_0^t s exp(-s/tau_syn) exp(-(t-s)/tau_m) ds
    integral = np.exp(-t / tau_m) * (1.0 - np.exp(-a * t) * (1.0 + a * t)) / (a * a)
    return float(np.max(math.e / (tau_syn * c_m) * integral))


# --------------------------------------------------------------------------
# Workloads (each returns its figures; ``probe`` gets the marks
# "start", "nodes", "connected", "simulated")
# --------------------------------------------------------------------------


def brunel(nest, probe, scale, threads, alpha):
    """Brunel's (2000) balanced network, order 2500 (delta: benchmarks/brunel.py)."""
    order = max(int(2500 * scale), 10)
    if not alpha:
        sys.path.insert(0, HERE)
        import brunel as delta

        args = delta.parse_args(
            [
                "--order",
                str(order),
                "--threads",
                str(threads),
                "--simtime",
                str(SIMTIME),
            ]
        )
        probe.mark("start")
        parts = delta.build(args)
        probe.mark("nodes")
        delta.connect(parts)
        probe.mark("connected")
        nest.Simulate(args.simtime)
        probe.mark("simulated")
        recorders = [parts["exc_spikes"], parts["inh_spikes"]]
        n_neurons = len(parts["exc"]) + len(parts["inh"])
    else:
        probe.mark("start")
        nest.ResetKernel()
        nest.set(resolution=0.1, local_num_threads=threads, rng_seed=143202461)
        n_exc, n_inh = 4 * order, order
        c_exc, c_inh = int(0.1 * n_exc), int(0.1 * n_inh)
        tau_syn, tau_m, c_m, theta = 0.5, 20.0, 250.0, 20.0
        neuron = {
            "C_m": c_m,
            "tau_m": tau_m,
            "tau_syn_ex": tau_syn,
            "tau_syn_in": tau_syn,
            "t_ref": 2.0,
            "E_L": 0.0,
            "V_reset": 0.0,
            "V_m": 0.0,
            "V_th": theta,
        }
        j_ex = 0.1 / alpha_psp_peak(tau_m, tau_syn, c_m)  # pA for a 0.1 mV PSP
        nu_th = (theta * c_m) / (j_ex * c_exc * math.e * tau_m * tau_syn)
        exc = nest.Create("iaf_psc_alpha", n_exc, params=neuron)
        inh = nest.Create("iaf_psc_alpha", n_inh, params=neuron)
        noise = nest.Create(
            "poisson_generator", params={"rate": 1000.0 * 2.0 * nu_th * c_exc}
        )
        recorders = [nest.Create("spike_recorder"), nest.Create("spike_recorder")]
        nest.CopyModel("static_synapse", "excitatory", {"weight": j_ex, "delay": 1.5})
        nest.CopyModel(
            "static_synapse", "inhibitory", {"weight": -5.0 * j_ex, "delay": 1.5}
        )
        probe.mark("nodes")
        everyone = exc + inh
        nest.Connect(noise, everyone, syn_spec="excitatory")
        nest.Connect(exc[:50], recorders[0], syn_spec="excitatory")
        nest.Connect(inh[:50], recorders[1], syn_spec="excitatory")
        nest.Connect(
            exc, everyone, {"rule": "fixed_indegree", "indegree": c_exc}, "excitatory"
        )
        nest.Connect(
            inh, everyone, {"rule": "fixed_indegree", "indegree": c_inh}, "inhibitory"
        )
        probe.mark("connected")
        nest.Simulate(SIMTIME)
        probe.mark("simulated")
        n_neurons = n_exc + n_inh
    rate = sum(r.n_events for r in recorders) / (0.1 * SIMTIME)
    return {"neurons": n_neurons, "rate_hz": rate, "digest": spike_digest(recorders)}


def hpc_benchmark(nest, probe, scale, threads, seed=143202461, plastic=True):
    """The HPC benchmark network (Morrison et al. 2007; Kunkel et al. 2014), scale 1.

    11,250 iaf_psc_alpha neurons (9,000 E, 2,250 I) with membrane potentials
    drawn from N(5.7, 7.2) mV; every neuron receives 9,000 excitatory and
    2,250 inhibitory connections (fixed_indegree, no autapses, multapses
    allowed), E->E through stdp_pl_synapse_hom_hpc (alpha 0.0513, lambda 0.1,
    mu 0.4, tau_plus 15 ms), the others static (weights JE = 0.14 mV as a PSP
    peak and g JE with g = -5); one Poisson generator at eta = 1.685 times the
    threshold rate; the first 1,000 E neurons recorded; 50 ms of
    presimulation and 250 ms of simulation at 0.1 ms. ``scale`` multiplies
    the population sizes and the indegrees alike. ``seed`` and ``plastic``
    (False: E->E static as well) serve benchmarks/hpc_spread.py.
    """
    import numpy as np

    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=seed)
    n_e, n_i = max(int(9000 * scale), 8), max(int(2250 * scale), 2)
    k_e, k_i = n_e, n_i
    tau_syn = 0.32582722403722841
    model = {
        "E_L": 0.0,
        "C_m": 250.0,
        "tau_m": 10.0,
        "t_ref": 0.5,
        "V_th": 20.0,
        "V_reset": 0.0,
        "tau_syn_ex": tau_syn,
        "tau_syn_in": tau_syn,
        "tau_minus": 30.0,
        "V_m": 5.7,
    }
    exc = nest.Create("iaf_psc_alpha", n_e, params=model)
    inh = nest.Create("iaf_psc_alpha", n_i, params=model)
    exc.V_m = nest.random.normal(5.7, 7.2)
    inh.V_m = nest.random.normal(5.7, 7.2)
    je_pa = 0.14 / alpha_psp_peak(10.0, tau_syn, 250.0)
    nu_thresh = 20.0 / (k_e * 10.0 / 250.0 * je_pa * np.exp(1.0) * tau_syn)
    stimulus = nest.Create(
        "poisson_generator", 1, {"rate": 1.685 * nu_thresh * k_e * 1000.0}
    )
    recorder = nest.Create("spike_recorder")
    probe.mark("nodes")
    nest.SetDefaults("static_synapse_hpc", {"delay": 1.5})
    nest.CopyModel("static_synapse_hpc", "syn_ex", {"weight": je_pa})
    nest.CopyModel("static_synapse_hpc", "syn_in", {"weight": -5.0 * je_pa})
    nest.SetDefaults(
        "stdp_pl_synapse_hom_hpc",
        {
            "delay": 1.5,
            "alpha": 0.0513,
            "lambda": 0.1,
            "mu": 0.4,
            "tau_plus": 15.0,
            "weight": je_pa,
        },
    )
    nest.Connect(stimulus, exc, "all_to_all", "syn_ex")
    nest.Connect(stimulus, inh, "all_to_all", "syn_ex")

    def indegree(k):
        return {
            "rule": "fixed_indegree",
            "indegree": k,
            "allow_autapses": False,
            "allow_multapses": True,
        }

    nest.Connect(
        exc, exc, indegree(k_e), "stdp_pl_synapse_hom_hpc" if plastic else "syn_ex"
    )
    nest.Connect(inh, exc, indegree(k_i), "syn_in")
    nest.Connect(exc, inh, indegree(k_e), "syn_ex")
    nest.Connect(inh, inh, indegree(k_i), "syn_in")
    nest.Connect(exc[: min(1000, n_e)], recorder, "all_to_all", "static_synapse_hpc")
    probe.mark("connected")
    nest.Simulate(50.0)
    nest.Simulate(250.0)
    probe.mark("simulated")
    n_stdp = n_e * k_e
    return {
        "neurons": n_e + n_i,
        "stdp_connections": n_stdp,
        "rate_hz": recorder.n_events / 0.3 / min(1000, n_e),
        "digest": spike_digest([recorder]),
    }


def short_simulate(nest, probe, scale, threads):
    """1,000 calls of Simulate(1.0) on 100 neurons, with a set and two gets between calls.

    As ``if_curve.py`` and the sudoku solver do: the loop sets every
    neuron's I_e, simulates 1 ms, and reads the neurons' V_m and the spike
    recorder's event count.
    """
    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=143202461)
    n = max(int(100 * scale), 2)
    neurons = nest.Create("iaf_psc_alpha", n, params={"I_e": 300.0})
    noise = nest.Create("poisson_generator", params={"rate": 8000.0})
    recorder = nest.Create("spike_recorder")
    probe.mark("nodes")
    nest.Connect(noise, neurons, syn_spec={"weight": 10.0, "delay": 1.0})
    nest.Connect(
        neurons,
        neurons,
        {"rule": "fixed_indegree", "indegree": 10},
        {"weight": 5.0, "delay": 1.5},
    )
    nest.Connect(neurons, recorder)
    probe.mark("connected")
    total_v = 0.0
    for step in range(1000):
        neurons.set(I_e=300.0 + 0.2 * (step % 200))
        nest.Simulate(1.0)
        total_v += sum(neurons.get("V_m"))
        _ = recorder.n_events
    probe.mark("simulated")
    return {
        "neurons": n,
        "simulate_calls": 1000,
        "mean_v": total_v / (1000 * n),
        "digest": spike_digest([recorder]),
    }


def small_connect(nest, probe, scale, threads):
    """10,000 Connect calls of one neuron onto ten, then 100 ms of simulation."""
    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=143202461)
    calls = max(int(10000 * scale), 10)
    pre = nest.Create("iaf_psc_alpha", 1000, params={"I_e": 400.0})
    post = nest.Create("iaf_psc_alpha", 1000)
    recorder = nest.Create("spike_recorder")
    probe.mark("nodes")
    for i in range(calls):
        first = (10 * i) % 990
        nest.Connect(
            pre[i % 1000],
            post[first : first + 10],
            syn_spec={"weight": 20.0, "delay": 1.0},
        )
    nest.Connect(pre + post, recorder)
    probe.mark("connected")
    nest.Simulate(100.0)
    probe.mark("simulated")
    return {"neurons": 2000, "connect_calls": calls, "digest": spike_digest([recorder])}


def aeif_network(nest, probe, scale, threads):
    """2,000 aeif_cond_exp neurons (1,600 E, 400 I, I_e 500 pA), fixed indegree 100/25, Poisson drive, 500 ms.

    The cost here is the adaptive RKF45 integration of the AdEx equations.
    """
    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=143202461)
    n_e, n_i = max(int(1600 * scale), 8), max(int(400 * scale), 2)
    exc = nest.Create("aeif_cond_exp", n_e, params={"I_e": 500.0})
    inh = nest.Create("aeif_cond_exp", n_i, params={"I_e": 500.0})
    noise = nest.Create("poisson_generator", params={"rate": 6000.0})
    recorder = nest.Create("spike_recorder")
    probe.mark("nodes")
    everyone = exc + inh
    nest.Connect(noise, everyone, syn_spec={"weight": 5.0, "delay": 1.0})
    nest.Connect(
        exc,
        everyone,
        {"rule": "fixed_indegree", "indegree": 100},
        {"weight": 1.0, "delay": 1.5},
    )
    nest.Connect(
        inh,
        everyone,
        {"rule": "fixed_indegree", "indegree": 25},
        {"weight": -4.0, "delay": 1.5},
    )
    nest.Connect(everyone, recorder)
    probe.mark("connected")
    nest.Simulate(500.0)
    probe.mark("simulated")
    return {
        "neurons": n_e + n_i,
        "rate_hz": recorder.n_events / 0.5 / (n_e + n_i),
        "digest": spike_digest([recorder]),
    }


# Population sizes and connection probabilities of the cortical microcircuit
# of Potjans and Diesmann (2014), layers 2/3, 4, 5, 6, E then I.
CORTICAL_SIZES = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
CORTICAL_PROBS = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
CORTICAL_EXTERNAL = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]


def cortical(nest, probe, scale, threads):
    """A multi-population cortical network in which every connection has its own weight and delay.

    The eight populations of the microcircuit model at 15,000 neurons (its
    sizes times about 0.194, times ``scale``), iaf_psc_exp neurons, and
    between every pair of populations a ``fixed_total_number`` projection
    with the number of connections that the model's connection probability
    gives (about 12 M in all). Weights are drawn from normal distributions
    (87.8 pA, 10 % s.d., inhibitory -4 times, L4E->L2/3E doubled) and delays
    too (E 1.5 ms, I 0.75 ms, s.d. half the mean), both through
    ``nest.math.redraw`` to keep their signs and delays above 0.1 ms. Each
    population gets Poisson input at 8 Hz times its external indegree;
    simulated for 500 ms.
    """
    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=143202461)
    full = sum(CORTICAL_SIZES)
    sizes = [max(round(n * 15000.0 / full * scale), 2) for n in CORTICAL_SIZES]
    neuron = {
        "C_m": 250.0,
        "tau_m": 10.0,
        "tau_syn_ex": 0.5,
        "tau_syn_in": 0.5,
        "t_ref": 2.0,
        "E_L": -65.0,
        "V_th": -50.0,
        "V_reset": -65.0,
    }
    pops = [nest.Create("iaf_psc_exp", n, params=neuron) for n in sizes]
    for pop in pops:
        pop.V_m = nest.random.normal(-58.0, 10.0)
    w_mean = 87.8
    # The recurrent input is thinned by the down-scaling; the external rate
    # is lowered to keep the network in a low-rate regime.
    drives = [
        nest.Create("poisson_generator", params={"rate": 8.0 * 0.6 * k})
        for k in CORTICAL_EXTERNAL
    ]
    recorder = nest.Create("spike_recorder")
    probe.mark("nodes")
    n_conn = 0
    for target, post in enumerate(pops):
        nest.Connect(drives[target], post, syn_spec={"weight": w_mean, "delay": 1.5})
        for source, pre in enumerate(pops):
            prob = CORTICAL_PROBS[target][source]
            if prob <= 0.0:
                continue
            total = round(
                math.log(1.0 - prob) / math.log(1.0 - 1.0 / (len(pre) * len(post)))
            )
            if total <= 0:
                continue
            inhibitory = source % 2 == 1
            mean = w_mean * (
                -4.0 if inhibitory else (2.0 if (source, target) == (2, 0) else 1.0)
            )
            if inhibitory:
                weight = nest.math.redraw(
                    nest.random.normal(mean, abs(0.1 * mean)), min=-math.inf, max=0.0
                )
            else:
                weight = nest.math.redraw(
                    nest.random.normal(mean, 0.1 * mean), min=0.0, max=math.inf
                )
            d_mean = 0.75 if inhibitory else 1.5
            delay = nest.math.redraw(
                nest.random.normal(d_mean, 0.5 * d_mean), min=0.1, max=math.inf
            )
            nest.Connect(
                pre,
                post,
                {"rule": "fixed_total_number", "N": total},
                {"synapse_model": "static_synapse", "weight": weight, "delay": delay},
            )
            n_conn += total
    for pop in pops:
        nest.Connect(pop, recorder)
    probe.mark("connected")
    nest.Simulate(500.0)
    probe.mark("simulated")
    return {
        "neurons": sum(sizes),
        "recurrent_connections": n_conn,
        "rate_hz": recorder.n_events / 0.5 / sum(sizes),
        "digest": spike_digest([recorder]),
    }


def seed(nest, probe, scale, threads):
    """The project's seed script: short-term depression with iaf_tum_2000 (plotting left out)."""
    import numpy as np

    probe.mark("start")
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads)
    tau_m, r_m, v_th, t_ref = 40.0, 0.1, 15.0, 2.0
    c_m = tau_m / r_m
    freq = 20.0 / 1000.0
    dc_amp = v_th * c_m / tau_m / (1 - np.exp(-(1 / freq - t_ref) / tau_m))
    dc_gen = nest.Create(
        "dc_generator", 1, params={"amplitude": dc_amp, "start": 50.0, "stop": 1050.0}
    )
    nrns = nest.Create(
        "iaf_tum_2000",
        2,
        params={
            "C_m": c_m,
            "tau_m": tau_m,
            "tau_syn_ex": 3.0,
            "tau_syn_in": 3.0,
            "V_th": v_th,
            "V_reset": 0.0,
            "E_L": 0.0,
            "V_m": 0.0,
            "t_ref": t_ref,
            "U": 0.5,
            "tau_psc": 3.0,
            "tau_rec": 800.0,
            "tau_fac": 0.0,
            "x": 1.0,
            "u": 0.0,
        },
    )
    voltmeter = nest.Create("voltmeter", params={"interval": 1.0, "label": "Voltmeter"})
    probe.mark("nodes")
    nest.Connect(dc_gen, nrns[0])
    nest.Connect(
        nrns[0],
        nrns[1],
        syn_spec={
            "synapse_model": "static_synapse",
            "weight": 250.0,
            "delay": 0.1,
            "receptor_type": 1,
        },
    )
    nest.Connect(voltmeter, nrns[1])
    probe.mark("connected")
    nest.Simulate(1200.0)
    probe.mark("simulated")
    v = np.asarray(voltmeter.get("events")["V_m"], dtype="<f8")
    return {"neurons": 2, "digest": hashlib.sha256(v.tobytes()).hexdigest()}


def _fixed(function, **kwargs):
    return lambda nest, probe, scale: function(nest, probe, scale, **kwargs)


WORKLOADS = {
    "brunel_delta_t1": _fixed(brunel, threads=1, alpha=False),
    "brunel_delta_t2": _fixed(brunel, threads=2, alpha=False),
    "brunel_alpha_t1": _fixed(brunel, threads=1, alpha=True),
    "brunel_alpha_t2": _fixed(brunel, threads=2, alpha=True),
    "hpc_benchmark": _fixed(hpc_benchmark, threads=2),
    "short_simulate": _fixed(short_simulate, threads=1),
    "small_connect": _fixed(small_connect, threads=1),
    "aeif_cond_exp": _fixed(aeif_network, threads=1),
    "cortical": _fixed(cortical, threads=2),
    "seed": _fixed(seed, threads=1),
}


def run_child(name: str, scale: float, out: str) -> int:
    """Run one workload in this process and write its figures to ``out`` as JSON."""
    t_import = time.perf_counter()
    import nest

    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.ResetKernel()  # gonest loads its core on first use: count that as import
    import_time = time.perf_counter() - t_import
    probe = Probe()
    figures = WORKLOADS[name](nest, probe, scale)
    marks, rss = probe.marks, probe.rss
    figures["import"] = import_time
    figures["build"] = marks["connected"] - marks["start"]
    figures["simulate"] = marks["simulated"] - marks["connected"]
    figures["connections"] = int(nest.num_connections)
    figures["bytes_per_neuron"] = (rss["nodes"] - rss["start"]) / max(
        figures["neurons"], 1
    )
    grown = max(rss["connected"], rss["simulated"]) - rss["nodes"]
    figures["bytes_per_connection"] = grown / max(figures["connections"], 1)
    with open(out, "w") as handle:
        json.dump(figures, handle)
    return 0


# --------------------------------------------------------------------------
# Parent: alternate the runs and print the table
# --------------------------------------------------------------------------


def run_once(
    python: str, name: str, scale: float, is_nest: bool, simtime: float = 1000.0
) -> dict:
    """One run of ``name`` in a child ``python``; its figures plus CPU time and peak memory."""
    env = dict(os.environ)
    if is_nest:
        env.pop("PYTHONPATH", None)  # the NEST environment must not see gonest's tree
    env.setdefault("OMP_NUM_THREADS", "1")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        with open(os.devnull, "w") as devnull:
            child = subprocess.Popen(
                [
                    python,
                    os.path.abspath(__file__),
                    "--child",
                    name,
                    "--scale",
                    str(scale),
                    "--simtime",
                    str(simtime),
                    "--out",
                    out,
                ],
                env=env,
                stdout=devnull,
                stderr=subprocess.PIPE,
                cwd=tempfile.gettempdir(),
            )
            stderr = child.stderr.read()
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(
                f"{name} failed with {python} (exit {child.returncode}): "
                + " | ".join(tail)
            )
        with open(out) as handle:
            figures = json.load(handle)
    finally:
        os.unlink(out)
    figures["cpu"] = usage.ru_utime + usage.ru_stime
    figures["peak_mb"] = usage.ru_maxrss / 1024.0  # Linux reports KiB
    return figures


METRICS = [("build", "s"), ("simulate", "s"), ("cpu", "s"), ("peak_mb", "MB")]


def fmt(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def report(name: str, runs: dict) -> None:
    """Print the rows of one workload."""
    gon, ref = runs["gonest"], runs.get("nest", [])
    print(f"\n{name}")
    for metric, unit in METRICS:
        g = statistics.median(r[metric] for r in gon)
        line = f"  {metric:<9} gonest {fmt(g):>8} {unit:<2}"
        if ref:
            n = statistics.median(r[metric] for r in ref)
            ratios = sorted(
                a[metric] / b[metric] for a, b in zip(gon, ref) if b[metric] > 0
            )
            line += f"  nest {fmt(n):>8} {unit:<2}"
            if ratios:
                line += f"  ratio {ratios[0]:.2f} / {statistics.median(ratios):.2f} / {ratios[-1]:.2f}"
        print(line)
    for sim, rows in runs.items():
        last = rows[-1]
        extra = {
            k: v for k, v in last.items() if k not in dict(METRICS) and k != "import"
        }
        parts = []
        for key, value in extra.items():
            if key == "digest":
                value = value[:16]
            elif isinstance(value, float):
                value = fmt(value)
            parts.append(f"{key}={value}")
        digests = {r.get("digest") for r in rows}
        stable = "" if len(digests) <= 1 else " (digest differs between repeats!)"
        print(f"  {sim:<6} import={fmt(last['import'])}s " + " ".join(parts) + stable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--nest", help="Python interpreter whose `import nest` is NEST 3.10"
    )
    parser.add_argument(
        "--gonest",
        default=sys.executable,
        help="Python interpreter with gonest (default: this one)",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each workload and simulator"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="network size factor for quick runs"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(WORKLOADS),
        help="run only this workload (repeatable)",
    )
    parser.add_argument(
        "--simtime",
        type=float,
        default=1000.0,
        help="simulated time of the Brunel workloads (ms)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    global SIMTIME
    SIMTIME = args.simtime
    if args.child:
        return run_child(args.child, args.scale, args.out)

    names = args.only or list(WORKLOADS)
    sims = [("gonest", args.gonest)] + ([("nest", args.nest)] if args.nest else [])
    print(
        f"# compare.py scale={args.scale} repeats={args.repeats}; ratio = gonest/NEST min / median / max"
    )
    for name in names:
        runs = {sim: [] for sim, _ in sims}
        for repeat in range(args.repeats):
            order = sims if repeat % 2 == 0 else list(reversed(sims))
            for sim, python in order:
                runs[sim].append(
                    run_once(python, name, args.scale, sim == "nest", args.simtime)
                )
        report(name, runs)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
