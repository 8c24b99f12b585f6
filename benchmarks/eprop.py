"""Benchmark: NEST's e-prop sine-wave regression example, shortened.

    python benchmarks/eprop.py [--nest /tmp/nest310/bin/python]
        [--iterations 3] [--model eprop_iaf] [--optimizer gradient_descent]

Runs testdata/nest310/eprop/eprop_scenarios.sine_wave (the network of
``eprop_supervised_regression_sine-waves.py``: 100 inputs, 100 recurrent
e-prop neurons, one readout, 1000-step iterations) in gonest (the
interpreter running it) and, with ``--nest``, in NEST 3.10 in a
subprocess. Each prints ``name value unit`` lines: the wall time of the
whole run (build, simulate, read out), the number of recurrent spikes and
the last loss. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parents[1] / "testdata" / "nest310" / "eprop"


def run(args: argparse.Namespace) -> dict:
    """Run the scenario in the imported nest; return figures."""
    sys.path.insert(0, str(SCENARIOS))
    import eprop_scenarios
    import nest

    t0 = time.perf_counter()
    res = eprop_scenarios.sine_wave(nest, n_iter=args.iterations, model_nrn_rec=args.model,
                                    optimizer=args.optimizer, n_record_trace=0)
    return {"wall": time.perf_counter() - t0, "spikes": res["n_spikes_rec"], "loss": res["loss"][-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nest", help="a Python with NEST 3.10, run side by side")
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--model", default="eprop_iaf")
    ap.add_argument("--optimizer", default="gradient_descent")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run(args)))
        return
    rows = {"gonest": run(args)}
    if args.nest:
        cmd = [args.nest, __file__, "--child", "--iterations", str(args.iterations), "--model", args.model,
               "--optimizer", args.optimizer]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows["nest"] = json.loads(out.strip().splitlines()[-1])
    for who, r in rows.items():
        print(f"{who}_wall {r['wall']:.2f} s")
        print(f"{who}_recurrent_spikes {r['spikes']} spikes")
        print(f"{who}_last_loss {r['loss']:.12g}")


if __name__ == "__main__":
    main()
