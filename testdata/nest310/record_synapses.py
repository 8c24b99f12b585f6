"""Record NEST 3.10 reference data for gonest's synapse models.

Run with a Python that has NEST 3.10.0 (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/record_synapses.py          # all
    /tmp/nest310/bin/python testdata/nest310/record_synapses.py 'stdp_*'  # some

Each scenario of SCENARIOS below is written to ``synapses/<name>/`` as
``spec.json`` (what gonest's test builds, format in synapses/README.md)
and ``result.json`` (what NEST did). Deterministic scenarios record the
status of the connection under test after each Simulate call and the spike
times of its target; stochastic ones record, for each of many targets, the
total weight that reached it.
"""

from __future__ import annotations

import fnmatch
import json
import math
import sys
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent / "synapses"

# Presynaptic spikes every 20 ms from 10 ms; the postsynaptic drive comes
# at pre + offset, the offsets cycling through both orders and several
# intervals. The target fires about 1-2 ms after each drive spike.
PRE = [10.0 + 20.0 * k for k in range(40)]
OFFSETS = [3.0, -4.0, 6.5, -1.5, 9.0, -12.0, 0.5, -7.0]
POST = sorted(p + OFFSETS[k % len(OFFSETS)] for k, p in enumerate(PRE))


def pairs(model, syn_spec=None, defaults=None, between=None, target_params=None, target="iaf_psc_alpha",
          drive_weight=1000.0, **extra):
    """A deterministic pairs scenario of model."""
    spec = {
        "kind": "pairs",
        "synapse_model": model,
        "defaults": defaults or {},
        "syn_spec": syn_spec if syn_spec is not None else {"weight": 50.0, "delay": 1.0},
        "target": target,
        "target_params": target_params or {},
        "drive_weight": drive_weight,
        "pre_times": PRE,
        "post_times": POST,
        "simulate": [100.0] * 9,
        "between": between or [],
    }
    spec.update(extra)
    return spec


