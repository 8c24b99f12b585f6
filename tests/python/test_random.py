"""nest.random parameters: connection weights and delays (drawn by the core), node parameters (drawn in Python)."""

from __future__ import annotations

import warnings

import nest
import numpy as np
import pytest

N_CONN = 2000  # connections per distribution check: 40 x 50 all_to_all


def connect_drawn(**syn_spec):
    pre = nest.Create("iaf_psc_alpha", 40)
    post = nest.Create("iaf_psc_alpha", 50)
    nest.Connect(pre, post, "all_to_all", syn_spec)
    conns = nest.GetConnections(pre, post)
    assert len(conns) == N_CONN
    return np.array(conns.weight), np.array(conns.delay)


def mean_tolerance(std: float) -> float:
    # Five standard errors: a false failure is a 1-in-a-million event.
    return 5 * std / np.sqrt(N_CONN)


# -- API ---------------------------------------------------------------------------


def test_functions_make_parameters():
    for param in (
        nest.random.uniform(),
        nest.random.uniform(min=-1.0, max=2.0),
        nest.random.uniform_int(5),
        nest.random.normal(mean=1.0, std=0.5),
        nest.random.lognormal(),
        nest.random.exponential(beta=2.0),
        nest.CreateParameter("normal", {"mean": 2.0}),
        nest.CreateParameter("constant", {"value": 3.0}),
    ):
        assert isinstance(param, nest.Parameter)
        assert not param.is_spatial()
    assert "uniform" in repr(nest.random.uniform(0.5, 1.5))
    assert sorted(nest.random.__all__) == ["exponential", "lognormal", "normal", "uniform", "uniform_int"]


