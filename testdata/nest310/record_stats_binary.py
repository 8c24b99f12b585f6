"""Record NEST 3.10 statistics of the binary neurons for gonest's test.

Run with the NEST 3.10 virtual environment (see README.md)::

    /tmp/nest310/bin/python testdata/nest310/record_stats_binary.py

Writes stats/binary_neurons.json. Configurations:

* "pair": NEST's correlospinmatrix_detector_two_neuron.py example,
  repeated for P independent pairs in one kernel: a ginzburg_neuron
  (switching on with probability 1/2 at every update) drives a
  mcculloch_pitts_neuron (theta 0.5, weight 1), both read by their own
  correlospinmatrix_detector (N_channels 2, tau_max 10 ms, delta_tau
  0.1 ms) and by one spin_detector. Per pair: the mean activities
  (count_covariance[i][i] at lag 0 times h/T), the covariance of the two
  at lags 0, +2 ms and -2 ms, and the number of transitions of each
  neuron the spin_detector recorded (and how many were switch-ons).
* "erfc_net", "ginzburg_net": recurrent networks (fixed in-degree,
  excitatory and inhibitory weights), the erfc one with a constant
  current from a noise_generator (std 0; binary neurons accept currents
  only from senders of all signal types); no multapses, whose decoding
  makes h drift in NEST (checked exactly by a unit test instead). Per neuron: the time-averaged S
  and h (multimeter, 1 ms interval) and the transitions per second.

gonest's TestBinaryNeuronStatistics (gocore/kernel) runs the same
configurations with its own random streams and compares the means of
every statistic within 3 standard errors of the difference.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

PAIRS = 60
T_PAIR = 4000.0
TAU_MAX = 10.0
REPEATS = 12
DT = 0.1

NETS = {
    "erfc_net": {"model": "erfc_neuron", "n": 100, "t": 2000.0, "indegree": 20,
                 "params": {"tau_m": 5.0, "theta": -0.5, "sigma": 0.8},
                 "w_exc": 0.3, "w_inh": -0.6, "frac_exc": 0.5, "delay": 0.7, "current": 0.25},
    "ginzburg_net": {"model": "ginzburg_neuron", "n": 100, "t": 2000.0, "indegree": 10,
                     "params": {"tau_m": 8.0, "theta": 1.0, "c_1": 0.02, "c_2": 0.8, "c_3": 1.5},
                     "w_exc": 0.5, "w_inh": -0.5, "frac_exc": 0.6, "delay": 1.3, "current": None},
}


def summary(x) -> dict:
    x = np.asarray(x, dtype=float)
    return {"mean": float(np.mean(x)), "std": float(np.std(x, ddof=1)), "n": int(len(x))}


def run_pair() -> dict:
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": DT, "rng_seed": 4711})
    sd = nest.Create("spin_detector")
    pairs = []
    for _ in range(PAIRS):
        csd = nest.Create("correlospinmatrix_detector")
        csd.set(N_channels=2, tau_max=TAU_MAX, Tstart=TAU_MAX, delta_tau=DT)
        n1 = nest.Create("ginzburg_neuron", params={"theta": 0.0, "tau_m": 10.0, "c_1": 0.0, "c_2": 1.0, "c_3": 1.0})
        n2 = nest.Create("mcculloch_pitts_neuron", params={"theta": 0.5, "tau_m": 10.0})
        nest.Connect(n1, n2, syn_spec={"weight": 1.0})
        nest.Connect(n1, csd, syn_spec={"receptor_type": 0})
        nest.Connect(n2, csd, syn_spec={"receptor_type": 1})
        nest.Connect(n1 + n2, sd)
        pairs.append((csd, n1.global_id, n2.global_id))
    nest.Simulate(T_PAIR)
    ev = sd.get("events")
    senders, states = np.asarray(ev["senders"]), np.asarray(ev["state"])
    mid = int(round(TAU_MAX / DT))
    lag = int(round(2.0 / DT))
    stats = {k: [] for k in ("m1", "m2", "c12_0", "c12_p2", "c12_m2", "c11_0", "trans1", "trans2", "on1", "on2")}
    for csd, id1, id2 in pairs:
        cc = np.asarray(csd.get("count_covariance"), dtype=float)
        m = [cc[i][i][mid] * DT / T_PAIR for i in range(2)]
        cov = cc * DT / T_PAIR
        stats["m1"].append(m[0])
        stats["m2"].append(m[1])
        stats["c12_0"].append(cov[0][1][mid] - m[0] * m[1])
        stats["c12_p2"].append(cov[0][1][mid + lag] - m[0] * m[1])
        stats["c12_m2"].append(cov[0][1][mid - lag] - m[0] * m[1])
        stats["c11_0"].append(cov[0][0][mid] - m[0] * m[0])
        for key, gid in (("1", id1), ("2", id2)):
            sel = senders == gid
            stats["trans" + key].append(int(np.sum(sel)))
            stats["on" + key].append(int(np.sum(states[sel] == 1)))
    return {"pairs": PAIRS, "t_sim": T_PAIR, "tau_max": TAU_MAX, "resolution": DT,
            "stats": {k: summary(v) for k, v in stats.items()}}


def run_net(cfg: dict) -> dict:
    runs = [run_net_once(cfg, seed) for seed in range(1, REPEATS + 1)]
    out = dict(cfg)
    out["repeats"] = REPEATS
    out["stats"] = {k: summary([r[k] for r in runs]) for k in runs[0]}
    return out


def run_net_once(cfg: dict, seed: int) -> dict:
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": DT, "rng_seed": seed})
    n = cfg["n"]
    pop = nest.Create(cfg["model"], n, params=cfg["params"])
    n_exc = int(n * cfg["frac_exc"])
    exc, inh = pop[:n_exc], pop[n_exc:]
    k_exc = int(cfg["indegree"] * cfg["frac_exc"])
    k_inh = cfg["indegree"] - k_exc
    nest.Connect(exc, pop, {"rule": "fixed_indegree", "indegree": k_exc, "allow_multapses": False},
                 {"weight": cfg["w_exc"], "delay": cfg["delay"]})
    nest.Connect(inh, pop, {"rule": "fixed_indegree", "indegree": k_inh, "allow_multapses": False},
                 {"weight": cfg["w_inh"], "delay": cfg["delay"]})
    if cfg["current"] is not None:
        ng = nest.Create("noise_generator", params={"mean": cfg["current"], "std": 0.0})
        nest.Connect(ng, pop)
    mm = nest.Create("multimeter", params={"interval": 1.0, "record_from": ["S", "h"]})
    nest.Connect(mm, pop)
    sd = nest.Create("spin_detector")
    nest.Connect(pop, sd)
    nest.Simulate(cfg["t"])
    ids0 = pop.tolist()[0]
    mv = mm.get("events")
    snd = np.asarray(mv["senders"]) - ids0
    cnt = np.bincount(snd, minlength=n)
    s_mean = np.bincount(snd, weights=np.asarray(mv["S"], dtype=float), minlength=n) / cnt
    h_mean = np.bincount(snd, weights=np.asarray(mv["h"], dtype=float), minlength=n) / cnt
    ev = sd.get("events")
    trans = np.bincount(np.asarray(ev["senders"]) - ids0, minlength=n) / cfg["t"] * 1000.0
    return {"S": float(np.mean(s_mean)), "h": float(np.mean(h_mean)), "transitions": float(np.mean(trans))}


def main() -> None:
    out = {"nest_version": nest.__version__, "pair": run_pair(),
           "nets": {name: run_net(cfg) for name, cfg in NETS.items()}}
    dest = HERE / "stats" / "binary_neurons.json"
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "nets"}, indent=1))
    for name, v in out["nets"].items():
        print(name, v["stats"])


if __name__ == "__main__":
    main()
