"""Record NEST 3.10's behaviour of the stimulation and recording devices
that gonest adds for issue 9, under testdata/nest310/devices/.

Run with NEST 3.10.0 in a virtual environment of its own (see README.md in
this folder)::

    /tmp/nest310/bin/python testdata/nest310/record_devices.py          # all
    /tmp/nest310/bin/python testdata/nest310/record_devices.py mip_*    # some

Random generators are recorded as statistics of many independent trains
(stats.json), deterministic scenarios as their events (events.csv), and
bad parameters as the name of the exception NEST raises (errors.json). The
statistics are computed by ``stats`` below; gocore/devices computes the
same ones (devices_nest310_test.go) and compares within three combined
standard errors. Everything a scenario needs is in SCENARIOS, which the Go
tests repeat by name.
"""

from __future__ import annotations

import fnmatch
import json
import math
import sys
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent / "devices"

# Statistical scenarios: a generator drives n parrot neurons (delay 1 ms),
# whose spikes a spike_recorder collects; times are shifted back by the
# delay before the statistics. With groups, that many generators drive
# n/groups parrots each, and the standard errors are taken over the
# groups (the trains of one mip_generator share its mother train, so they
# are not independent trials).
STATS = {
    "gamma_sup_generator": dict(
        params={"rate": 20.0, "gamma_shape": 3, "n_proc": 4}, n=200, T=5000.0,
        segments=[[0.0, 2500.0], [2500.0, 5000.0]], corr_bin=1.0),
    "ppd_sup_generator": dict(
        params={"rate": 25.0, "dead_time": 15.0, "n_proc": 3, "frequency": 4.0, "relative_amplitude": 0.6},
        n=200, T=5000.0, period=250.0, phase_bins=4, corr_bin=1.0),
    "mip_generator": dict(
        params={"rate": 80.0, "p_copy": 0.25}, n=100, T=5000.0, corr_bin=0.1, groups=50),
    "inhomogeneous_poisson_generator": dict(
        params={"rate_times": [100.0, 1100.0, 2100.0], "rate_values": [50.0, 5.0, 150.0]}, n=200, T=3100.0,
        segments=[[0.0, 100.0], [100.0, 1100.0], [1100.0, 2100.0], [2100.0, 3100.0]], corr_bin=1.0),
    "sinusoidal_gamma_generator": dict(
        params={"rate": 30.0, "amplitude": 20.0, "frequency": 3.0, "phase": 30.0, "order": 4.0},
        n=200, T=5000.0, period=1000.0 / 3.0, phase_bins=4, corr_bin=1.0),
    "spike_dilutor": dict(
        params={"p_copy": 0.4}, mother=[2.5 * (i + 1) for i in range(1999)], n=100, T=5000.0, corr_bin=0.1),
}


def stats(senders, times, ids, spec):
    """Per-train statistics, each as [mean, standard error] over trains."""
    T = spec["T"]
    trains = [np.sort(times[senders == i]) for i in ids]
    out = {}

    groups = spec.get("groups", len(trains))

    def mean_se(xs):
        xs = np.asarray(xs, dtype=float)
        if len(xs) == len(trains) and groups < len(trains):
            xs = xs.reshape(groups, -1).mean(axis=1)
        return [float(xs.mean()), float(xs.std(ddof=1) / math.sqrt(len(xs)))]

    out["rate"] = mean_se([len(tr) / T * 1000.0 for tr in trains])
    cvs = []
    for tr in trains:
        isi = np.diff(tr)
        if len(isi) >= 2 and isi.mean() > 0:
            cvs.append(isi.std() / isi.mean())
    out["cv"] = mean_se(cvs)
    for k, (a, b) in enumerate(spec.get("segments", [])):
        out[f"segment{k}"] = mean_se([np.count_nonzero((tr >= a) & (tr < b)) / (b - a) * 1000.0 for tr in trains])
    if "period" in spec:
        P, nb = spec["period"], spec["phase_bins"]
        cycles = T / P
        for k in range(nb):
            rates = []
            for tr in trains:
                ph = np.floor(np.mod(tr, P) / P * nb).astype(int)
                rates.append(np.count_nonzero(ph == k) / (cycles * P / nb) * 1000.0)
            out[f"phase{k}"] = mean_se(rates)
    b = spec["corr_bin"]
    nbins = int(round(T / b))
    cs = []
    for i in range(0, len(trains) - 1, 2):
        x = np.bincount(np.minimum((trains[i] / b).astype(int), nbins - 1), minlength=nbins)
        y = np.bincount(np.minimum((trains[i + 1] / b).astype(int), nbins - 1), minlength=nbins)
        if x.std() > 0 and y.std() > 0:
            cs.append(float(np.corrcoef(x, y)[0, 1]))
    out["corr"] = mean_se(cs)
    return out


