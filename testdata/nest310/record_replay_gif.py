"""Record spiking gif runs of NEST 3.10 for gonest's replay tests.

The gif models fire stochastically, so a spiking run cannot be compared
spike by spike. What can be compared exactly is everything *given* the
spikes: each ``replay/<name>/spec.json`` (the scenario format of
README.md, without inputs) is recorded here exactly as record.py records
a scenario (``multimeter.csv``, ``spikes.csv``, ``final.json``). The Go
tests then run the model with NEST's spike steps imposed on the escape
decision (gif_pop_psc_exp: NEST's spike counts imposed on the draw) and
compare the whole trajectory, threshold adaptation and spike-triggered
currents included, with NEST's.

Run with NEST 3.10.0 (see README.md)::

    /tmp/nest310/bin/python testdata/nest310/record_replay_gif.py [name ...]
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import record  # record.py next to this file

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    for spec in sorted((HERE / "replay").glob("*/spec.json")):
        if argv and not any(fnmatch.fnmatch(spec.parent.name, p) for p in argv):
            continue
        record.record(spec)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
