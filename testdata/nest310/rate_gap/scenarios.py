"""Rate-neuron and gap-junction scenarios, shared by the NEST 3.10 recorder
(record_rate_gap.py) and gonest's test (tests/python/test_rate_gap_nest310.py).

Each scenario is a function of the ``nest`` module (NEST's or gonest's) and
the thread count; it builds a network, simulates it and returns the
multimeter events as a dict of lists: ``senders``, ``times`` and one list per
recorded quantity.
"""

from __future__ import annotations

RATE_IPN = ["lin_rate_ipn", "tanh_rate_ipn", "threshold_lin_rate_ipn", "sigmoid_rate_ipn",
            "sigmoid_rate_gg_1998_ipn", "gauss_rate_ipn"]
RATE_OPN = ["lin_rate_opn", "tanh_rate_opn", "threshold_lin_rate_opn"]
TRANSFORMERS = ["rate_transformer_lin", "rate_transformer_tanh", "rate_transformer_threshold_lin",
                "rate_transformer_sigmoid", "rate_transformer_sigmoid_gg_1998", "rate_transformer_gauss"]


def _events(nest, mm, keys):
    ev = mm.get("events")
    out = {"senders": [int(s) for s in ev["senders"]], "times": [float(t) for t in ev["times"]]}
    for k in keys:
        out[k] = [float(v) for v in ev[k]]
    return out


def _kernel(nest, threads, use_wfr, resolution=0.1, **extra):
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": resolution, "local_num_threads": threads, "use_wfr": use_wfr, **extra})


def _ipn_ring(nest, threads, use_wfr, models, params, keys=("rate",)):
    """A ring of the models: instantaneous connections forward, delayed
    ones backward, inhibitory and excitatory in turn."""
    _kernel(nest, threads, use_wfr)
    nodes = [nest.Create(m, params=dict(params, mu=0.3 + 0.1 * i)) for i, m in enumerate(models)]
    n = len(nodes)
    for i in range(n):
        w = 0.6 if i % 2 == 0 else -0.4
        nest.Connect(nodes[i], nodes[(i + 1) % n], "one_to_one",
                     {"synapse_model": "rate_connection_instantaneous", "weight": w})
        nest.Connect(nodes[(i + 1) % n], nodes[i], "one_to_one",
                     {"synapse_model": "rate_connection_delayed", "weight": -w / 2, "delay": 1.0 + 0.5 * i})
    mm = nest.Create("multimeter", params={"record_from": list(keys), "interval": 0.1})
    for nd in nodes:
        nest.Connect(mm, nd)
    nest.Simulate(40.0)
    nest.Simulate(15.3)
    return _events(nest, mm, keys)


def rate_ipn_nowfr(nest, threads=1):
    return _ipn_ring(nest, threads, False, RATE_IPN, {"sigma": 0.0, "tau": 4.0, "g": 1.5})


def rate_ipn_wfr(nest, threads=1):
    return _ipn_ring(nest, threads, True, RATE_IPN, {"sigma": 0.0, "tau": 4.0, "g": 1.5})


def rate_ipn_options(nest, threads=1):
    """mult_coupling, linear_summation off, rectify_output, lambda 0."""
    _kernel(nest, threads, False)
    a = nest.Create("lin_rate_ipn", 3, params={"sigma": 0.0, "mu": 0.5, "mult_coupling": True,
                                               "g_ex": 0.8, "theta_ex": 1.5, "g_in": 0.7, "theta_in": 0.2})
    b = nest.Create("tanh_rate_ipn", 2, params={"sigma": 0.0, "mu": 0.2, "linear_summation": False,
                                                "rectify_output": True, "rectify_rate": 0.1, "lambda": 0.0})
    c = nest.Create("threshold_lin_rate_ipn", 2, params={"sigma": 0.0, "mu": 0.4, "theta": 0.2, "alpha": 0.6,
                                                         "linear_summation": False, "mult_coupling": True})
    nest.Connect(a, b, "all_to_all", {"synapse_model": "rate_connection_instantaneous", "weight": 0.9})
    nest.Connect(b, a, "all_to_all", {"synapse_model": "rate_connection_delayed", "weight": -0.8, "delay": 2.0})
    nest.Connect(b, c, "all_to_all", {"synapse_model": "rate_connection_instantaneous", "weight": 1.1})
    nest.Connect(c, a, "all_to_all", {"synapse_model": "rate_connection_instantaneous", "weight": 0.3})
    nest.Connect(c, c, "all_to_all", {"synapse_model": "rate_connection_delayed", "weight": -0.5, "delay": 1.3})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, a + b + c)
    nest.Simulate(60.0)
    return _events(nest, mm, ["rate"])


def rate_opn(nest, threads=1):
    return _ipn_ring(nest, threads, False, RATE_OPN, {"sigma": 0.0, "tau": 3.0},
                     keys=("rate", "noisy_rate"))


