"""Record the cm_default references under testdata/nest310/cm/ with NEST 3.10.

Run with the Python of a NEST 3.10.0 installation (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/cm/record_cm.py [patterns]

Each ``<name>/spec.json`` has the format of ``../scenarios`` (see
``../README.md``); the scenario is built and recorded by ``record.py``'s
``record``, which writes ``multimeter.csv``, ``spikes.csv`` and
``final.json`` next to the spec.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from record import record  # noqa: E402


def main(argv: list[str]) -> int:
    for spec in sorted(HERE.glob("*/spec.json")):
        if argv and not any(fnmatch.fnmatch(spec.parent.name, p) for p in argv):
            continue
        record(spec)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
