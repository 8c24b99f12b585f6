"""Record NEST 3.10's ascii files of a spike_recorder with 2 virtual processes.

Run with NEST 3.10 (see README.md):

    /tmp/nest310/bin/python testdata/nest310/record_ascii_vps.py

Four iaf_psc_alpha neurons (I_e 500 pA) and a spike_recorder with
record_to "ascii", label "spikes", data_prefix "run-", 2 threads;
Simulate(100) twice. NEST writes one file per virtual process,
run-spikes-5-<vp>.dat, and opens them anew at each Simulate, so they hold
the second period only. The files are copied to ascii_vps/ as NEST wrote
them. tests/python/test_mpi.py compares gonest's files (2 processes x 1
thread, and 1 x 2) with them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nest

OUT = Path(__file__).resolve().parent / "ascii_vps"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        nest.ResetKernel()
        nest.set(local_num_threads=2, data_path=tmp, data_prefix="run-", overwrite_files=True)
        nrn = nest.Create("iaf_psc_alpha", 4, {"I_e": 500.0})
        sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "spikes"})
        nest.Connect(nrn, sr)
        nest.Simulate(100.0)
        nest.Simulate(100.0)
        OUT.mkdir(exist_ok=True)
        for f in sorted(Path(tmp).iterdir()):
            shutil.copy(f, OUT / f.name)
            print(OUT / f.name)


if __name__ == "__main__":
    main()
