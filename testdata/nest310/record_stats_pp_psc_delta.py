"""Record NEST 3.10 statistics of pp_psc_delta for gonest's statistics test.

Run with the NEST 3.10 virtual environment (see README.md)::

    /tmp/nest310/bin/python testdata/nest310/record_stats_pp_psc_delta.py

For each configuration below it simulates N unconnected neurons driven by
their constant current I_e alone and writes, to stats/pp_psc_delta.json,
the mean and standard deviation over the neurons of three per-neuron
statistics: the firing rate (spikes/s over the run), the coefficient of
variation of the inter-spike intervals (neurons with at least 3 spikes;
spikes of one step count as intervals of 0) and the time average of V_m
(sampled at 1, 2, ... ms: what the multimeter holds after the run). gonest's TestPpPscDeltaStatistics
simulates the same configurations and compares the means within 3
standard errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

N = 300       # neurons per configuration
T = 1000.0    # ms simulated

CONFIGS = {
    # fixed dead time, reset, one adaptation term
    "fixed": {"resolution": 0.1, "params": {"I_e": 350.0, "dead_time": 2.0, "tau_sfa": [40.0], "q_sfa": [3.0]}},
    # no dead time: Poisson numbers of spikes per step, no reset
    "poisson": {"resolution": 0.1, "params": {"I_e": 250.0, "dead_time": 0.0, "c_1": 2.0, "with_reset": False,
                                              "tau_sfa": [100.0], "q_sfa": [1.0]}},
    # gamma-distributed dead time, two adaptation terms
    "gamma": {"resolution": 0.05, "params": {"I_e": 400.0, "dead_time": 5.0, "dead_time_random": True,
                                             "dead_time_shape": 3, "tau_sfa": [20.0, 200.0], "q_sfa": [2.0, 0.5]}},
}


def run(cfg: dict) -> dict:
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": cfg["resolution"], "rng_seed": 12345})
    nrn = nest.Create("pp_psc_delta", N, params=cfg["params"])
    sr = nest.Create("spike_recorder")
    mm = nest.Create("multimeter", params={"interval": 1.0, "record_from": ["V_m"]})
    nest.Connect(nrn, sr)
    nest.Connect(mm, nrn)
    nest.Simulate(T)
    ev = sr.get("events")
    ids0 = nrn.tolist()[0]
    times = [[] for _ in range(N)]
    for s, t in zip(ev["senders"], ev["times"]):
        times[int(s) - ids0].append(float(t))
    rates = np.array([len(ts) / T * 1000.0 for ts in times])
    cvs = []
    for ts in times:
        if len(ts) >= 3:
            isi = np.diff(np.sort(ts))
            cvs.append(np.std(isi) / np.mean(isi))
    cvs = np.array(cvs)
    mv = mm.get("events")
    vsum = np.zeros(N)
    vcnt = np.zeros(N)
    np.add.at(vsum, np.asarray(mv["senders"]) - ids0, np.asarray(mv["V_m"]))
    np.add.at(vcnt, np.asarray(mv["senders"]) - ids0, 1)
    vmean = vsum / vcnt

    def summary(x):
        return {"mean": float(np.mean(x)), "std": float(np.std(x, ddof=1)), "n": int(len(x))}

    return {"resolution": cfg["resolution"], "params": cfg["params"], "n_neurons": N, "t_sim": T,
            "rate": summary(rates), "cv": summary(cvs), "vmean": summary(vmean)}


def main() -> None:
    out = {"nest_version": nest.__version__, "configs": {name: run(cfg) for name, cfg in CONFIGS.items()}}
    path = HERE / "stats" / "pp_psc_delta.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    for name, r in out["configs"].items():
        print(name, {k: (round(r[k]["mean"], 4), round(r[k]["std"], 4)) for k in ("rate", "cv", "vmean")})


if __name__ == "__main__":
    main()
