"""Record NEST 3.10 reference data for gonest's bsshslm_2020 e-prop models.

Run with NEST 3.10's Python (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/eprop_bsshslm/record_eprop_bsshslm.py

Each scenario is a small e-prop network in the shape of NEST's
bsshslm_2020 gallery examples, shrunk so that it runs in well under a
second: input spike generators feed parrot neurons, which reach recurrent
e-prop neurons (half eprop_iaf_bsshslm_2020, half
eprop_iaf_adapt_bsshslm_2020) through eprop_synapse_bsshslm_2020; the
recurrent neurons project to each other and to readouts, which send their
error signals back through eprop_learning_signal_connection_bsshslm_2020
and get their targets from step_rate_generators. The frozen input repeats
every update interval; a final strong spike forces the last update.

Every connection is made by its own Connect call, in the order listed in
the spec, so that the gonest test (gocore/kernel/eprop_bsshslm_nest310_test.go)
can rebuild the network exactly. For every scenario <name> this writes
<name>.json holding the spec (all parameters, weights and spike times) and
NEST's results: the multimeter traces of all recurrent neurons and
readouts, the recurrent spikes, and the final weight of every e-prop
connection.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent


def make_spec(name: str, seed: int, loss: str, optimizer: dict, average: bool, reset: bool,
              surrogate: str, n_iter: int, batch: int) -> dict:
    rng = np.random.default_rng(seed)
    n_in, n_rec, n_out = 6, 8, 2
    steps_seq = 25
    spec = {
        "name": name,
        "resolution": 1.0,
        "kernel": {"eprop_update_interval": float(steps_seq), "eprop_learning_window": 20.0,
                   "eprop_reset_neurons_on_update": reset},
        "n_in": n_in, "n_rec": n_rec, "n_out": n_out,
        "rec_params": {"C_m": 1.0, "c_reg": 150.0, "E_L": 0.0, "f_target": 20.0,
                       "flush_event_send_interval": float(steps_seq), "I_e": 0.0,
                       "regular_spike_arrival": False, "surrogate_gradient_function": surrogate,
                       "surrogate_gradient_height": 0.3 / 0.03, "surrogate_gradient_width": 0.03,
                       "t_ref": 2.0 if not reset else 0.0, "tau_m": 20.0, "V_m": 0.0, "V_th": 0.03},
        "adapt_params": {"adapt_beta": 1.7, "adapt_tau": 30.0, "adaptation": 0.0},
        "out_params": {"C_m": 1.0, "E_L": 0.0, "I_e": 0.0, "loss": loss, "regular_spike_arrival": False,
                       "tau_m": 15.0, "V_m": 0.0},
        "synapse_defaults": {"optimizer": optimizer, "average_gradient": average},
        "tau_m_readout": 15.0,
    }
    total = n_iter * batch * steps_seq
    spec["task"] = float(total)
    spec["input_times"] = []
    for _ in range(n_in):
        seq = np.flatnonzero(rng.random(steps_seq) < 0.2)
        seq = seq[seq > 0].astype(float)
        spec["input_times"].append(
            [float(t + 1 + k * steps_seq) for k in range(n_iter * batch) for t in seq])
    spec["w_in_rec"] = (rng.standard_normal((n_rec, n_in)) / np.sqrt(n_in)).tolist()
    w_rec = rng.standard_normal((n_rec, n_rec)) / np.sqrt(n_rec)
    np.fill_diagonal(w_rec, 0.0)
    spec["w_rec_rec"] = w_rec.tolist()
    spec["w_rec_out"] = (rng.standard_normal((n_out, n_rec)) / np.sqrt(n_rec)).tolist()
    spec["w_out_rec"] = (rng.standard_normal((n_rec, n_out)) / np.sqrt(n_rec)).tolist()
    times = np.arange(total, dtype=float) + 3.0
    if loss == "mean_squared_error":
        phase = np.linspace(0, 2 * np.pi, steps_seq)
        tgt = [np.tile(np.sin(phase + k), n_iter * batch) for k in range(n_out)]
    else:
        labels = rng.integers(0, n_out, n_iter * batch)
        tgt = [np.repeat((labels == k).astype(float), steps_seq) for k in range(n_out)]
    spec["target_times"] = times.tolist()
    spec["targets"] = [t.tolist() for t in tgt]
    spec["simulate"] = [total / 2, total / 2 + 4.0]
    return spec


def run(spec: dict) -> dict:
    nest.ResetKernel()
    nest.set(resolution=spec["resolution"], total_num_virtual_procs=1, **spec["kernel"])
    n_in, n_rec, n_out = spec["n_in"], spec["n_rec"], spec["n_out"]
    gens = nest.Create("spike_generator", n_in)
    nrns_in = nest.Create("parrot_neuron", n_in)
    half = n_rec // 2
    rec_a = nest.Create("eprop_iaf_bsshslm_2020", half, spec["rec_params"])
    rec_b = nest.Create("eprop_iaf_adapt_bsshslm_2020", n_rec - half, {**spec["rec_params"], **spec["adapt_params"]})
    nrns_rec = rec_a + rec_b
    nrns_out = nest.Create("eprop_readout_bsshslm_2020", n_out, spec["out_params"])
    gen_target = nest.Create("step_rate_generator", n_out)
    mm_rec = nest.Create("multimeter", {"interval": 1.0, "record_from": ["V_m", "surrogate_gradient", "learning_signal"]})
    mm_ad = nest.Create("multimeter", {"interval": 1.0, "record_from": ["V_th_adapt", "adaptation"]})
    mm_out = nest.Create("multimeter", {"interval": 1.0, "record_from":
                                        ["V_m", "readout_signal", "readout_signal_unnorm", "target_signal", "error_signal"]})
    sr = nest.Create("spike_recorder")
    nest.SetDefaults("eprop_synapse_bsshslm_2020", spec["synapse_defaults"])
    for g, p, times in zip(gens, nrns_in, spec["input_times"]):
        g.spike_times = times
        nest.Connect(g, p, syn_spec={"delay": 1.0})
    base = {"synapse_model": "eprop_synapse_bsshslm_2020", "delay": 1.0, "tau_m_readout": spec["tau_m_readout"]}
    for j in range(n_rec):
        for i in range(n_in):
            nest.Connect(nrns_in[i], nrns_rec[j], syn_spec={**base, "weight": spec["w_in_rec"][j][i]})
    for j in range(n_rec):
        for i in range(n_rec):
            if i != j:
                nest.Connect(nrns_rec[i], nrns_rec[j], syn_spec={**base, "weight": spec["w_rec_rec"][j][i]})
    for j in range(n_out):
        for i in range(n_rec):
            nest.Connect(nrns_rec[i], nrns_out[j], syn_spec={**base, "weight": spec["w_rec_out"][j][i]})
    for j in range(n_rec):
        for i in range(n_out):
            nest.Connect(nrns_out[i], nrns_rec[j], syn_spec={
                "synapse_model": "eprop_learning_signal_connection_bsshslm_2020", "delay": 1.0,
                "weight": spec["w_out_rec"][j][i]})
    if spec["out_params"]["loss"] == "cross_entropy":
        for j in range(n_out):
            for i in range(n_out):
                if i != j:
                    nest.Connect(nrns_out[i], nrns_out[j], syn_spec={
                        "synapse_model": "rate_connection_delayed", "delay": 1.0, "receptor_type": 1})
    for k in range(n_out):
        gen_target[k].set(amplitude_times=spec["target_times"], amplitude_values=spec["targets"][k])
        nest.Connect(gen_target[k], nrns_out[k], syn_spec={
            "synapse_model": "rate_connection_delayed", "delay": 1.0, "receptor_type": 2})
    final = nest.Create("spike_generator", {"spike_times": [spec["task"] + 3.0]})
    nest.Connect(final, nrns_in + nrns_rec, syn_spec={"weight": 1000.0})
    nest.Connect(mm_rec, nrns_rec)
    nest.Connect(mm_ad, rec_b)
    nest.Connect(mm_out, nrns_out)
    nest.Connect(nrns_rec, sr)
    for ms in spec["simulate"]:
        nest.Simulate(ms)

    def events(mm):
        ev = mm.events
        return {k: np.asarray(v).tolist() for k, v in ev.items()}

    conns = nest.GetConnections(synapse_model="eprop_synapse_bsshslm_2020")
    res = {
        "mm_rec": events(mm_rec), "mm_ad": events(mm_ad), "mm_out": events(mm_out), "spikes": events(sr),
        "weights": {"source": list(conns.source), "target": list(conns.target), "weight": list(conns.weight)},
    }
    return res


SCENARIOS = [
    {"name": "mse_gd", "seed": 11, "loss": "mean_squared_error",
     "optimizer": {"type": "gradient_descent", "batch_size": 1, "eta": 5e-3, "Wmin": -3.0, "Wmax": 3.0},
     "average": False, "reset": True, "surrogate": "piecewise_linear", "n_iter": 8, "batch": 1},
    {"name": "ce_adam", "seed": 23, "loss": "cross_entropy",
     "optimizer": {"type": "adam", "batch_size": 2, "eta": 5e-3, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8,
                   "Wmin": -100.0, "Wmax": 100.0},
     "average": True, "reset": False, "surrogate": "exponential", "n_iter": 4, "batch": 2},
]


def main() -> None:
    nest.set_verbosity("M_ERROR")
    for sc in SCENARIOS:
        spec = make_spec(**sc)
        res = run(spec)
        (HERE / f"{spec['name']}.json").write_text(json.dumps({"spec": spec, "nest": res}))
        print(spec["name"], "recurrent spikes:", len(res["spikes"]["times"]))


if __name__ == "__main__":
    main()
