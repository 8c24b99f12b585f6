"""Arithmetic on nest parameters, nest.math and nest.logic: as connection weights and
delays (evaluated by the core) and as node parameters (evaluated in Python).

Statistical checks allow five standard errors (a false failure is about a
one-in-a-million event; the seeds are fixed as well): the standard error of a
mean of n values with standard deviation s is s / sqrt(n), that of their sample
standard deviation about s / sqrt(2 n), which is doubled here for distributions
with heavier tails than the normal one.
"""

from __future__ import annotations

import nest
import numpy as np
import pytest

N_PRE, N_POST = 40, 50
N_CONN = N_PRE * N_POST


def connect_drawn(**syn_spec):
    pre = nest.Create("iaf_psc_alpha", N_PRE)
    post = nest.Create("iaf_psc_alpha", N_POST)
    nest.Connect(pre, post, "all_to_all", syn_spec)
    conns = nest.GetConnections(pre, post)
    assert len(conns) == N_CONN
    return np.array(conns.weight), np.array(conns.delay)


def check_mean_std(values, mean, std, heavy_tails=False):
    n = len(values)
    assert abs(values.mean() - mean) < 5 * std / np.sqrt(n), (values.mean(), mean)
    std_error = std / np.sqrt(2 * n) * (2 if heavy_tails else 1)
    assert abs(values.std() - std) < 5 * std_error, (values.std(), std)


def const(x):
    return nest.CreateParameter("constant", {"value": x})


# -- building expressions ------------------------------------------------------------


def test_plain_parameters_serialize_as_before():
    assert nest.random.uniform(0.5, 1.5)._connect_value() == {"distribution": "uniform", "min": 0.5, "max": 1.5}
    assert nest.random.normal(20, 0.5)._connect_value() == {"distribution": "normal", "mean": 20.0, "std": 0.5}
    assert nest.random.uniform_int(3)._connect_value() == {"distribution": "uniform_int", "max": 3}
    assert const(2.5)._connect_value() == 2.5


def test_expressions_build_trees():
    g = 5.0
    w_in = -g * nest.random.normal(20, 0.5)
    assert isinstance(w_in, nest.Parameter)
    assert w_in._connect_value() == {
        "op": "mul",
        "args": [{"const": -5.0}, {"distribution": "normal", "mean": 20.0, "std": 0.5}],
    }
    p = nest.random.uniform(0.5, 1.5) * 2.0 + 1.0
    assert p._connect_value() == {
        "op": "add",
        "args": [
            {"op": "mul", "args": [{"distribution": "uniform", "min": 0.5, "max": 1.5}, {"const": 2.0}]},
            {"const": 1.0},
        ],
    }
    assert "normal(mean=20.0, std=0.5)" in repr(w_in) and "*" in repr(w_in)
    r = nest.math.redraw(nest.random.normal(), -1, 1)
    assert r._connect_value() == {
        "op": "redraw",
        "args": [{"distribution": "normal", "mean": 0.0, "std": 1.0}],
        "min": -1.0,
        "max": 1.0,
    }
    c = nest.logic.conditional(nest.random.uniform() < 0.5, 1, nest.random.exponential())
    tree = c._connect_value()
    assert tree["op"] == "cond" and tree["args"][0]["op"] == "lt" and tree["args"][1] == {"const": 1.0}
    assert (-nest.random.normal())._connect_value()["op"] == "neg"
    assert +w_in is w_in


@pytest.mark.parametrize(
    "left",
    [np.float64(2.0), np.float32(2.0), np.int64(2), 2, 2.0],
    ids=["float64", "float32", "int64", "int", "float"],
)
def test_numbers_and_numpy_scalars_on_either_side(left):
    p = nest.random.uniform()
    for expr in (left * p, p * left, left + p, left - p, left / p, p**left, p < left, left < p):
        assert isinstance(expr, nest.Parameter), type(expr)
    assert (left * p)._connect_value()["args"][0] == {"const": 2.0}
    assert (left - p)._connect_value()["op"] == "sub"


def test_power_takes_a_number_as_exponent_only():
    # NEST's Parameter has __pow__ with a float exponent and no __rpow__.
    p = nest.random.uniform(1.0, 2.0)
    assert isinstance(p**2, nest.Parameter)
    assert (p**3)._connect_value()["op"] == "pow"
    for left in (2, 2.0, np.float64(2.0)):
        with pytest.raises(TypeError):
            left**p
    with pytest.raises(TypeError):
        p**p
    with pytest.raises(TypeError):
        p % 2


