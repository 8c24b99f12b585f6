"""Record NEST 3.10 reference data for gonest's e-prop models.

Run with NEST 3.10's Python (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/eprop/record_eprop.py

Each case runs eprop_scenarios.sine_wave (the network of NEST's example
eprop_supervised_regression_sine-waves.py) with the settings listed in
CASES and writes <case>.json: the loss per iteration, the first steps of
the recorded dynamics of one recurrent neuron and of the readout, the
number of recurrent spikes and weights after training.

The case "small" runs eprop_scenarios.small_network (five recurrent
neurons of all four models, one with ignore_and_spike, three optimizer
settings, flush events, two Simulate calls) and writes small_spec.json
(the scenario, which the Go test rebuilds) and small_result.json (the
weights of every e-prop connection after each call, the multimeters'
events).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from eprop_scenarios import SMALL_SPEC, sine_wave, small_network

CASES = {
    # the example as it is, shortened to 10 of its 200 iterations
    "sine_eprop_iaf": {"n_iter": 10},
    "sine_eprop_iaf_adapt": {"n_iter": 3, "model_nrn_rec": "eprop_iaf_adapt"},
    "sine_eprop_iaf_psc_delta": {"n_iter": 3, "model_nrn_rec": "eprop_iaf_psc_delta"},
    "sine_eprop_iaf_psc_delta_adapt": {"n_iter": 3, "model_nrn_rec": "eprop_iaf_psc_delta_adapt"},
    "sine_adam": {"n_iter": 3, "optimizer": "adam"},
    "sine_each_step": {"n_iter": 3, "optimize_each_step": True},
    "sine_adam_batch2_each_step": {"n_iter": 3, "optimizer": "adam", "batch_size": 2, "optimize_each_step": True},
    # the full example: its whole learning curve
    "sine_full": {"n_iter": 200, "n_record_trace": 0},
}


def main(names):
    nest.set_verbosity("M_ERROR")
    if not names or "small" in names:
        (HERE / "small_spec.json").write_text(json.dumps(SMALL_SPEC, indent=1))
        (HERE / "small_result.json").write_text(json.dumps(small_network(nest, SMALL_SPEC)))
        print("small written")
    for name in [n for n in names if n != "small"] if names else CASES:
        t0 = time.time()
        result = sine_wave(nest, **CASES[name])
        result["case"] = CASES[name]
        (HERE / f"{name}.json").write_text(json.dumps(result))
        print(name, f"{time.time() - t0:.1f} s", result["loss"][:3], result["loss"][-1])


if __name__ == "__main__":
    main(sys.argv[1:])
