"""stdp_pl_synapse_hom in a recurrent network: every weight is the rule applied to the spikes.

A small version of the HPC benchmark network (iaf_psc_alpha, E->E through
stdp_pl_synapse_hom_hpc, fixed indegree with multapses, Poisson drive, two
threads) runs for 50 + 100 ms while every excitatory spike is recorded.
Each E->E connection of the first sources must then hold the weight that
NEST 3.10's rule (models/stdp_pl_synapse_hom.h; Morrison et al. 2007)
gives for the recorded presynaptic and postsynaptic spike trains:

- at each presynaptic spike t that has been delivered, for every
  postsynaptic spike t_post with t_last - d < t_post <= t - d:
  w <- w + lambda w^mu K+ exp((t_last - t_post - d) / tau_plus);
- then w <- max(0, w - lambda alpha w K-(t - d)), K- being the sum of
  exp(-(t - d - t_post) / tau_minus) over postsynaptic spikes strictly
  before t - d;
- then K+ <- K+ exp((t_last - t) / tau_plus) + 1, t_last <- t.

Spikes reach synapses at the start of the min-delay slice after the one
in which they were emitted, so at the end of the run the weights include
the presynaptic spikes with stamps up to T - min_delay (T a multiple of
min_delay). The same check run with NEST 3.10 passes to 5e-16 relative.
The tolerance, 1e-12 relative, leaves room for the rounding of the
recomputation's own exp and pow.
"""

import math

import nest
import numpy as np
import pytest

LAMBDA, ALPHA, MU, TAU_PLUS, TAU_MINUS, DELAY = 0.1, 0.0513, 0.4, 15.0, 30.0, 1.5
W0 = 45.0
EPS = 1e-6  # NEST's stdp_eps (ms)


def expected_weight(pre, post, t_end):
    """The weight of one connection after the presynaptic spikes pre (ms) up to t_end."""
    w, kplus, t_last = W0, 0.0, 0.0
    for t in pre:
        if t > t_end + 1e-9:
            break
        for tp in post:
            if t_last - DELAY + EPS <= tp < t - DELAY + EPS:
                w += (
                    LAMBDA
                    * w**MU
                    * (kplus * math.exp((t_last - (tp + DELAY)) / TAU_PLUS))
                )
        kminus = sum(
            math.exp(-(t - DELAY - tp) / TAU_MINUS)
            for tp in post
            if t - DELAY - tp > EPS
        )
        w = max(0.0, w - LAMBDA * ALPHA * w * kminus)
        kplus = kplus * math.exp((t_last - t) / TAU_PLUS) + 1.0
        t_last = t
    return w


@pytest.mark.parametrize("threads", [1, 2])
def test_network_weights_follow_the_rule(kernel, threads):
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=12345)
    n_e, n_i = 400, 100
    tau_syn = 0.32582722403722841
    model = {
        "E_L": 0.0,
        "C_m": 250.0,
        "tau_m": 10.0,
        "t_ref": 0.5,
        "V_th": 20.0,
        "V_reset": 0.0,
        "tau_syn_ex": tau_syn,
        "tau_syn_in": tau_syn,
        "tau_minus": TAU_MINUS,
    }
    exc = nest.Create("iaf_psc_alpha", n_e, params=model)
    inh = nest.Create("iaf_psc_alpha", n_i, params=model)
    (exc + inh).V_m = nest.random.normal(5.7, 7.2)
    drive = nest.Create("poisson_generator", params={"rate": 20856.0})
    recorder = nest.Create("spike_recorder")
    nest.CopyModel("static_synapse_hpc", "syn_ex", {"weight": W0, "delay": DELAY})
    nest.CopyModel(
        "static_synapse_hpc", "syn_in", {"weight": -5.0 * W0, "delay": DELAY}
    )
    nest.SetDefaults(
        "stdp_pl_synapse_hom_hpc",
        {
            "delay": DELAY,
            "alpha": ALPHA,
            "lambda": LAMBDA,
            "mu": MU,
            "tau_plus": TAU_PLUS,
            "weight": W0,
        },
    )
    rule = {"rule": "fixed_indegree", "allow_autapses": False, "allow_multapses": True}
    nest.Connect(drive, exc + inh, "all_to_all", "syn_ex")
    nest.Connect(exc, exc, dict(rule, indegree=n_e), "stdp_pl_synapse_hom_hpc")
    nest.Connect(inh, exc, dict(rule, indegree=n_i), "syn_in")
    nest.Connect(exc, inh, dict(rule, indegree=n_e), "syn_ex")
    nest.Connect(inh, inh, dict(rule, indegree=n_i), "syn_in")
    nest.Connect(exc, recorder, "all_to_all", "syn_ex")
    nest.Simulate(51.0)
    nest.Simulate(99.0)
    min_delay = nest.GetKernelStatus("min_delay")
    assert min_delay == DELAY
    events = recorder.get("events")
    trains = {}
    for sender, t in zip(events["senders"], events["times"]):
        trains.setdefault(int(sender), []).append(float(t))
    assert len(events["times"]) > 5 * n_e  # the network is active (> 33 Hz)
    sources = exc[:10]
    conns = nest.GetConnections(sources, exc)
    got = np.asarray(conns.get("weight"), dtype=float)
    want = np.array(
        [
            expected_weight(
                sorted(trains.get(s, [])), sorted(trains.get(t, [])), 150.0 - min_delay
            )
            for s, t in zip(conns.get("source"), conns.get("target"))
        ]
    )
    assert len(got) > 3000
    assert np.count_nonzero(got != W0) > len(got) // 2  # plasticity acted
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