def rate_opn_wfr(nest, threads=1):
    return _ipn_ring(nest, threads, True, RATE_OPN, {"sigma": 0.0, "tau": 3.0},
                     keys=("rate", "noisy_rate"))


def rate_transformers(nest, threads=1, use_wfr=False):
    _kernel(nest, threads, use_wfr)
    drive = nest.Create("lin_rate_ipn", 2, params={"sigma": 0.0, "tau": 2.0})
    drive[0].mu = 1.2
    drive[1].mu = -0.4
    tr = [nest.Create(m) for m in TRANSFORMERS]
    tr[2].set(theta=0.1, alpha=0.8)
    tr[5].set(mu=0.3, sigma=0.7)
    sink = nest.Create("lin_rate_ipn", params={"sigma": 0.0, "tau": 5.0})
    for i, t in enumerate(tr):
        if i % 2:
            t.linear_summation = False
        nest.Connect(drive[0], t, "all_to_all", {"synapse_model": "rate_connection_instantaneous", "weight": 0.7})
        nest.Connect(drive[1], t, "all_to_all", {"synapse_model": "rate_connection_delayed", "weight": -0.9,
                                                 "delay": 1.5})
        nest.Connect(t, sink, "all_to_all", {"synapse_model": "rate_connection_instantaneous", "weight": 0.25})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, drive + sum(tr[1:], tr[0]) + sink)
    nest.Simulate(30.0)
    return _events(nest, mm, ["rate"])


def rate_transformers_wfr(nest, threads=1):
    return rate_transformers(nest, threads, True)


def _gap_pair(nest, threads, use_wfr, model, order=3):
    _kernel(nest, threads, use_wfr, resolution=0.05)
    if use_wfr:
        nest.wfr_interpolation_order = order
    n = nest.Create(model, 2)
    if model == "hh_psc_alpha_gap":
        n.I_e = 100.0
        n[0].V_m = -10.0
    else:
        n[0].I_e = 400.0
        n[1].V_m = -70.0
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Connect(n, n, {"rule": "all_to_all", "allow_autapses": False},
                 {"synapse_model": "gap_junction", "weight": 0.5 if model == "hh_psc_alpha_gap" else 20.0})
    nest.Simulate(120.0)
    return _events(nest, mm, ["V_m"])


def gap_pair_nowfr(nest, threads=1):
    return _gap_pair(nest, threads, False, "hh_psc_alpha_gap")


def gap_pair_wfr(nest, threads=1):
    return _gap_pair(nest, threads, True, "hh_psc_alpha_gap")


def gap_pair_wfr_order0(nest, threads=1):
    return _gap_pair(nest, threads, True, "hh_psc_alpha_gap", 0)


def gap_pair_wfr_order1(nest, threads=1):
    return _gap_pair(nest, threads, True, "hh_psc_alpha_gap", 1)


def gap_traub_pair_wfr(nest, threads=1):
    return _gap_pair(nest, threads, True, "hh_cond_beta_gap_traub")


def gap_traub_pair_nowfr(nest, threads=1):
    return _gap_pair(nest, threads, False, "hh_cond_beta_gap_traub")


def _gap_ring(nest, threads, use_wfr):
    """20 hh_psc_alpha_gap in a ring of symmetric gap junctions, driven by
    spike generators and a few chords."""
    _kernel(nest, threads, use_wfr, resolution=0.05)
    n = nest.Create("hh_psc_alpha_gap", 20)
    for i, nd in enumerate(n):
        nd.set(I_e=60.0 + 4.0 * i, V_m=-70.0 + 3.0 * i)
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 12.5, 30.0, 31.0, 55.5]})
    nest.Connect(sg, n[::3], "all_to_all", {"weight": 80.0, "delay": 1.0})
    nest.Connect(n[:10], n[10:], "one_to_one", {"weight": -20.0, "delay": 2.0})
    for i in range(20):
        nest.Connect(n[i], n[(i + 1) % 20], {"rule": "one_to_one", "make_symmetric": True},
                     {"synapse_model": "gap_junction", "weight": 0.4 + 0.02 * i})
    for i in range(0, 20, 5):
        nest.Connect(n[i], n[(i + 7) % 20], {"rule": "one_to_one", "make_symmetric": True},
                     {"synapse_model": "gap_junction", "weight": 0.3})
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.5})
    nest.Connect(mm, n)
    nest.Simulate(80.0)
    return _events(nest, mm, ["V_m"])


def gap_ring_nowfr(nest, threads=1):
    return _gap_ring(nest, threads, False)


def gap_ring_wfr(nest, threads=1):
    return _gap_ring(nest, threads, True)


