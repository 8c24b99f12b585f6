"""Record NEST 3.10 structural plasticity references for gonest's tests.

Two protocols, written to ``structural/*.json`` beside this script:

``pair.json`` (deterministic)
    Two iaf_psc_alpha neurons driven by constant currents. Neuron 1 grows
    only an axonal element, neuron 2 only a dendritic one, each with its
    own growth curve; a third, silent element of every curve kind
    (linear, gaussian, sigmoid; continuous or not) rides along on neuron
    1. Structural plasticity is on, with a short update interval. With one
    node on each side NEST's random choices have a single outcome (every
    vacant axon can only pair with the one dendrite holder and the other
    way round), so Ca, every z, every z_connected and the number of
    synapses are deterministic and the test compares them exactly (to
    1e-12 relative) at the end of every Simulate call.

``network.json`` (statistical)
    The network of pynest/examples/structural_plasticity.py (800
    excitatory and 200 inhibitory iaf_psc_alpha neurons, Poisson drive,
    gaussian growth curves, update interval 10 s, 1 s recording steps),
    simulated for ``T_SIM`` ms (50 s of the example's 200 s) with every seed in ``SEEDS``. For each
    recording step the file keeps, over the seeds, the mean and standard
    deviation of the mean Ca of both populations and of the total number
    of excitatory and inhibitory synapses (connected axonal elements).

``small.json`` (statistical, fast)
    The same network at a tenth of its size (80 + 20 neurons) with growth
    rates ten times the example's and updates every second, 10 s, over the
    16 seeds in ``SMALL_SEEDS``: the same statistics, for a test that runs
    in seconds.

Run with NEST 3.10.0::

    /tmp/nest310/bin/python testdata/nest310/structural/record_structural.py [pair|network|small]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

# --- the deterministic pair -------------------------------------------------

PAIR_DT = 0.1
PAIR_INTERVAL = 100.0  # ms between structural updates
PAIR_STEP = 50.0  # ms per Simulate call (a record point at the end of each)
PAIR_STEPS = 60
PAIR_AXON = {"growth_curve": "linear", "growth_rate": 0.01, "continuous": False, "eps": 0.3, "tau_vacant": 0.2}
PAIR_DEN = {"growth_curve": "gaussian", "growth_rate": 0.02, "continuous": False, "eta": 0.0, "eps": 0.06,
            "tau_vacant": 0.3}
PAIR_EXTRA = {
    "Lin_c": {"growth_curve": "linear", "growth_rate": 0.01, "continuous": True, "eps": 0.3},
    "Gau_c": {"growth_curve": "gaussian", "growth_rate": 0.01, "continuous": True, "eta": 0.05, "eps": 0.25},
    "Sig_c": {"growth_curve": "sigmoid", "growth_rate": 0.01, "continuous": True, "eps": 0.2, "psi": 0.05},
    "Sig_d": {"growth_curve": "sigmoid", "growth_rate": 0.03, "continuous": False, "eps": 0.1, "psi": 0.02,
              "tau_vacant": 0.5},
}
PAIR_NEURON = {"tau_Ca": 200.0, "beta_Ca": 0.01}
PAIR_CURRENTS = (420.0, 380.0)  # pA, neurons 1 and 2
PAIR_WEIGHT = 30.0


def run_pair() -> dict:
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.resolution = PAIR_DT
    nest.structural_plasticity_update_interval = PAIR_INTERVAL
    nest.CopyModel("static_synapse", "sp_syn", {"weight": PAIR_WEIGHT, "delay": 1.0})
    nest.structural_plasticity_synapses = {
        "sp_syn": {"synapse_model": "sp_syn", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
    }
    pre = nest.Create("iaf_psc_alpha", 1, dict(PAIR_NEURON, I_e=PAIR_CURRENTS[0]))
    post = nest.Create("iaf_psc_alpha", 1, dict(PAIR_NEURON, I_e=PAIR_CURRENTS[1]))
    pre.synaptic_elements = dict(PAIR_EXTRA, Axon=PAIR_AXON)
    post.synaptic_elements = {"Den": PAIR_DEN}
    nest.EnableStructuralPlasticity()
    rows = []
    for _ in range(PAIR_STEPS):
        nest.Simulate(PAIR_STEP)
        row = {"t": nest.biological_time, "n_conn": nest.num_connections}
        for name, node in (("pre", pre), ("post", post)):
            row[name + "_Ca"] = node.Ca
            for el, st in node.synaptic_elements.items():
                row[f"{name}_{el}_z"] = st["z"]
                row[f"{name}_{el}_z_connected"] = st["z_connected"]
        rows.append(row)
    return {
        "protocol": {
            "resolution": PAIR_DT, "interval": PAIR_INTERVAL, "step": PAIR_STEP, "steps": PAIR_STEPS,
            "axon": PAIR_AXON, "den": PAIR_DEN, "extra": PAIR_EXTRA, "neuron": PAIR_NEURON,
            "currents": PAIR_CURRENTS, "weight": PAIR_WEIGHT,
        },
        "status_pre": _plain(pre.synaptic_elements),
        "kernel_synapses": _plain(nest.structural_plasticity_synapses),
        "rows": rows,
    }


# --- the example network ----------------------------------------------------

T_SIM = 50000.0  # the example runs 200 s; 50 s keeps four structural updates and the recording affordable
RECORD = 1000.0
SEEDS = [1, 2, 3, 4, 5]


def gaussian(rate: float, eps: float) -> dict:
    return {"growth_curve": "gaussian", "growth_rate": rate, "continuous": False, "eta": 0.0, "eps": eps}


def run_network(seed: int, t_sim: float, n_e: int = 800, n_i: int = 200, growth: float = 1.0,
                interval: float = 10000.0) -> dict:
    """The example's network and protocol, with rng_seed set to seed; n_e,
    n_i, the growth rates (times growth) and the update interval can be
    changed for the small protocol."""
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.rng_seed = seed
    nest.resolution = 0.1
    nest.structural_plasticity_update_interval = interval
    nest.CopyModel("static_synapse", "synapse_ex", {"weight": 585.0, "delay": 1.0})
    nest.CopyModel("static_synapse", "synapse_in", {"weight": -585.0, "delay": 1.0})
    nest.structural_plasticity_synapses = {
        "synapse_ex": {"synapse_model": "synapse_ex", "post_synaptic_element": "Den_ex",
                       "pre_synaptic_element": "Axon_ex"},
        "synapse_in": {"synapse_model": "synapse_in", "post_synaptic_element": "Den_in",
                       "pre_synaptic_element": "Axon_in"},
    }
    ee, ie = gaussian(growth * 0.0001, 0.05), gaussian(growth * 0.0004, 0.2)
    elems_e = {"Den_ex": ee, "Den_in": gaussian(growth * 0.0001, 0.05), "Axon_ex": ee}
    elems_i = {"Den_ex": ie, "Den_in": gaussian(growth * 0.0001, 0.2), "Axon_in": gaussian(growth * 0.0001, 0.2)}
    exc = nest.Create("iaf_psc_alpha", n_e, {"synaptic_elements": elems_e})
    inh = nest.Create("iaf_psc_alpha", n_i, {"synaptic_elements": elems_i})
    noise = nest.Create("poisson_generator", params={"rate": 10000.0})
    nest.Connect(noise, exc, "all_to_all", {"weight": 6.2, "delay": 1.0})
    nest.Connect(noise, inh, "all_to_all", {"weight": 6.2, "delay": 1.0})
    nest.EnableStructuralPlasticity()
    out = {"ca_e": [], "ca_i": [], "conn_e": [], "conn_i": []}
    for _ in np.arange(0, t_sim, RECORD):
        nest.Simulate(RECORD)
        out["ca_e"].append(float(np.mean(exc.Ca)))
        out["ca_i"].append(float(np.mean(inh.Ca)))
        out["conn_e"].append(int(sum(s["Axon_ex"]["z_connected"] for s in exc.synaptic_elements)))
        out["conn_i"].append(int(sum(s["Axon_in"]["z_connected"] for s in inh.synaptic_elements)))
    return out


# The small protocol: a tenth of the network, growth ten times faster,
# updates every second, 10 s; cheap enough for the default test run.
SMALL = {"t_sim": 10000.0, "n_e": 80, "n_i": 20, "growth": 10.0, "interval": 1000.0}
SMALL_SEEDS = list(range(1, 17))


def record_network(small: bool = False) -> dict:
    runs = []
    for seed in SMALL_SEEDS if small else SEEDS:
        start = time.time()
        if small:
            args = dict(SMALL)
            runs.append(run_network(seed, args.pop("t_sim"), **args))
        else:
            runs.append(run_network(seed, T_SIM))
        print(f"seed {seed}: {time.time() - start:.0f} s", flush=True)
    summary = {}
    for key in runs[0]:
        values = np.array([r[key] for r in runs], dtype=float)
        summary[key] = {"mean": values.mean(axis=0).tolist(), "std": values.std(axis=0, ddof=1).tolist()}
    if small:
        protocol = dict(SMALL, record=RECORD, seeds=SMALL_SEEDS)
    else:
        protocol = {"t_sim": T_SIM, "record": RECORD, "seeds": SEEDS}
    protocol["source"] = "pynest/examples/structural_plasticity.py"
    return {
        "protocol": protocol,
        "n_runs": len(runs),
        "stats": summary,
        "runs": runs,
    }


def _plain(value):
    """value with NumPy scalars and tuples turned into JSON types."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def main(argv: list[str]) -> None:
    which = argv or ["pair", "network", "small"]
    if "pair" in which:
        (HERE / "pair.json").write_text(json.dumps(run_pair(), indent=1) + "\n")
    if "network" in which:
        (HERE / "network.json").write_text(json.dumps(record_network(), indent=1) + "\n")
    if "small" in which:
        (HERE / "small.json").write_text(json.dumps(record_network(small=True), indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