def record_stats(name, spec):
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    nest.rng_seed = 12345
    model = name
    if name == "spike_dilutor":
        mother = nest.Create("spike_generator", params={"spike_times": spec["mother"]})
        gen = nest.Create("spike_dilutor", params=spec["params"])
        nest.Connect(mother, gen)
    else:
        gen = nest.Create(model, spec.get("groups", 1), params=spec["params"])
    parrots = nest.Create("parrot_neuron", spec["n"])
    sr = nest.Create("spike_recorder")
    size = spec["n"] // len(gen)
    for g in range(len(gen)):
        nest.Connect(gen[g], parrots[g * size:(g + 1) * size], syn_spec={"delay": 1.0})
    nest.Connect(parrots, sr)
    nest.Simulate(spec["T"] + 1.0)
    ev = sr.events
    senders = np.asarray(ev["senders"])
    times = np.asarray(ev["times"]) - 1.0
    keep = times < spec["T"]
    st = stats(senders[keep], times[keep], parrots.tolist(), spec)
    write(name, "stats.json", json.dumps(st, indent=1, sort_keys=True) + "\n")


def write(name, file, text):
    d = HERE / name
    d.mkdir(parents=True, exist_ok=True)
    (d / file).write_text(text)


def events_csv(sr):
    ev = sr.events
    rows = sorted(zip(ev["senders"].tolist(), ev["times"].tolist()), key=lambda r: (r[1], r[0]))
    return "sender,time_ms\n" + "".join(f"{s},{t!r}\n" for s, t in rows)


def record_dilutor_exact(name, window):
    """spike_generator -> spike_dilutor (p_copy 1) -> spike_recorder and a
    parrot (delay 2) -> the recorder. Node ids: 1 generator, 2 dilutor,
    3 recorder, 4 parrot."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    times = [0.1, 0.5, 1.0, 1.0, 2.3, 3.2, 4.4, 5.0, 6.1, 7.7, 9.0]
    mults = [1, 2, 1, 1, 3, 1, 2, 1, 1, 1, 1]
    sg = nest.Create("spike_generator", params={"spike_times": times, "spike_multiplicities": mults})
    d = nest.Create("spike_dilutor", params=dict(p_copy=1.0, **window))
    sr = nest.Create("spike_recorder")
    p = nest.Create("parrot_neuron")
    nest.Connect(sg, d, syn_spec={"delay": 1.0})
    nest.Connect(d, sr)
    nest.Connect(d, p, syn_spec={"delay": 2.0})
    nest.Connect(p, sr)
    nest.Simulate(12.0)
    nest.Simulate(8.0)
    write(name, "events.csv", events_csv(sr))


def record_sinusoidal_gamma_rate(name):
    """The recordable rate of a sinusoidal_gamma_generator through a
    multimeter (interval 0.5 ms), over two Simulate calls with a parameter
    change between them."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    g = nest.Create("sinusoidal_gamma_generator",
                    params={"rate": 30.0, "amplitude": 20.0, "frequency": 7.0, "phase": 45.0, "order": 2.0})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.5})
    nest.Connect(mm, g)
    nest.Simulate(100.0)
    g.set({"frequency": 11.0, "amplitude": 5.0})
    nest.Simulate(50.0)
    ev = mm.events
    text = "sender,time_ms,rate\n" + "".join(
        f"{s},{t!r},{r!r}\n" for s, t, r in zip(ev["senders"].tolist(), ev["times"].tolist(), ev["rate"].tolist()))
    write(name, "multimeter.csv", text)


