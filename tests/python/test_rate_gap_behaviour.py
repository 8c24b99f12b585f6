"""Rate neurons and gap junctions: NEST 3.10's exceptions for bad input,
defaults, and the statistics of noisy rate neurons."""

from __future__ import annotations

import math

import nest
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _reset():
    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")


def test_gap_junction_requires_make_symmetric():
    n = nest.Create("hh_psc_alpha_gap", 3)
    for conn in ("one_to_one", {"rule": "fixed_indegree", "indegree": 1}):
        with pytest.raises(nest.NESTErrors.BadProperty, match="make_symmetric"):
            nest.Connect(n, n, conn, {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.BadProperty, match="make_symmetric"):
        nest.Connect(n[:1], n[1:], "all_to_all", {"synapse_model": "gap_junction"})
    assert nest.num_connections == 0
    nest.Connect(n, n, "all_to_all", {"synapse_model": "gap_junction"})
    assert nest.num_connections == 9
    nest.Connect(n[0], n[1], {"rule": "one_to_one", "make_symmetric": True},
                 {"synapse_model": "gap_junction", "weight": 2.0})
    c = nest.GetConnections(synapse_model="gap_junction")
    assert len(c) == 11
    assert sorted(c.get("weight"))[-2:] == [2.0, 2.0]


def test_gap_junction_has_no_delay():
    n = nest.Create("hh_psc_alpha_gap", 2)
    with pytest.raises(nest.NESTErrors.BadProperty, match="no delay"):
        nest.Connect(n[0], n[1], {"rule": "one_to_one", "make_symmetric": True},
                     {"synapse_model": "gap_junction", "delay": 2.0})
    r = nest.Create("lin_rate_ipn")
    with pytest.raises(nest.NESTErrors.BadProperty, match="rate_connection_delayed"):
        nest.Connect(r, r, syn_spec={"synapse_model": "rate_connection_instantaneous", "delay": 2.0})


def test_rate_connections_onto_spiking_neurons_are_illegal():
    r = nest.Create("lin_rate_ipn")
    i = nest.Create("iaf_psc_alpha")
    for syn in ("rate_connection_instantaneous", "rate_connection_delayed"):
        with pytest.raises(nest.NESTErrors.IllegalConnection, match="target"):
            nest.Connect(r, i, syn_spec={"synapse_model": syn})
        with pytest.raises(nest.NESTErrors.IllegalConnection, match="source"):
            nest.Connect(i, r, syn_spec={"synapse_model": syn})
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(r, r, syn_spec={"synapse_model": "static_synapse"})
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(r, i)
    g = nest.Create("hh_psc_alpha_gap", 2)
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(r, g[0], syn_spec={"synapse_model": "rate_connection_instantaneous"})
    assert nest.num_connections == 0


def test_wfr_comm_interval_rules():
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.SetKernelStatus({"wfr_comm_interval": 0.05})
    assert nest.wfr_comm_interval == 1.0
    nest.SetKernelStatus({"wfr_comm_interval": 2.0})
    assert nest.wfr_comm_interval == 2.0
    n = nest.Create("hh_psc_alpha_gap", 2)
    nest.Connect(n, n, "all_to_all", {"synapse_model": "gap_junction"})
    # Connections without a delay count with wfr_comm_interval.
    assert nest.min_delay == 2.0 and nest.max_delay == 2.0
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.SetKernelStatus({"wfr_comm_interval": 1.0})
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.SetKernelStatus({"wfr_tol": -1.0})
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.SetKernelStatus({"wfr_max_iterations": 0})
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.SetKernelStatus({"use_wfr": False})


def test_without_wfr_min_delay_is_the_resolution():
    nest.use_wfr = False
    assert nest.wfr_comm_interval == nest.resolution
    r = nest.Create("lin_rate_ipn", 2)
    nest.Connect(r, r, syn_spec={"synapse_model": "rate_connection_instantaneous"})
    assert nest.min_delay == nest.resolution
    assert r[0].node_uses_wfr is False


def test_defaults_as_nest():
    d = nest.GetDefaults("lin_rate_ipn")
    for key, val in {"tau": 10.0, "lambda": 1.0, "sigma": 1.0, "std": 1.0, "mu": 0.0, "mean": 0.0,
                     "rectify_rate": 0.0, "linear_summation": True, "rectify_output": False,
                     "mult_coupling": False, "g": 1.0, "g_ex": 1.0, "g_in": 1.0, "theta_ex": 0.0,
                     "theta_in": 0.0, "rate": 0.0, "noise": 0.0, "node_uses_wfr": True}.items():
        assert d[key] == val, key
    assert d["recordables"] == ["noise", "rate"]
    assert nest.GetDefaults("lin_rate_opn")["recordables"] == ["noise", "noisy_rate", "rate"]
    g = nest.GetDefaults("gauss_rate_ipn")
    assert g["sigma"] == 0.0 and g["std"] == 1.0  # the nonlinearity's sigma shows
    assert nest.GetDefaults("threshold_lin_rate_ipn")["alpha"] == math.inf
    t = nest.GetDefaults("rate_transformer_tanh")
    assert t["recordables"] == ["rate"] and t["linear_summation"] is True and "tau" not in t
    for syn, has_delay, sym in (("gap_junction", False, True), ("rate_connection_instantaneous", False, False),
                                ("rate_connection_delayed", True, False)):
        sd = nest.GetDefaults(syn)
        assert sd["has_delay"] is has_delay and sd["requires_symmetric"] is sym and sd["weight"] == 1.0
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Create("lin_rate_ipn", params={"tau": 0.0})
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Create("lin_rate_opn", params={"sigma": -1.0})


@pytest.mark.parametrize("threads", [1, 2])
def test_noisy_rate_ipn_statistics(threads):
    """The input-noise unit is an Ornstein-Uhlenbeck process: stationary
    mean mu/lambda and variance sigma^2/(2 lambda) (exactly, for the
    exponential Euler scheme NEST uses). 2000 independent units sampled
    once after many time constants; each moment within 3 standard errors."""
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 11, "use_wfr": False})
    mu, sigma, lam, tau = 1.5, 0.8, 2.0, 5.0
    n = 2000
    r = nest.Create("lin_rate_ipn", n, params={"mu": mu, "sigma": sigma, "lambda": lam, "tau": tau})
    nest.Simulate(60.0)
    x = np.array(r.rate)
    mean, var = mu / lam, sigma**2 / (2 * lam)
    assert abs(x.mean() - mean) < 3 * math.sqrt(var / n)
    assert abs(x.var(ddof=1) - var) < 3 * var * math.sqrt(2 / (n - 1))
    noise = np.array(r.noise)
    assert abs(noise.mean()) < 3 * sigma / math.sqrt(n)
    assert abs(noise.std(ddof=1) - sigma) < 3 * sigma / math.sqrt(2 * (n - 1))


