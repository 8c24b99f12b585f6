"""Record the astrocyte references with NEST 3.10.

    /tmp/nest310/bin/python testdata/nest310/astro/record_astro.py [NAME ...]

writes <NAME>.json next to this file for each scenario of scenarios.py (all
by default): the recorded data of a single-threaded NEST run.
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
    out = scenarios.SCENARIOS[name](nest, 1)
    out["nest_version"] = nest.__version__
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(name, len(out["astro_times"]), "astrocyte samples,", len(out["spike_times"]), "spikes")
