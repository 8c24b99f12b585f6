"""Rate neurons and gap junctions against NEST 3.10 references.

The scenarios live in testdata/nest310/rate_gap/scenarios.py and were run
with NEST 3.10.0 by record_rate_gap.py there; here gonest runs the same
functions (with 1 and 2 threads) and the time axis must be identical, the
values within the tolerance each scenario states (1e-9 for rate networks
without noise, 1e-6 mV for gap junctions, whose adaptive RKF45 steps follow
NEST's but may round differently).
"""

from __future__ import annotations

import importlib.util
import json
import pathlib

import nest
import numpy as np
import pytest

HERE = pathlib.Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "rate_gap"
_spec = importlib.util.spec_from_file_location("rate_gap_scenarios", HERE / "scenarios.py")
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)


def _compare(name: str, threads: int) -> None:
    fn, tol, _ = scenarios.SCENARIOS[name]
    ref = json.loads((HERE / f"{name}.json").read_text())
    got = fn(nest, threads)
    # NEST orders a multimeter's events by time, then by sender; compare in
    # (sender, time) order so thread counts do not matter.
    def order(ev):
        return np.lexsort((np.asarray(ev["times"]), np.asarray(ev["senders"])))

    oref, ogot = order(ref), order(got)
    np.testing.assert_array_equal(np.asarray(got["senders"])[ogot], np.asarray(ref["senders"])[oref])
    np.testing.assert_array_equal(np.asarray(got["times"])[ogot], np.asarray(ref["times"])[oref])
    for key in ref:
        if key in ("senders", "times", "nest_version"):
            continue
        np.testing.assert_allclose(np.asarray(got[key])[ogot], np.asarray(ref[key])[oref], rtol=0, atol=tol,
                                   err_msg=f"{name}: {key}")


@pytest.mark.parametrize("name", sorted(n for n in scenarios.SCENARIOS if n.startswith("rate")))
@pytest.mark.parametrize("threads", [1, 2])
def test_rate_networks_match_nest310(name, threads):
    _compare(name, threads)


@pytest.mark.parametrize("name", sorted(n for n in scenarios.SCENARIOS if n.startswith("gap")))
@pytest.mark.parametrize("threads", [1, 2])
def test_gap_junctions_match_nest310(name, threads):
    _compare(name, threads)