@pytest.mark.parametrize(
    "make, exc",
    [
        (lambda: nest.random.uniform(1.0, 1.0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.uniform(2.0, 1.0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.uniform_int(0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.uniform_int(2.5), nest.NESTErrors.TypeMismatch),
        (lambda: nest.random.normal(std=0.0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.lognormal(std=-1.0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.exponential(beta=0.0), nest.NESTErrors.BadProperty),
        (lambda: nest.random.normal(mean="a"), nest.NESTErrors.TypeMismatch),
        (lambda: nest.CreateParameter("uniform", {"low": 0.0}), nest.NESTErrors.UnaccessedDictionaryEntry),
        (lambda: nest.CreateParameter("constant", {}), nest.NESTErrors.BadProperty),
        (lambda: nest.CreateParameter("no_such_type", {}), nest.NESTErrors.BadProperty),
        (lambda: nest.CreateParameter("gaussian", {}), nest.NESTErrors.BadProperty),  # needs "x"
    ],
)
def test_invalid_parameters(make, exc):
    with pytest.raises(exc):
        make()


def test_arithmetic_builds_new_parameters():
    # Arithmetic is covered in depth by test_parameter_arithmetic.py; here
    # only that each operation yields a new parameter and unary + is a no-op.
    p = nest.random.uniform()
    for op in (lambda: p + 1, lambda: 2 * p, lambda: p / 2, lambda: -p, lambda: p**2, lambda: p < 0.5):
        q = op()
        assert isinstance(q, nest.Parameter) and q is not p
    assert +p is p


def test_get_value(kernel):
    values = [nest.random.uniform(2.0, 3.0).GetValue() for _ in range(100)]
    assert all(2.0 <= v < 3.0 for v in values)
    assert len(set(values)) == 100
    assert nest.CreateParameter("constant", {"value": 4.0}).GetValue() == 4.0
    with pytest.raises(nest.NESTErrors.LayerExpected):
        nest.random.uniform().apply(nest.Create("iaf_psc_alpha"))


# -- weights and delays drawn by the core --------------------------------------------


def test_uniform_weights_and_delays(kernel):
    w, d = connect_drawn(weight=nest.random.uniform(0.5, 1.5), delay=nest.random.uniform(1.0, 3.0))
    assert ((w >= 0.5) & (w < 1.5)).all()
    assert abs(w.mean() - 1.0) < mean_tolerance(1 / np.sqrt(12))
    assert ((d >= 1.0) & (d <= 3.0)).all()
    assert np.allclose(d * 10, np.round(d * 10))  # on the 0.1 ms grid
    assert np.unique(d).size > 10


def test_normal_and_lognormal_weights(kernel):
    w, _ = connect_drawn(weight=nest.random.normal(mean=2.0, std=0.5))
    assert abs(w.mean() - 2.0) < mean_tolerance(0.5)
    assert 0.4 < w.std() < 0.6
    nest.ResetKernel()
    w, _ = connect_drawn(weight=nest.random.lognormal(mean=0.0, std=0.5))
    assert (w > 0).all()
    assert abs(np.log(w).mean()) < mean_tolerance(0.5)


def test_exponential_and_uniform_int_weights(kernel):
    w, _ = connect_drawn(weight=nest.random.exponential(beta=3.0))
    assert (w >= 0).all()
    assert abs(w.mean() - 3.0) < mean_tolerance(3.0)
    nest.ResetKernel()
    w, _ = connect_drawn(weight=nest.random.uniform_int(4))
    assert set(np.unique(w)) == {0.0, 1.0, 2.0, 3.0}


def test_constant_parameter_as_weight(kernel):
    w, _ = connect_drawn(weight=nest.CreateParameter("constant", {"value": 2.5}))
    assert (w == 2.5).all()


def test_connection_draws_repeat_for_a_seed(kernel):
    def draw(seed):
        nest.ResetKernel()
        nest.rng_seed = seed
        w, d = connect_drawn(weight=nest.random.normal(), delay=nest.random.uniform(1.0, 2.0))
        return w, d

    w1, d1 = draw(7)
    w2, d2 = draw(7)
    w3, _ = draw(8)
    assert np.array_equal(w1, w2) and np.array_equal(d1, d2)
    assert not np.array_equal(w1, w3)


def test_drawn_delay_below_resolution_is_rejected(kernel):
    n = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(nest.NESTErrors.BadDelay):
        nest.Connect(n, n, syn_spec={"delay": nest.random.uniform(-2.0, -1.0)})
    assert nest.num_connections == 0


def test_parameters_are_rejected_outside_connection_values(kernel):
    n = nest.Create("iaf_psc_alpha", 2)
    p = nest.random.uniform()
    # receptor_type takes parameters that draw whole numbers, not these.
    with pytest.raises(nest.NESTErrors.TypeMismatch, match="receptor_type must be an integer"):
        nest.Connect(n, n, syn_spec={"receptor_type": p})
    # A model parameter may be drawn, but static_synapse has none.
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry, match="tau_psc"):
        nest.Connect(n, n, syn_spec={"tau_psc": p})
    with pytest.raises(TypeError, match="nest.random parameters are supported only"):
        nest.Connect(n, n, {"rule": "pairwise_bernoulli", "p": p})
    with pytest.raises(ValueError, match="explicit, single parameter values"):
        nest.SetDefaults("static_synapse", {"weight": p})
    with pytest.raises(ValueError, match="explicit, single parameter values"):
        nest.SetDefaults("iaf_psc_alpha", "tau_syn_ex", p)
    with pytest.raises(TypeError, match="nest.random parameters are supported only"):
        nest.CopyModel("static_synapse", "drawn", {"weight": p})
    with pytest.raises(TypeError, match="nest.random parameters are supported only"):
        nest.SetKernelStatus({"rng_seed": p})
    assert nest.num_connections == 0
    assert "drawn" not in nest.synapse_models


# -- node parameters drawn in Python -------------------------------------------------


def test_create_draws_one_value_per_node(kernel):
    n = nest.Create("iaf_psc_alpha", 50, params={"V_m": nest.random.uniform(-70.0, -55.0), "C_m": 200.0})
    v = np.array(n.V_m)
    assert ((v >= -70.0) & (v < -55.0)).all()
    assert np.unique(v).size == 50
    assert set(n.C_m) == {200.0}
    one = nest.Create("iaf_psc_alpha", params={"V_m": nest.random.normal(-65.0, 1.0)})
    assert isinstance(one.V_m, float)


def test_create_with_list_of_dicts_and_set(kernel):
    n = nest.Create("iaf_psc_alpha", 3, params=[{"V_m": nest.random.uniform(-60.0, -59.0)}, {}, {"V_m": -50.0}])
    v = n.V_m
    assert -60.0 <= v[0] < -59.0 and v[1] == nest.GetDefaults("iaf_psc_alpha", "V_m") and v[2] == -50.0
    n.set(V_m=nest.random.uniform(-80.0, -79.0))
    assert all(-80.0 <= x < -79.0 for x in n.V_m)
    n.V_m = nest.random.normal(-40.0, 0.1)
    assert all(-41.0 < x < -39.0 for x in n.V_m)
    n.set([{"V_m": nest.random.uniform(-30.0, -29.0)}, {}, {}])
    assert -30.0 <= n.V_m[0] < -29.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # SetStatus warns once per session
        nest.SetStatus(n, {"V_m": nest.random.uniform(-20.0, -19.0)})
    assert all(-20.0 <= x < -19.0 for x in n.V_m)


def test_node_draws_repeat_for_a_seed_and_differ_between_calls(kernel):
    def draw(seed):
        nest.ResetKernel()
        nest.rng_seed = seed
        a = nest.Create("iaf_psc_alpha", 10, params={"V_m": nest.random.normal(-65.0, 5.0)})
        b = nest.Create("iaf_psc_alpha", 10, params={"V_m": nest.random.normal(-65.0, 5.0)})
        return a.V_m, b.V_m

    first, second = draw(5)
    assert draw(5) == (first, second)
    assert first != second  # each call draws from its own stream
    assert draw(6)[0] != first


def test_uniform_int_node_parameter(kernel):
    n = nest.Create("iaf_psc_alpha", 100, params={"V_m": nest.random.uniform_int(3)})
    assert set(n.V_m) == {0.0, 1.0, 2.0}


def test_parameter_for_a_list_valued_node_parameter_is_rejected(kernel):
    with pytest.raises(TypeError, match="record_from"):
        nest.Create("multimeter", 2, params={"record_from": nest.random.uniform(1.0, 2.0)})
    assert nest.network_size == 0
    mm = nest.Create("multimeter")
    with pytest.raises(TypeError, match="record_from"):
        mm.set(record_from=nest.random.uniform(1.0, 2.0))
    with pytest.raises(TypeError, match="record_from"):
        mm.set([{"record_from": nest.random.uniform(1.0, 2.0)}])


def test_parameter_for_an_unknown_node_parameter_is_reported_by_the_core(kernel):
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        nest.Create("iaf_psc_alpha", 2, params={"no_such_key": nest.random.uniform()})
