"""Astrocyte scenarios, shared by the NEST 3.10 recorder (record_astro.py)
and gonest's test (tests/python/test_astro_nest310.py).

Each scenario is a function of the ``nest`` module (NEST's or gonest's) and
the thread count; it builds a network, simulates it and returns a dict of
the recorded data: per multimeter ``<name>_senders``, ``<name>_times`` and
one list per quantity, and the spikes as ``spike_senders``, ``spike_times``.
"""

from __future__ import annotations

ASTRO_KEYS = ["IP3", "Ca_astro", "h_IP3R"]
NEURON_KEYS = ["V_m", "I_SIC", "w", "g_ex"]


def _events(mm, prefix, keys):
    ev = mm.get("events")
    out = {prefix + "_senders": [int(s) for s in ev["senders"]],
           prefix + "_times": [float(t) for t in ev["times"]]}
    for k in keys:
        out[prefix + "_" + k] = [float(v) for v in ev[k]]
    return out


def astro_sic(nest, threads=1):
    """Three astrocytes driven by spike trains (directly and through a
    parrot neuron) and a small current, sending slow inward currents through
    sic_connection (several weights and delays) to aeif_cond_alpha_astro
    neurons that also get spikes; two Simulate calls, 550.3 ms in all."""
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads})
    astro = nest.Create("astrocyte_lr_1994", 3, params=[
        {"Ca_astro": 0.25},
        {"Ca_astro": 0.18, "delta_IP3": 0.0015, "SIC_scale": 1.5},
        {"IP3": 0.4, "Ca_astro": 0.1, "h_IP3R": 0.6, "tau_IP3": 500.0, "SIC_th": 0.15},
    ])
    times = [1.0 + 2.0 * i for i in range(250)]
    sg = nest.Create("spike_generator", params={"spike_times": times})
    parrot = nest.Create("parrot_neuron")
    nest.Connect(sg, parrot)
    nest.Connect(sg, astro[0], syn_spec={"weight": 4.0, "delay": 1.0})
    nest.Connect(parrot, astro[1:], syn_spec={"weight": 2.0, "delay": 1.5})
    dc = nest.Create("dc_generator", params={"amplitude": 0.0004, "start": 100.0, "stop": 350.0})
    nest.Connect(dc, astro[2])

    neurons = nest.Create("aeif_cond_alpha_astro", 4, params=[
        {"I_e": 380.0}, {"I_e": 300.0, "a": 2.0}, {"I_e": 420.0, "t_ref": 2.0}, {"I_e": 0.0}])
    nest.Connect(astro[0], neurons[0], syn_spec={"synapse_model": "sic_connection", "weight": 30.0, "delay": 1.0})
    nest.Connect(astro[0], neurons[1], syn_spec={"synapse_model": "sic_connection", "weight": 60.0, "delay": 2.5})
    nest.Connect(astro[1], neurons[1], syn_spec={"synapse_model": "sic_connection", "weight": 25.0, "delay": 1.0})
    nest.Connect(astro[1:], neurons[2:], "all_to_all",
                 syn_spec={"synapse_model": "sic_connection", "weight": 80.0, "delay": 3.0})
    nest.Connect(parrot, neurons, syn_spec={"weight": 3.0, "delay": 1.2})

    mma = nest.Create("multimeter", params={"record_from": ASTRO_KEYS, "interval": 0.5})
    mmn = nest.Create("multimeter", params={"record_from": NEURON_KEYS, "interval": 0.5})
    sr = nest.Create("spike_recorder")
    nest.Connect(mma, astro)
    nest.Connect(mmn, neurons)
    nest.Connect(neurons, sr)
    nest.Simulate(300.0)
    nest.Simulate(250.3)
    out = _events(mma, "astro", ASTRO_KEYS)
    out.update(_events(mmn, "neuron", NEURON_KEYS))
    ev = sr.get("events")
    out["spike_senders"] = [int(s) for s in ev["senders"]]
    out["spike_times"] = [float(t) for t in ev["times"]]
    return out


SCENARIOS = {"astro_sic": astro_sic}
