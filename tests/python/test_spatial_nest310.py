"""gonest's spatial networks against NEST 3.10 (testdata/nest310/spatial/reference.json).

Tolerances: grid positions, displacements and distances are computed with
NEST's operations in the same order, so they must be equal to the last
bit; free layers are given explicit positions, so their values may differ
only by rounding (1e-12). Mask selections and the connections of p = 1
rules must be the same sets of node pairs. Random connections are drawn
from other streams than NEST's, so their statistics are compared: the mean
over a few gonest seeds must lie within 3 standard errors of the mean over
NEST's 20 seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np
import pytest

REF = json.loads(
    (Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "spatial" / "reference.json").read_text()
)
FREE_TOL = 1e-12


def _positions(spec):
    if "grid" in spec:
        return nest.spatial.grid(**spec["grid"])
    return nest.spatial.free(**spec["free"])


@pytest.mark.parametrize("name", sorted(REF["layers"]))
def test_layer_geometry(name):
    case = REF["layers"][name]
    nest.ResetKernel()
    layer = nest.Create("iaf_psc_alpha", positions=_positions(case["spec"]))
    exact = "grid" in case["spec"]
    tol = 0.0 if exact else FREE_TOL

    def same(a, b):
        np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=tol)

    same(layer.spatial["center"], case["center"])
    same(layer.spatial["extent"], case["extent"])
    same(nest.GetPosition(layer), case["positions"])
    for i in range(len(layer)):
        same(nest.Displacement(layer[i], layer), case["displacement"][i])
        same(nest.Distance(layer[i], layer), case["distance"][i])
    same(nest.Displacement([case["point"]], layer), case["displacement_from_point"])
    same(nest.Distance([case["point"]], layer), case["distance_from_point"])
    assert nest.FindCenterElement(layer).tolist() == case["center_element"]


def _mask(name, table, set_ops):
    if name in set_ops:
        a, b, op = set_ops[name]
        ma, mb = _mask(a, table, set_ops), _mask(b, table, set_ops)
        return {"or": ma | mb, "and": ma & mb, "minus": ma - mb}[op]
    spec = dict(table[name])
    anchor = spec.pop("anchor", None)
    ((kind, params),) = spec.items()
    return nest.CreateMask(kind, params, anchor=anchor)


MASKS_2D = {
    "circular": {"circular": {"radius": 0.25}},
    "circular_anchor": {"circular": {"radius": 0.2, "anchor": [0.1, -0.1]}},
    "rectangular": {"rectangular": {"lower_left": [-0.2, -0.1], "upper_right": [0.3, 0.2]}},
    "rectangular_rotated": {
        "rectangular": {"lower_left": [-0.3, -0.1], "upper_right": [0.3, 0.1], "azimuth_angle": 30.0}
    },
    "elliptical": {"elliptical": {"major_axis": 0.6, "minor_axis": 0.3, "azimuth_angle": 45.0}},
    "doughnut": {"doughnut": {"inner_radius": 0.1, "outer_radius": 0.3}},
    "grid": {"grid": {"shape": [3, 2]}, "anchor": [1, 0]},
    "rect_outer_anchor": {"rectangular": {"lower_left": [-0.1, -0.1], "upper_right": [0.1, 0.1]}, "anchor": [0.2, 0.0]},
}
SET_OPS = {
    "union": ("circular", "rectangular", "or"),
    "intersection": ("circular", "elliptical", "and"),
    "difference": ("rectangular", "circular_anchor", "minus"),
}
MASKS_3D = {
    "spherical": {"spherical": {"radius": 0.3}},
    "box": {"box": {"lower_left": [-0.2, -0.3, -0.1], "upper_right": [0.3, 0.2, 0.25]}},
    "box_rotated": {
        "box": {
            "lower_left": [-0.3, -0.1, -0.1],
            "upper_right": [0.3, 0.1, 0.1],
            "azimuth_angle": 30.0,
            "polar_angle": 20.0,
        }
    },
    "ellipsoidal": {
        "ellipsoidal": {"major_axis": 0.7, "minor_axis": 0.4, "polar_axis": 0.5, "azimuth_angle": 20.0}
    },
}


def _mask_cases():
    for group, table, ops in (("masks_2d", MASKS_2D, SET_OPS), ("masks_3d", MASKS_3D, {})):
        for key in sorted(REF[group]["cases"]):
            yield pytest.param(group, key, table, ops, id=f"{group}-{key}")


@pytest.mark.parametrize(("group", "key", "table", "ops"), list(_mask_cases()))
def test_mask_membership(group, key, table, ops):
    ref = REF[group]
    case = ref["cases"][key]
    nest.ResetKernel()
    layer = nest.Create(
        "iaf_psc_alpha",
        positions=nest.spatial.grid(shape=ref["shape"], extent=ref["extent"], edge_wrap=case["edge_wrap"]),
    )
    mask = _mask(case["mask"], table, ops)
    anchor = [0.0] * len(ref["shape"])
    assert nest.SelectNodesByMask(layer, anchor, mask).tolist() == case["select_at_origin"]
    if case["pairs"] is None:
        return
    spec = {"rule": "pairwise_bernoulli", "p": 1.0, "mask": table[case["mask"]]}
    if case["use_on_source"]:
        spec["use_on_source"] = True
    nest.Connect(layer, layer, spec)
    conns = nest.GetConnections()
    pairs = sorted(zip(conns.source, conns.target, strict=True))
    assert pairs == [tuple(p) for p in case["pairs"]]


def _gonest_stats(seed):
    nest.ResetKernel()
    nest.rng_seed = seed
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
    p = nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.1)
    nest.Connect(
        layer,
        layer,
        {"rule": "pairwise_bernoulli", "p": p, "mask": {"circular": {"radius": 0.3}}},
        {"weight": 1.0 + 2.0 * nest.spatial.distance, "delay": 1.0 + nest.spatial.distance},
    )
    c = nest.GetConnections()
    other = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
    nest.Connect(
        other,
        other,
        {
            "rule": "fixed_indegree",
            "indegree": 20,
            "p": nest.spatial_distributions.exponential(nest.spatial.distance, beta=0.1),
            "mask": {"circular": {"radius": 0.4}},
        },
    )
    c2 = nest.GetConnections(other, other)
    src = np.array(c2.source) - other[0].global_id
    tgt = np.array(c2.target) - other[0].global_id
    assert np.all(np.bincount(tgt, minlength=900) == 20)
    pos = np.array(nest.GetPosition(other))
    dd = pos[tgt] - pos[src]
    dd -= np.round(dd)
    third = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
    nest.Connect(
        third,
        third,
        {
            "rule": "fixed_outdegree",
            "outdegree": 15,
            "p": nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.15),
            "mask": {"circular": {"radius": 0.4}},
            "allow_multapses": False,
        },
    )
    c3 = nest.GetConnections(third, third)
    assert np.all(np.bincount(np.array(c3.source) - third[0].global_id, minlength=900) == 15)
    indeg = np.bincount(np.array(c3.target) - third[0].global_id, minlength=900)
    return {
        "bernoulli_count": len(c),
        "weight_mean": float(np.mean(c.weight)),
        "delay_mean": float(np.mean(c.delay)),
        "indegree_distance_mean": float(np.sqrt((dd * dd).sum(axis=1)).mean()),
        "outdegree_indegree_var": float(indeg.var()),
    }


def test_random_spatial_connections_match_nest_statistics():
    ours = [_gonest_stats(seed) for seed in range(11, 17)]
    for key in ours[0]:
        theirs = np.array([row[key] for row in REF["stats"]], dtype=float)
        mine = np.array([row[key] for row in ours], dtype=float)
        sd = theirs.std(ddof=1)
        se = np.sqrt(sd**2 / len(theirs) + sd**2 / len(mine))
        assert abs(mine.mean() - theirs.mean()) < 3 * se, (key, mine.mean(), theirs.mean(), se)
