"""Record NEST 3.10 reference data for gonest's spatial networks (nest.spatial).

Run with a Python that has NEST 3.10.0 (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/record_spatial.py

It writes ``spatial/reference.json``; ``tests/python/test_spatial_nest310.py``
builds the same layers and connections in gonest and compares (see
spatial/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

OUT = Path(__file__).resolve().parent / "spatial" / "reference.json"

LAYERS = {
    "grid_3x2": {"grid": {"shape": [3, 2]}},
    "grid_4x5_ext_ctr": {"grid": {"shape": [4, 5], "extent": [2.0, 1.5], "center": [0.3, -0.2]}},
    "grid_5x5_wrap": {"grid": {"shape": [5, 5], "extent": [1.0, 1.0], "edge_wrap": True}},
    "grid_3x4x2": {"grid": {"shape": [3, 4, 2], "extent": [1.5, 2.0, 1.0], "center": [0.0, 0.1, -0.2]}},
    "grid_3x3x3_wrap": {"grid": {"shape": [3, 3, 3], "edge_wrap": True}},
    "free_2d": {"free": {"pos": [[0.1, 0.2], [0.3, -0.4], [0.05, 0.05], [-0.45, 0.33], [0.21, 0.49]]}},
    "free_2d_ext_wrap": {
        "free": {"pos": [[0.1, 0.2], [0.3, -0.4], [0.05, 0.05], [-0.45, 0.33]], "extent": [1.0, 1.0], "edge_wrap": True}
    },
    "free_3d": {"free": {"pos": [[0.1, 0.2, 0.3], [-0.3, 0.4, -0.1], [0.25, -0.35, 0.45], [0.0, 0.0, -0.4]]}},
    "free_3d_ext_wrap": {
        "free": {
            "pos": [[0.1, 0.2, 0.3], [-0.3, 0.4, -0.1], [0.25, -0.35, 0.45], [0.0, 0.0, -0.4]],
            "extent": [1.0, 1.2, 1.0],
            "edge_wrap": True,
        }
    },
}

MASKS_2D = {
    "circular": {"circular": {"radius": 0.25}},
    "circular_anchor": {"circular": {"radius": 0.2, "anchor": [0.1, -0.1]}},
    "rectangular": {"rectangular": {"lower_left": [-0.2, -0.1], "upper_right": [0.3, 0.2]}},
    "rectangular_rotated": {"rectangular": {"lower_left": [-0.3, -0.1], "upper_right": [0.3, 0.1], "azimuth_angle": 30.0}},
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
    "box_rotated": {"box": {"lower_left": [-0.3, -0.1, -0.1], "upper_right": [0.3, 0.1, 0.1], "azimuth_angle": 30.0, "polar_angle": 20.0}},
    "ellipsoidal": {"ellipsoidal": {"major_axis": 0.7, "minor_axis": 0.4, "polar_axis": 0.5, "azimuth_angle": 20.0}},
}


def positions_of(spec):
    if "grid" in spec:
        return nest.spatial.grid(**spec["grid"])
    return nest.spatial.free(**spec["free"])


def make_mask(name, table):
    if name in SET_OPS:
        a, b, op = SET_OPS[name]
        ma, mb = make_mask(a, table), make_mask(b, table)
        return {"or": ma | mb, "and": ma & mb, "minus": ma - mb}[op]
    spec = dict(table[name])
    anchor = spec.pop("anchor", None)
    (kind, params), = spec.items()
    return nest.CreateMask(kind, params, anchor=anchor)


def layer_case(spec):
    nest.ResetKernel()
    layer = nest.Create("iaf_psc_alpha", positions=positions_of(spec))
    sp = layer.spatial
    pos = nest.GetPosition(layer)
    disp = [nest.Displacement(layer[i], layer) for i in range(len(layer))]
    dist = [nest.Distance(layer[i], layer) for i in range(len(layer))]
    point = [0.05] * len(pos[0])
    return {
        "spec": spec,
        "center": sp["center"].tolist(),
        "extent": sp["extent"].tolist(),
        "positions": pos,
        "displacement": disp,
        "distance": dist,
        "point": point,
        "displacement_from_point": nest.Displacement([point], layer),
        "distance_from_point": nest.Distance([point], layer),
        "center_element": nest.FindCenterElement(layer).tolist(),
    }


def mask_cases(shape, extent, table, set_ops):
    out = {}
    for wrap in (False, True):
        for name in list(table) + list(set_ops):
            for use_on_source in (False, True):
                nest.ResetKernel()
                layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=shape, extent=extent, edge_wrap=wrap))
                mask = make_mask(name, table)
                pairs = None
                if name not in set_ops:  # NEST's Connect takes masks as dictionaries only
                    spec = {"rule": "pairwise_bernoulli", "p": 1.0, "mask": table[name]}
                    if use_on_source:
                        spec["use_on_source"] = True
                    nest.Connect(layer, layer, spec)
                    conns = nest.GetConnections()
                    pairs = sorted(zip(conns.source, conns.target))
                anchor = [0.0] * len(shape)
                selected = nest.SelectNodesByMask(layer, anchor, mask).tolist()
                key = f"{name}{'_wrap' if wrap else ''}{'_on_source' if use_on_source else ''}"
                out[key] = {"mask": name, "edge_wrap": wrap, "use_on_source": use_on_source, "pairs": pairs,
                            "select_at_origin": selected}
    return out


def stats_case(seeds):
    """Distance-dependent probability, weights and degrees on a periodic 30x30 grid."""
    rows = []
    for seed in seeds:
        nest.ResetKernel()
        nest.rng_seed = seed
        layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
        p = nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.1)
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": p, "mask": {"circular": {"radius": 0.3}}},
                     {"weight": 1.0 + 2.0 * nest.spatial.distance, "delay": 1.0 + nest.spatial.distance})
        c = nest.GetConnections()
        w = np.array(c.weight)
        d = np.array(c.delay)
        n1 = len(c)
        other = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
        nest.Connect(other, other, {"rule": "fixed_indegree", "indegree": 20,
                                    "p": nest.spatial_distributions.exponential(nest.spatial.distance, beta=0.1),
                                    "mask": {"circular": {"radius": 0.4}}})
        c2 = nest.GetConnections(other, other)
        src = np.array(c2.source) - other[0].global_id
        tgt = np.array(c2.target) - other[0].global_id
        pos = np.array(nest.GetPosition(other))
        dd = pos[tgt] - pos[src]
        dd -= np.round(dd)
        dist2 = np.sqrt((dd * dd).sum(axis=1))
        third = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[30, 30], edge_wrap=True))
        nest.Connect(third, third, {"rule": "fixed_outdegree", "outdegree": 15,
                                    "p": nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.15),
                                    "mask": {"circular": {"radius": 0.4}}, "allow_multapses": False})
        c3 = nest.GetConnections(third, third)
        indeg = np.bincount(np.array(c3.target) - third[0].global_id, minlength=900)
        rows.append({
            "seed": seed,
            "bernoulli_count": n1,
            "weight_mean": float(w.mean()),
            "delay_mean": float(d.mean()),
            "indegree_distance_mean": float(dist2.mean()),
            "outdegree_indegree_var": float(indeg.var()),
        })
    return rows


def main():
    ref = {
        "nest_version": nest.__version__,
        "layers": {name: layer_case(spec) for name, spec in LAYERS.items()},
        "masks_2d": {"shape": [9, 9], "extent": [0.9, 0.9], "cases": mask_cases([9, 9], [0.9, 0.9], MASKS_2D, SET_OPS)},
        "masks_3d": {"shape": [5, 5, 5], "extent": [1.0, 1.0, 1.0],
                     "cases": mask_cases([5, 5, 5], [1.0, 1.0, 1.0], MASKS_3D, {})},
        "stats": stats_case(range(1, 21)),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(ref, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
