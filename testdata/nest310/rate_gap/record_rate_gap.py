"""Record the rate-neuron and gap-junction references with NEST 3.10.

    /tmp/nest310/bin/python testdata/nest310/rate_gap/record_rate_gap.py [NAME ...]

writes <NAME>.json next to this file for each scenario of scenarios.py (all
by default): the multimeter events of a single-threaded NEST run.
"""

import json
import os
import sys

import nest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios

here = os.path.dirname(os.path.abspath(__file__))
names = sys.argv[1:] or list(scenarios.SCENARIOS)
for name in names:
    fn, _, _ = scenarios.SCENARIOS[name]
    ev = fn(nest, 1)
    ev["nest_version"] = nest.__version__
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(ev, f, separators=(",", ":"))
    print(name, len(ev["times"]), "samples")
