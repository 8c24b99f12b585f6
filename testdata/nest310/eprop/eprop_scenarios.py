"""E-prop scenarios run both by NEST 3.10 (record_eprop.py) and by gonest (tests).

``sine_wave`` builds the network of NEST's example
``pynest/examples/eprop_plasticity/eprop_supervised_regression_sine-waves.py``
(100 frozen-noise inputs through parrots, 100 recurrent e-prop neurons, one
readout, the learning signal fed back, a step_rate_generator for the target
and one for the learning window, all delays one step, numpy seed 1) with
the same parameters, but a number of iterations (1000-step sequences) to
choose, the recurrent model, the optimizer and a few recording switches.
It returns the loss per iteration as the example computes it, samples of
the recorded dynamics and the weights after training. The function takes
the ``nest`` module to use, so the same code drives both simulators.
"""

from __future__ import annotations

import numpy as np

SEQUENCE = 1000  # steps of one sequence


def _superimposed_sines(steps, periods, rng):
    # as the example: random amplitudes and phases, shifted to start at 0
    # and scaled to a maximum of 1
    amplitudes = rng.uniform(low=0.5, high=2.0, size=len(periods))
    phases = rng.uniform(low=0.0, high=2.0 * np.pi, size=len(periods))
    total = sum(
        a * np.sin(np.linspace(phi, phi + 2.0 * np.pi * (steps // period), steps))
        for a, phi, period in zip(amplitudes, phases, periods)
    )
    total -= total[0]
    total /= max(np.abs(total).max(), 1e-6)
    return total


def sine_wave(
    nest,
    n_iter=5,
    model_nrn_rec="eprop_iaf",
    optimizer="gradient_descent",
    optimize_each_step=False,
    batch_size=1,
    n_record_trace=300,
    threads=1,
):
    """Run the sine-wave regression task; see the module docstring."""
    np.random.seed(1)
    rng = np.random  # the example draws everything from numpy's global stream
    n_in, n_rec, n_out = 100, 100, 1
    step = 1.0
    offset_gen, delay_in_rec = 1, 1
    task = n_iter * SEQUENCE
    total_offset = offset_gen + delay_in_rec
    sim_steps = task + total_offset + 3

    nest.ResetKernel()
    nest.set(resolution=step, total_num_virtual_procs=threads, print_time=False)

    params_out = {"C_m": 1.0, "E_L": 0.0, "eprop_isi_trace_cutoff": 100, "I_e": 0.0, "tau_m": 30.0, "V_m": 0.0}
    params_rec = {
        "C_m": 1.0,
        "c_reg": 300.0 / SEQUENCE,
        "E_L": 0.0,
        "eprop_isi_trace_cutoff": 100,
        "f_target": 10.0,
        "flush_event_send_interval": float(SEQUENCE),
        "I_e": 0.0,
        "kappa": 0.97,
        "kappa_reg": 0.97,
        "surrogate_gradient_function": "piecewise_linear",
        "surrogate_gradient_height": 10.0,
        "surrogate_gradient_width": 1.0 / 33.3,
        "t_ref": 0.0,
        "tau_m": 30.0,
        "V_m": 0.0,
        "V_th": 0.03,
    }
    scale = 1.0 - params_rec["kappa"]
    if model_nrn_rec == "eprop_iaf_adapt":
        params_rec["adapt_beta"] = 0.0
    if model_nrn_rec in ("eprop_iaf_psc_delta", "eprop_iaf_psc_delta_adapt"):
        params_rec["V_reset"] = -0.5
        params_rec["c_reg"] = 2.0 / SEQUENCE / scale**2
        params_rec["V_th"] = 0.5

    gen_in = nest.Create("spike_generator", n_in)
    parrots = nest.Create("parrot_neuron", n_in)
    rec = nest.Create(model_nrn_rec, n_rec, params_rec)
    out = nest.Create("eprop_readout", n_out, params_out)
    gen_target = nest.Create("step_rate_generator", n_out)
    gen_window = nest.Create("step_rate_generator")

    mm_rec = nest.Create(
        "multimeter",
        {"interval": step, "record_from": ["V_m", "surrogate_gradient", "learning_signal"],
         "start": float(total_offset), "stop": float(total_offset + n_record_trace)},
    )
    mm_out = nest.Create(
        "multimeter",
        {"interval": step, "record_from": ["V_m", "readout_signal", "target_signal", "error_signal"],
         "start": float(total_offset), "stop": float(total_offset + task)},
    )
    sr_rec = nest.Create("spike_recorder", {"start": float(offset_gen), "stop": float(total_offset + task)})

    w_in = np.array(rng.randn(n_in, n_rec).T / np.sqrt(n_in), dtype=np.float32)
    w_rec = np.array(rng.randn(n_rec, n_rec).T / np.sqrt(n_rec), dtype=np.float32)
    np.fill_diagonal(w_rec, 0.0)
    w_out = np.array(rng.randn(n_rec, n_out).T / np.sqrt(n_rec), dtype=np.float32) * scale
    w_fb = np.array(rng.randn(n_rec, n_out) / np.sqrt(n_rec), dtype=np.float32)
    if model_nrn_rec == "eprop_iaf":
        w_in *= scale
        w_rec *= scale
        w_fb *= scale
    elif model_nrn_rec in ("eprop_iaf_psc_delta", "eprop_iaf_psc_delta_adapt"):
        w_fb /= scale

    opt = {"type": optimizer, "batch_size": batch_size, "eta": 1e-4 * scale**2,
           "optimize_each_step": optimize_each_step, "Wmin": -100.0, "Wmax": 100.0}
    nest.SetDefaults("eprop_synapse", {"optimizer": opt})
    syn = {"synapse_model": "eprop_synapse", "delay": step}
    static = {"synapse_model": "static_synapse", "delay": step}
    all_to_all = {"rule": "all_to_all", "allow_autapses": False}
    one_to_one = {"rule": "one_to_one"}

    nest.Connect(gen_in, parrots, one_to_one, static)
    nest.Connect(parrots, rec, all_to_all, dict(syn, weight=w_in))
    nest.Connect(rec, rec, all_to_all, dict(syn, weight=w_rec))
    nest.Connect(rec, out, all_to_all, dict(syn, weight=w_out))
    nest.Connect(out, rec, all_to_all,
                 {"synapse_model": "eprop_learning_signal_connection", "delay": step, "weight": w_fb})
    nest.Connect(gen_target, out, one_to_one,
                 {"synapse_model": "rate_connection_delayed", "delay": step, "receptor_type": 2})
    nest.Connect(gen_window, out, all_to_all,
                 {"synapse_model": "rate_connection_delayed", "delay": step, "receptor_type": 1})
    nest.Connect(rec, sr_rec, all_to_all, static)
    nest.Connect(mm_rec, rec[:1], all_to_all, static)
    nest.Connect(mm_out, out, all_to_all, static)

    spike_bools = (rng.rand(SEQUENCE, n_in) < 0.05).swapaxes(0, 1)
    starts = np.arange(0.0, float(task), SEQUENCE * step) + offset_gen
    grid = np.arange(0.0, SEQUENCE * step, step)
    gen_in.set([
        {"spike_times": np.hstack([grid[b] + s for s in starts]).astype(np.float32)} for b in spike_bools
    ])
    target = _superimposed_sines(SEQUENCE, [1000, 500, 333, 200], rng)
    gen_target.set({"amplitude_times": np.arange(0.0, float(task), step) + total_offset,
                    "amplitude_values": np.tile(target, n_iter)})
    gen_window.set({"amplitude_times": [float(total_offset)], "amplitude_values": [1.0]})
    final = nest.Create("spike_generator", 1, {"spike_times": [float(task + delay_in_rec)]})
    nest.Connect(final, parrots + rec, "all_to_all", {"weight": 1000.0})

    nest.Simulate(float(sim_steps))

    ev = mm_out.get("events")
    readout = np.asarray(ev["readout_signal"]).reshape(n_iter, SEQUENCE)
    tsig = np.asarray(ev["target_signal"]).reshape(n_iter, SEQUENCE)
    loss = 0.5 * np.sum((readout - tsig) ** 2, axis=1)

    er = mm_rec.get("events")
    spikes = sr_rec.get("events")

    def weights(pre, post):
        c = nest.GetConnections(pre, post).get(["source", "target", "weight"])
        order = np.lexsort((np.asarray(c["target"]), np.asarray(c["source"])))
        return np.asarray(c["weight"], dtype=float)[order]

    return {
        "loss": loss.tolist(),
        "rec_times": np.asarray(er["times"]).tolist(),
        "rec_V_m": np.asarray(er["V_m"]).tolist(),
        "rec_surrogate_gradient": np.asarray(er["surrogate_gradient"]).tolist(),
        "rec_learning_signal": np.asarray(er["learning_signal"]).tolist(),
        "out_V_m": np.asarray(ev["V_m"])[:n_record_trace].tolist(),
        "out_error_signal": np.asarray(ev["error_signal"])[:n_record_trace].tolist(),
        "n_spikes_rec": len(spikes["times"]),
        "w_in_rec": weights(parrots, rec)[:200].tolist(),
        "w_rec_rec": weights(rec, rec)[:200].tolist(),
        "w_rec_out": weights(rec, out).tolist(),
    }


def _small_spec():
    n_in = 4
    in_times = [sorted({3 + i + 7 * k + (k * k * (i + 1)) % 5 for k in range(40) if 3 + i + 7 * k < 295})
                for i in range(n_in)]
    common = {"C_m": 1.0, "E_L": 0.0, "V_m": 0.0, "tau_m": 20.0, "c_reg": 0.3, "f_target": 10.0,
              "kappa": 0.9, "kappa_reg": 0.95, "eprop_isi_trace_cutoff": 25.0, "flush_event_send_interval": 15.0,
              "surrogate_gradient_height": 2.0, "surrogate_gradient_width": 0.2}
    rec = [
        ("eprop_iaf", dict(common, V_th=0.1, t_ref=0.0, surrogate_gradient_function="piecewise_linear")),
        ("eprop_iaf_adapt", dict(common, V_th=0.1, t_ref=1.0, adapt_beta=0.5, adapt_tau=30.0,
                                 surrogate_gradient_function="exponential")),
        ("eprop_iaf_psc_delta", dict(common, V_th=0.5, V_reset=-0.3, t_ref=2.0,
                                     surrogate_gradient_function="fast_sigmoid_derivative")),
        ("eprop_iaf_psc_delta_adapt", dict(common, V_th=0.5, V_reset=-0.3, t_ref=2.0, adapt_beta=0.3,
                                           adapt_tau=25.0, refractory_input=True,
                                           surrogate_gradient_function="arctan_derivative")),
        ("eprop_iaf", dict(common, V_th=0.1, t_ref=0.0, ignore_and_spike=True, ignore_and_spike_offset=3.0,
                           ignore_and_spike_interval=17.0)),
    ]
    in_w = [0.06, 0.05, 0.4, 0.35, 0.05]  # per recurrent neuron, scaled per input below
    conns = []
    for j, w in enumerate(in_w):
        for i in range(n_in):
            conns.append(["in", i, "rec", j, "eprop_synapse", round(w * (1.0 + 0.3 * ((i + j) % 3 - 1)), 6)])
    for j in range(len(rec)):
        for i in range(len(rec)):
            if i != j:
                conns.append(["rec", i, "rec", j, "eprop_synapse", round(0.02 * ((i * 3 + j) % 5 - 2), 6)])
    for i in range(len(rec)):
        conns.append(["rec", i, "out", 0, "eprop_synapse_hpc", round(0.1 * (i % 3 - 0.7), 6)])
    return {
        "resolution": 1.0,
        "in_times": [[float(x) for x in ts] for ts in in_times],
        "rec": [[m, p] for m, p in rec],
        "out_params": {"C_m": 1.0, "E_L": 0.0, "V_m": 0.0, "tau_m": 15.0, "eprop_isi_trace_cutoff": 40.0},
        "optimizers": {
            "eprop_synapse": {"type": "gradient_descent", "eta": 0.05, "optimize_each_step": False,
                              "Wmin": -1.0, "Wmax": 1.0},
            "eprop_synapse_hpc": {"type": "adam", "eta": 0.01, "batch_size": 2, "optimize_each_step": True,
                                  "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6},
        },
        "conns": conns,
        "feedback": [round(0.3 * (1 - 0.4 * j), 6) for j in range(len(rec))],
        "target": {"amplitude_times": [float(t) for t in range(2, 300, 10)],
                   "amplitude_values": [round(0.5 * ((t * 7) % 11) / 11.0, 6) for t in range(2, 300, 10)]},
        "window": {"amplitude_times": [2.0, 151.0], "amplitude_values": [1.0, 0.5]},
        "simulate": [137.0, 166.0],
    }


SMALL_SPEC = _small_spec()


def small_network(nest, spec=SMALL_SPEC):
    """A few e-prop neurons of every model, three optimizer settings.

    Nodes in creation order: the input spike_generators, their parrots, the
    recurrent neurons (spec["rec"]), the readout, the target and the
    learning-window step_rate_generators, then the two multimeters. After
    each Simulate call the weights of all e-prop connections (in
    spec["conns"] order) are kept; at the end the multimeters' events.
    """
    nest.ResetKernel()
    nest.set(resolution=spec["resolution"], print_time=False)
    n_in = len(spec["in_times"])
    gens = nest.Create("spike_generator", n_in)
    parrots = nest.Create("parrot_neuron", n_in)
    rec = [nest.Create(m, 1, p) for m, p in spec["rec"]]
    out = nest.Create("eprop_readout", 1, spec["out_params"])
    target = nest.Create("step_rate_generator", 1, spec["target"])
    window = nest.Create("step_rate_generator", 1, spec["window"])
    mm_rec = nest.Create("multimeter", {"interval": 1.0, "record_from": [
        "V_m", "surrogate_gradient", "learning_signal", "eprop_history_duration"]})
    mm_out = nest.Create("multimeter", {"interval": 1.0, "record_from": [
        "V_m", "readout_signal", "target_signal", "error_signal", "eprop_history_duration"]})
    for g, ts in zip(gens, spec["in_times"]):
        g.set(spike_times=ts)
    for model, opt in spec["optimizers"].items():
        nest.SetDefaults(model, {"optimizer": opt})
    nest.Connect(gens, parrots, "one_to_one")
    pops = {"in": list(parrots), "rec": rec, "out": [out]}
    for pre, i, post, j, model, w in spec["conns"]:
        nest.Connect(pops[pre][i], pops[post][j], "one_to_one", {"synapse_model": model, "weight": w, "delay": 1.0})
    for j, w in enumerate(spec["feedback"]):
        nest.Connect(out, rec[j], "one_to_one",
                     {"synapse_model": "eprop_learning_signal_connection", "weight": w, "delay": 1.0})
    nest.Connect(target, out, "one_to_one", {"synapse_model": "rate_connection_delayed", "receptor_type": 2, "delay": 1.0})
    nest.Connect(window, out, "one_to_one", {"synapse_model": "rate_connection_delayed", "receptor_type": 1, "delay": 1.0})
    for r in rec:
        nest.Connect(mm_rec, r)
    nest.Connect(mm_out, out)

    weights = []
    for ms in spec["simulate"]:
        nest.Simulate(ms)
        ws = []
        for pre, i, post, j, model, _ in spec["conns"]:
            c = nest.GetConnections(pops[pre][i], pops[post][j], synapse_model=model)
            ws.append(float(c.get("weight")))
        weights.append(ws)
    er, eo = mm_rec.get("events"), mm_out.get("events")
    return {
        "weights": weights,
        "rec": {k: np.asarray(er[k]).tolist() for k in (
            "senders", "times", "V_m", "surrogate_gradient", "learning_signal", "eprop_history_duration")},
        "out": {k: np.asarray(eo[k]).tolist() for k in (
            "times", "V_m", "readout_signal", "target_signal", "error_signal", "eprop_history_duration")},
    }