def test_unsupported_operands():
    p = nest.random.uniform()
    with pytest.raises(TypeError):
        p + "a"
    with pytest.raises(TypeError):
        p * [1.0, 2.0]
    with pytest.raises(TypeError):
        np.array([1.0, 2.0]) * p
    with pytest.raises(TypeError):
        nest.math.exp("a")
    with pytest.raises(TypeError):
        nest.math.redraw(p, "a", 1.0)
    with pytest.raises(nest.NESTErrors.BadParameterValue):
        nest.math.redraw(p, 2.0, 1.0)
    assert (p == "a") is False  # falls back to identity
    assert {p: 1}[p] == 1  # still hashable


def test_spatial_parameters_are_spatial():
    assert nest.CreateParameter("distance", {}).is_spatial()
    assert (2 * nest.spatial_distributions.gaussian(nest.spatial.distance.x, std=0.5)).is_spatial()
    assert not (nest.random.uniform() * 2).is_spatial()
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.spatial.distance.GetValue()  # no pair of nodes to measure


def test_modules_are_exposed():
    assert "math" in nest.__all__ and "logic" in nest.__all__
    assert sorted(nest.math.__all__) == ["cos", "exp", "max", "min", "redraw", "sin"]
    assert nest.logic.__all__ == ["conditional"]


# -- GetValue --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, want",
    [
        (lambda: const(2.0) * 3 + 1, 7.0),
        (lambda: 1 - const(4.0), -3.0),
        (lambda: 1 / const(4.0), 0.25),
        (lambda: const(2.0) ** 10, 1024.0),
        (lambda: -const(2.0), -2.0),
        (lambda: nest.math.exp(const(0.0)), 1.0),
        (lambda: nest.math.sin(const(np.pi / 2)), 1.0),
        (lambda: nest.math.cos(const(0.0)), 1.0),
        (lambda: nest.math.min(const(3.0), 2.0), 2.0),
        (lambda: nest.math.max(const(3.0), 2.0), 3.0),
        (lambda: nest.math.redraw(const(1.5), 1.0, 2.0), 1.5),
        (lambda: const(1.0) < 2, 1.0),
        (lambda: const(2.0) <= 1, 0.0),
        (lambda: const(2.0) == 2, 1.0),
        (lambda: const(2.0) != 2, 0.0),
        (lambda: const(2.0) >= 3, 0.0),
        (lambda: const(3.0) > 2, 1.0),
        (lambda: nest.logic.conditional(const(3.0) > 2, 10, 20), 10.0),
        (lambda: nest.logic.conditional(const(1.0) > 2, 10, const(20.0)), 20.0),
    ],
)
def test_get_value_of_constant_expressions(kernel, make, want):
    got = make().GetValue()
    assert isinstance(got, float)
    assert got == pytest.approx(want, rel=1e-15)


def test_get_value_draws(kernel):
    p = nest.random.uniform(0.5, 1.5) * 2.0 + 1.0
    values = [p.GetValue() for _ in range(200)]
    assert all(2.0 <= v < 4.0 for v in values)
    assert len(set(values)) == 200
    r = nest.math.redraw(nest.random.normal(0.0, 1.0), -0.5, 0.5)
    assert all(-0.5 <= r.GetValue() <= 0.5 for _ in range(200))
    with pytest.raises(nest.NESTErrors.KernelException, match="1000"):
        nest.math.redraw(nest.random.uniform(), 5.0, 6.0).GetValue()


# -- connection weights and delays, evaluated by the core ------------------------------


def test_negated_scaled_normal_weight(kernel):
    g = 5.0
    w, _ = connect_drawn(weight=-g * nest.random.normal(20, 0.5))
    check_mean_std(w, -100.0, 2.5)
    nest.ResetKernel()
    w, _ = connect_drawn(weight=-5 * nest.random.normal(20, 0.5))
    check_mean_std(w, -100.0, 2.5)


def test_numpy_scalar_on_the_left_in_connect(kernel):
    w, _ = connect_drawn(weight=np.float64(-5.0) * nest.random.normal(20, 0.5))
    check_mean_std(w, -100.0, 2.5)


def test_affine_uniform_weight_and_expression_delay(kernel):
    w, d = connect_drawn(
        weight=nest.random.uniform(0.5, 1.5) * 2.0 + 1.0,
        delay=nest.math.redraw(nest.random.normal(2.0, 1.0), 1.0, 3.0),
    )
    assert ((w >= 2.0) & (w < 4.0)).all()
    check_mean_std(w, 3.0, 2.0 / np.sqrt(12))
    assert ((d >= 1.0) & (d <= 3.0)).all()
    assert np.unique(d).size > 10


def test_sum_of_independent_draws(kernel):
    # Every use of a parameter draws anew: p - p has mean 0 and std sqrt(2).
    p = nest.random.normal(0.0, 1.0)
    w, _ = connect_drawn(weight=p - p)
    check_mean_std(w, 0.0, np.sqrt(2.0))