def stochastic(model, syn_spec, defaults=None, n_targets=400, n_spikes=60, interval=10.0):
    return {
        "kind": "stochastic",
        "synapse_model": model,
        "defaults": defaults or {},
        "syn_spec": syn_spec,
        "target": "iaf_psc_delta",
        "target_params": {"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0},
        "n_targets": n_targets,
        "pre_times": [10.0 + interval * k for k in range(n_spikes)],
        "simulate": [10.0 + interval * n_spikes + 5.0],
    }


def weight_recorder_scenario():
    """Three synapse models report to one weight_recorder (format in
    synapses/README.md)."""
    return {
        "kind": "weight_recorder",
        "pre_times": [[10.0 + 20.0 * k for k in range(20)], [13.0 + 25.0 * k for k in range(16)]],
        "post_times": sorted(p + OFFSETS[k % len(OFFSETS)] for k, p in enumerate(PRE[:20])),
        "drive_weight": 1000.0,
        "defaults": {"stdp_synapse": {"lambda": 0.05}, "tsodyks2_synapse": {"U": 0.3, "tau_fac": 50.0}},
        # [source parrot (0 or 1), target neuron (0 or 1), syn_spec]
        "connections": [
            [0, 0, {"synapse_model": "static_synapse", "weight": 20.0}],
            [0, 1, {"synapse_model": "static_synapse", "weight": 25.0, "delay": 2.0}],
            [1, 0, {"synapse_model": "static_synapse", "weight": -10.0}],
            [0, 0, {"synapse_model": "stdp_synapse", "weight": 30.0, "delay": 1.5}],
            [1, 1, {"synapse_model": "stdp_synapse", "weight": 35.0}],
            [1, 0, {"synapse_model": "stdp_synapse", "weight": 40.0}],
            [1, 0, {"synapse_model": "tsodyks2_synapse", "weight": 100.0}],
        ],
        "window": {"start": 50.0, "stop": 400.0},
        "simulate": [200.0, 300.0],
    }


def run_weight_recorder(spec):
    nest.ResetKernel()
    nest.set(resolution=0.1, print_time=False)
    nest.CopyModel("static_synapse", "drive_synapse")
    wr = nest.Create("weight_recorder", params=spec["window"])
    for model in ("static_synapse", "stdp_synapse", "tsodyks2_synapse"):
        nest.SetDefaults(model, dict(spec["defaults"].get(model, {}), weight_recorder=wr))
    sgs = nest.Create("spike_generator", 2, params=[{"spike_times": t} for t in spec["pre_times"]])
    sg_post = nest.Create("spike_generator", params={"spike_times": spec["post_times"]})
    parrots = nest.Create("parrot_neuron", 2)
    tgts = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(sgs, parrots, "one_to_one", syn_spec={"synapse_model": "drive_synapse"})
    nest.Connect(sg_post, tgts, syn_spec={"synapse_model": "drive_synapse", "weight": spec["drive_weight"]})
    for s, t, syn in spec["connections"]:
        nest.Connect(parrots[s], tgts[t], syn_spec=syn)
    for t in spec["simulate"]:
        nest.Simulate(t)
    ev = wr.get("events")
    return {"events": {k: [plain(x) for x in v] for k, v in ev.items()}, "weight_recorder_id": wr.global_id}


# parameters shared by the nearest-neighbour STDP scenarios
NN = {"tau_plus": 15.0, "lambda": 0.05, "alpha": 1.1, "mu_plus": 0.5, "mu_minus": 0.4, "Wmax": 100.0}

SCENARIOS = {
    "static_synapse_hom_w": pairs(
        "static_synapse_hom_w", syn_spec={"delay": 1.5}, defaults={"weight": 80.0},
        between=[{"after": 3, "defaults": {"weight": -40.0}}]),
    "tsodyks_synapse_hom": pairs(
        "tsodyks_synapse_hom", syn_spec={"delay": 1.0, "x": 0.9, "y": 0.05, "u": 0.1},
        defaults={"weight": 200.0, "U": 0.4, "tau_psc": 3.0, "tau_rec": 150.0, "tau_fac": 40.0},
        between=[{"after": 4, "defaults": {"U": 0.6, "tau_rec": 90.0, "weight": 150.0}}]),
    "stdp_synapse_hom": pairs(
        "stdp_synapse_hom", syn_spec={"weight": 40.0, "delay": 1.0, "Kplus": 0.3},
        defaults={"tau_plus": 15.0, "lambda": 0.05, "alpha": 1.2, "mu_plus": 0.5, "mu_minus": 1.0, "Wmax": 120.0},
        between=[{"after": 4, "defaults": {"lambda": 0.02, "tau_plus": 25.0}}],
        target_params={"tau_minus": 25.0}),
    # defaults off the grid (1.27 ms: 13 steps less 0.03 ms), a connection
    # delay set off the grid (1.14 ms) after the fourth call, then on it
    "cont_delay_synapse": pairs(
        "cont_delay_synapse", syn_spec={"weight": 300.0}, defaults={"delay": 1.27},
        between=[{"after": 4, "set_conn": {"delay": 1.14}}, {"after": 6, "set_conn": {"delay": 1.2, "weight": 200.0}}]),
    "stdp_nn_symm_synapse": pairs(
        "stdp_nn_symm_synapse", syn_spec=dict(NN, weight=40.0, delay=1.0), target_params={"tau_minus": 25.0},
        between=[{"after": 4, "set_conn": {"lambda": 0.02, "weight": 60.0}}]),
    "stdp_nn_pre_centered_synapse": pairs(
        "stdp_nn_pre_centered_synapse", syn_spec=dict(NN, weight=40.0, delay=1.0, Kplus=0.2), target_params={"tau_minus": 25.0},
        between=[{"after": 4, "set_conn": {"Kplus": 1.5}}]),
    "stdp_nn_restr_synapse": pairs(
        "stdp_nn_restr_synapse", syn_spec=dict(NN, weight=40.0, delay=2.0), target_params={"tau_minus": 25.0}),
    "stdp_triplet_synapse": pairs(
        "stdp_triplet_synapse",
        syn_spec={"weight": 40.0, "delay": 1.0, "Wmax": 100.0, "Aplus": 0.5, "Aminus": 0.4, "Aplus_triplet": 0.3,
                  "Aminus_triplet": 0.1, "tau_plus": 16.8, "tau_plus_triplet": 101.0, "Kplus": 0.1, "Kplus_triplet": 0.2},
        target_params={"tau_minus": 33.7, "tau_minus_triplet": 125.0},
        between=[{"after": 3, "set_conn": {"Kplus_triplet": 1.0}}]),
    "vogels_sprekeler_synapse": pairs(
        "vogels_sprekeler_synapse", syn_spec={"weight": 40.0, "delay": 1.0, "Wmax": 100.0, "eta": 0.5, "alpha": 0.3, "tau": 20.0},
        target_params={"tau_minus": 20.0}),
    "vogels_sprekeler_synapse_inhibitory": pairs(
        "vogels_sprekeler_synapse", syn_spec={"weight": -40.0, "delay": 1.5, "Wmax": -100.0, "eta": 2.0, "alpha": 0.2, "tau": 15.0,
                                              "Kplus": 0.5},
        target_params={"tau_minus": 15.0}),
    "jonke_synapse": pairs(
        "jonke_synapse", syn_spec={"weight": 40.0, "delay": 1.0, "Kplus": 0.3},
        defaults={"alpha": 1.2, "beta": 0.05, "lambda": 0.02, "mu_plus": 0.01, "mu_minus": 0.02, "tau_plus": 18.0, "Wmax": 80.0},
        target_params={"tau_minus": 22.0},
        between=[{"after": 4, "defaults": {"lambda": 0.05, "beta": 0.1}}]),
    "stdp_facetshw_synapse_hom": pairs(
        "stdp_facetshw_synapse_hom", syn_spec={"weight": 40.0, "delay": 1.0, "a_thresh_th": 1.2, "a_thresh_tl": 1.0},
        defaults={"tau_plus": 15.0, "tau_minus_stdp": 25.0, "driver_readout_time": 12.0, "Wmax": 90.0},
        between=[{"after": 4, "defaults": {"configbit_0": [0, 1, 1, 0], "reset_pattern": [1, 0, 0, 1, 1, 1]}}]),
    "stdp_dopamine_synapse": pairs(
        "stdp_dopamine_synapse", syn_spec={"weight": 40.0, "delay": 1.0, "Kplus": 0.2, "c": 0.5, "n": 0.01},
        defaults={"A_plus": 0.8, "A_minus": 1.1, "tau_plus": 18.0, "tau_c": 300.0, "tau_n": 150.0, "b": 0.005,
                  "Wmin": 5.0, "Wmax": 120.0},
        target_params={"tau_minus": 22.0},
        dopa_times=sorted([25.0 + 35.0 * k for k in range(22)] + [600.5, 600.5, 601.0]),
        between=[{"after": 4, "defaults": {"b": 0.0, "A_minus": 1.5}}]),
    "stdp_dopamine_synapse_interval": pairs(
        "stdp_dopamine_synapse", syn_spec={"weight": 40.0, "delay": 2.0},
        defaults={"tau_c": 200.0, "tau_n": 100.0},
        target_params={"tau_minus": 20.0},
        dopa_times=[12.0 + 17.0 * k for k in range(45)], vt_params={"deliver_interval": 3}),
    # clopath_synapse on both Clopath neurons (their facilitation and
    # depression histories); rule amplitudes raised tenfold so that every
    # pairing moves the weight visibly
    "clopath_synapse": pairs(
        "clopath_synapse", syn_spec={"weight": 0.8, "delay": 1.0, "x_bar": 0.05, "Wmax": 3.0, "Wmin": 0.1},
        defaults={"tau_x": 12.0},
        target="aeif_psc_delta_clopath",
        target_params={"A_LTD": 14.0e-4, "A_LTP": 8.0e-4, "delay_u_bars": 4.0, "tau_u_bar_plus": 7.0,
                       "tau_u_bar_minus": 10.0, "V_reset": -49.6, "t_ref": 0.0, "a": 4.0, "b": 0.0805},
        drive_weight=120.0,
        between=[{"after": 4, "set_conn": {"tau_x": 20.0, "x_bar": 0.2}}]),
    "clopath_synapse_hh": pairs(
        "clopath_synapse", syn_spec={"weight": 30.0, "delay": 1.5, "Wmax": 80.0},
        target="hh_psc_alpha_clopath",
        target_params={"A_LTD": 2.0e-3, "A_LTP": 1.2e-2, "A_LTD_const": False, "u_ref_squared": 40.0},
        drive_weight=3000.0),
    # depression: pool P (set below 1 at the start), recovery and use
    # changed on the connection after the fourth call
    "ht_synapse": pairs(
        "ht_synapse", syn_spec={"weight": 300.0, "delay": 1.0, "tau_P": 120.0, "delta_P": 0.3, "P": 0.8},
        between=[{"after": 4, "set_conn": {"tau_P": 60.0, "delta_P": 0.5}}]),
    "weight_recorder": weight_recorder_scenario(),
    "bernoulli_synapse": stochastic("bernoulli_synapse", {"weight": 1.0, "delay": 1.0, "p_transmit": 0.3}),
    "quantal_stp_synapse": stochastic(
        "quantal_stp_synapse", {"weight": 1.0, "delay": 1.0, "U": 0.3, "u": 0.3, "tau_rec": 50.0,
                                "tau_fac": 20.0, "n": 5, "a": 5}),
}


def plain(v):
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def connection_status(conns):
    st = conns.get()
    return {k: plain(v) for k, v in st.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
            and k not in ("source", "target", "port", "synapse_id", "target_thread", "sizeof")}


def run_pairs(spec):
    nest.ResetKernel()
    nest.set(resolution=0.1, print_time=False)
    nest.SetDefaults(spec["synapse_model"], spec["defaults"])
    sg_pre = nest.Create("spike_generator", params={"spike_times": spec["pre_times"]})
    sg_post = nest.Create("spike_generator", params={"spike_times": spec["post_times"]})
    parrot = nest.Create("parrot_neuron")
    tgt = nest.Create(spec["target"], params=spec["target_params"])
    rec = nest.Create("spike_recorder")
    if "dopa_times" in spec:
        # nodes 6-8: spike_generator -> parrot -> volume_transmitter
        sg_dopa = nest.Create("spike_generator", params={"spike_times": spec["dopa_times"]})
        parrot_dopa = nest.Create("parrot_neuron")
        vt = nest.Create("volume_transmitter", params=spec.get("vt_params", {}))
        nest.Connect(sg_dopa, parrot_dopa)
        nest.Connect(parrot_dopa, vt)
        nest.SetDefaults(spec["synapse_model"], {"volume_transmitter": vt})
    nest.Connect(sg_pre, parrot)
    nest.Connect(sg_post, tgt, syn_spec={"weight": spec["drive_weight"]})
    nest.Connect(parrot, tgt, syn_spec=dict(spec["syn_spec"], synapse_model=spec["synapse_model"]))
    nest.Connect(tgt, rec)
    conn = nest.GetConnections(parrot, tgt)
    steps = []
    between = {b["after"]: b for b in spec["between"]}
    for i, t in enumerate(spec["simulate"]):
        nest.Simulate(t)
        steps.append(connection_status(conn))
        b = between.get(i + 1, {})
        if "defaults" in b:
            nest.SetDefaults(spec["synapse_model"], b["defaults"])
        if "set_conn" in b:
            conn.set(b["set_conn"])
    ev = rec.get("events")
    return {"steps": steps, "spikes": [float(x) for x in ev["times"]]}


def run_stochastic(spec):
    nest.ResetKernel()
    nest.set(resolution=0.1, print_time=False, rng_seed=12345)
    nest.SetDefaults(spec["synapse_model"], spec["defaults"])
    sg = nest.Create("spike_generator", params={"spike_times": spec["pre_times"]})
    parrot = nest.Create("parrot_neuron")
    tgts = nest.Create(spec["target"], spec["n_targets"], params=spec["target_params"])
    nest.Connect(sg, parrot)
    nest.Connect(parrot, tgts, syn_spec=dict(spec["syn_spec"], synapse_model=spec["synapse_model"]))
    for t in spec["simulate"]:
        nest.Simulate(t)
    totals = [float(v) for v in tgts.get("V_m")]
    conns = nest.GetConnections(parrot, tgts)
    final = [{k: plain(v) for k, v in d.items() if k in ("u", "a", "n", "U", "p_transmit")}
             for d in [dict(zip(conns.get().keys(), vals)) for vals in zip(*conns.get().values())]]
    return {"totals": totals, "connections": final}


def main(patterns):
    for name, spec in SCENARIOS.items():
        if patterns and not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        out = HERE / name
        out.mkdir(parents=True, exist_ok=True)
        run = {"pairs": run_pairs, "stochastic": run_stochastic, "weight_recorder": run_weight_recorder}[spec["kind"]]
        result = run(spec)
        result["nest_version"] = nest.__version__
        (out / "spec.json").write_text(json.dumps(spec, indent=1) + "\n")
        (out / "result.json").write_text(json.dumps(result, indent=1) + "\n")
        print("wrote", out)


if __name__ == "__main__":
    main(sys.argv[1:])
