"""Run NEST's bsshslm_2020 e-prop gallery scripts, shortened, and write their loss curves.

Usage (NEST 3.10's Python to record, gonest's to compare)::

    python run_gallery.py EXAMPLES_DIR OUT_DIR [--full] [SCRIPT ...]

EXAMPLES_DIR is NEST's ``pynest/examples/eprop_plasticity`` directory.
Each script is copied to OUT_DIR with fewer iterations (SHORTEN below: the
full runs take from minutes to hours) and, where it draws from NEST's
random streams, with the mean instead, and otherwise unchanged, run in a
namespace of its own with the Agg backend, and its loss curve (the ``loss``
the regression scripts compute, the ``results_dict`` of the classification
script) written to OUT_DIR/<short name>.json. IPython, which the scripts
import for a figure, is replaced by a stand-in when it is not installed.
With ``--full`` the scripts run unchanged (every iteration, NEST's random
membrane time constants) and the curves go to OUT_DIR/full_<name>.json.
The files next to this script are NEST 3.10.0's results.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

# The recurrent neurons' membrane time constants of two scripts are drawn
# with nest.random.normal; gonest's random streams are its own, not NEST's,
# so the copies use the mean instead, which makes both runs deterministic.
FIXED_TAU_M = ('"tau_m": nest.random.normal(mean=tau_m_mean, std=2.0)', '"tau_m": tau_m_mean')

# Per script: the lines changed to shorten the run (text, replacement).
SHORTEN = {
    "eprop_supervised_regression_sine-waves_bsshslm_2020.py": [("n_iter = 200", "n_iter = 12")],
    "eprop_supervised_regression_lemniscate_bsshslm_2020.py": [("n_iter = 200", "n_iter = 8"), FIXED_TAU_M],
    "eprop_supervised_regression_handwriting_bsshslm_2020.py": [("n_iter = 200", "n_iter = 8"), FIXED_TAU_M],
    "eprop_supervised_classification_evidence-accumulation_bsshslm_2020.py": [
        ("batch_size = 32", "batch_size = 2"), ("n_iter_train = 50", "n_iter_train = 3"),
        ("n_iter_test = 4", "n_iter_test = 1")],
}

IPYTHON_STUB = '''version_info = (8, 24, 0)


def get_ipython():
    return None
'''

DISPLAY_STUB = '''class Image:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("IPython is not installed")
'''


def short_name(script: str, full: bool = False) -> str:
    return ("full_" if full else "short_") + script.removeprefix("eprop_supervised_").removesuffix(".py")


def prepare(examples: Path, out: Path, script: str, full: bool = False) -> Path:
    text = (examples / script).read_text()
    for old, new in [] if full else SHORTEN[script]:
        if old not in text:
            raise SystemExit(f"{script}: {old!r} not found; the example changed")
        text = text.replace(old, new, 1)
    dst = out / (short_name(script, full) + ".py")
    dst.write_text(text)
    for data in examples.glob("*.txt"):
        shutil.copy(data, out / data.name)
    try:
        import IPython  # noqa: F401
    except ImportError:
        stub = out / "stubs" / "IPython"
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "__init__.py").write_text(IPYTHON_STUB)
        (stub / "display.py").write_text(DISPLAY_STUB)
        sys.path.insert(0, str(stub.parent))
    return dst


def run(path: Path) -> dict:
    import numpy as np

    os.environ.setdefault("MPLBACKEND", "Agg")
    cwd = os.getcwd()
    os.chdir(path.parent)
    ns = {"__name__": "__main__", "__file__": str(path)}
    start = time.time()
    error = None
    try:
        exec(compile(path.read_text(), str(path), "exec"), ns)  # noqa: S102 - running the example is the point
    except Exception:  # noqa: BLE001 - a failure in the plotting at the end keeps the results
        error = traceback.format_exc()
    finally:
        os.chdir(cwd)
    res = {"seconds": time.time() - start, "error": error}
    if "results_dict" in ns:
        for key, v in ns["results_dict"].items():
            res["results_" + key] = np.asarray(v).tolist()
    if "loss" in ns:
        res["loss"] = np.asarray(ns["loss"]).tolist()
    return res


def main() -> None:
    args = sys.argv[1:]
    full = "--full" in args
    args = [a for a in args if a != "--full"]
    examples, out = Path(args[0]), Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    for script in args[2:] or list(SHORTEN):
        name = short_name(script, full)
        res = run(prepare(examples, out, script, full))
        (out / (name + ".json")).write_text(json.dumps(res))
        print(name, f"{res['seconds']:.1f} s", "error" if res["error"] else "ok", flush=True)


if __name__ == "__main__":
    main()
