"""Acceptance tests: NEST's iaf_tum_2000 example notebooks, run as shipped.

Each notebook in notebooks/ is executed headless with nbclient in a kernel of
the interpreter running pytest, so it exercises the *installed* ``nest``. The
example's code is not touched: the executed copy only gains, in memory, one
cell placed before the plotting cell that records what ``plt.show()`` is about
to display, and one final cell that records the voltmeter's events. The
plotted trace must equal NEST 3.10's recording (tests/notebooks/data/) to
within 1e-9.
"""

import csv
import hashlib
import importlib.util
import json
import pathlib

import nbformat
import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATA = HERE / "data"
TOLERANCE = 1e-9
TIMEOUT = 1800  # seconds per cell

_spec = importlib.util.spec_from_file_location("gonest_nbrun", HERE / "nbrun.py")
nbrun = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nbrun)

# name -> (reference CSV, SHA-256 of the code cells joined by blank lines,
# computed when the notebooks were made from NEST 3.10's example scripts)
CASES = {
    "iaf_tum_2000_short_term_depression": (
        "short_term_depression_voltmeter.csv",
        "4ae97601be2faf62c54d8aacebf9e34b9d0223bfa0b28337da8cd20f9792af4a",
    ),
    "iaf_tum_2000_short_term_facilitation": (
        "short_term_facilitation_voltmeter.csv",
        "55aedb916624cacafce7b47d35ab77b97712a4d0a08749293386519a62328558",
    ),
}


def read_reference(filename):
    senders, times, vm = [], [], []
    with open(DATA / filename, newline="") as fh:
        for row in csv.DictReader(fh):
            senders.append(int(row["sender"]))
            times.append(float(row["time_ms"]))
            vm.append(float(row["V_m"]))
    return senders, times, vm


def max_abs_diff(a, b):
    return max((abs(x - y) for x, y in zip(a, b)), default=0.0)


def load(name):
    return nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)


@pytest.fixture(scope="module", params=sorted(CASES))
def run(request, tmp_path_factory):
    """Execute one notebook (instrumented copy) and collect what it produced."""
    name = request.param
    tmp = tmp_path_factory.mktemp(name)
    lines_json, events_json = tmp / "lines.json", tmp / "events.json"
    nb = nbrun.with_probes(load(name), lines_json, events_json)
    nbrun.execute(nb, NOTEBOOKS, timeout=TIMEOUT)
    return {
        "name": name,
        "nb": nb,
        "lines": json.loads(lines_json.read_text()),
        "events": json.loads(events_json.read_text()),
        "reference": read_reference(CASES[name][0]),
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_stored_notebook_is_the_unmodified_example(name):
    nb = load(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    digest = hashlib.sha256("\n\n".join(code).encode("utf-8")).hexdigest()
    assert digest == CASES[name][1], "code cells differ from NEST 3.10's example"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "stored with outputs"


def test_no_errors(run):
    assert nbrun.problems(run["nb"]) == []


def test_produces_a_png(run):
    images = nbrun.png_outputs(run["nb"])
    assert images, "no image/png output"
    assert images[0].startswith(b"\x89PNG\r\n\x1a\n")
    plot_cell = run["nb"].cells[nbrun.plotting_cell_index(run["nb"])]
    assert any("image/png" in out.get("data", {}) for out in plot_cell.outputs), (
        "the plotting cell displayed no figure"
    )


def test_plotted_trace_matches_nest(run):
    _, times, vm = run["reference"]
    lines = run["lines"]
    assert len(lines) == 1, f"expected one plotted line, got {[ln['label'] for ln in lines]}"
    line = lines[0]
    assert line["label"] == "Neuron 3"
    assert len(line["x"]) == len(times), (len(line["x"]), len(times))
    assert max_abs_diff(line["x"], times) <= TOLERANCE
    assert max_abs_diff(line["y"], vm) <= TOLERANCE, (
        f"V_m differs from NEST 3.10 by up to {max_abs_diff(line['y'], vm):.3g} mV"
    )


def test_voltmeter_events_match_nest(run):
    senders, times, vm = run["reference"]
    events = run["events"]
    assert events["senders"] == senders
    assert len(events["times"]) == len(times)
    assert max_abs_diff(events["times"], times) <= TOLERANCE
    assert max_abs_diff(events["V_m"], vm) <= TOLERANCE
