"""nest.GetDefaults of every model gonest has equals NEST 3.10's.

testdata/nest310/defaults/<model>.json holds nest.GetDefaults(model) as
NEST 3.10.0 returns it on a fresh kernel (written by
testdata/nest310/record.py). For each model gonest also has, every key of
NEST's dictionary must be present with an equal value: numbers by value
(ints and floats alike, NaN equal to NaN), sequences element by element,
dictionaries key by key. Keys that describe NEST's C++ memory layout have
no meaning for gonest and are not compared (listed below).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import nest
import numpy as np
import pytest

DEFAULTS = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "defaults"

# NEST's sizes and counts of its C++ objects and memory pools.
LAYOUT_KEYS = {"elementsize", "sizeof", "available", "capacity", "instantiations"}


def _nest_value(v):
    if v == "inf":
        return math.inf
    if v == "-inf":
        return -math.inf
    if v == "nan":
        return math.nan
    return v


def _equal(got, want) -> bool:
    want = _nest_value(want)
    if isinstance(want, str) and want.startswith("NodeCollection("):
        # record.py writes NodeCollections as their text.
        return isinstance(got, nest.NodeCollection) and str(got) == want
    if isinstance(want, bool) or isinstance(got, bool):
        return bool(got) == bool(want) and type(got) is type(want)
    if isinstance(want, (int, float)):
        try:
            g = float(got)
        except (TypeError, ValueError):
            return False
        return g == float(want) or (math.isnan(g) and math.isnan(float(want)))
    if isinstance(want, list):
        if isinstance(got, np.ndarray):
            got = got.tolist()
        if not isinstance(got, (list, tuple)) or len(got) != len(want):
            return False
        return all(_equal(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(_equal(got[k], want[k]) for k in want)
        )
    return got == want


def _models():
    gonest = set(nest.node_models) | set(nest.synapse_models)
    return sorted(p.stem for p in DEFAULTS.glob("*.json") if p.stem in gonest)


@pytest.mark.parametrize("model", _models())
def test_defaults_equal_nest(kernel, model):
    want = json.loads((DEFAULTS / f"{model}.json").read_text())
    got = nest.GetDefaults(model)
    missing = sorted(k for k in want if k not in got)
    differ = {
        k: (got[k], want[k])
        for k in want
        if k in got and k not in LAYOUT_KEYS and not _equal(got[k], want[k])
    }
    assert not missing, f"{model}: keys NEST has and gonest lacks: {missing}"
    assert not differ, f"{model}: values (gonest, NEST): {differ}"