def rate_step_generator(nest, threads=1, use_wfr=False):
    """step_rate_generator driving rate neurons through delayed connections
    (NEST hands a device's rates over during its update: delay - min_delay)."""
    _kernel(nest, threads, use_wfr)
    g = nest.Create("step_rate_generator", params={"amplitude_times": [5.0, 12.0, 20.0, 33.3],
                                                   "amplitude_values": [1.0, -0.5, 2.0, 0.7],
                                                   "start": 2.0, "stop": 40.0})
    r = nest.Create("lin_rate_ipn", 3, params={"sigma": 0.0, "tau": 3.0})
    nest.Connect(g, r, syn_spec={"synapse_model": "rate_connection_delayed", "weight": 0.8, "delay": 1.5})
    nest.Connect(r[:1], r[1:], syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": -0.6})
    nest.Connect(r[1:], r[:1], syn_spec={"synapse_model": "rate_connection_delayed", "weight": 0.4, "delay": 2.5})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, g + r)
    nest.Simulate(25.0)
    nest.Simulate(25.0)
    return _events(nest, mm, ["rate"])


def rate_step_generator_wfr(nest, threads=1):
    return rate_step_generator(nest, threads, True)


def siegert(nest, threads=1, use_wfr=False):
    """siegert_neurons coupled by diffusion connections, one driving the
    others (the shape of NEST's brunel_siegert_nest.py), covering the three
    cases of Siegert's formula as the rates rise."""
    _kernel(nest, threads, use_wfr)
    ex = nest.Create("siegert_neuron", 2, params={"tau_m": 20.0, "t_ref": 2.0, "theta": 20.0, "V_reset": 10.0})
    ex[1].tau_syn = 0.5
    inh = nest.Create("siegert_neuron", params={"tau_m": 20.0, "t_ref": 2.0, "theta": 20.0, "V_reset": 10.0,
                                                "tau": 2.0})
    drive = nest.Create("siegert_neuron", params={"mean": 20.0})
    nest.Connect(drive, ex + inh, syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 20.0,
                                            "diffusion_factor": 0.02})
    nest.Connect(ex, ex + inh, syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 0.16,
                                         "diffusion_factor": 0.0016})
    nest.Connect(inh, ex + inh, syn_spec={"synapse_model": "diffusion_connection", "drift_factor": -0.2,
                                          "diffusion_factor": 0.008})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, ex + inh + drive)
    nest.Simulate(30.0)
    return _events(nest, mm, ["rate"])


def siegert_wfr(nest, threads=1):
    return siegert(nest, threads, True)


# name -> (function, tolerance on the values, why)
SCENARIOS = {
    "rate_ipn_nowfr": (rate_ipn_nowfr, 1e-9, "noise 0: deterministic, the same operations"),
    "rate_ipn_wfr": (rate_ipn_wfr, 1e-9, "noise 0: deterministic, the same iterations"),
    "rate_ipn_options": (rate_ipn_options, 1e-9, "noise 0: deterministic"),
    "rate_opn": (rate_opn, 1e-9, "noise 0: deterministic"),
    "rate_opn_wfr": (rate_opn_wfr, 1e-9, "noise 0: deterministic"),
    "rate_transformers": (rate_transformers, 1e-9, "deterministic"),
    "rate_transformers_wfr": (rate_transformers_wfr, 1e-9, "deterministic"),
    "rate_step_generator": (rate_step_generator, 1e-9, "deterministic"),
    "rate_step_generator_wfr": (rate_step_generator_wfr, 1e-9, "deterministic"),
    "rate_siegert": (siegert, 1e-9, "quadrature to rounding on both sides; rates up to ~400/s"),
    "rate_siegert_wfr": (siegert_wfr, 1e-9, "quadrature to rounding on both sides; rates up to ~400/s"),
    "gap_pair_nowfr": (gap_pair_nowfr, 1e-6, "adaptive RKF45 as GSL's; issue #15's bound"),
    "gap_pair_wfr": (gap_pair_wfr, 1e-6, "adaptive RKF45 as GSL's; issue #15's bound"),
    "gap_pair_wfr_order0": (gap_pair_wfr_order0, 1e-6, "adaptive RKF45 as GSL's"),
    "gap_pair_wfr_order1": (gap_pair_wfr_order1, 1e-6, "adaptive RKF45 as GSL's"),
    "gap_traub_pair_wfr": (gap_traub_pair_wfr, 1e-6, "adaptive RKF45 as GSL's"),
    "gap_traub_pair_nowfr": (gap_traub_pair_nowfr, 1e-6, "adaptive RKF45 as GSL's"),
    "gap_ring_nowfr": (gap_ring_nowfr, 1e-6, "adaptive RKF45 as GSL's; issue #15's bound"),
    "gap_ring_wfr": (gap_ring_wfr, 1e-6, "adaptive RKF45 as GSL's; issue #15's bound"),
}