SPIN_GENERATORS = [
    # node 1: on at 1.0 (multiplicity 2), off at 2.0, on at 3.0 (two
    # spikes), off at 4.5, on at 6.0, off at 7.5 and 9.0
    {"spike_times": [1.0, 2.0, 3.0, 3.0, 4.5, 6.0, 7.5, 9.0], "spike_multiplicities": [2, 1, 1, 1, 1, 2, 1, 1]},
    # node 3: singles that meet node 1's in the same steps and slices
    {"spike_times": [2.0, 2.0, 3.0, 4.5, 5.2, 7.5, 7.5, 8.1], "spike_multiplicities": [1, 1, 1, 1, 2, 1, 1, 1]},
]


def record_spin_detector(name):
    """Two spike_generators (nodes 1 and 3) encode binary transitions;
    spin_detectors 2 and 4 (one updated between the generators, one after
    both) decode them; Simulate 3 ms, then 4.5 ms, then 2.5 ms. events.csv
    keeps NEST's order of each detector's events."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    g1 = nest.Create("spike_generator", params=SPIN_GENERATORS[0])
    d1 = nest.Create("spin_detector")
    g2 = nest.Create("spike_generator", params=SPIN_GENERATORS[1])
    d2 = nest.Create("spin_detector")
    for d in (d1, d2):
        nest.Connect(g1 + g2, d)
    nest.Simulate(3.0)
    nest.Simulate(4.5)
    nest.Simulate(2.5)
    text = "detector,sender,time_ms,state\n"
    for d in (d1, d2):
        ev = d.events
        text += "".join(f"{d.global_id},{s},{t!r},{st}\n" for s, t, st in
                        zip(ev["senders"].tolist(), ev["times"].tolist(), ev["state"].tolist()))
    write(name, "events.csv", text)


def correlation_specs():
    """Deterministic correlation detector scenarios: spike_generators with
    pseudo-random times (numpy, fixed seed; written into spec.json so that
    gonest replays them) drive one detector through the given receptors
    and weights."""
    rng = np.random.default_rng(2024)

    def train(rate, T, mult=False):
        n = rng.poisson(rate * T / 1000.0)
        t = np.unique(np.round(rng.uniform(0.1, T, n), 1))
        t = [float(x) for x in t if x > 0]
        p = {"spike_times": t}
        if mult:
            p["spike_multiplicities"] = [int(x) for x in rng.integers(1, 3, len(t))]
        return p

    def spin_train(T, channels):
        """Binary transitions: on as multiplicity 2, off as one spike;
        channel c switches at its own times, never two channels in one step."""
        used = set()
        out = []
        for c in range(channels):
            times, mults, on, t = [], [], False, 0.0
            while True:
                t = round(t + float(rng.exponential(4.0)) + 0.1, 1)
                if t >= T:
                    break
                if t in used:
                    continue
                used.add(t)
                times.append(t)
                mults.append(1 if on else 2)
                on = not on
            out.append({"spike_times": times, "spike_multiplicities": mults})
        return out

    T = 400.0
    specs = {
        "correlation_detector": {
            "detector": "correlation_detector",
            "params": {"delta_tau": 0.5, "tau_max": 3.0, "Tstart": 20.0, "Tstop": 350.0},
            "inputs": [
                {"params": train(150.0, T, mult=True), "syn_spec": {"receptor_type": 0, "weight": 1.5}},
                {"params": train(120.0, T), "syn_spec": {"receptor_type": 1, "weight": -0.7}},
            ],
            "simulate": [150.0, 251.0],
            "keys": ["histogram", "histogram_correction", "count_histogram", "n_events"],
        },
        "correlomatrix_detector": {
            "detector": "correlomatrix_detector",
            "params": {"N_channels": 3, "delta_tau": 0.3, "tau_max": 1.5, "Tstart": 10.0},
            "inputs": [
                {"params": train(200.0, T, mult=True), "syn_spec": {"receptor_type": 0, "weight": 1.0}},
                {"params": train(150.0, T), "syn_spec": {"receptor_type": 1, "weight": 2.0}},
                {"params": train(100.0, T), "syn_spec": {"receptor_type": 2, "weight": 0.5}},
            ],
            "simulate": [200.0, 201.0],
            "keys": ["covariance", "count_covariance", "n_events"],
        },
        "correlospinmatrix_detector": {
            "detector": "correlospinmatrix_detector",
            "params": {"N_channels": 3, "delta_tau": 0.2, "tau_max": 2.0},
            "inputs": [{"params": p, "syn_spec": {"receptor_type": c}} for c, p in enumerate(spin_train(T, 3))],
            "simulate": [200.0, 201.0],
            "keys": ["count_covariance"],
        },
    }
    return specs


def record_correlation(name, spec):
    """Generators (nodes 1..n) -> the detector (node n+1)."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    gens = [nest.Create("spike_generator", params=i["params"]) for i in spec["inputs"]]
    det = nest.Create(spec["detector"], params=spec["params"])
    for g, i in zip(gens, spec["inputs"]):
        nest.Connect(g, det, syn_spec=i["syn_spec"])
    for t in spec["simulate"]:
        nest.Simulate(t)
    st = det.get(spec["keys"])
    write(name, "spec.json", json.dumps(spec) + "\n")
    write(name, "status.json", json.dumps({k: plain(v) for k, v in st.items()}) + "\n")


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray):
        return plain(v.tolist())
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


