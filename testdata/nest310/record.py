"""Record the NEST 3.10 reference data under testdata/nest310/.

Run with a Python that has NEST 3.10.0 (the ``nest-simulator`` wheel from
PyPI, in a virtual environment of its own, never gonest's)::

    python3 -m venv /tmp/nest310
    /tmp/nest310/bin/pip install nest-simulator==3.10.0
    /tmp/nest310/bin/python testdata/nest310/record.py            # everything
    /tmp/nest310/bin/python testdata/nest310/record.py aeif_*     # by name
    /tmp/nest310/bin/python testdata/nest310/record.py --defaults iaf_chs_2007

For every ``scenarios/<name>/spec.json`` (format in README.md) it builds the
scenario's network, runs its Simulate calls and writes, next to the spec,
``multimeter.csv``, ``spikes.csv`` and ``final.json``. For every model a
scenario uses (and every model named after ``--defaults``) it writes
``defaults/<model>.json``: ``nest.GetDefaults(model)`` as JSON.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent


def plain(value):
    """A JSON-writable form of a NEST status value (non-finite floats as
    the strings "inf", "-inf", "nan")."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    return str(value)


def write_defaults(model: str) -> None:
    nest.ResetKernel()
    d = nest.GetDefaults(model)
    out = HERE / "defaults" / f"{model}.json"
    out.write_text(json.dumps(plain(d), indent=1, sort_keys=True) + "\n")


def fmt(x) -> str:
    return repr(float(x))


def record(spec_path: Path) -> set[str]:
    spec = json.loads(spec_path.read_text())
    out = spec_path.parent
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    kernel = {"resolution": spec.get("resolution", 0.1)}
    kernel.update(spec.get("kernel", {}))
    nest.SetKernelStatus(kernel)
    model = spec["model"]
    n = spec.get("n_neurons", 1)
    neurons = nest.Create(model, n, params=spec.get("params", {}))
    models = {model}
    for inp in spec.get("inputs", []):
        dev = nest.Create(inp["model"], params=inp.get("params", {}))
        models.add(inp["model"])
        nest.Connect(dev, neurons, syn_spec=inp.get("syn_spec", {}))
    record_from = spec.get("record_from") or list(nest.GetDefaults(model, "recordables"))
    mm = nest.Create("multimeter", params={"interval": spec.get("interval", kernel["resolution"]),
                                            "record_from": record_from})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, neurons)
    nest.Connect(neurons, sr)
    for t in spec["simulate"]:
        nest.Simulate(t)

    ev = mm.get("events")
    with open(out / "multimeter.csv", "w") as f:
        f.write(",".join(["sender", "time_ms"] + record_from) + "\n")
        for i in range(len(ev["times"])):
            f.write(",".join([str(int(ev["senders"][i])), fmt(ev["times"][i])]
                             + [fmt(ev[q][i]) for q in record_from]) + "\n")
    sp = sr.get("events")
    with open(out / "spikes.csv", "w") as f:
        f.write("sender,time_ms\n")
        for s, t in zip(sp["senders"], sp["times"]):
            f.write(f"{int(s)},{fmt(t)}\n")
    final = {}
    for key, value in neurons[0].get().items():
        if isinstance(value, (float, np.floating)) and not isinstance(value, bool):
            final[key] = plain(value)
    (out / "final.json").write_text(json.dumps(final, indent=1, sort_keys=True) + "\n")
    print(f"{out.name}: {len(ev['times'])} samples, {len(sp['times'])} spikes")
    return models


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("patterns", nargs="*", help="scenario names (shell patterns); default: all")
    ap.add_argument("--defaults", nargs="*", default=[], help="also write these models' defaults")
    args = ap.parse_args(argv)
    if not nest.__version__.startswith("3.10"):
        print(f"record.py needs NEST 3.10, this is {nest.__version__}", file=sys.stderr)
        return 1
    models = set(args.defaults)
    for spec in sorted((HERE / "scenarios").glob("*/spec.json")):
        name = spec.parent.name
        if args.patterns and not any(fnmatch.fnmatch(name, p) for p in args.patterns):
            continue
        models |= record(spec)
    for model in sorted(models):
        write_defaults(model)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