def test_noisy_rate_opn_statistics():
    """The output-noise unit sends rate + sqrt(tau/h) sigma xi: its noisy
    rate scatters around the deterministic rate with that spread."""
    nest.SetKernelStatus({"rng_seed": 5, "use_wfr": False})
    n, sigma, tau = 2000, 0.3, 4.0
    r = nest.Create("lin_rate_opn", n, params={"mu": 1.0, "sigma": sigma, "tau": tau})
    nest.Simulate(30.0)
    d = np.array(r.noisy_rate) - np.array(r.rate)
    # noisy_rate was taken at the start of the last step, rate at its end:
    # rate(t+h) - rate(t) = (1 - exp(-h/tau)) (mu - rate(t)) is tiny here.
    sd = math.sqrt(tau / nest.resolution) * sigma
    assert abs(d.mean()) < 3 * sd / math.sqrt(n) + 1e-3
    assert abs(d.std(ddof=1) - sd) < 3 * sd / math.sqrt(2 * (n - 1))


def test_seeded_noisy_runs_repeat():
    def run():
        nest.ResetKernel()
        nest.SetKernelStatus({"rng_seed": 3, "local_num_threads": 2})
        r = nest.Create("tanh_rate_ipn", 4)
        nest.Connect(r, r, syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": 0.1})
        mm = nest.Create("multimeter", params={"record_from": ["rate", "noise"]})
        nest.Connect(mm, r)
        nest.Simulate(20.0)
        return mm.events["rate"].copy()

    np.testing.assert_array_equal(run(), run())
