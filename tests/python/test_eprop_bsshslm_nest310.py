"""The bsshslm_2020 e-prop models through PyNEST's API give NEST 3.10's numbers.

testdata/nest310/eprop_bsshslm/record_eprop_bsshslm.py builds two small
e-prop networks with PyNEST calls only and stored what NEST 3.10 computed
(<scenario>.json). Its ``run`` function is imported here and run on
gonest's ``nest``: the same calls, so the comparison covers the Python
layer (SetDefaults with the optimizer dictionary, kernel e-prop keys,
multimeter events, GetConnections) as well as the models. The arithmetic
is NEST's step for step; 1e-9 relative leaves room for the last bits of
exp only.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nest
import numpy as np
import pytest

HERE = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "eprop_bsshslm"
TOL = 1e-9


def _recorder():
    spec = importlib.util.spec_from_file_location("record_eprop_bsshslm", HERE / "record_eprop_bsshslm.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", ["mse_gd", "ce_adam"])
def test_eprop_bsshslm_network_matches_nest(kernel, name):
    ref = json.loads((HERE / f"{name}.json").read_text())
    got = _recorder().run(ref["spec"])
    for rec in ("mm_rec", "mm_ad", "mm_out"):
        want = ref["nest"][rec]
        assert set(got[rec]) == set(want), rec
        np.testing.assert_array_equal(got[rec]["senders"], want["senders"])
        np.testing.assert_array_equal(got[rec]["times"], want["times"])
        for key, values in want.items():
            w = np.asarray(values)
            scale = max(1.0, float(np.max(np.abs(w))))
            np.testing.assert_allclose(got[rec][key], w, rtol=0, atol=TOL * scale, err_msg=f"{rec} {key}")
    np.testing.assert_array_equal(got["spikes"]["times"], ref["nest"]["spikes"]["times"])
    gw = {(s, t): w for s, t, w in zip(*(got["weights"][k] for k in ("source", "target", "weight")))}
    ww = ref["nest"]["weights"]
    assert len(gw) == len(ww["weight"])
    for s, t, w in zip(ww["source"], ww["target"], ww["weight"]):
        assert gw[(s, t)] == pytest.approx(w, rel=TOL, abs=TOL)
    # Learning moved the weights, else the comparison would prove little.
    spec = ref["spec"]
    initial = np.concatenate([np.ravel(spec["w_in_rec"]), np.ravel(spec["w_rec_rec"]), np.ravel(spec["w_rec_out"])])
    initial = np.sort(initial[initial != 0.0])
    assert np.max(np.abs(np.sort(list(gw.values())) - initial)) > 1e-3


def test_eprop_kernel_keys_are_checked(kernel):
    assert nest.eprop_update_interval == 1000.0
    nest.eprop_update_interval = 50.0
    nest.eprop_learning_window = 40.0
    assert nest.GetKernelStatus("eprop_learning_window") == 40.0
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.eprop_learning_window = 60.0
    assert nest.eprop_learning_window == 40.0
