"""Record NEST 3.10 statistics of pp_cond_exp_mc_urbanczik's firing.

Run with the NEST 3.10 virtual environment (see README.md)::

    /tmp/nest310/bin/python testdata/nest310/record_stats_pp_cond_exp_mc_urbanczik.py

For each configuration N unconnected neurons are driven by constant
currents (I_e of soma and dendrite) for T ms; stats/pp_cond_exp_mc_urbanczik.json
gets the mean and standard deviation over the neurons of the firing rate
(spikes/s) and of the CV of the inter-spike intervals (neurons with at
least 3 spikes). gonest's TestPpCondExpMcUrbanczikStatistics simulates the
same and compares the means within 3 standard errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

N = 300
T = 1000.0

CONFIGS = {
    # dead time 3 ms, soma driven
    "dead_time": {"resolution": 0.1, "params": {"soma": {"I_e": 9000.0}}},
    # no dead time: Poisson numbers of spikes per step (the dendrite has no
    # I_e or current input in NEST 3.10: its equation leaves them out)
    "poisson": {"resolution": 0.05, "params": {"t_ref": 0.0, "phi_max": 0.05, "soma": {"I_e": 8500.0}}},
}


def summary(x):
    return {"mean": float(np.mean(x)), "std": float(np.std(x, ddof=1)), "n": int(len(x))}


def run(cfg):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": cfg["resolution"], "rng_seed": 777})
    nrn = nest.Create("pp_cond_exp_mc_urbanczik", N, params=cfg["params"])
    sr = nest.Create("spike_recorder")
    nest.Connect(nrn, sr)
    nest.Simulate(T)
    ev = sr.get("events")
    ids0 = nrn.tolist()[0]
    times = [[] for _ in range(N)]
    for s, t in zip(ev["senders"], ev["times"]):
        times[int(s) - ids0].append(float(t))
    rates = [len(ts) / T * 1000.0 for ts in times]
    cvs = []
    for ts in times:
        if len(ts) >= 3:
            isi = np.diff(np.sort(ts))
            cvs.append(np.std(isi) / np.mean(isi))
    return {"resolution": cfg["resolution"], "params": cfg["params"], "n_neurons": N, "t_sim": T,
            "rate": summary(rates), "cv": summary(cvs)}


def main():
    out = {"nest_version": nest.__version__, "configs": {k: run(c) for k, c in CONFIGS.items()}}
    (HERE / "stats" / "pp_cond_exp_mc_urbanczik.json").write_text(json.dumps(out, indent=1) + "\n")
    for k, v in out["configs"].items():
        print(k, v["rate"], v["cv"])


if __name__ == "__main__":
    main()
