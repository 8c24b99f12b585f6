"""Record spiking statistics of NEST 3.10's gif models for gonest's tests.

The gif models fire stochastically (escape noise), so their spike trains
cannot be compared with NEST's spike by spike. Instead, for every model
named in MODELS this script simulates many independent trials (one
neuron each, driven by a constant I_e, no synaptic input) and writes
``stats/<model>.json``: the parameters, the protocol, and for each
statistic its mean over the trials, its standard deviation and the
number of trials. The Go test of the model runs the same protocol with
its own random numbers and requires every mean to agree with NEST's
within 3 standard errors of the difference.

Statistics of a trial (one neuron, T ms after a warm-up):

* ``rate``: number of spikes / T, in spikes/s;
* ``cv``: standard deviation / mean of the inter-spike intervals (trials
  with fewer than 3 spikes are left out of this statistic);
* ``mean_V_m``: mean of V_m sampled every ``sample_ms`` ms.

``stats/gif_pop_psc_exp.json`` holds population statistics instead, see
record_pop.

Run with NEST 3.10.0 (see README.md)::

    /tmp/nest310/bin/python testdata/nest310/record_stats_gif.py [model ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

# Adaptation strong enough to shape the spike trains (CV well below 1).
ADAPTATION = {
    "tau_stc": [10.0, 100.0], "q_stc": [30.0, 5.0],
    "tau_sfa": [50.0, 300.0], "q_sfa": [5.0, 1.0],
    "Delta_V": 1.5, "lambda_0": 2.0, "V_T_star": -40.0, "t_ref": 3.0,
}

MODELS = {
    "gif_psc_exp": dict(ADAPTATION, I_e=150.0),
    "gif_psc_exp_multisynapse": dict(ADAPTATION, I_e=150.0),
    "gif_cond_exp": dict(ADAPTATION, I_e=150.0),
    "gif_cond_exp_multisynapse": dict(ADAPTATION, I_e=150.0),
}

PROTOCOL = {"trials": 400, "resolution": 0.1, "warmup_ms": 200.0, "T_ms": 2000.0, "sample_ms": 1.0}

# gif_pop_psc_exp: populations with adaptation, at a coarse step (its cost
# per step grows with the history length), in both spike-count modes.
POP_PARAMS = {"N": 200, "tau_m": 10.0, "tau_sfa": [50.0], "q_sfa": [2.0], "Delta_V": 2.0,
              "lambda_0": 10.0, "V_T_star": 15.0, "t_ref": 4.0, "I_e": 500.0}
POP_PROTOCOL = {"trials": 100, "resolution": 0.5, "warmup_ms": 200.0, "T_ms": 2000.0}


def summary(values) -> dict:
    v = np.asarray(values, dtype=float)
    return {"mean": float(v.mean()), "std": float(v.std(ddof=1)), "n": int(v.size)}


def record(model: str) -> None:
    p = PROTOCOL
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.SetKernelStatus({"resolution": p["resolution"]})
    neurons = nest.Create(model, p["trials"], params=MODELS[model])
    # Recording covers (warmup, warmup + T]: spikes in that window, V_m at
    # warmup + k*sample_ms, k = 1, 2, ...
    window = {"start": p["warmup_ms"], "stop": p["warmup_ms"] + p["T_ms"]}
    sr = nest.Create("spike_recorder", params=window)
    mm = nest.Create("multimeter", params=dict(window, interval=p["sample_ms"], record_from=["V_m"]))
    nest.Connect(neurons, sr)
    nest.Connect(mm, neurons)
    nest.Simulate(p["warmup_ms"] + p["T_ms"])

    first = neurons[0].global_id
    sp = sr.get("events")
    trains = [[] for _ in range(p["trials"])]
    for s, t in zip(sp["senders"], sp["times"]):
        trains[int(s) - first].append(float(t))
    rates = [len(tr) / p["T_ms"] * 1000.0 for tr in trains]
    cvs = []
    for tr in trains:
        if len(tr) >= 3:
            isi = np.diff(tr)
            cvs.append(isi.std() / isi.mean())
    ev = mm.get("events")
    vm = np.zeros(p["trials"])
    cnt = np.zeros(p["trials"])
    np.add.at(vm, ev["senders"] - first, ev["V_m"])
    np.add.at(cnt, ev["senders"] - first, 1)
    out = {
        "model": model, "nest_version": nest.__version__, "params": MODELS[model], "protocol": p,
        "rate": summary(rates), "cv": summary(cvs), "mean_V_m": summary(vm / cnt),
    }
    path = HERE / "stats" / f"{model}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"{model}: rate {out['rate']['mean']:.3f}/s, cv {out['cv']['mean']:.4f}, "
          f"mean V_m {out['mean_V_m']['mean']:.4f} mV")


def record_pop() -> None:
    """Statistics of gif_pop_psc_exp per trial (one population, T ms
    after the warm-up, every step sampled): ``rate`` (spikes per neuron
    and second), ``fano`` (variance / mean of the spike count per step) and
    ``mean_E_sfa`` (mean of E_sfa), for binomial and Poisson counts."""
    p = POP_PROTOCOL
    out = {"model": "gif_pop_psc_exp", "nest_version": nest.__version__, "params": POP_PARAMS, "protocol": p}
    for mode, bino in (("binomial", True), ("poisson", False)):
        nest.ResetKernel()
        nest.verbosity = nest.VerbosityLevel.ERROR
        nest.SetKernelStatus({"resolution": p["resolution"]})
        pops = nest.Create("gif_pop_psc_exp", p["trials"], params=dict(POP_PARAMS, BinoRand=bino))
        mm = nest.Create("multimeter", params={"start": p["warmup_ms"], "stop": p["warmup_ms"] + p["T_ms"],
                                                "interval": p["resolution"], "record_from": ["n_events", "E_sfa"]})
        nest.Connect(mm, pops)
        nest.Simulate(p["warmup_ms"] + p["T_ms"])
        ev = mm.get("events")
        first = pops[0].global_id
        rates, fanos, esfa = [], [], []
        for i in range(p["trials"]):
            sel = ev["senders"] == first + i
            n = ev["n_events"][sel]
            rates.append(n.sum() / POP_PARAMS["N"] / p["T_ms"] * 1000.0)
            fanos.append(n.var() / n.mean())
            esfa.append(ev["E_sfa"][sel].mean())
        out[mode] = {"rate": summary(rates), "fano": summary(fanos), "mean_E_sfa": summary(esfa)}
        print(f"gif_pop_psc_exp ({mode}): rate {out[mode]['rate']['mean']:.3f}/s, "
              f"fano {out[mode]['fano']['mean']:.4f}, mean E_sfa {out[mode]['mean_E_sfa']['mean']:.4f} mV")
    path = HERE / "stats" / "gif_pop_psc_exp.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


def main(argv: list[str]) -> int:
    if not nest.__version__.startswith("3.10"):
        print(f"needs NEST 3.10, this is {nest.__version__}", file=sys.stderr)
        return 1
    for model in argv or sorted(MODELS) + ["gif_pop_psc_exp"]:
        if model == "gif_pop_psc_exp":
            record_pop()
        else:
            record(model)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
