"""E-prop learning (eprop_iaf*, eprop_readout, eprop_synapse) against NEST 3.10.

The scenarios are in testdata/nest310/eprop/eprop_scenarios.py; NEST 3.10's
results were written by record_eprop.py in the same folder. The same
Python code builds the network here with gonest's ``nest``.

Tolerances: the small network and the shortened sine-wave runs match NEST
to the last bit today; 1e-12 absolute (weights, dynamics) and 1e-9
relative (losses, sums of a thousand squares) leave room for a different
summation order on other machines only. The full 200-iteration learning
curve of NEST's example is asked to 1e-6 relative, the project's target.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import sys
from pathlib import Path

import nest
import numpy as np
import pytest

HERE = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "eprop"
sys.path.insert(0, str(HERE))

import eprop_scenarios
import record_eprop

# long runs (a minute and more on a loaded machine) only when asked for
slow = pytest.mark.skipif(not os.environ.get("GONEST_SLOW_TESTS"), reason="slow: set GONEST_SLOW_TESTS=1")


def _ref(name):
    return json.loads((HERE / name).read_text())


def test_small_network_matches_nest(kernel):
    got = eprop_scenarios.small_network(nest, json.loads((HERE / "small_spec.json").read_text()))
    want = _ref("small_result.json")
    np.testing.assert_allclose(got["weights"], want["weights"], rtol=0, atol=1e-12)
    for group in ("rec", "out"):
        for key, values in want[group].items():
            assert len(got[group][key]) == len(values) > 0, (group, key)
            np.testing.assert_allclose(got[group][key], values, rtol=0, atol=1e-12, err_msg=f"{group} {key}")
    # the weights did learn: the comparison is not one of untouched values
    first = [c[5] for c in eprop_scenarios.SMALL_SPEC["conns"]]
    assert np.max(np.abs(np.asarray(want["weights"][-1]) - first)) > 0.1


@pytest.mark.parametrize("case", ["sine_eprop_iaf_psc_delta"])
def test_sine_wave_matches_nest(kernel, case):
    _compare_sine(case)


@pytest.mark.slow
@slow
@pytest.mark.parametrize(
    "case",
    [c for c in record_eprop.CASES if c not in ("sine_full", "sine_eprop_iaf_psc_delta")],
)
def test_sine_wave_variants_match_nest(kernel, case):
    _compare_sine(case)


def _compare_sine(case):
    got = eprop_scenarios.sine_wave(nest, **record_eprop.CASES[case])
    want = _ref(f"{case}.json")
    np.testing.assert_allclose(got["loss"], want["loss"], rtol=1e-9, atol=0)
    assert got["n_spikes_rec"] == want["n_spikes_rec"]
    for key in ("rec_V_m", "rec_surrogate_gradient", "rec_learning_signal", "out_V_m", "out_error_signal",
                "w_in_rec", "w_rec_rec", "w_rec_out"):
        np.testing.assert_allclose(got[key], want[key], rtol=0, atol=1e-12, err_msg=key)


EXAMPLE = "eprop_supervised_regression_sine-waves.py"


def _example_dir():
    for root in (os.environ.get("NEST_EXAMPLES"), "/tmp/nest-src/pynest/examples"):
        if root and (Path(root) / "eprop_plasticity" / EXAMPLE).exists():
            return Path(root) / "eprop_plasticity"
    return None


@pytest.mark.slow
@slow
@pytest.mark.skipif(_example_dir() is None, reason="NEST's examples not found (set NEST_EXAMPLES)")
def test_sine_wave_example_unchanged(kernel, tmp_path, monkeypatch):
    """NEST's example, run as it is: its loss per iteration is NEST's."""
    work = tmp_path / "eprop_plasticity"
    shutil.copytree(_example_dir(), work)
    monkeypatch.chdir(work)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    module = runpy.run_path(str(work / EXAMPLE), run_name="__main__")
    want = _ref("sine_full.json")["loss"]
    np.testing.assert_allclose(module["loss"], want, rtol=1e-6, atol=0)