def test_math_functions_as_weights(kernel):
    # exp(normal(0, 0.5)) is lognormal(0, 0.5)
    s2 = 0.25
    w, _ = connect_drawn(weight=nest.math.exp(nest.random.normal(0.0, 0.5)))
    check_mean_std(w, np.exp(s2 / 2), np.sqrt((np.exp(s2) - 1) * np.exp(s2)), heavy_tails=True)
    nest.ResetKernel()
    w, _ = connect_drawn(weight=nest.math.max(nest.math.min(nest.random.uniform(), 0.5), 0.25))
    assert ((w >= 0.25) & (w <= 0.5)).all()
    for value, p in ((0.25, 0.25), (0.5, 0.5)):
        count = (w == value).sum()
        assert abs(count - N_CONN * p) < 5 * np.sqrt(N_CONN * p * (1 - p))
    nest.ResetKernel()
    w, _ = connect_drawn(weight=nest.math.sin(nest.random.uniform(0.0, 2 * np.pi)) ** 2)
    check_mean_std(w, 0.5, np.sqrt(3 / 8 - 1 / 4), heavy_tails=True)


def test_conditional_weights(kernel):
    weight = nest.logic.conditional(nest.random.uniform() < 0.2, -5.0, nest.random.uniform(1.0, 2.0))
    w, _ = connect_drawn(weight=weight)
    negative = w == -5.0
    assert ((w[~negative] >= 1.0) & (w[~negative] < 2.0)).all()
    assert abs(negative.sum() - 0.2 * N_CONN) < 5 * np.sqrt(N_CONN * 0.2 * 0.8)


def test_expression_weights_repeat_for_a_seed(kernel):
    def draw(seed):
        nest.ResetKernel()
        nest.rng_seed = seed
        return connect_drawn(weight=2 * nest.random.normal() + nest.random.uniform())[0]

    a, b, c = draw(3), draw(3), draw(4)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_bad_expressions_in_connect(kernel):
    n = nest.Create("iaf_psc_alpha", 3)
    with pytest.raises(nest.NESTErrors.KernelException, match="redraw"):
        nest.Connect(n, n, syn_spec={"weight": nest.math.redraw(nest.random.uniform(), 5.0, 6.0)})
    with pytest.raises(nest.NESTErrors.BadDelay):
        nest.Connect(n, n, syn_spec={"delay": -1.0 * nest.random.uniform(1.0, 2.0)})
    with pytest.raises(nest.NESTErrors.TypeMismatch, match="receptor_type must be an integer"):
        nest.Connect(n, n, syn_spec={"receptor_type": nest.random.uniform(0.1, 0.9) * 2})
    assert nest.num_connections == 0


def test_constant_expression_weight(kernel):
    w, d = connect_drawn(weight=const(2.0) * 3 - 1, delay=const(1.0) + 0.5)
    assert (w == 5.0).all() and (d == 1.5).all()


# -- node parameters, evaluated in Python -------------------------------------------------


def test_create_with_expression(kernel):
    n = nest.Create("iaf_psc_alpha", 2000, params={"V_m": -70.0 + 5.0 * nest.random.normal()})
    check_mean_std(np.array(n.V_m), -70.0, 5.0)
    n.set(V_m=nest.math.redraw(nest.random.normal(-65.0, 10.0), -70.0, -60.0))
    v = np.array(n.V_m)
    assert ((v >= -70.0) & (v <= -60.0)).all()
    n.V_m = nest.logic.conditional(nest.random.uniform() < 0.5, -80.0, -50.0)
    v = np.array(n.V_m)
    assert set(np.unique(v)) == {-80.0, -50.0}
    assert abs((v == -80.0).sum() - 1000) < 5 * np.sqrt(2000 * 0.25)
    n.set(V_m=np.float64(-2.0) * nest.random.uniform(30.0, 35.0))
    v = np.array(n.V_m)
    assert ((v > -70.0) & (v <= -60.0)).all()
    one = nest.Create("iaf_psc_alpha", params={"V_m": -60.0 - nest.random.exponential()})
    assert isinstance(one.V_m, float) and one.V_m <= -60.0


def test_create_with_impossible_redraw(kernel):
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Create("iaf_psc_alpha", 5, params={"V_m": nest.math.redraw(nest.random.uniform(), 5.0, 6.0)})
    assert nest.network_size == 0


def test_each_rng_type_draws_its_own_stream():
    # NEST's rng types are different generators; the same seed must not
    # give the same Python-side draws for all of them.
    draws = {}
    for rng_type in ("mt19937_64", "Philox_32", "Threefry_64"):
        nest.ResetKernel()
        nest.rng_type = rng_type
        p = nest.random.uniform()
        draws[rng_type] = [p.GetValue() for _ in range(5)]
    assert len({tuple(v) for v in draws.values()}) == 3
    nest.ResetKernel()
    nest.rng_type = "Philox_32"
    p = nest.random.uniform()
    assert [p.GetValue() for _ in range(5)] == draws["Philox_32"]  # reproducible