INJECTOR = {
    "pre": {"spike_times": [5.0, 12.3, 20.0, 20.0, 31.7, 45.0, 58.2, 70.0, 83.4, 95.0, 110.0, 140.5, 160.0, 180.0],
            "spike_multiplicities": [1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]},
    "post": [8.0, 10.0, 30.0, 44.0, 60.0, 85.0, 90.0, 120.0, 139.0, 165.0],
    "stdp": {"synapse_model": "stdp_synapse", "weight": 20.0, "delay": 1.0, "alpha": 0.8, "lambda": 0.05},
    "simulate": [100.0, 100.0],
}


def record_spike_train_injector(name):
    """spike_train_injector (1) -> stdp_synapse -> iaf_psc_alpha (2),
    driven to spike by spike_generator (3) with static weight 2000;
    spike_recorder (4) records 1 and 2; a parrot (5) repeats 1 into the
    recorder. Writes the events and the stdp connection's final weight."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    inj = nest.Create("spike_train_injector", params=INJECTOR["pre"])
    nrn = nest.Create("iaf_psc_alpha")
    drv = nest.Create("spike_generator", params={"spike_times": INJECTOR["post"]})
    sr = nest.Create("spike_recorder")
    par = nest.Create("parrot_neuron")
    nest.Connect(inj, nrn, syn_spec=INJECTOR["stdp"])
    nest.Connect(drv, nrn, syn_spec={"weight": 2000.0})
    nest.Connect(inj + nrn, sr)
    nest.Connect(inj, par, syn_spec={"delay": 2.0})
    nest.Connect(par, sr)
    for t in INJECTOR["simulate"]:
        nest.Simulate(t)
    write(name, "events.csv", events_csv(sr))
    c = nest.GetConnections(inj, nrn)
    write(name, "final.json", json.dumps({"weight": float(c.weight), "status": plain(inj.get(["element_type", "spike_times"]))}) + "\n")


CURRENT_SOURCES = [
    ("dc_generator", {"amplitude": 250.0, "start": 2.0, "stop": 6.5}),
    ("ac_generator", {"amplitude": 40.0, "offset": 5.0, "frequency": 150.0, "phase": 20.0, "start": 1.0, "stop": 8.0}),
    ("step_current_generator", {"amplitude_times": [1.5, 3.0, 7.2], "amplitude_values": [10.0, -20.0, 7.5], "stop": 9.0}),
]


def record_current_recordables(name):
    """Each current generator (nodes 1..3) observed by its own multimeter
    (nodes 4..6, record_from I, interval 0.1 ms), Simulate 6 ms then 6 ms."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    gens = [nest.Create(m, params=p) for m, p in CURRENT_SOURCES]
    mms = [nest.Create("multimeter", params={"record_from": ["I"], "interval": 0.1}) for _ in gens]
    for g, mm in zip(gens, mms):
        nest.Connect(mm, g)
    nest.Simulate(6.0)
    nest.Simulate(6.0)
    text = "sender,time_ms,I\n"
    for mm in mms:
        ev = mm.events
        text += "".join(f"{s},{t!r},{i!r}\n" for s, t, i in zip(ev["senders"].tolist(), ev["times"].tolist(), ev["I"].tolist()))
    write(name, "multimeter.csv", text)


