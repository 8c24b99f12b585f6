"""NEST's bsshslm_2020 e-prop gallery scripts, shortened, learn as in NEST 3.10.

testdata/nest310/eprop_bsshslm/gallery/run_gallery.py copies each script
with fewer iterations and records its loss curve; the JSON files beside it
are NEST 3.10.0's. Here the same copies run on gonest (in a subprocess, as
a user would run them) and their curves must match within 1e-6 relative
(the task's bound; gonest reproduces NEST's arithmetic, so they agree
much closer). The scripts are NEST's and not part of this repository: set
GONEST_NEST_EXAMPLES to NEST's pynest/examples/eprop_plasticity directory
(default: the extracted sources at /tmp/nest-src). About half a minute per
script; run with GONEST_SLOW_TESTS=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "eprop_bsshslm" / "gallery"
EXAMPLES = Path(os.environ.get("GONEST_NEST_EXAMPLES", "/tmp/nest-src/pynest/examples/eprop_plasticity"))
SCRIPTS = [
    "eprop_supervised_regression_sine-waves_bsshslm_2020.py",
    "eprop_supervised_regression_lemniscate_bsshslm_2020.py",
    "eprop_supervised_regression_handwriting_bsshslm_2020.py",
    "eprop_supervised_classification_evidence-accumulation_bsshslm_2020.py",
]


def run_copy(tmp_path, script, name, *flags, timeout):
    """Run run_gallery.py on one NEST example with gonest; return its JSON."""
    if not (EXAMPLES / script).exists():
        pytest.skip(f"NEST's example {script} not found in {EXAMPLES}")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, str(HERE / "run_gallery.py"), str(EXAMPLES), str(tmp_path), *flags, script],
                   check=True, env=env, cwd=tmp_path, timeout=timeout)
    got = json.loads((tmp_path / f"{name}.json").read_text())
    assert got["error"] is None, got["error"]
    return got


def assert_curves_equal(got, want):
    for key in ("loss", "results_loss", "results_error"):
        if key in want:
            w, g = np.asarray(want[key]), np.asarray(got[key])
            assert g.shape == w.shape and w.size > 0
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=0, err_msg=key)



@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("GONEST_SLOW_TESTS") != "1", reason="slow (set GONEST_SLOW_TESTS=1)")
@pytest.mark.parametrize("script", SCRIPTS)
def test_gallery_loss_matches_nest(tmp_path, script):
    short = "short_" + script.removeprefix("eprop_supervised_").removesuffix(".py")
    want = json.loads((HERE / f"{short}.json").read_text())
    assert_curves_equal(run_copy(tmp_path, script, short, timeout=1800), want)


# Unchanged scripts whose curves do not depend on NEST's random streams, and
# whose NEST 3.10.0 run is committed as full_<name>.json. Each takes about an
# hour here; run with GONEST_FULL_EPROP=1.
FULL = [
    "eprop_supervised_regression_sine-waves_bsshslm_2020.py",
    "eprop_supervised_classification_evidence-accumulation_bsshslm_2020.py",
]


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("GONEST_FULL_EPROP") != "1", reason="hours (set GONEST_FULL_EPROP=1)")
@pytest.mark.parametrize("script", FULL)
def test_full_gallery_loss_matches_nest(tmp_path, script):
    name = "full_" + script.removeprefix("eprop_supervised_").removesuffix(".py")
    want = json.loads((HERE / f"{name}.json").read_text())
    assert_curves_equal(run_copy(tmp_path, script, name, "--full", timeout=4 * 3600), want)


# Unchanged scripts that draw the recurrent neurons' tau_m from
# nest.random.normal: gonest's draws are not NEST's, so the curves cannot
# agree value by value. They must run to the end and learn as NEST's run
# does: the same start (the first ten losses depend on the initial weights
# and the target, which both runs share, far more than on tau_m; they agreed
# within 0.3% when recorded) and an end within a factor 1.5 of NEST's (the
# last twenty losses agreed within 10% when recorded; the factor leaves room
# for other tau_m draws without letting a run that stopped learning pass:
# the loss falls by a factor of about 60 to 140 over the 200 iterations).
RANDOM_TAU = [
    "eprop_supervised_regression_lemniscate_bsshslm_2020.py",
    "eprop_supervised_regression_handwriting_bsshslm_2020.py",
]


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("GONEST_FULL_EPROP") != "1", reason="long (set GONEST_FULL_EPROP=1)")
@pytest.mark.parametrize("script", RANDOM_TAU)
def test_full_gallery_learns_as_nest(tmp_path, script):
    name = "full_" + script.removeprefix("eprop_supervised_").removesuffix(".py")
    want = np.asarray(json.loads((HERE / f"{name}.json").read_text())["loss"])
    loss = np.asarray(run_copy(tmp_path, script, name, "--full", timeout=2 * 3600)["loss"])
    assert loss.shape == want.shape == (200,)
    np.testing.assert_allclose(loss[:10].mean(), want[:10].mean(), rtol=0.02)
    ratio = loss[-20:].mean() / want[-20:].mean()
    assert 1 / 1.5 < ratio < 1.5, ratio