# Bad input: (model, params set on a node) -> the exception NEST raises.
ERRORS = [
    ("gamma_sup_generator", {"gamma_shape": 0}),
    ("gamma_sup_generator", {"gamma_shape": 1.5}),
    ("gamma_sup_generator", {"rate": -1.0}),
    ("gamma_sup_generator", {"n_proc": 0}),
    ("ppd_sup_generator", {"dead_time": -1.0}),
    ("ppd_sup_generator", {"rate": 100.0, "dead_time": 10.0}),
    ("ppd_sup_generator", {"rate": -5.0}),
    ("ppd_sup_generator", {"n_proc": 0}),
    ("ppd_sup_generator", {"relative_amplitude": 1.5}),
    ("mip_generator", {"rate": -1.0}),
    ("mip_generator", {"p_copy": 1.1}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0, 2.0]}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0, 2.0], "rate_values": [1.0]}),
    ("inhomogeneous_poisson_generator", {"rate_times": [2.0, 1.0], "rate_values": [1.0, 2.0]}),
    ("inhomogeneous_poisson_generator", {"rate_times": [0.0], "rate_values": [1.0]}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.05], "rate_values": [1.0]}),
    ("sinusoidal_gamma_generator", {"order": 0.5}),
    ("sinusoidal_gamma_generator", {"rate": 10.0, "amplitude": 20.0}),
    ("sinusoidal_gamma_generator", {"amplitude": -1.0}),
    ("spike_dilutor", {"p_copy": -0.1}),
    ("spike_dilutor", {"start": 2.0, "stop": 1.0}),
    ("spike_train_injector", {"spike_times": [2.0, 1.0]}),
    ("spike_train_injector", {"spike_times": [1.05]}),
    ("spike_train_injector", {"spike_times": [0.0]}),
    ("spike_train_injector", {"spike_times": [1.0], "spike_multiplicities": [1, 2]}),
    ("spike_train_injector", {"precise_times": True, "shift_now_spikes": True}),
    ("spike_train_injector", {"spike_weights": [1.0]}),
    ("spike_train_injector", {"label": "x"}),
]


def record_errors(name):
    out = []
    for model, params in ERRORS:
        nest.ResetKernel()
        nest.set_verbosity("M_ERROR")
        n = nest.Create(model)
        try:
            n.set(params)
            err = None
        except Exception as e:  # noqa: BLE001 - the name is what is recorded
            err = type(e).__name__
        out.append({"model": model, "params": params, "error": err})
    write(name, "errors.json", json.dumps(out, indent=1) + "\n")


def main(patterns):
    jobs = {f"{m}_stats": (lambda m=m: record_stats(m, STATS[m])) for m in STATS}
    jobs["spike_dilutor_exact"] = lambda: record_dilutor_exact("spike_dilutor_exact", {})
    jobs["spike_dilutor_window"] = lambda: record_dilutor_exact("spike_dilutor_window", {"start": 3.0, "stop": 15.0})
    jobs["sinusoidal_gamma_generator_rate"] = lambda: record_sinusoidal_gamma_rate("sinusoidal_gamma_generator_rate")
    jobs["spin_detector"] = lambda: record_spin_detector("spin_detector")
    for cname, cspec in correlation_specs().items():
        jobs[cname] = lambda cname=cname, cspec=cspec: record_correlation(cname, cspec)
    jobs["spike_train_injector"] = lambda: record_spike_train_injector("spike_train_injector")
    jobs["current_recordables"] = lambda: record_current_recordables("current_recordables")
    jobs["generator_errors"] = lambda: record_errors("generator_errors")
    for name, job in jobs.items():
        if patterns and not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        print("recording", name, flush=True)
        job()


if __name__ == "__main__":
    main(sys.argv[1:])
